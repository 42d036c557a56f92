//! The one integration test binary: data-driven cases, golden snapshots, properties and
//! corrections.
//!
//! - `tests/cases/*.json`: small declarative cases (text in, annotations expected or absent).
//! - `tests/snapshots/*.txt`: the analysis of whole articles, one annotation a line
//!   ([`newsmark::report::lines`]). Re-bless after an intended change with
//!   `NEWSMARK_BLESS=1 cargo test --test cases` and review the diff.
//! - Properties: every span of any text sits on character boundaries, slices to its own text,
//!   is sorted, and its entity and speaker references are valid.

use newsmark::{Anchor, Annotator, Correction, Kind, SpeakerFix};
use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

fn annotator() -> &'static Annotator {
    static A: OnceLock<Annotator> = OnceLock::new();
    A.get_or_init(Annotator::new)
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Does annotation `x` satisfy the expectation object `e` (kind, text, speaker, direct)?
fn matches(x: &newsmark::Annotation, e: &Value) -> bool {
    if let Some(k) = e.get("kind").and_then(Value::as_str) {
        if x.kind.as_str() != k {
            return false;
        }
    }
    if let Some(t) = e.get("text").and_then(Value::as_str) {
        // Like the scorer, edge punctuation and quotation marks do not count.
        let edge = |c: char| c.is_whitespace() || "\"'“”‘’«»„「」.,;:!?".contains(c);
        if x.text.trim_matches(edge) != t.trim_matches(edge) {
            return false;
        }
    }
    if let Some(d) = e.get("direct").and_then(Value::as_bool) {
        if x.quote.as_ref().map(|q| q.direct) != Some(d) {
            return false;
        }
    }
    if let Some(s) = e.get("speaker").and_then(Value::as_str) {
        let name = x.quote.as_ref().and_then(|q| q.speaker.as_ref()).map(|s| s.name.as_str());
        if name != Some(s) {
            return false;
        }
    }
    true
}

#[test]
fn cases() {
    let mut failures = vec![];
    let mut n = 0;
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/cases")).expect("tests/cases").map(|e| e.expect("entry").path()).collect();
    files.sort();
    for path in files {
        let list: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&path).expect("read case file")).expect("case file is JSON");
        for case in list {
            n += 1;
            let name = case["name"].as_str().unwrap_or("?");
            let text = case["text"].as_str().expect("case text");
            let a = annotator().annotate(text);
            let file = path.file_name().unwrap().to_string_lossy();
            for e in case.get("expect").and_then(Value::as_array).into_iter().flatten() {
                if !a.annotations.iter().any(|x| matches(x, e)) {
                    failures.push(format!("{file} / {name}: expected {e}\n{}", newsmark::report::lines(text, &a)));
                }
            }
            for e in case.get("absent").and_then(Value::as_array).into_iter().flatten() {
                if let Some(x) = a.annotations.iter().find(|x| matches(x, e)) {
                    failures.push(format!("{file} / {name}: unexpected {} {:?} (matches {e})", x.kind.as_str(), x.text));
                }
            }
        }
    }
    assert!(n > 20, "only {n} cases were read");
    assert!(failures.is_empty(), "{} of the cases failed:\n\n{}", failures.len(), failures.join("\n"));
}

/// Compares the analysis of an article with its snapshot (or writes it when blessing).
fn snapshot(name: &str, text: &str) {
    let got = newsmark::report::lines(text, &annotator().annotate(text));
    let path = root().join("tests/snapshots").join(format!("{name}.txt"));
    if std::env::var_os("NEWSMARK_BLESS").is_some() {
        std::fs::write(&path, &got).expect("write snapshot");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("no snapshot {}; run with NEWSMARK_BLESS=1", path.display()));
    if got != want {
        let diff: Vec<String> = want
            .lines()
            .filter(|l| !got.lines().any(|g| g == *l))
            .map(|l| format!("- {l}"))
            .chain(got.lines().filter(|l| !want.lines().any(|w| w == *l)).map(|l| format!("+ {l}")))
            .collect();
        panic!("snapshot {name} changed (NEWSMARK_BLESS=1 to accept):\n{}", diff.join("\n"));
    }
}

#[test]
fn snapshot_seed_article() {
    let text = std::fs::read_to_string(root().join("../shared/fixtures/seed/article.txt")).expect("../shared/fixtures/seed/article.txt");
    snapshot("seed", &text);
}

#[test]
fn snapshot_own_articles() {
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/articles")).expect("tests/articles").map(|e| e.expect("entry").path()).collect();
    files.sort();
    assert!(!files.is_empty());
    for p in files {
        let text = std::fs::read_to_string(&p).expect("article");
        snapshot(&p.file_stem().unwrap().to_string_lossy(), &text);
    }
}

#[test]
fn embedded_data_loads() {
    assert!(Annotator::from_bytes(newsmark::LEXICON, newsmark::KNOWN_ORGS, newsmark::CLAIM_MODEL).is_ok());
    assert!(Annotator::from_bytes(b"@nonsense\nx\n", b"", newsmark::CLAIM_MODEL).is_err());
    assert!(Annotator::from_bytes(newsmark::LEXICON, b"", b"w broken\n").is_err());
}

/// Checks every invariant of an analysis of `text`.
fn check_invariants(text: &str, a: &newsmark::Analysis) -> Result<(), String> {
    let mut prev = (0usize, 0u8);
    for (i, x) in a.annotations.iter().enumerate() {
        let s = x.span;
        if s.start >= s.end || s.end > text.len() {
            return Err(format!("annotation {i} has span {s:?} outside the text ({} bytes)", text.len()));
        }
        if !text.is_char_boundary(s.start) || !text.is_char_boundary(s.end) {
            return Err(format!("annotation {i} span {s:?} is not on character boundaries"));
        }
        if text[s.start..s.end] != x.text {
            return Err(format!("annotation {i} text {:?} != slice {:?}", x.text, &text[s.start..s.end]));
        }
        if (s.start, x.kind as u8) < prev {
            return Err(format!("annotation {i} is out of order"));
        }
        prev = (s.start, x.kind as u8);
        match x.entity {
            Some(e) if e >= a.entities.len() => return Err(format!("annotation {i} refers to entity {e}")),
            Some(e) if !a.entities[e].mentions.contains(&i) => return Err(format!("entity {e} does not list mention {i}")),
            None if x.kind.is_name() => return Err(format!("name annotation {i} has no entity")),
            _ => {}
        }
        if let Some(sp) = x.quote.as_ref().and_then(|q| q.speaker.as_ref()) {
            if let Some(p) = sp.span {
                if p.end > text.len() || !text.is_char_boundary(p.start) || !text.is_char_boundary(p.end) || text[p.start..p.end] != sp.text {
                    return Err(format!("quote {i} has a bad speaker span {p:?}"));
                }
            }
            if sp.entity.is_some_and(|e| e >= a.entities.len()) {
                return Err(format!("quote {i} speaker refers to a missing entity"));
            }
        }
        if let Some(c) = &x.claim {
            if !(0.0..=1.0).contains(&c.score) {
                return Err(format!("claim {i} score {}", c.score));
            }
        }
    }
    for (e, ent) in a.entities.iter().enumerate() {
        if ent.mentions.is_empty() {
            return Err(format!("entity {e} has no mention"));
        }
        if ent.mentions.iter().any(|&m| a.annotations[m].entity != Some(e)) {
            return Err(format!("entity {e} lists a mention of another entity"));
        }
    }
    Ok(())
}

/// Pieces that hostile and international text is made of.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8}){0,2}",
        3 => "[a-z]{1,10}",
        2 => Just(" ".to_string()),
        1 => prop::sample::select(vec![
            "\"", "“", "”", "‘", "’", "«", "»", "„", "「", "」", "'", "(", ")", ".", ",", ":", ";", "?", "!",
            "\n", "\n\n", "\r\n", "\r", "\t", "\u{0}", "\u{7}", "\u{FEFF}", "\u{200B}", "\u{00A0}", "\u{FFFD}",
            "😀", "👩🏽‍💻", "🇺🇳", "é", "e\u{301}", "José Núñez", "東京", "北京大学", "مرحبا بالعالم", "שלום", "·", " · ",
            "Mr.", "U.S.", "Inc.", "said:", "said", " he said", "according to", "IACC", "12%", "$4", "1,000", "2024",
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "•", "Leave a Reply", "(hereinafter referred to as",
        ]).prop_map(str::to_string),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn spans_are_valid_on_any_text(parts in prop::collection::vec(fragment(), 0..80)) {
        let text: String = parts.concat();
        let a = annotator().annotate(&text);
        if let Err(e) = check_invariants(&text, &a) {
            prop_assert!(false, "{e}\ntext: {text:?}");
        }
    }

    #[test]
    fn spans_are_valid_on_arbitrary_unicode(text in "\\PC{0,300}") {
        let a = annotator().annotate(&text);
        if let Err(e) = check_invariants(&text, &a) {
            prop_assert!(false, "{e}\ntext: {text:?}");
        }
    }
}

#[test]
fn invariants_hold_on_the_seed_article() {
    let text = std::fs::read_to_string(root().join("../shared/fixtures/seed/article.txt")).expect("seed");
    let a = annotator().annotate(&text);
    check_invariants(&text, &a).unwrap();
    for k in [Kind::Person, Kind::Org, Kind::Quote, Kind::Claim] {
        assert!(a.annotations.iter().any(|x| x.kind == k), "no {k:?} on the seed article");
    }
}

#[test]
fn empty_and_whitespace_text_get_a_diagnostic() {
    for t in ["", "   \n\t  ", "\r\n\r\n"] {
        let a = annotator().annotate(t);
        assert!(a.annotations.is_empty());
        assert_eq!(a.diagnostics.first().map(|d| d.code), Some("empty_text"));
    }
}

#[test]
fn binary_text_gets_a_diagnostic() {
    let bytes: Vec<u8> = (0..4000u32).map(|i| (i * 7 % 32) as u8).collect();
    let text = String::from_utf8_lossy(&bytes);
    let a = annotator().annotate(&text);
    assert!(a.diagnostics.iter().any(|d| d.code == "binary_text"));
    check_invariants(&text, &a).unwrap();
}

const ARTICLE: &str = "Globex Corporation said on Monday that it hired 300 workers. Jane Smith, its chief executive, said: \"We are growing faster than ever.\"";

fn anchor(text: &str, needle: &str) -> Anchor {
    let s = text.find(needle).expect("needle");
    Anchor::at(text, s, s + needle.len())
}

#[test]
fn an_added_tag_survives_an_insertion_earlier_in_the_text() {
    let fix = Correction::Add { target: anchor(ARTICLE, "workers"), kind: Kind::Org };
    let edited = format!("BREAKING NEWS from the wires, updated. {ARTICLE}");
    let a = annotator().annotate_with(&edited, &[fix]);
    let x = a.annotations.iter().find(|x| x.by_user).expect("the correction applies");
    assert_eq!((x.kind, x.text.as_str()), (Kind::Org, "workers"));
    assert_eq!(x.span.start, edited.find("workers").unwrap());
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
}

#[test]
fn an_anchor_prefers_the_occurrence_with_its_context() {
    let text = "Smith met Jones. Later Smith called Jones again.";
    let s = text.rfind("Smith").unwrap();
    let a = Anchor::at(text, s, s + 5);
    let edited = format!("Smith said hello. {text}");
    let found = a.locate(&edited).unwrap();
    assert_eq!(found.start, edited.rfind("Smith").unwrap());
}

#[test]
fn remove_change_move_speaker_and_merge() {
    let base = annotator().annotate(ARTICLE);
    assert!(base.annotations.iter().any(|x| x.kind == Kind::Org && x.text == "Globex Corporation"), "{}", newsmark::report::lines(ARTICLE, &base));
    let q = "We are growing faster than ever.";
    let fixes = vec![
        Correction::Remove { target: anchor(ARTICLE, "Jane Smith"), kind: Kind::Person },
        Correction::ChangeKind { target: anchor(ARTICLE, "Globex Corporation"), from: Kind::Org, to: Kind::Person },
        Correction::Add { target: anchor(ARTICLE, "Jane"), kind: Kind::Person },
        Correction::Move { target: anchor(ARTICLE, "Jane"), kind: Kind::Person, to: anchor(ARTICLE, "Jane Smith") },
        Correction::SetSpeaker { target: anchor(ARTICLE, q), speaker: SpeakerFix { name: "A. Reader".into(), mention: None } },
    ];
    let a = annotator().annotate_with(ARTICLE, &fixes);
    check_invariants(ARTICLE, &a).unwrap();
    assert!(!a.annotations.iter().any(|x| x.kind == Kind::Org && x.text == "Globex Corporation"));
    assert!(a.annotations.iter().any(|x| x.kind == Kind::Person && x.text == "Globex Corporation"));
    let moved = a.annotations.iter().find(|x| x.kind == Kind::Person && x.text == "Jane Smith").expect("moved tag");
    assert!(moved.by_user);
    let quote = a.annotations.iter().find(|x| x.kind == Kind::Quote && x.text.contains("growing")).expect("quote");
    assert_eq!(quote.quote.as_ref().unwrap().speaker.as_ref().unwrap().name, "A. Reader");

    // Merge: two people become one entity.
    let text = "Anna Lee met Bob Stone. Stone left.";
    let merged = annotator().annotate_with(text, &[Correction::Merge { into: anchor(text, "Anna Lee"), from: anchor(text, "Bob Stone") }]);
    check_invariants(text, &merged).unwrap();
    let ids: Vec<Option<usize>> = merged.annotations.iter().filter(|x| x.kind == Kind::Person).map(|x| x.entity).collect();
    assert!(ids.len() >= 2 && ids.iter().all(|e| *e == ids[0]), "{}", newsmark::report::lines(text, &merged));
}

#[test]
fn a_correction_whose_text_is_gone_is_reported_not_lost() {
    let fix = Correction::Add { target: anchor(ARTICLE, "workers"), kind: Kind::Org };
    let a = annotator().annotate_with("A different article entirely.", std::slice::from_ref(&fix));
    assert_eq!(a.diagnostics.len(), 1);
    assert_eq!((a.diagnostics[0].code, a.diagnostics[0].correction), ("correction_not_found", Some(0)));
    // The same correction applies again once its text is back.
    let b = annotator().annotate_with(ARTICLE, &[fix]);
    assert!(b.annotations.iter().any(|x| x.by_user && x.text == "workers"));
}

#[test]
fn offsets_map_back_through_normalization() {
    let text = "\u{FEFF}Jane\u{00A0}Smith said\r\n\u{201C}we\u{2019}ll hire 300 people this year,\u{201D} on Monday.";
    let a = annotator().annotate(text);
    check_invariants(text, &a).unwrap();
    assert!(a.annotations.iter().any(|x| x.kind == Kind::Quote && x.text.starts_with("we\u{2019}ll")), "{}", newsmark::report::lines(text, &a));
}

#[test]
fn a_correction_that_changes_nothing_says_so() {
    let fix = Correction::Remove { target: anchor(ARTICLE, "hired"), kind: Kind::Person };
    let a = annotator().annotate_with(ARTICLE, &[fix]);
    assert_eq!(a.diagnostics.iter().map(|d| (d.code, d.correction)).collect::<Vec<_>>(), vec![("correction_no_effect", Some(0))]);
}
