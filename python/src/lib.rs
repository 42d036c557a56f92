//! The Python module `newsmark`: `annotate(text, lexicon=None) -> dict` and
//! `annotate_batch(texts, lexicon=None) -> list[dict]`.
//!
//! Each dict is what `newsmark annotate` writes as JSON (`annotations`, `entities`,
//! `diagnostics`, `furniture`; offsets in code points, end exclusive, so `text[a["start"]:
//! a["end"]] == a["text"]` in Python), built by the core's [`newsmark::report::json`] like
//! the command line's. The GIL is released while the core annotates, and one annotator is
//! shared by every call and thread.
//!
//! Bad input raises a Python exception with a message that says what is wrong: `TypeError`
//! for something that is not a `str`, `ValueError` for a string with lone surrogates (which
//! is not Unicode text and has no UTF-8 form). A panic in the core, which should not happen,
//! becomes a `RuntimeError` instead of crossing into Python.

use newsmark::user_lexicon::UserLexicon;
use newsmark::Annotator;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde_json::Value;
use std::sync::OnceLock;

/// The annotator every call shares (its models are loaded once, on first use).
fn annotator() -> &'static Annotator {
    static ANNOTATOR: OnceLock<Annotator> = OnceLock::new();
    ANNOTATOR.get_or_init(Annotator::new)
}

/// The analysis of `text` (with the reader's lexicon `lx`) as a JSON value, or what went wrong.
fn analyse(text: &str, lx: &UserLexicon) -> Result<Value, String> {
    let run = || {
        let a = annotator().annotate_with_lexicon(text, &[], lx);
        serde_json::to_value(newsmark::report::json(text, &a))
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(format!("newsmark could not write its result: {e}")),
        Err(_) => Err(
            "newsmark failed on this text (an internal error; please report it with the text)"
                .into(),
        ),
    }
}

/// `obj` as a Rust string, with an exception that names `what` when it is not a `str` or is
/// not valid Unicode.
fn text_of(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    let s = obj.cast::<PyString>().map_err(|_| {
        let ty = obj
            .get_type()
            .name()
            .map_or_else(|_| "?".to_string(), |n| n.to_string());
        PyTypeError::new_err(format!("{what} must be a str, not {ty}"))
    })?;
    match s.to_cow() {
        Ok(t) => Ok(t.into_owned()),
        Err(e) => {
            let err = PyValueError::new_err(format!(
                "{what} is not valid Unicode text ({}); lone surrogates have no UTF-8 form. \
                 Clean the text first, e.g. text.encode('utf-8', 'replace').decode('utf-8')",
                e.value(obj.py())
            ));
            err.set_cause(obj.py(), Some(e));
            Err(err)
        }
    }
}

/// The `lexicon=` argument: `None`, a list of `{"name", "kind"}` dicts (`kind` "person",
/// "org" or "none"), or the dict the paste page exports (`{"version": 1, "entries": [...]}`).
/// Read through Python's `json` and the core's `UserLexicon::from_json`; anything else is a
/// `ValueError` (or `TypeError`) that says what is wrong.
fn lexicon_of(obj: Option<&Bound<'_, PyAny>>) -> PyResult<UserLexicon> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(UserLexicon::default());
    };
    let json: String = obj
        .py()
        .import("json")?
        .call_method1("dumps", (obj,))
        .map_err(|e| PyTypeError::new_err(format!("lexicon is not JSON-like data: {e}")))?
        .extract()?;
    UserLexicon::from_json(&json).map_err(|e| PyValueError::new_err(format!("lexicon: {e}")))
}

/// A JSON value as Python objects: dicts, lists, str, int, float, bool and None.
fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(a) => {
            let l = PyList::empty(py);
            for x in a {
                l.append(to_py(py, x)?)?;
            }
            l.into_any()
        }
        Value::Object(o) => {
            let d = PyDict::new(py);
            for (k, x) in o {
                d.set_item(k, to_py(py, x)?)?;
            }
            d.into_any()
        }
    })
}

/// annotate(text: str, lexicon=None) -> dict
///
/// The people, organizations, quotes (with speakers) and check-worthy claims in `text`, as
/// the command line's JSON: {"annotations", "entities", "diagnostics", "furniture"}. Offsets
/// are code points, end exclusive: text[a["start"]:a["end"]] == a["text"]. `lexicon`: a
/// reader's lexicon (see `lexicon_of`), applied after detection.
#[pyfunction]
#[pyo3(signature = (text, lexicon=None))]
fn annotate<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    lexicon: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let text = text_of(text, "text")?;
    let lx = lexicon_of(lexicon)?;
    let v = py
        .detach(|| analyse(&text, &lx))
        .map_err(PyRuntimeError::new_err)?;
    to_py(py, &v)
}

/// annotate_batch(texts: Iterable[str], lexicon=None) -> list[dict]
///
/// annotate() for each text, in order, with one shared annotator and the GIL released while
/// annotating. A bad item raises before anything is annotated, naming its index.
#[pyfunction]
#[pyo3(signature = (texts, lexicon=None))]
fn annotate_batch<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    lexicon: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let lx = lexicon_of(lexicon)?;
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be a list of str, not one str (use annotate() for one text)",
        ));
    }
    let items = texts.try_iter().map_err(|_| {
        let ty = texts
            .get_type()
            .name()
            .map_or_else(|_| "?".to_string(), |n| n.to_string());
        PyTypeError::new_err(format!("texts must be a list of str, not {ty}"))
    })?;
    let mut owned = vec![];
    for (i, item) in items.enumerate() {
        owned.push(text_of(&item?, &format!("texts[{i}]"))?);
    }
    let values = py.detach(|| {
        owned
            .iter()
            .enumerate()
            .map(|(i, t)| analyse(t, &lx).map_err(|e| format!("texts[{i}]: {e}")))
            .collect::<Result<Vec<_>, _>>()
    });
    let values = values.map_err(PyRuntimeError::new_err)?;
    let out = PyList::empty(py);
    for v in &values {
        out.append(to_py(py, v)?)?;
    }
    Ok(out)
}

/// newsmark: the people, organizations, quotes (with speakers) and check-worthy claims in
/// news text. annotate(text) -> dict; annotate_batch(texts) -> list[dict].
#[pymodule]
#[pyo3(name = "newsmark")]
fn newsmark_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(annotate, m)?)?;
    m.add_function(wrap_pyfunction!(annotate_batch, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MAX_TEXT_BYTES", newsmark::MAX_TEXT_BYTES)?;
    Ok(())
}
