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

/// A person run the tagger read across a role, a verb or a preposition holds only the names on
/// its sides that are people's: before a role is whom the person works for, after a
/// preposition where the person is from (`split_people` on the whole sentence as one run).
#[test]
fn a_run_read_across_a_role_verb_or_preposition_splits_into_its_people() {
    let lx = Lexicon::from_bytes(crate::LEXICON, crate::KNOWN_ORGS).unwrap();
    for (text, people) in [
        ("Labour leader Tony Blair", vec!["Tony Blair"]),
        (
            "World Bank President James Wolfensohn",
            vec!["James Wolfensohn"],
        ),
        (
            "Pete Sampras beat Javier Frana",
            vec!["Pete Sampras", "Javier Frana"],
        ),
        (
            "Ned Quist of Sherman and Hal Brewster",
            vec!["Ned Quist", "Hal Brewster"],
        ),
        ("Ludwig van Beethoven", vec!["Ludwig van Beethoven"]),
    ] {
        let doc = crate::segment::segment(text);
        let got: Vec<&str> = runs::split_people(text, &doc, &lx, 0, doc.tokens.len())
            .into_iter()
            .map(|(a, b)| &text[doc.tokens[a].span.start..doc.tokens[b - 1].span.end])
            .collect();
        assert_eq!(got, people, "{text}");
    }
}

/// `data/lexicon.txt` keeps each word's lower-case count rounded down to a step of
/// `tools/build_lexicon.py` (`LOWER_STEPS`), so every threshold a count is compared with must
/// be a step, or no more than the least one (a word seen less is not in the file).
#[test]
fn every_threshold_on_a_lower_case_count_is_a_step_of_the_lexicon() {
    const STEPS: [u32; 7] = [4, 10, 20, 30, 100, 200, 1000];
    for t in [
        super::context::COMMON_WORD_COUNT,
        super::context::VERY_COMMON_WORD_COUNT,
        crate::pipeline::KNOWN_WORD_COUNT,
        // the tagger's orders of magnitude (src/names/features/info.rs `common_bucket`)
        10,
        100,
        1000,
    ] {
        assert!(t <= STEPS[0] || STEPS.contains(&t), "{t}");
    }
    let lx = crate::lexicon::Lexicon::from_bytes(crate::LEXICON, crate::KNOWN_ORGS).unwrap();
    for w in ["the", "city", "said", "government"] {
        assert!(STEPS.contains(&lx.lower_count(w)), "{w}");
    }
}
