// Shared by tests/node.rs and tests/browser.rs: the JS contract, checked from wasm.
use js_sys::{Array, JsString, Reflect};
use newsmark_wasm::Annotator;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).expect("property")
}

fn annotations(r: &JsValue) -> Array {
    get(r, "annotations").dyn_into::<Array>().expect("annotations is an array")
}

/// Every annotation's UTF-16 offsets slice the JS string to the annotation's text.
fn offsets_slice(text: &str, r: &JsValue) -> usize {
    let js = JsString::from(text);
    let list = annotations(r);
    for x in list.iter() {
        let (s, e) = (get(&x, "start").as_f64().unwrap() as u32, get(&x, "end").as_f64().unwrap() as u32);
        assert!(s < e && e <= js.length(), "offsets {s}..{e} outside the text");
        assert_eq!(js.slice(s, e), JsString::from(get(&x, "text")), "slice differs");
    }
    list.length() as usize
}

#[wasm_bindgen_test]
fn results_are_plain_camel_case_objects() {
    let a = Annotator::new();
    let r = a.annotate("\"We will win the vote,\" said Jane Smith on Monday.").unwrap();
    assert!(Array::is_array(&get(&r, "entities")));
    assert!(Array::is_array(&get(&r, "diagnostics")));
    let list = annotations(&r);
    let q = list.iter().find(|x| get(x, "kind").as_string().as_deref() == Some("quote")).expect("a quote");
    assert_eq!(get(&q, "byUser").as_bool(), Some(false));
    let sp = get(&q, "speaker");
    assert_eq!(get(&sp, "name").as_string().as_deref(), Some("Jane Smith"));
    // Plain objects survive JSON (and so structuredClone / postMessage).
    let json = js_sys::JSON::stringify(&r).unwrap().as_string().unwrap();
    assert!(json.contains("\"kind\":\"quote\""));
}

#[wasm_bindgen_test]
fn utf16_offsets_with_emoji_and_accents() {
    let a = Annotator::new();
    let text = "👩🏽‍💻 Update 🇺🇳: \"Los precios subirán este año,\" dijo José Núñez, presidente de Banco Nación. 😀 Zoë Saldaña met Søren Kierkegaard Jr. at the Ministry of Health on Monday.";
    let r = a.annotate(text).unwrap();
    assert!(offsets_slice(text, &r) >= 3);
}

#[wasm_bindgen_test]
fn replacement_characters_keep_offsets() {
    // A lone surrogate from JS arrives as U+FFFD, one UTF-16 unit like the surrogate.
    let a = Annotator::new();
    let text = "\u{FFFD}\u{FFFD} Jane Smith told Reuters \"prices rose 5% in May.\" \u{FFFD}";
    let r = a.annotate(text).unwrap();
    assert!(offsets_slice(text, &r) >= 2);
}

#[wasm_bindgen_test]
fn malformed_corrections_throw_a_real_error() {
    let a = Annotator::new();
    let bad = js_sys::JSON::parse("[{\"op\":\"explode\"}]").unwrap();
    let err = a.apply_corrections("Jane Smith spoke.", bad).err().expect("an error");
    let v: JsValue = err.into();
    assert!(v.is_instance_of::<js_sys::Error>(), "not an Error: {v:?}");
}

#[wasm_bindgen_test]
fn corrections_apply_with_utf16_anchors() {
    let a = Annotator::new();
    let text = "😀😀 Globex hired 300 workers on Monday.";
    // "Globex" starts at UTF-16 offset 5 (two surrogate pairs and a space).
    let fixes = js_sys::JSON::parse(r#"[{"op":"add","kind":"org","target":{"start":5,"end":11,"text":"Globex","prefix":"😀😀 ","suffix":" hired"}}]"#).unwrap();
    let r = a.apply_corrections(text, fixes).unwrap();
    let list = annotations(&r);
    let x = list.iter().find(|x| get(x, "byUser").as_bool() == Some(true)).expect("the user's tag");
    assert_eq!(get(&x, "start").as_f64(), Some(5.0));
    assert_eq!(get(&x, "text").as_string().as_deref(), Some("Globex"));
    offsets_slice(text, &r);
}
