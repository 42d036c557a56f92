use super::*;
use crate::Annotator;

/// An invented article: emoji (outside the BMP) before the tags, CRLF line ends, a direct
/// quote with its speaker, an organization, a tab inside a claim.
const ARTICLE: &str = "🦀🦀 Harbour news\r\n\r\nMaria Okonkwo, the mayor of Port Ellis, spoke on Monday.\r\n\r\n\"We will rebuild the pier by 2027,\" said Okonkwo.\r\n\r\nThe Harbour Trust\tsaid unemployment fell to 4.2 percent last year, down from 6.1 percent.\r\n";

fn annotated() -> (Annotator, Analysis) {
    let an = Annotator::new();
    let a = an.annotate(ARTICLE);
    (an, a)
}

/// Code points `start..end` of `text`.
fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn tags(a: &Analysis) -> Vec<(Kind, Span)> {
    let mut v: Vec<_> = a.annotations.iter().map(|x| (x.kind, x.span)).collect();
    v.sort_by_key(|t| (t.1.start, t.1.end, t.0 as u8));
    v
}

fn anchor(text: &str, what: &str) -> Anchor {
    let s = text.find(what).expect(what);
    Anchor::at(text, s, s + what.len())
}

#[test]
fn the_article_has_what_the_tests_need() {
    let (_, a) = annotated();
    let find = |k: Kind, t: &str| a.annotations.iter().find(|x| x.kind == k && x.text == t);
    assert!(find(Kind::Person, "Maria Okonkwo").is_some());
    assert!(find(Kind::Org, "Harbour Trust").is_some());
    let q = a
        .annotations
        .iter()
        .find(|x| x.kind == Kind::Quote)
        .unwrap();
    assert_eq!(
        q.quote.as_ref().unwrap().speaker.as_ref().unwrap().name,
        "Maria Okonkwo"
    );
    assert!(a
        .annotations
        .iter()
        .any(|x| x.kind == Kind::Claim && x.text.contains('\t')));
}

#[test]
fn names_round_trip() {
    for f in Format::ALL {
        assert_eq!(Format::from_name(f.name()), Some(f));
    }
    assert_eq!(Format::from_name("xml"), None);
    assert!(Format::W3c.importable() && Format::Spacy.importable());
    assert!(Format::Brat.importable() && Format::Conll.importable());
    assert!(!Format::QuotesCsv.importable());
}

#[test]
fn w3c_selectors_are_code_points_and_quotes() {
    let (_, a) = annotated();
    let v: Value = serde_json::from_str(&w3c(ARTICLE, &a)).unwrap();
    assert_eq!(v["type"], "AnnotationCollection");
    assert_eq!(v["@context"][0], "http://www.w3.org/ns/anno.jsonld");
    let items = v["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), a.annotations.len());
    assert_eq!(v["total"], a.annotations.len());
    for (it, x) in items.iter().zip(&a.annotations) {
        assert_eq!(it["type"], "Annotation");
        let sel = it["target"]["selector"].as_array().unwrap();
        let q = sel
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .unwrap();
        let p = sel
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .unwrap();
        let (s, e) = (
            p["start"].as_u64().unwrap() as usize,
            p["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(slice(ARTICLE, s, e), x.text, "position selects the tag");
        assert_eq!(q["exact"], x.text.as_str());
        let prefix = q["prefix"].as_str().unwrap();
        assert!(ARTICLE[..x.span.start].ends_with(prefix));
        assert!(ARTICLE[x.span.end..].starts_with(q["suffix"].as_str().unwrap()));
        assert_eq!(it["body"][0]["purpose"], "tagging");
        assert_eq!(it["body"][0]["value"], x.kind.as_str());
        assert_eq!(it["creator"]["type"], "Software");
        assert_eq!(it["generator"]["type"], "Software");
    }
    // After two emoji (4 UTF-16 units, 8 bytes, 2 code points) and a CRLF.
    let maria = items
        .iter()
        .find(|i| i["target"]["selector"][0]["exact"] == "Maria Okonkwo")
        .unwrap();
    assert_eq!(maria["target"]["selector"][1]["start"], 19);
    let quote = items
        .iter()
        .find(|i| i["body"][0]["value"] == "quote")
        .unwrap();
    let sp = quote["body"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b.get("nm:speaker").is_some())
        .unwrap();
    assert_eq!(sp["nm:speaker"]["name"], "Maria Okonkwo");
    assert_eq!(sp["nm:speaker"]["text"], "Okonkwo");
    let (s, e) = (
        sp["nm:speaker"]["start"].as_u64().unwrap() as usize,
        sp["nm:speaker"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(slice(ARTICLE, s, e), "Okonkwo");
    assert_eq!(sp["nm:direct"], true);
    let claim = items
        .iter()
        .find(|i| i["body"][0]["value"] == "claim")
        .unwrap();
    assert_eq!(claim["motivation"], "assessing");
    let score = claim["body"][1]["nm:score"].as_f64().unwrap();
    assert!(score > 0.5 && score <= 1.0);
    assert!(!claim["body"][1]["nm:reasons"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn w3c_marks_a_readers_tag_as_the_readers() {
    let an = Annotator::new();
    let fix = Correction::Add {
        target: anchor(ARTICLE, "Port Ellis"),
        kind: Kind::Org,
    };
    let a = an.annotate_with(ARTICLE, &[fix]);
    let v: Value = serde_json::from_str(&w3c(ARTICLE, &a)).unwrap();
    let items = v["first"]["items"].as_array().unwrap();
    let port = items
        .iter()
        .find(|i| {
            i["target"]["selector"][0]["exact"] == "Port Ellis" && i["body"][0]["value"] == "org"
        })
        .unwrap();
    assert_eq!(port["creator"]["type"], "Person");
    assert_eq!(port["nm:corrected"], true);
    assert_eq!(port["generator"]["type"], "Software");
}

#[test]
fn spacy_spans_slice_the_text_by_code_points() {
    let (_, a) = annotated();
    let out = spacy(ARTICLE, &a);
    assert_eq!(out.lines().count(), 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["text"], ARTICLE);
    let spans = v["spans"].as_array().unwrap();
    assert_eq!(spans.len(), a.annotations.len());
    for (s, x) in spans.iter().zip(&a.annotations) {
        let (b, e) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(slice(ARTICLE, b, e), x.text);
        assert_eq!(s["label"], label(x.kind));
        assert_eq!(s["provenance"], "model", "nothing corrected yet");
    }
    assert!(spans
        .iter()
        .any(|s| s["label"] == "PERSON" && s["start"] == 19 && s["end"] == 32));
}

#[test]
fn spacy_spans_say_who_made_each_tag() {
    let an = Annotator::new();
    let fixes = [
        // Confirmed by the reader (an add on the model's own tag), and one the reader added.
        Correction::Add {
            target: anchor(ARTICLE, "Maria Okonkwo"),
            kind: Kind::Person,
        },
        Correction::Add {
            target: anchor(ARTICLE, "the pier"),
            kind: Kind::Org,
        },
    ];
    let a = an.annotate_with(ARTICLE, &fixes);
    let v: Value = serde_json::from_str(&spacy(ARTICLE, &a)).unwrap();
    let who = |t: &str| {
        let s = v["spans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| {
                slice(
                    ARTICLE,
                    s["start"].as_u64().unwrap() as usize,
                    s["end"].as_u64().unwrap() as usize,
                ) == t
            })
            .unwrap_or_else(|| panic!("{t} is tagged"));
        s["provenance"].as_str().unwrap().to_string()
    };
    assert_eq!(who("Maria Okonkwo"), "person");
    assert_eq!(who("the pier"), "person");
    assert_eq!(who("Harbour Trust"), "model");
    // The import reads the file back unchanged, the field notwithstanding.
    let back = import(Format::Spacy, ARTICLE, &spacy(ARTICLE, &a), &a).unwrap();
    assert!(back.corrections.is_empty());
}

#[test]
fn brat_lines_are_well_formed_and_offsets_slice_the_txt() {
    let an = Annotator::new();
    // A tag across a CRLF and a blank line: written as two fragments.
    let fix = Correction::Add {
        target: anchor(ARTICLE, "Monday.\r\n\r\n\"We will"),
        kind: Kind::Claim,
    };
    let a = an.annotate_with(ARTICLE, &[fix]);
    let ann = brat(ARTICLE, &a);
    let mut ts = 0;
    for line in ann.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match line.as_bytes()[0] {
            b'T' => {
                ts += 1;
                assert_eq!(f.len(), 3, "{line:?}");
                let (ty, offs) = f[1].split_once(' ').unwrap();
                assert!(["PERSON", "ORG", "QUOTE", "CLAIM", "SPEAKER"].contains(&ty));
                let pieces: Vec<String> = offs
                    .split(';')
                    .map(|p| {
                        let (s, e) = p.split_once(' ').unwrap();
                        slice(ARTICLE, s.parse().unwrap(), e.parse().unwrap())
                    })
                    .collect();
                for p in &pieces {
                    assert!(
                        !p.contains(['\r', '\n']),
                        "a fragment stays on its line: {p:?}"
                    );
                }
                assert_eq!(f[2], pieces.join(" ").replace('\t', " "));
            }
            b'R' => assert!(f.len() == 2 && f[1].starts_with("Speaker Arg1:T")),
            b'A' => assert!(f[1].starts_with("Indirect T")),
            b'#' => assert!(f.len() == 3 && f[1].starts_with("AnnotatorNotes T")),
            _ => panic!("unexpected line {line:?}"),
        }
    }
    assert_eq!(ts, a.annotations.len());
    assert!(
        ann.contains("\tCLAIM 68 75;79 87\tMonday. \"We will\n"),
        "{ann}"
    );
    // The tab in the claim became a space in its text field; the offsets still count it.
    assert!(ann.contains("The Harbour Trust said unemployment"));
    assert!(ann.contains("\tSpeaker Arg1:T") && ann.contains("\tspeaker: Maria Okonkwo\n"));
    // A claim's note: its score and reasons (the trust's report is now a quote of it, so its
    // first reason says who said it).
    assert!(ann.contains("\tAnnotatorNotes T") && ann.contains("attributed to Harbour Trust"));
    assert!(ann.contains("contains a number"));
}

#[test]
fn brat_speaker_that_is_not_a_name_is_a_speaker_tag_and_indirect_quotes_are_marked() {
    let text = "The mayor spoke. She said that the pier would be rebuilt by spring.";
    let an = Annotator::new();
    let fixes = [Correction::SetSpeaker {
        target: anchor(text, "the pier would be rebuilt by spring"),
        speaker: SpeakerFix {
            name: "the mayor".into(),
            mention: Some(anchor(text, "The mayor")),
        },
    }];
    let a = an.annotate_with(text, &fixes);
    let ann = brat(text, &a);
    assert!(ann.contains("\tSPEAKER 0 9\tThe mayor\n"), "{ann}");
    assert!(ann.contains("\tSpeaker Arg1:T"));
    let q = a
        .annotations
        .iter()
        .find(|x| x.kind == Kind::Quote)
        .unwrap();
    if !q.quote.as_ref().unwrap().direct {
        assert!(ann.contains("\tIndirect T"));
    }
}

#[test]
fn conll_is_one_token_a_line_with_iob_tags() {
    let (_, a) = annotated();
    let c = conll(ARTICLE, &a);
    let mut sentences = 0;
    let mut prev_blank = true;
    let mut rows = vec![];
    for line in c.lines() {
        if line.is_empty() {
            assert!(!prev_blank, "no two blank lines in a row");
            sentences += 1;
            prev_blank = true;
            continue;
        }
        prev_blank = false;
        let (tok, tag) = line.split_once('\t').unwrap();
        assert!(
            !tok.is_empty() && !tok.contains(char::is_whitespace),
            "{line:?}"
        );
        assert!(
            ["O", "B-PER", "I-PER", "B-ORG", "I-ORG"].contains(&tag),
            "{line:?}"
        );
        rows.push((tok, tag));
    }
    assert!(c.ends_with("\n\n"));
    assert_eq!(sentences, 4);
    let w = |t: &str| rows.iter().find(|r| r.0 == t).unwrap().1;
    assert_eq!((w("Maria"), w("Okonkwo")), ("B-PER", "I-PER"));
    assert_eq!((w("Harbour"), w("Trust")), ("O", "I-ORG")); // the headline's Harbour first
    assert!(
        c.contains("The\tO\nHarbour\tB-ORG\nTrust\tI-ORG\nsaid\tO\n"),
        "the tab splits tokens"
    );
    assert!(c.contains("said\tO\nOkonkwo\tB-PER\n"));
    // An I- tag always follows a tag of the same name kind.
    for pair in rows.windows(2) {
        if let Some(k) = pair[1].1.strip_prefix("I-") {
            assert!(pair[0].1.ends_with(k));
        }
    }
}

#[test]
fn quotes_csv_has_one_row_a_quote_by_speaker() {
    let text = "\"Nobody asked us, and nobody will,\" Tom Brown, a union leader, told reporters.\n\n\"We will =SUM(A1) raise taxes,\" said Jane Smith, the finance minister.\n";
    let an = Annotator::new();
    let a = an.annotate(text);
    let csv = quotes_csv(text, &a);
    assert!(csv.starts_with("\u{feff}speaker,quote,start,end,type\r\n"));
    let rows: Vec<&str> = csv.trim_end().split("\r\n").skip(1).collect();
    let quotes: Vec<_> = a
        .annotations
        .iter()
        .filter(|x| x.kind == Kind::Quote)
        .collect();
    assert_eq!(rows.len(), quotes.len());
    assert_eq!(quotes.len(), 2, "{csv}");
    assert!(
        rows[0].starts_with("Jane Smith,\"We will =SUM(A1) raise taxes,\","),
        "{csv}"
    );
    assert!(rows[1].starts_with("Tom Brown,"));
    let tricky = Correction::SetSpeaker {
        target: anchor(text, "Nobody asked us, and nobody will,"),
        speaker: SpeakerFix {
            name: "=HYPERLINK(\"x\")".into(),
            mention: None,
        },
    };
    let csv2 = quotes_csv(text, &an.annotate_with(text, &[tricky]));
    assert!(
        csv2.contains("\r\n\"'=HYPERLINK(\"\"x\"\")\",\"Nobody"),
        "a formula cell is neutralised: {csv2}"
    );
    for q in &quotes {
        let cp = code_points(text, [q.span.start, q.span.end]);
        assert!(csv.contains(&format!(",{},{},", cp[&q.span.start], cp[&q.span.end])));
    }
    let speakers: Vec<&str> = rows.iter().map(|r| r.split(',').next().unwrap()).collect();
    let mut sorted = speakers.clone();
    sorted.sort_by_key(|s| (s.is_empty(), s.to_lowercase()));
    assert_eq!(speakers, sorted, "rows sorted by speaker");
}

fn round_trip(format: Format, fixes: &[Correction]) {
    let an = Annotator::new();
    let corrected = an.annotate_with(ARTICLE, fixes);
    let file = export(format, ARTICLE, &corrected);
    // Into the same text with no corrections: the import's corrections give the same tags.
    let fresh = an.annotate(ARTICLE);
    let imp = import(format, ARTICLE, &file, &fresh).unwrap();
    let again = an.annotate_with(ARTICLE, &imp.corrections);
    assert_eq!(tags(&again), tags(&corrected), "{}", format.name());
    if format == Format::W3c || format == Format::Brat {
        let speakers = |a: &Analysis| -> Vec<Option<String>> {
            a.annotations
                .iter()
                .filter_map(|x| x.quote.as_ref())
                .map(|q| q.speaker.as_ref().map(|s| s.name.clone()))
                .collect()
        };
        assert_eq!(speakers(&again), speakers(&corrected));
    }
    // Imported again on top of itself: nothing left to do.
    let same = import(format, ARTICLE, &file, &corrected).unwrap();
    assert!(same.corrections.is_empty(), "{:?}", same.corrections);
}

fn some_corrections() -> Vec<Correction> {
    vec![
        Correction::ChangeKind {
            target: anchor(ARTICLE, "Port Ellis"),
            from: Kind::Person,
            to: Kind::Org,
        },
        Correction::Remove {
            target: anchor(ARTICLE, "Harbour Trust"),
            kind: Kind::Org,
        },
        Correction::Add {
            target: anchor(ARTICLE, "Harbour news"),
            kind: Kind::Org,
        },
        Correction::SetSpeaker {
            target: anchor(ARTICLE, "We will rebuild the pier by 2027,"),
            speaker: SpeakerFix {
                name: "Port Ellis".into(),
                mention: Some(anchor(ARTICLE, "Port Ellis")),
            },
        },
    ]
}

#[test]
fn w3c_round_trip_reproduces_tags_and_speakers() {
    round_trip(Format::W3c, &[]);
    round_trip(Format::W3c, &some_corrections());
}

#[test]
fn spacy_round_trip_reproduces_tags() {
    round_trip(Format::Spacy, &[]);
    round_trip(Format::Spacy, &some_corrections());
}

#[test]
fn brat_round_trip_reproduces_tags_and_speakers() {
    round_trip(Format::Brat, &[]);
    round_trip(Format::Brat, &some_corrections());
}

#[test]
fn conll_round_trip_reproduces_names_and_leaves_quotes_and_claims() {
    round_trip(Format::Conll, &[]);
    // Only names change: the corrections' quote speaker is not CoNLL's to carry.
    let names: Vec<Correction> = some_corrections()
        .into_iter()
        .filter(|c| !matches!(c, Correction::SetSpeaker { .. }))
        .collect();
    round_trip(Format::Conll, &names);
    // A CoNLL file never removes a quote or a claim.
    let an = Annotator::new();
    let fresh = an.annotate(ARTICLE);
    let file = export(Format::Conll, ARTICLE, &fresh);
    let mut fewer = fresh.clone();
    fewer.annotations.retain(|x| x.kind != Kind::Person);
    let imp = import(Format::Conll, ARTICLE, &file, &fresh).unwrap();
    assert!(imp.corrections.is_empty());
    assert!(fresh.annotations.iter().any(|x| x.kind == Kind::Quote));
}

#[test]
fn brat_and_conll_from_other_tools_read_their_tags() {
    let text = "Ana Ruiz joined Vela Labs.\nShe said \"we grow\".";
    let an = Annotator::new();
    let a = an.annotate(text);
    // Hand-written brat: a tag in two fragments, a quote with a SPEAKER mention, notes.
    let ann = "T1\tPERSON 0 8\tAna Ruiz\nT2\tORGANIZATION 16 25\tVela Labs\n\
               T3\tQUOTE 37 44\twe grow\nT4\tSPEAKER 27 30\tShe\n\
               R1\tSpeaker Arg1:T3 Arg2:T4\n#1\tAnnotatorNotes T3\tspeaker: Ana Ruiz\nA1\tIndirect T3\n";
    assert_eq!(detect(ann), Some(Format::Brat));
    let imp = import(Format::Brat, text, ann, &a).unwrap();
    let got = an.annotate_with(text, &imp.corrections);
    let has = |k: Kind, t: &str| got.annotations.iter().any(|x| x.kind == k && x.text == t);
    assert!(
        has(Kind::Person, "Ana Ruiz") && has(Kind::Org, "Vela Labs") && has(Kind::Quote, "we grow")
    );
    let q = got
        .annotations
        .iter()
        .find(|x| x.kind == Kind::Quote)
        .unwrap();
    let sp = q.quote.as_ref().unwrap().speaker.as_ref().unwrap();
    assert_eq!(sp.name, "Ana Ruiz");
    assert_eq!(sp.text, "She");
    // CoNLL-2003 style: space-separated columns, the tag last, -DOCSTART-.
    let conll = "-DOCSTART- -X- O O\n\nAna NNP B-NP B-PER\nRuiz NNP I-NP I-PER\njoined VBD B-VP O\n\
                 Vela NNP B-NP B-ORG\nLabs NNP I-NP I-ORG\n. . O O\n\nShe PRP B-NP O\nsaid VBD B-VP O\n\
                 \" \" O O\nwe PRP B-NP O\ngrow VBP B-VP O\n\" \" O O\n. . O O\n";
    assert_eq!(detect(conll), Some(Format::Conll));
    let imp = import(Format::Conll, text, conll, &a).unwrap();
    let got = an.annotate_with(text, &imp.corrections);
    let names: Vec<(Kind, &str)> = got
        .annotations
        .iter()
        .filter(|x| x.kind.is_name())
        .map(|x| (x.kind, x.text.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![(Kind::Person, "Ana Ruiz"), (Kind::Org, "Vela Labs")]
    );
}

#[test]
fn bad_brat_and_conll_files_are_refused_with_a_reason() {
    let (_, a) = annotated();
    let b = brat(ARTICLE, &a);
    let c = conll(ARTICLE, &a);
    let other =
        "Somebody else wrote this entirely different article about nothing at all, at length.";
    let err = |f: Format, text: &str, content: &str| import(f, text, content, &a).unwrap_err().0;
    assert!(
        err(Format::Brat, other, &b).contains("another text"),
        "{}",
        err(Format::Brat, other, &b)
    );
    assert!(
        err(Format::Conll, other, &c).contains("another text"),
        "{}",
        err(Format::Conll, other, &c)
    );
    assert!(
        err(Format::Brat, ARTICLE, "T1\tPERSON 0 4\tx\nT1\tORG 5 6\ty\n").contains("used twice")
    );
    assert!(err(Format::Brat, ARTICLE, "T1\tPLACE 0 4\tabcd\n").contains("is not one of"));
    assert!(err(Format::Brat, ARTICLE, "{\"text\": 1}").contains("not a brat"));
    assert!(err(Format::Brat, ARTICLE, "T1\tPERSON 0 99999\tx\n").contains("not a stretch"));
    assert!(err(Format::Conll, ARTICLE, "Harbour\tB-LOC\n").contains("is not one of"));
    assert!(err(Format::Conll, ARTICLE, "just words\n").contains("is not O"));
    // The article goes on after the file's last token.
    let half: String = c.lines().take(3).map(|l| format!("{l}\n")).collect();
    assert!(err(Format::Conll, ARTICLE, &half).contains("ends before the article"));
    // Nothing was changed: the current analysis is the caller's, and no correction is made.
}

#[test]
fn import_from_a_crlf_file_into_the_same_text_with_lf() {
    let an = Annotator::new();
    let lf_text = ARTICLE.replace("\r\n", "\n");
    let corrected = an.annotate_with(ARTICLE, &some_corrections());
    for f in [Format::W3c, Format::Spacy] {
        let file = export(f, ARTICLE, &corrected);
        let imp = import(f, &lf_text, &file, &an.annotate(&lf_text)).unwrap();
        let again = an.annotate_with(&lf_text, &imp.corrections);
        let texts = |a: &Analysis| -> Vec<(Kind, String)> {
            let mut v: Vec<_> = a
                .annotations
                .iter()
                .map(|x| (x.kind, x.text.replace('\r', "")))
                .collect();
            v.sort_by(|x, y| (x.1.as_str(), x.0 as u8).cmp(&(y.1.as_str(), y.0 as u8)));
            v
        };
        assert_eq!(texts(&again), texts(&corrected), "{}", f.name());
    }
}

#[test]
fn detect_tells_the_formats_apart() {
    let (_, a) = annotated();
    assert_eq!(detect(&w3c(ARTICLE, &a)), Some(Format::W3c));
    assert_eq!(detect(&spacy(ARTICLE, &a)), Some(Format::Spacy));
    assert_eq!(detect(&brat(ARTICLE, &a)), Some(Format::Brat));
    assert_eq!(detect(&conll(ARTICLE, &a)), Some(Format::Conll));
    assert_eq!(
        detect("{\"format\": \"newsmark-analysis\", \"version\": 1}"),
        None
    );
    assert_eq!(detect("not json"), None);
}

#[test]
fn bad_files_are_refused_with_a_reason() {
    let (_, a) = annotated();
    let w = w3c(ARTICLE, &a);
    let s = spacy(ARTICLE, &a);
    let other = "Somebody else wrote this entirely different article about nothing at all.";
    let err = |f: Format, text: &str, c: &str| import(f, text, c, &a).unwrap_err().0;
    assert!(err(Format::W3c, other, &w).contains("is not in this article"));
    assert!(err(Format::Spacy, other, &s).contains("is not this article"));
    assert!(err(Format::W3c, ARTICLE, "{ nope").starts_with("it is not a JSON file"));
    assert!(err(Format::W3c, ARTICLE, "{\"hello\": 1}").contains("not a W3C Web Annotation file"));
    assert!(
        err(Format::Spacy, ARTICLE, &w).contains("not JSON")
            || err(Format::Spacy, ARTICLE, &w).contains("no \"text\"")
    );
    assert!(err(Format::Spacy, ARTICLE, "{\"hello\": 1}").contains("no \"text\" string"));
    assert!(err(Format::QuotesCsv, ARTICLE, "speaker,quote").contains("cannot be imported"));
    assert!(err(Format::Brat, ARTICLE, "T1\tPERSON 0 1\tx").contains("reads \"x\""));
    // Every line is checked, not only up to the article's.
    let broken = format!("{s}{{\"text\": \"x\", \"spans\": [");
    assert!(err(Format::Spacy, ARTICLE, &broken).starts_with("line 2 is not JSON"));
    // Duplicate ids.
    let mut v: Value = serde_json::from_str(&w).unwrap();
    let items = v["first"]["items"].as_array_mut().unwrap();
    items[2]["id"] = items[0]["id"].clone();
    let msg = err(Format::W3c, ARTICLE, &v.to_string());
    assert_eq!(
        msg,
        "annotation 3: its id \"urn:newsmark:annotation:1\" was already used by annotation 1"
    );
    // An unknown label, offsets outside the text.
    let bad = s.replacen("\"PERSON\"", "\"GPE\"", 1);
    assert!(err(Format::Spacy, ARTICLE, &bad)
        .contains("label \"GPE\" is not one of PERSON, ORG, QUOTE, CLAIM"));
    let far = s.replacen("\"end\":32", "\"end\":99999", 1);
    assert!(
        err(Format::Spacy, ARTICLE, &far).contains("are not a stretch of the text"),
        "{}",
        err(Format::Spacy, ARTICLE, &far)
    );
}

#[test]
fn a_moved_text_is_found_by_its_quote_selector() {
    let an = Annotator::new();
    let corrected = an.annotate_with(ARTICLE, &some_corrections());
    let file = w3c(ARTICLE, &corrected);
    let longer = format!("UPDATED — {ARTICLE}");
    let imp = import(Format::W3c, &longer, &file, &an.annotate(&longer)).unwrap();
    let again = an.annotate_with(&longer, &imp.corrections);
    let texts = |a: &Analysis| -> Vec<(Kind, String)> {
        let mut v: Vec<_> = a
            .annotations
            .iter()
            .map(|x| (x.kind, x.text.clone()))
            .collect();
        v.sort_by(|x, y| (x.1.as_str(), x.0 as u8).cmp(&(y.1.as_str(), y.0 as u8)));
        v
    };
    assert_eq!(texts(&again), texts(&corrected));
}
