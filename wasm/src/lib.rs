//! The JavaScript contract of newsmark, and nothing else.
//!
//! - [`Annotator`] is the one long-lived handle (`new Annotator()`).
//! - Results are plain, JSON-compatible objects in camelCase (see `newsmark.d.ts`), built from
//!   the DTOs in [`dto`]; they survive `structuredClone` and `postMessage`.
//! - Offsets are UTF-16 code units, what `String.prototype.slice` and DOM `Range` use; the
//!   conversion lives in [`offsets`].
//! - Errors are real JS `Error` objects; panics go to the console through a panic hook.
#![forbid(unsafe_code)]

pub mod dto;
pub mod offsets;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("../newsmark.d.ts");

/// A loaded annotator. Build one and annotate many texts with it.
#[wasm_bindgen]
pub struct Annotator {
    inner: newsmark::Annotator,
}

#[wasm_bindgen]
impl Annotator {
    /// Loads the embedded lexicon and models.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Annotator {
        console_error_panic_hook::set_once();
        Annotator {
            inner: newsmark::Annotator::new(),
        }
    }

    /// Annotates `text`. Never throws.
    #[wasm_bindgen(skip_typescript)]
    pub fn annotate(&self, text: &str) -> Result<JsValue, JsError> {
        let a = self.inner.annotate(text);
        to_js(&dto::analysis(text, &a))
    }

    /// Annotates `text`, applies the reader's lexicon (lines of `kind<TAB>name`, kind
    /// `person`, `org` or `none`; or none) and then their corrections (anchors in UTF-16 code units). Throws
    /// an `Error` when the corrections or the lexicon are malformed.
    #[wasm_bindgen(js_name = applyCorrections, skip_typescript)]
    pub fn apply_corrections(
        &self,
        text: &str,
        corrections: JsValue,
        lexicon: Option<String>,
    ) -> Result<JsValue, JsError> {
        let fixes = corrections_from(text, corrections)?;
        let lx = lexicon_from(lexicon)?;
        let a = self.inner.annotate_with_lexicon(text, &fixes, &lx);
        to_js(&dto::analysis(text, &a))
    }

    /// The analysis of `text` with the reader's `corrections` (UTF-16 anchors, or none) as a
    /// file in `format` (`w3c`, `spacy`, `brat`, `conll`, `quotes-csv`; see
    /// `exportFormats()`), offsets in code points. The core writes it: the same bytes as
    /// `newsmark annotate --format <format>` (with the reader's `lexicon`, if one is given).
    /// Throws for an unknown format or malformed corrections or lexicon.
    #[wasm_bindgen(js_name = exportAs, skip_typescript)]
    pub fn export_as(
        &self,
        text: &str,
        corrections: JsValue,
        format: &str,
        lexicon: Option<String>,
    ) -> Result<String, JsError> {
        let f = newsmark::export::Format::from_name(format)
            .ok_or_else(|| JsError::new(&format!("unknown export format {format:?}")))?;
        let fixes = corrections_from(text, corrections)?;
        let lx = lexicon_from(lexicon)?;
        let a = self.inner.annotate_with_lexicon(text, &fixes, &lx);
        Ok(newsmark::export::export(f, text, &a))
    }

    /// Reads `content`, a W3C Web Annotation or spaCy JSONL file made for `text` (`format`
    /// `w3c`, `spacy` or `auto`), and returns `{format, corrections, tags, added, removed,
    /// speakers}`: the corrections (UTF-16 anchors) that, added after `corrections`, give
    /// `text` exactly the file's tags. Throws an `Error` whose message says what is wrong
    /// with the file (another text, another format, duplicate ids…).
    #[wasm_bindgen(js_name = importAnnotations, skip_typescript)]
    pub fn import_annotations(
        &self,
        text: &str,
        corrections: JsValue,
        format: &str,
        content: &str,
        lexicon: Option<String>,
    ) -> Result<JsValue, JsError> {
        use newsmark::export::{self, Format};
        let f = match format {
            "auto" => export::detect(content).ok_or_else(|| {
                JsError::new(
                    "it is none of W3C Web Annotation, spaCy JSONL, brat standoff or CoNLL IOB",
                )
            })?,
            name => Format::from_name(name)
                .filter(|f| f.importable())
                .ok_or_else(|| JsError::new(&format!("{name:?} files cannot be imported")))?,
        };
        let fixes = corrections_from(text, corrections)?;
        let lx = lexicon_from(lexicon)?;
        let a = self.inner.annotate_with_lexicon(text, &fixes, &lx);
        let mut imp =
            export::import(f, text, content, &a).map_err(|e| JsError::new(&e.to_string()))?;
        if fixes.len() + imp.corrections.len() > export::MAX_IMPORT_CORRECTIONS {
            return Err(JsError::new(&format!(
                "it would need {} corrections; the page keeps at most {}",
                imp.corrections.len(),
                export::MAX_IMPORT_CORRECTIONS
            )));
        }
        offsets::corrections_to_utf16(text, &mut imp.corrections);
        to_js(&dto::Imported {
            format: f.name(),
            corrections: imp.corrections,
            tags: imp.tags,
            added: imp.added,
            removed: imp.removed,
            speakers: imp.speakers,
        })
    }

    /// The score at or above which a sentence counts as a claim.
    #[wasm_bindgen(js_name = claimThreshold, getter)]
    pub fn claim_threshold(&self) -> f32 {
        self.inner.claim_threshold()
    }
}

impl Default for Annotator {
    fn default() -> Self {
        Self::new()
    }
}

/// The export formats: `[{name, extension, mediaType, importable}]`, in menu order.
#[wasm_bindgen(js_name = exportFormats, skip_typescript)]
pub fn export_formats() -> Result<JsValue, JsError> {
    let v: Vec<dto::FormatDto> = newsmark::export::Format::ALL
        .into_iter()
        .map(|f| dto::FormatDto {
            name: f.name(),
            extension: f.extension(),
            media_type: f.media_type(),
            importable: f.importable(),
        })
        .collect();
    to_js(&v)
}

/// Corrections from JS (UTF-16 anchors; `undefined` or `null` is none), anchors in bytes.
fn corrections_from(
    text: &str,
    corrections: JsValue,
) -> Result<Vec<newsmark::Correction>, JsError> {
    if corrections.is_undefined() || corrections.is_null() {
        return Ok(vec![]);
    }
    let mut fixes: Vec<newsmark::Correction> = serde_wasm_bindgen::from_value(corrections)
        .map_err(|e| JsError::new(&format!("malformed corrections: {e}")))?;
    newsmark::corrections::offsets_to_bytes(text, &mut fixes, char::len_utf16);
    Ok(fixes)
}

/// A reader's lexicon from JS: lines of `kind<TAB>name`, or none.
fn lexicon_from(lexicon: Option<String>) -> Result<newsmark::UserLexicon, JsError> {
    newsmark::UserLexicon::from_lines(lexicon.as_deref().unwrap_or(""))
        .map_err(|e| JsError::new(&format!("malformed lexicon: {e}")))
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn to_js<T: serde::Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}
