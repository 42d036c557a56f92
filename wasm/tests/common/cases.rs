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
    let err = a.apply_corrections("Jane Smith spoke.", bad, None).err().expect("an error");
    let v: JsValue = err.into();
    assert!(v.is_instance_of::<js_sys::Error>(), "not an Error: {v:?}");
}

#[wasm_bindgen_test]
fn corrections_apply_with_utf16_anchors() {
    let a = Annotator::new();
    let text = "😀😀 Globex hired 300 workers on Monday.";
    // "Globex" starts at UTF-16 offset 5 (two surrogate pairs and a space).
    let fixes = js_sys::JSON::parse(r#"[{"op":"add","kind":"org","target":{"start":5,"end":11,"text":"Globex","prefix":"😀😀 ","suffix":" hired"}}]"#).unwrap();
    let r = a.apply_corrections(text, fixes, None).unwrap();
    let list = annotations(&r);
    let x = list.iter().find(|x| get(x, "byUser").as_bool() == Some(true)).expect("the user's tag");
    assert_eq!(get(&x, "start").as_f64(), Some(5.0));
    assert_eq!(get(&x, "text").as_string().as_deref(), Some("Globex"));
    offsets_slice(text, &r);
}

#[wasm_bindgen_test]
fn export_as_writes_code_points_and_the_corrections() {
    let a = Annotator::new();
    let text = "😀😀 Globex hired 300 workers on Monday.";
    let fixes = js_sys::JSON::parse(r#"[{"op":"add","kind":"org","target":{"start":5,"end":11,"text":"Globex"}}]"#).unwrap();
    let out = a.export_as(text, fixes, "spacy", None).unwrap();
    // Code points: "Globex" starts at 3 (two emoji and a space), not at UTF-16 offset 5.
    assert!(out.contains(r#"{"end":9,"label":"ORG","provenance":"person","start":3}"#), "{out}");
    let brat = a.export_as(text, JsValue::NULL, "brat", None).unwrap();
    assert!(brat.lines().all(|l| l.split('\t').count() == 3 || !l.starts_with('T')));
    let err: JsValue = a.export_as(text, JsValue::NULL, "xml", None).err().expect("an error").into();
    assert!(err.is_instance_of::<js_sys::Error>());
    let formats = newsmark_wasm::export_formats().unwrap().dyn_into::<Array>().unwrap();
    assert_eq!(formats.length(), 5);
    assert_eq!(get(&formats.get(0), "name").as_string().as_deref(), Some("w3c"));
}

#[wasm_bindgen_test]
fn an_export_imports_back_as_utf16_corrections() {
    let a = Annotator::new();
    let text = "😀😀 Globex hired 300 workers on Monday, said Jane Smith.";
    let fixes = js_sys::JSON::parse(r#"[{"op":"add","kind":"org","target":{"start":5,"end":11,"text":"Globex"}}]"#).unwrap();
    let corrected = a.apply_corrections(text, fixes.clone(), None).unwrap();
    for format in ["w3c", "spacy"] {
        let file = a.export_as(text, fixes.clone(), format, None).unwrap();
        let r = a.import_annotations(text, JsValue::NULL, "auto", &file, None).unwrap();
        assert_eq!(get(&r, "format").as_string().as_deref(), Some(format));
        let again = a.apply_corrections(text, get(&r, "corrections"), None).unwrap();
        let tags = |r: &JsValue| -> Vec<String> {
            annotations(r)
                .iter()
                .map(|x| format!("{:?} {:?} {:?}", get(&x, "kind").as_string(), get(&x, "start").as_f64(), get(&x, "end").as_f64()))
                .collect()
        };
        assert_eq!(tags(&again), tags(&corrected), "{format}");
        let org = get(&r, "corrections").dyn_into::<Array>().unwrap().iter().find(|c| get(c, "op").as_string().as_deref() == Some("add")).expect("an add");
        assert_eq!(get(&get(&org, "target"), "start").as_f64(), Some(5.0), "UTF-16 anchors");
    }
    let err: JsValue = a.import_annotations("Another text.", JsValue::NULL, "spacy", &a.export_as(text, JsValue::NULL, "spacy", None).unwrap(), None).err().expect("an error").into();
    let msg = js_sys::Reflect::get(&err, &"message".into()).unwrap().as_string().unwrap();
    assert!(msg.contains("is not this article"), "{msg}");
}

#[wasm_bindgen_test]
fn orphans_cross_the_boundary_and_anchors_survive_an_edit() {
    let a = Annotator::new();
    // Invented. The correction was made on "Brisk Harbour"; the reader then fixed the
    // spelling (placed approximately) and, in a second edit, deleted the name (an orphan).
    let before = "😀 Residents said Brisk Harbour, a consumer group, would sue.";
    let fixes = js_sys::JSON::parse(r#"[{"op":"add","kind":"org","target":{"start":18,"end":31,"text":"Brisk Harbour","prefix":"😀 Residents said ","suffix":", a consumer group, would sue."}}]"#).unwrap();
    let r = a.apply_corrections(before, fixes.clone(), None).unwrap();
    assert_eq!(get(&r, "orphans").dyn_into::<Array>().unwrap().length(), 0);
    let fixed = "😀 Residents said Brisk Harbor, a consumer group, would sue.";
    let r = a.apply_corrections(fixed, fixes.clone(), None).unwrap();
    let list = annotations(&r);
    let x = list.iter().find(|x| get(x, "byUser").as_bool() == Some(true)).expect("placed");
    assert_eq!(get(&x, "text").as_string().as_deref(), Some("Brisk Harbor"));
    assert_eq!(get(&x, "start").as_f64(), Some(18.0));
    let gone = "😀 Residents said a consumer group would sue.";
    let r = a.apply_corrections(gone, fixes, None).unwrap();
    let orphans = get(&r, "orphans").dyn_into::<Array>().unwrap();
    assert_eq!(orphans.length(), 1);
    assert_eq!(get(&orphans.get(0), "correction").as_f64(), Some(0.0));
    assert_eq!(get(&orphans.get(0), "text").as_string().as_deref(), Some("Brisk Harbour"));
}

#[wasm_bindgen_test]
fn a_lexicon_applies_and_a_malformed_one_throws() {
    let a = Annotator::new();
    let text = "Shares of Dunmore Vale fell on Thursday, said Talbot Reese.";
    let lx = "org\tDunmore Vale\nnone\tTalbot Reese".to_string();
    let r = a.apply_corrections(text, JsValue::NULL, Some(lx)).unwrap();
    let list = annotations(&r);
    let kind_of = |t: &str| list.iter().find(|x| get(x, "text").as_string().as_deref() == Some(t)).and_then(|x| get(&x, "kind").as_string());
    assert_eq!(kind_of("Dunmore Vale").as_deref(), Some("org"));
    assert_eq!(kind_of("Talbot Reese"), None);
    for bad in ["quote\tX", "org X", "org\t   "] {
        let err: JsValue = a.apply_corrections(text, JsValue::NULL, Some(bad.into())).err().expect(bad).into();
        assert!(err.is_instance_of::<js_sys::Error>());
        let msg = js_sys::Error::from(err).message().as_string().unwrap();
        assert!(msg.contains("malformed lexicon"), "{msg}");
    }
}
