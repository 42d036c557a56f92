//! Tests of the names detector's internals: the embedded model and `detect` itself.
//!
//! Which names the public `Annotator` finds in a text is tested as data, in
//! `tests/cases/names.json` (`expect`, `absent`, `only`; see `tests/main.rs`).

use super::*;

#[test]
fn embedded_model_loads() {
    let m = Tagger::from_bytes(crate::NAMES_MODEL).expect("data/names.model loads");
    assert!(m.rows() > 10_000, "only {} weight rows", m.rows());
    assert!(
        m.header().contains("CC BY-SA 4.0"),
        "the header names the licence"
    );
    assert!(
        m.header().contains("cargo xtask train-names"),
        "the header names the command"
    );
    assert!(
        Tagger::from_bytes(b"newsmark-names 2\nbits 22\nstage\nscale 1\nrows 0\ndata\n").is_err(),
        "a stage without transitions"
    );
}

#[test]
fn empty_model_tags_nothing() {
    let text = "Jane Smith met John Doe.";
    let doc = crate::segment::segment(text);
    let lx = Lexicon::default();
    assert!(detect(text, &doc, &lx, &Tagger::empty()).is_empty());
}
