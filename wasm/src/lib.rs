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

    /// Annotates `text` and applies the reader's corrections (anchors in UTF-16 code
    /// units). Throws an `Error` when the corrections are malformed.
    #[wasm_bindgen(js_name = applyCorrections, skip_typescript)]
    pub fn apply_corrections(&self, text: &str, corrections: JsValue) -> Result<JsValue, JsError> {
        let mut fixes: Vec<newsmark::Correction> = serde_wasm_bindgen::from_value(corrections)
            .map_err(|e| JsError::new(&format!("malformed corrections: {e}")))?;
        newsmark::corrections::offsets_to_bytes(text, &mut fixes, char::len_utf16);
        let a = self.inner.annotate_with(text, &fixes);
        to_js(&dto::analysis(text, &a))
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

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn to_js<T: serde::Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}
