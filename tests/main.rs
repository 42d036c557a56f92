//! The one integration test binary: data-driven cases, golden snapshots, properties and
//! corrections.
//!
//! - `tests/cases/*.json`: small declarative cases (text in, annotations expected or absent;
//!   `"only"` says nothing else of those kinds is found). See [`matches`] and [`run_case`].
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

/// The words of a name or a quote, as `word` matches them: split at spaces, `·` and `-`.
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace() || c == '·' || c == '-')
        .filter(|w| !w.is_empty())
}

/// Does annotation `x` satisfy the expectation object `e`? Fields (all optional): `kind` (one
/// kind, or a list of kinds), `text` (edge punctuation and quotation marks do not count),
/// `word` (one of the annotation's words: `{"kind": ["person", "org"], "word": "Rita"}` in
/// `absent` says no name has `Rita` in it), `reason`, `direct`, `speaker`, `entity` (the
/// canonical name of the entity a name mention belongs to, in analysis `a`).
fn matches(a: &newsmark::Analysis, x: &newsmark::Annotation, e: &Value) -> bool {
    match e.get("kind") {
        Some(Value::String(k)) if x.kind.as_str() != k => return false,
        Some(Value::Array(ks)) if !ks.iter().any(|k| k.as_str() == Some(x.kind.as_str())) => {
            return false
        }
        _ => {}
    }
    if let Some(t) = e.get("text").and_then(Value::as_str) {
        // Like the scorer, edge punctuation and quotation marks do not count.
        let edge = |c: char| c.is_whitespace() || "\"'“”‘’«»„「」.,;:!?".contains(c);
        if x.text.trim_matches(edge) != t.trim_matches(edge) {
            return false;
        }
    }
    if let Some(w) = e.get("word").and_then(Value::as_str) {
        if !words(&x.text).any(|y| y == w) {
            return false;
        }
    }
    if let Some(r) = e.get("reason").and_then(Value::as_str) {
        if !x
            .claim
            .as_ref()
            .is_some_and(|c| c.reasons.iter().any(|y| y == r))
        {
            return false;
        }
    }
    if let Some(d) = e.get("direct").and_then(Value::as_bool) {
        if x.quote.as_ref().map(|q| q.direct) != Some(d) {
            return false;
        }
    }
    if let Some(n) = e.get("entity").and_then(Value::as_str) {
        if x.entity
            .and_then(|i| a.entities.get(i))
            .map(|y| y.name.as_str())
            != Some(n)
        {
            return false;
        }
    }
    if let Some(s) = e.get("speaker").and_then(Value::as_str) {
        let name = x
            .quote
            .as_ref()
            .and_then(|q| q.speaker.as_ref())
            .map(|s| s.name.as_str());
        if name != Some(s) {
            return false;
        }
    }
    true
}

/// The kinds a case's `only` closes: `true` for the kinds its `expect` entries name, or an
/// explicit list (`["person", "org"]`, also when `expect` is empty: "no name at all").
fn only_kinds(case: &Value) -> Vec<String> {
    let list = |v: &Value| -> Vec<String> {
        match v {
            Value::String(k) => vec![k.clone()],
            Value::Array(ks) => ks
                .iter()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect(),
            _ => vec![],
        }
    };
    match case.get("only") {
        Some(Value::Bool(true)) => {
            let mut ks: Vec<String> = case
                .get("expect")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .flat_map(|e| e.get("kind").map(list).unwrap_or_default())
                .collect();
            ks.sort();
            ks.dedup();
            assert!(
                !ks.is_empty(),
                "\"only\": true needs expect entries with a kind; write \"only\": [kinds]"
            );
            ks
        }
        Some(v @ Value::Array(_)) => list(v),
        _ => vec![],
    }
}

/// Runs one case (`name`, `text`, `expect`, `absent`, `only`); returns one message per broken
/// expectation, each naming the file and case and saying what was found instead.
fn run_case(file: &str, case: &Value) -> Vec<String> {
    let name = case["name"].as_str().unwrap_or("?");
    let text = case["text"].as_str().expect("case text");
    let a = annotator().annotate(text);
    let expect: Vec<&Value> = case
        .get("expect")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    let only = only_kinds(case);
    let found = |kinds: &[String]| -> String {
        let xs: Vec<String> = a
            .annotations
            .iter()
            .filter(|x| kinds.is_empty() || kinds.iter().any(|k| k == x.kind.as_str()))
            .map(|x| format!("{} {:?}", x.kind.as_str(), x.text))
            .collect();
        if xs.is_empty() {
            "nothing".into()
        } else {
            xs.join(", ")
        }
    };
    let mut failures = vec![];
    for e in &expect {
        if !a.annotations.iter().any(|x| matches(&a, x, e)) {
            failures.push(format!(
                "{file} / {name}: expected {e}, not found\n  text: {text:?}\n  found: {}\n{}",
                found(&[]),
                newsmark::report::lines(text, &a)
            ));
        }
    }
    for e in case
        .get("absent")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(x) = a.annotations.iter().find(|x| matches(&a, x, e)) {
            failures.push(format!(
                "{file} / {name}: unexpected {} {:?} (matches absent {e})\n  text: {text:?}",
                x.kind.as_str(),
                x.text
            ));
        }
    }
    for x in &a.annotations {
        if only.iter().any(|k| k == x.kind.as_str()) && !expect.iter().any(|e| matches(&a, x, e)) {
            failures.push(format!(
                "{file} / {name}: unexpected {} {:?} (the case says only its expect entries are {})\n  text: {text:?}\n  found: {}",
                x.kind.as_str(),
                x.text,
                only.join("/"),
                found(&only)
            ));
        }
    }
    failures
}

#[test]
fn cases() {
    let mut failures = vec![];
    let mut n = 0;
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/cases"))
        .expect("tests/cases")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for path in files {
        let list: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read case file"))
                .unwrap_or_else(|e| panic!("{}: not a JSON list of cases: {e}", path.display()));
        let file = path.file_name().unwrap().to_string_lossy();
        for case in list {
            n += 1;
            failures.extend(run_case(&file, &case));
        }
    }
    assert!(n > 20, "only {n} cases were read");
    assert!(
        failures.is_empty(),
        "{} expectation(s) of the cases failed:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A broken case says which case it is and what was found: a missing name, a name that must
/// be absent, a word inside a name, and an extra name where the case says `only`.
#[test]
fn a_broken_case_says_which_and_what_was_found() {
    let case = |json: &str| run_case("t.json", &serde_json::from_str(json).unwrap());
    let text = "Jane Smith spoke at Acme Inc. on Monday.";
    let fine = format!(
        r#"{{"name": "n", "text": "{text}", "only": true,
            "expect": [{{"kind": "person", "text": "Jane Smith"}}, {{"kind": "org", "text": "Acme Inc."}}],
            "absent": [{{"kind": ["person", "org"], "word": "Monday"}}]}}"#
    );
    assert_eq!(case(&fine), Vec::<String>::new());

    let missing = case(&format!(
        r#"{{"name": "missing", "text": "{text}", "expect": [{{"kind": "person", "text": "John Doe"}}]}}"#
    ));
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(
        missing[0].starts_with("t.json / missing: expected"),
        "{}",
        missing[0]
    );
    assert!(
        missing[0].contains("person \"Jane Smith\""),
        "{}",
        missing[0]
    );

    let word = case(&format!(
        r#"{{"name": "word", "text": "{text}", "absent": [{{"kind": ["person", "org"], "word": "Smith"}}]}}"#
    ));
    assert_eq!(word.len(), 1, "{word:?}");
    assert!(
        word[0].contains("t.json / word: unexpected person \"Jane Smith\""),
        "{}",
        word[0]
    );

    let extra = case(&format!(
        r#"{{"name": "extra", "text": "{text}", "only": true, "expect": [{{"kind": "person", "text": "Jane Smith"}}]}}"#
    ));
    assert!(
        extra.is_empty(),
        "only closes the kinds expect names: {extra:?}"
    );
    let extra = case(&format!(
        r#"{{"name": "extra", "text": "{text}", "only": ["person", "org"], "expect": [{{"kind": "person", "text": "Jane Smith"}}]}}"#
    ));
    assert_eq!(extra.len(), 1, "{extra:?}");
    assert!(
        extra[0].contains("t.json / extra: unexpected org \"Acme Inc.\"")
            && extra[0].contains("found: person \"Jane Smith\", org \"Acme Inc.\""),
        "{}",
        extra[0]
    );
}

/// Compares the analysis of an article with its snapshot (or writes it when blessing).
fn snapshot(name: &str, text: &str) {
    let got = newsmark::report::lines(text, &annotator().annotate(text));
    let path = root().join("tests/snapshots").join(format!("{name}.txt"));
    if std::env::var_os("NEWSMARK_BLESS").is_some() {
        std::fs::write(&path, &got).expect("write snapshot");
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("no snapshot {}; run with NEWSMARK_BLESS=1", path.display()));
    if got != want {
        let diff: Vec<String> = want
            .lines()
            .filter(|l| !got.lines().any(|g| g == *l))
            .map(|l| format!("- {l}"))
            .chain(
                got.lines()
                    .filter(|l| !want.lines().any(|w| w == *l))
                    .map(|l| format!("+ {l}")),
            )
            .collect();
        panic!(
            "snapshot {name} changed (NEWSMARK_BLESS=1 to accept):\n{}",
            diff.join("\n")
        );
    }
}

#[test]
fn snapshot_seed_article() {
    let text = std::fs::read_to_string(root().join("../shared/fixtures/seed/article.txt"))
        .expect("../shared/fixtures/seed/article.txt");
    snapshot("seed", &text);
}

#[test]
fn snapshot_own_articles() {
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/articles"))
        .expect("tests/articles")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for p in files {
        let text = std::fs::read_to_string(&p).expect("article");
        snapshot(&p.file_stem().unwrap().to_string_lossy(), &text);
    }
}

#[test]
fn embedded_data_loads() {
    assert!(Annotator::from_bytes(
        newsmark::LEXICON,
        newsmark::KNOWN_ORGS,
        newsmark::CLAIM_MODEL
    )
    .is_ok());
    assert!(Annotator::from_bytes(b"@nonsense\nx\n", b"", newsmark::CLAIM_MODEL).is_err());
    assert!(Annotator::from_bytes(newsmark::LEXICON, b"", b"w broken\n").is_err());
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
        if let Err(e) = newsmark::check::invariants(&text, &a) {
            prop_assert!(false, "{e}\ntext: {text:?}");
        }
    }

    #[test]
    fn spans_are_valid_on_arbitrary_unicode(text in "\\PC{0,300}") {
        let a = annotator().annotate(&text);
        if let Err(e) = newsmark::check::invariants(&text, &a) {
            prop_assert!(false, "{e}\ntext: {text:?}");
        }
    }
}

/// A reader's corrections made on one version of a text, applied to an edited version (words
/// cut, inserted, changed), with hostile anchors among them (offsets past the end or inside a
/// character, an end before its start, empty or foreign text) and a lexicon of random lines:
/// never a panic, the analysis stays valid, and no correction is lost: each one either takes
/// effect or is reported, as an orphan when it could not be placed.
fn edited_corrections() -> impl Strategy<Value = (String, String, Vec<Correction>, String)> {
    (
        prop::collection::vec(fragment(), 1..60),
        prop::collection::vec((any::<prop::sample::Index>(), 0..4u8, fragment()), 0..6),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                0..40usize,
                0..9u8,
                any::<prop::sample::Index>(),
                0..6u8,
            ),
            0..8,
        ),
        prop::collection::vec(
            (
                0..4u8,
                prop_oneof![fragment(), "[A-Z][a-z]{1,8} [A-Z][a-z]{1,8}"],
            ),
            0..5,
        ),
    )
        .prop_map(|(parts, edits, picks, lex)| {
            let before: String = parts.concat();
            // The edit: fragments cut, replaced or inserted.
            let mut after_parts = parts.clone();
            for (at, op, frag) in edits {
                if after_parts.is_empty() {
                    break;
                }
                let i = at.index(after_parts.len());
                match op {
                    0 => {
                        after_parts.remove(i);
                    }
                    1 => after_parts[i] = frag,
                    _ => after_parts.insert(i, frag),
                }
            }
            let after: String = after_parts.concat();
            let kinds = [Kind::Person, Kind::Org, Kind::Quote, Kind::Claim];
            let corrections = picks
                .into_iter()
                .map(|(at, len, op, other, hostile)| {
                    let s = at.index(before.len() + 1);
                    let mut target = Anchor::at(&before, s, s + len);
                    match hostile {
                        0 => target.start = usize::MAX - 3,
                        1 => std::mem::swap(&mut target.start, &mut target.end),
                        2 => target.text = "\u{1F600}\u{0}<b>".to_string(),
                        3 => target.end = target.end.saturating_add(1),
                        _ => {}
                    }
                    let o = other.index(before.len() + 1);
                    let second = Anchor::at(&before, o, o + len / 2 + 1);
                    let kind = kinds[len % 4];
                    match op {
                        0 => Correction::Add { target, kind },
                        1 => Correction::Remove { target, kind },
                        2 => Correction::ChangeKind {
                            target,
                            from: kind,
                            to: kinds[(len + 1) % 4],
                        },
                        3 => Correction::Move {
                            target,
                            kind,
                            to: second,
                        },
                        4 => Correction::SetSpeaker {
                            target,
                            speaker: SpeakerFix {
                                name: second.text.clone(),
                                mention: Some(second),
                            },
                        },
                        5 => Correction::Merge {
                            into: target,
                            from: second,
                        },
                        6 => Correction::Split { target },
                        7 => Correction::Keep { target },
                        _ => Correction::Add {
                            target: second,
                            kind,
                        },
                    }
                })
                .collect();
            let lexicon = lex
                .into_iter()
                .map(|(k, name)| {
                    let kind = ["person", "org", "none", "planet"][k as usize];
                    format!("{kind}\t{name}\n")
                })
                .collect();
            (before, after, corrections, lexicon)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn corrections_survive_an_edited_text_and_none_is_lost(
        (before, after, corrections, lexicon) in edited_corrections()
    ) {
        let lexicon = newsmark::UserLexicon::from_lines(&lexicon).unwrap_or_default();
        for text in [&before, &after] {
            let a = annotator().annotate_with_lexicon(text, &corrections, &lexicon);
            if let Err(e) = newsmark::check::invariants(text, &a) {
                prop_assert!(false, "{e}\ntext: {text:?}\ncorrections: {corrections:?}");
            }
            for o in &a.orphans {
                prop_assert!(o.correction < corrections.len());
                prop_assert!(a.diagnostics.iter().any(|d| d.code == "correction_not_found"
                    && d.correction == Some(o.correction)));
            }
            for d in a.diagnostics.iter().filter(|d| d.code == "correction_not_found") {
                prop_assert!(a.orphans.iter().any(|o| Some(o.correction) == d.correction),
                    "{d:?} is not listed as an orphan");
            }
        }
    }
}

#[test]
fn invariants_hold_on_the_seed_article() {
    let text =
        std::fs::read_to_string(root().join("../shared/fixtures/seed/article.txt")).expect("seed");
    let a = annotator().annotate(&text);
    newsmark::check::invariants(&text, &a).unwrap();
    for k in [Kind::Person, Kind::Org, Kind::Quote, Kind::Claim] {
        assert!(
            a.annotations.iter().any(|x| x.kind == k),
            "no {k:?} on the seed article"
        );
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
fn binary_text_gets_a_diagnostic_and_no_tags_but_the_readers() {
    let bytes: Vec<u8> = (0..4000u32).map(|i| (i * 7 % 32) as u8).collect();
    let text = String::from_utf8_lossy(&bytes);
    let a = annotator().annotate(&text);
    assert!(a.diagnostics.iter().any(|d| d.code == "binary_text"));
    newsmark::check::invariants(&text, &a).unwrap();
    // Random bytes with words in them: the words are not tagged either.
    let mut noisy: Vec<u8> = (0..3000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    noisy.extend_from_slice(b" The mayor, Ann Lee, said the port will open in 2026. ");
    let noisy = String::from_utf8_lossy(&noisy).into_owned();
    let a = annotator().annotate(&noisy);
    assert!(a.diagnostics.iter().any(|d| d.code == "binary_text"));
    assert!(a.annotations.is_empty(), "{:?}", a.annotations);
    // An article with NUL padding and control characters around it is still read.
    let padded = format!("\u{0}\u{1}{ARTICLE}{}", "\u{0}".repeat(1000));
    let a = annotator().annotate(&padded);
    assert!(a.diagnostics.iter().any(|d| d.code == "binary_text"));
    assert!(
        a.annotations.iter().any(|x| x.text == "Jane Smith"),
        "{:?}",
        a.annotations
    );
    // A tag the reader adds is kept.
    let s = noisy.find("Ann Lee").unwrap();
    let add = Correction::Add {
        target: Anchor::at(&noisy, s, s + "Ann Lee".len()),
        kind: Kind::Person,
    };
    let a = annotator().annotate_with(&noisy, &[add]);
    assert_eq!(a.annotations.len(), 1);
    assert_eq!(a.annotations[0].text, "Ann Lee");
}

const ARTICLE: &str = "Globex Corporation said on Monday that it hired 300 workers. Jane Smith, its chief executive, said: \"We are growing faster than ever.\"";

fn anchor(text: &str, needle: &str) -> Anchor {
    let s = text.find(needle).expect("needle");
    Anchor::at(text, s, s + needle.len())
}

#[test]
fn an_added_tag_survives_an_insertion_earlier_in_the_text() {
    let fix = Correction::Add {
        target: anchor(ARTICLE, "workers"),
        kind: Kind::Org,
    };
    let edited = format!("BREAKING NEWS from the wires, updated. {ARTICLE}");
    let a = annotator().annotate_with(&edited, &[fix]);
    let x = a
        .annotations
        .iter()
        .find(|x| x.by_user)
        .expect("the correction applies");
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
    assert!(
        base.annotations
            .iter()
            .any(|x| x.kind == Kind::Org && x.text == "Globex Corporation"),
        "{}",
        newsmark::report::lines(ARTICLE, &base)
    );
    let q = "We are growing faster than ever.";
    let fixes = vec![
        Correction::Remove {
            target: anchor(ARTICLE, "Jane Smith"),
            kind: Kind::Person,
        },
        Correction::ChangeKind {
            target: anchor(ARTICLE, "Globex Corporation"),
            from: Kind::Org,
            to: Kind::Person,
        },
        Correction::Add {
            target: anchor(ARTICLE, "Jane"),
            kind: Kind::Person,
        },
        Correction::Move {
            target: anchor(ARTICLE, "Jane"),
            kind: Kind::Person,
            to: anchor(ARTICLE, "Jane Smith"),
        },
        Correction::SetSpeaker {
            target: anchor(ARTICLE, q),
            speaker: SpeakerFix {
                name: "A. Reader".into(),
                mention: None,
            },
        },
    ];
    let a = annotator().annotate_with(ARTICLE, &fixes);
    newsmark::check::invariants(ARTICLE, &a).unwrap();
    assert!(!a
        .annotations
        .iter()
        .any(|x| x.kind == Kind::Org && x.text == "Globex Corporation"));
    assert!(a
        .annotations
        .iter()
        .any(|x| x.kind == Kind::Person && x.text == "Globex Corporation"));
    let moved = a
        .annotations
        .iter()
        .find(|x| x.kind == Kind::Person && x.text == "Jane Smith")
        .expect("moved tag");
    assert!(moved.by_user);
    let quote = a
        .annotations
        .iter()
        .find(|x| x.kind == Kind::Quote && x.text.contains("growing"))
        .expect("quote");
    assert_eq!(
        quote.quote.as_ref().unwrap().speaker.as_ref().unwrap().name,
        "A. Reader"
    );

    // Merge: two people become one entity.
    let text = "Anna Lee met Bob Stone. Stone left.";
    let merged = annotator().annotate_with(
        text,
        &[Correction::Merge {
            into: anchor(text, "Anna Lee"),
            from: anchor(text, "Bob Stone"),
        }],
    );
    newsmark::check::invariants(text, &merged).unwrap();
    let ids: Vec<Option<usize>> = merged
        .annotations
        .iter()
        .filter(|x| x.kind == Kind::Person)
        .map(|x| x.entity)
        .collect();
    assert!(
        ids.len() >= 2 && ids.iter().all(|e| *e == ids[0]),
        "{}",
        newsmark::report::lines(text, &merged)
    );
}

#[test]
fn a_correction_whose_text_is_gone_is_reported_not_lost() {
    let fix = Correction::Add {
        target: anchor(ARTICLE, "workers"),
        kind: Kind::Org,
    };
    let a = annotator().annotate_with("A different article entirely.", std::slice::from_ref(&fix));
    assert_eq!(a.diagnostics.len(), 1);
    assert_eq!(
        (a.diagnostics[0].code, a.diagnostics[0].correction),
        ("correction_not_found", Some(0))
    );
    // The same correction applies again once its text is back.
    let b = annotator().annotate_with(ARTICLE, &[fix]);
    assert!(b
        .annotations
        .iter()
        .any(|x| x.by_user && x.text == "workers"));
}

#[test]
fn offsets_map_back_through_normalization() {
    let text = "\u{FEFF}Jane\u{00A0}Smith said\r\n\u{201C}we\u{2019}ll hire 300 people this year,\u{201D} on Monday.";
    let a = annotator().annotate(text);
    newsmark::check::invariants(text, &a).unwrap();
    assert!(
        a.annotations
            .iter()
            .any(|x| x.kind == Kind::Quote && x.text.starts_with("we\u{2019}ll")),
        "{}",
        newsmark::report::lines(text, &a)
    );
}

#[test]
fn a_correction_that_changes_nothing_says_so() {
    let fix = Correction::Remove {
        target: anchor(ARTICLE, "hired"),
        kind: Kind::Person,
    };
    let a = annotator().annotate_with(ARTICLE, &[fix]);
    assert_eq!(
        a.diagnostics
            .iter()
            .map(|d| (d.code, d.correction))
            .collect::<Vec<_>>(),
        vec![("correction_no_effect", Some(0))]
    );
}

/// Every input the fuzzer kept (its minimized corpus) and every crash it found, replayed on
/// stable Rust: annotate never panics and the invariants hold.
#[test]
fn fuzz_corpus_and_regressions_replay() {
    let mut n = 0;
    for dir in ["fuzz/corpus/annotate", "fuzz/regressions/annotate"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for e in entries {
            let path = e.expect("entry").path();
            let bytes = std::fs::read(&path).expect("read input");
            let text = String::from_utf8_lossy(&bytes);
            let a = annotator().annotate(&text);
            if let Err(err) = newsmark::check::invariants(&text, &a) {
                panic!("{}: {err}", path.display());
            }
            n += 1;
        }
    }
    assert!(n >= 10, "only {n} fuzz inputs replayed");
}

/// Hostile input: each text gets a valid analysis or a diagnostic, never a panic or a hang
/// (a quadratic stage would make the large cases run for hours). Speed is measured by the
/// benchmark, not here.
#[test]
fn hostile_inputs() {
    let para = "The ministry said on Monday that 1,200 workers at Acme Inc. had been laid off. \"We will appeal,\" said Jane Smith, a union leader.\n\n";
    let mut cases: Vec<(&str, String)> = vec![
        ("10 MB article", para.repeat(10 * 1024 * 1024 / para.len() + 1)),
        ("1 MB line without spaces", "a".repeat(1 << 20)),
        ("1 MB of one capitalised word", "Abc".repeat(350_000)),
        ("100,000 balanced quotes", "\"hi\" ".repeat(50_000)),
        ("100,000 unbalanced quotes", "\"".repeat(100_000)),
        ("100,000 curly and mixed marks", "“«„「‘".repeat(20_000)),
        ("RTL", "قال الرئيس محمد عبد الله إن \"الحكومة ستدفع 5 ملايين\" يوم الاثنين. ".repeat(200)),
        ("CJK", "東京の会社は月曜日に「新しい工場を建てる」と述べた。北京大学の李明教授が話した。".repeat(200)),
        ("emoji with skin tones and joiners", "👩🏽‍💻 👨‍👩‍👧‍👦 🇺🇳 said \"🎉 we won 🏆,\" Zoë 🤷🏾‍♀️. ".repeat(500)),
        ("combining accents", "Jose\u{301} Nu\u{303}n\u{303}ez said \"vamos\u{301}\" in Bogota\u{301}. ".repeat(500)),
        ("NUL and control characters", "Jane\u{0}Smith\u{1} said\u{7} \"hi\u{1b}[31m there\u{8}\" to\u{c} Acme\u{0} Inc.".repeat(300)),
        ("CRLF and lone CR", "Jane Smith said:\r\n\r\n\"We will win the vote.\"\rAcme Inc. agreed.\r\n".repeat(500)),
        ("HTML and script", "<p onclick=\"x()\">Jane <b>Smith</b> said <script>alert(\"hi\")</script> <img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">Acme</a></p>\n".repeat(500)),
        ("only punctuation", ".,;:!?()[]{}\"'“”‘’«»".repeat(5_000)),
        ("only newlines", "\n".repeat(100_000)),
        ("very long sentence", "Jane Smith and ".repeat(60_000) + "Acme Inc. said so."),
        ("many paragraphs of one word", "Acme\n\n".repeat(100_000)),
        ("corner brackets unbalanced", "「".repeat(50_000) + &"」".repeat(10)),
        // A reported clause made of dateline-like runs: each is looked for only in the
        // clause's first characters (a search of the whole clause per run was quadratic).
        (
            "a clause of datelines",
            "The bridge will reopen, officials said. ".to_string()
                + &"AAA -- ".repeat(100_000)
                + "the end, the mayor said.",
        ),
    ];
    let bytes: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    cases.push(("random bytes", String::from_utf8_lossy(&bytes).into_owned()));
    for (name, text) in &cases {
        let a = annotator().annotate(text);
        if let Err(e) = newsmark::check::invariants(text, &a) {
            panic!("{name}: {e}");
        }
    }
    // Over the size limit: a diagnostic and an analysis of the first part.
    let huge = para.repeat(newsmark::MAX_TEXT_BYTES / para.len() + 10);
    let a = annotator().annotate(&huge);
    assert!(a.diagnostics.iter().any(|d| d.code == "text_truncated"));
    newsmark::check::invariants(&huge, &a).unwrap();
}

/// Issue 14: no date or vehicle word is ever a speaker. Every template puts a date or a
/// vehicle (`statement`, `release`) next to the reporting verb, where subject-guessing took
/// it; in the vehicle templates who issued it is in the text, so the vehicle must give way.
#[test]
fn no_date_or_vehicle_word_is_a_speaker() {
    use newsmark::words::{TIME_WORDS, VEHICLE_NOUNS};
    const SAID: &str = "The bridge will stay closed until the inspection is done";
    let dates = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Today",
        "Yesterday",
        "Tuesday morning",
        "March 3",
        "Friday evening",
        "December",
    ];
    let date_templates = [
        "\"{Q},\" police said {D}.",
        "\"{Q},\" said {D}.",
        "\"{Q},\" {D} said.",
        "{D}, \"{Q},\" the mayor said.",
        "On {D}, the council said {q}.",
        "{D} the council said: \"{Q}.\"",
        "{D}, officials confirmed that {q}.",
        "The crews left on {D}.\n\n\"{Q}.\"",
    ];
    let vehicles = [
        "statement",
        "release",
        "news release",
        "press release",
        "email",
        "post",
        "report",
        "tweet",
        "letter",
        "bulletin",
    ];
    let vehicle_templates = [
        "The Harbour Authority issued a {V} on Friday. \"{Q},\" the {V} said.",
        "\"{Q},\" said a {V} from the Harbour Authority.",
        "\"{Q},\" a {V} from the Harbour Authority said.",
        "\"{Q},\" the Harbour Authority said in a {V}.",
        "In a {V}, the Harbour Authority said {q}.",
        "\"{Q},\" reads a {V} issued by the Harbour Authority.",
        "Councillor Rita Moreau answered on Friday. \"{Q},\" her {V} said.",
        "\"{Q},\" Rita Moreau's {V} said.",
    ];
    let lower_q = SAID[..1].to_lowercase() + &SAID[1..];
    let fill = |t: &str, d: &str, v: &str| {
        t.replace("{Q}", SAID)
            .replace("{q}", &lower_q)
            .replace("{D}", d)
            .replace("{V}", v)
    };
    let mut texts = vec![];
    for t in date_templates {
        for d in dates {
            texts.push(fill(t, d, ""));
        }
    }
    for t in vehicle_templates {
        for v in vehicles {
            texts.push(fill(t, "", v));
        }
    }
    let mut bad = vec![];
    for text in &texts {
        let r = annotator().annotate(text);
        for a in r.annotations.iter().filter(|a| a.kind == Kind::Quote) {
            let Some(sp) = a.quote.as_ref().and_then(|q| q.speaker.as_ref()) else {
                continue;
            };
            let words: Vec<String> = sp
                .text
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            let date = words
                .iter()
                .all(|w| TIME_WORDS.contains(w) || w.chars().all(|c| c.is_ascii_digit()));
            let vehicle = words.last().is_some_and(|w| VEHICLE_NOUNS.contains(w));
            if date || vehicle {
                bad.push(format!("{text:?}: speaker {:?}", sp.text));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} texts:\n{}",
        bad.len(),
        texts.len(),
        bad.join("\n")
    );
}
