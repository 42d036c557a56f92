//! The `newsmark` binary as a user runs it: help, version, errors, the three ways to annotate.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn newsmark(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmark"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // A command refused before it reads its input (`--jobs 0`) closes the pipe early: the
    // write then fails with a broken pipe, which is not the test's failure.
    let written = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    if let Err(e) = written {
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe,
            "writing the input: {e}"
        );
    }
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const ARTICLE: &str = "\"We will open the new quay in May,\" said Mira Tanaka, who chairs the Port Elling Harbour Authority.";

#[test]
fn help_and_version() {
    let h = newsmark(&["--help"], "");
    assert!(h.status.success());
    assert!(out(&h).contains("annotate"), "{}", out(&h));
    let h = newsmark(&["annotate", "--help"], "");
    assert!(out(&h).contains("--jsonl") && out(&h).contains("--corrections"));
    let v = newsmark(&["--version"], "");
    assert_eq!(
        out(&v).trim(),
        format!("newsmark {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn mistakes_get_a_message_and_exit_code_2() {
    let o = newsmark(&["annotate", "--bogus"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--bogus"), "{}", err(&o));
    let o = newsmark(&["annotate", "--format", "xml"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("json") && err(&o).contains("text"),
        "{}",
        err(&o)
    );
    let o = newsmark(&["annotate", "/no/such/article.txt"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("/no/such/article.txt"), "{}", err(&o));
    let o = newsmark(&["annotate", "--jsonl"], "{\"id\": 1}\n");
    assert_eq!(
        o.status.code(),
        Some(1),
        "a failed line is reported, not fatal"
    );
    assert!(err(&o).contains("1 of 1 lines"), "{}", err(&o));
    let o = newsmark(&[], "");
    assert_eq!(o.status.code(), Some(2), "a command is needed");
}

#[test]
fn annotates_standard_input_as_json_and_as_text() {
    let o = newsmark(&["annotate"], ARTICLE);
    assert!(o.status.success(), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).expect("JSON");
    let people: Vec<&str> = v["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "person")
        .map(|a| a["text"].as_str().unwrap())
        .collect();
    assert_eq!(people, vec!["Mira Tanaka"]);
    assert!(v["furniture"].as_array().unwrap().is_empty());
    let t = newsmark(&["annotate", "--format", "text"], ARTICLE);
    assert!(
        out(&t)
            .lines()
            .any(|l| l.starts_with("quote") && l.contains("speaker=Mira Tanaka")),
        "{}",
        out(&t)
    );
}

#[test]
fn json_lines_keep_ids_and_order() {
    let input = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "b", "text": ARTICLE}),
        serde_json::json!({"id": 7, "text": "Nothing here."})
    );
    let o = newsmark(&["annotate", "--jsonl"], &input);
    assert!(o.status.success(), "{}", err(&o));
    let lines: Vec<serde_json::Value> = out(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "b");
    assert_eq!(lines[1]["id"], 7);
    assert!(!lines[0]["annotations"].as_array().unwrap().is_empty());
}

/// A saved page (invented): menus, an article, teasers, a footer, a script.
fn page_html() -> String {
    let paras = [
        "The council of Port Elling voted on Monday to keep the island ferry running through the winter, after a campaign by residents who said the service was their only link to the hospital on the mainland.",
        "\"Without the boat we are cut off for months,\" said Tomas Berg, who led the campaign. The vote was nine to four, and the council will pay for the extra crossings from its own reserve fund.",
        "The ferry company said it would need two more crew members to run the service in bad weather, and that it had already begun to look for them in the towns along the coast.",
        "Residents of the island had collected more than two thousand signatures in a month, and the island school head teacher read them out at the meeting to long applause.",
    ];
    format!(
        "<!DOCTYPE html><html><head><title>Harbour town keeps its ferry</title><script>var x = 'Heidi Lund';</script></head>\
         <body><nav><ul><li><a href=\"/n\">News</a></li><li><a href=\"/s\">Sport</a></li><li><a href=\"/i\">Sign in</a></li></ul></nav>\
         <article><h1>Harbour town keeps its ferry</h1>{}</article>\
         <aside><h2>Related</h2><ul><li><a href=\"/r\">Heidi Lund wins the coastal rowing race</a></li></ul></aside>\
         <footer>Copyright 2031 The Coast Courier</footer></body></html>",
        paras.iter().map(|p| format!("<p>{p}</p>")).collect::<String>()
    )
}

#[test]
fn a_saved_page_is_read_for_its_main_content() {
    let dir = std::env::temp_dir().join(format!("newsmark-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("page.html");
    std::fs::write(&file, page_html()).unwrap();
    let o = newsmark(&["annotate", file.to_str().unwrap()], "");
    assert!(o.status.success(), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let text = v["text"].as_str().expect("the text the offsets refer to");
    assert!(text.contains("The council of Port Elling voted"), "{text}");
    for furniture in ["Sign in", "Heidi Lund", "Copyright 2031", "var x"] {
        assert!(!text.contains(furniture), "{furniture} is left out: {text}");
    }
    // Offsets (code points) slice that text.
    let chars: Vec<char> = text.chars().collect();
    for a in v["annotations"].as_array().unwrap() {
        let (s, e) = (
            a["start"].as_u64().unwrap() as usize,
            a["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[s..e].iter().collect::<String>(),
            a["text"].as_str().unwrap()
        );
    }
    assert!(v["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["text"] == "Tomas Berg"));
    // The same page as a JSON line with an `html` field.
    let line = serde_json::json!({"id": "p", "html": page_html()}).to_string() + "\n";
    let o = newsmark(&["annotate", "--jsonl"], &line);
    assert!(o.status.success(), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(out(&o).trim()).unwrap();
    assert_eq!(v["text"].as_str().unwrap(), text);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_bad_line_gets_an_error_record_and_the_batch_goes_on() {
    let mut input = Vec::new();
    input.extend_from_slice(
        serde_json::json!({"id": "a", "text": ARTICLE})
            .to_string()
            .as_bytes(),
    );
    input.extend_from_slice(b"\nnot json at all\n");
    input.extend_from_slice(b"{\"id\": \"c\", \"text\": \"caf\xff\"}\n");
    input.extend_from_slice(b"{\"id\": \"d\"}\n");
    input.extend_from_slice(
        serde_json::json!({"id": "e", "text": "Nothing here."})
            .to_string()
            .as_bytes(),
    );
    input.push(b'\n');
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmark"))
        .args(["annotate", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1), "some lines failed");
    assert!(err(&o).contains("3 of 5 lines"), "{}", err(&o));
    let lines: Vec<serde_json::Value> = out(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5, "one record a line, in order");
    assert_eq!(lines[0]["id"], "a");
    assert!(lines[0]["annotations"].is_array());
    assert!(lines[1]["error"].as_str().unwrap().contains("not JSON"));
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[2]["error"].as_str().unwrap().contains("not UTF-8"));
    assert_eq!(lines[3]["id"], "d");
    assert!(lines[3]["error"].as_str().unwrap().contains("text"));
    assert_eq!(lines[4]["id"], "e");
}

#[test]
fn invalid_utf8_in_a_file_is_a_diagnostic_with_the_count() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmark"))
        .args(["annotate"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Mira Tanaka said the quay \xff will open \xc3 in May.")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "invalid_utf8")
        .expect("an invalid_utf8 diagnostic");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .starts_with("2 byte sequences"),
        "{d}"
    );
}

#[test]
fn jobs_keep_the_input_order_and_the_results() {
    let input: String = (0..40)
        .map(|i| {
            let text = if i % 3 == 0 {
                ARTICLE.to_string()
            } else {
                format!("Item {i} has no names.")
            };
            serde_json::json!({"id": i, "text": text}).to_string() + "\n"
        })
        .collect();
    let one = newsmark(&["annotate", "--jsonl", "--jobs", "1"], &input);
    let four = newsmark(&["annotate", "--jsonl", "--jobs", "4"], &input);
    assert!(one.status.success() && four.status.success());
    assert_eq!(out(&one), out(&four));
    let ids: Vec<i64> = out(&four)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_i64()
                .unwrap()
        })
        .collect();
    assert_eq!(ids, (0..40).collect::<Vec<_>>());
    let o = newsmark(&["annotate", "--jsonl", "--jobs", "0"], &input);
    assert_eq!(o.status.code(), Some(2), "--jobs 0 is refused");
}

/// An article with emoji (outside the BMP), CRLF line ends and a tab.
const CRLF_ARTICLE: &str = "🦀 Port news\r\n\r\n\"We will open the new quay in May,\" said Mira Tanaka, who chairs the Port Elling Harbour Authority.\r\n\r\nThe authority\tsaid traffic rose 12 percent last year.\r\n";

/// Code points `start..end` of `text`.
fn cps(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

fn annotate_as(format: &str) -> String {
    let o = newsmark(&["annotate", "--format", format], CRLF_ARTICLE);
    assert!(o.status.success(), "{format}: {}", err(&o));
    out(&o)
}

#[test]
fn every_standard_format_has_code_point_offsets_that_slice_the_input() {
    let json: serde_json::Value = serde_json::from_str(&annotate_as("json")).unwrap();
    let tags: Vec<(String, u64, u64)> = json["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["kind"].as_str().unwrap().to_string(),
                a["start"].as_u64().unwrap(),
                a["end"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(tags.iter().any(|t| t.0 == "person") && tags.iter().any(|t| t.0 == "quote"));

    // W3C: the same tags, each with a quote and a position selector.
    let w3c: serde_json::Value = serde_json::from_str(&annotate_as("w3c")).unwrap();
    assert_eq!(w3c["type"], "AnnotationCollection");
    let items = w3c["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), tags.len());
    for (it, t) in items.iter().zip(&tags) {
        assert_eq!(it["body"][0]["value"], t.0.as_str());
        let sel = &it["target"]["selector"];
        assert_eq!(sel[1]["start"], t.1);
        assert_eq!(sel[1]["end"], t.2);
        assert_eq!(sel[0]["exact"], cps(CRLF_ARTICLE, t.1, t.2).as_str());
    }
    let quote = items
        .iter()
        .find(|i| i["body"][0]["value"] == "quote")
        .unwrap();
    assert_eq!(quote["body"][1]["nm:speaker"]["name"], "Mira Tanaka");

    // spaCy: one line, the input as "text".
    let sp = annotate_as("spacy");
    assert_eq!(sp.lines().count(), 1);
    let sp: serde_json::Value = serde_json::from_str(&sp).unwrap();
    assert_eq!(sp["text"], CRLF_ARTICLE);
    for (s, t) in sp["spans"].as_array().unwrap().iter().zip(&tags) {
        assert_eq!(
            (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap()),
            (t.1, t.2)
        );
        assert_eq!(
            s["label"].as_str().unwrap(),
            t.0.to_uppercase().as_str(),
            "labels PERSON ORG QUOTE CLAIM"
        );
    }

    // brat: T lines whose fragments slice the input (the .txt).
    let ann = annotate_as("brat");
    let mut ts = 0;
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        ts += 1;
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 3, "{line:?}");
        let (_, offs) = f[1].split_once(' ').unwrap();
        let pieces: Vec<String> = offs
            .split(';')
            .map(|p| {
                let (s, e) = p.split_once(' ').unwrap();
                cps(CRLF_ARTICLE, s.parse().unwrap(), e.parse().unwrap())
            })
            .collect();
        assert_eq!(f[2], pieces.join(" ").replace('\t', " "), "{line:?}");
    }
    assert!(ts >= tags.len());
    assert!(ann.contains("\tspeaker: Mira Tanaka\n"), "{ann}");

    // CoNLL: token<TAB>tag lines, blank lines between sentences.
    let conll = annotate_as("conll");
    assert!(conll.contains("Mira\tB-PER\nTanaka\tI-PER\n"), "{conll}");
    assert!(conll.contains("\n\n"));
    for l in conll.lines().filter(|l| !l.is_empty()) {
        assert_eq!(l.matches('\t').count(), 1, "{l:?}");
    }

    // Quotes by speaker.
    let csv = annotate_as("quotes-csv");
    let q = tags.iter().find(|t| t.0 == "quote").unwrap();
    assert!(csv.starts_with("\u{feff}speaker,quote,start,end,type\r\n"));
    assert!(
        csv.contains(&format!(
            "Mira Tanaka,\"{}\",{},{},direct\r\n",
            cps(CRLF_ARTICLE, q.1, q.2).replace('"', "\"\""),
            q.1,
            q.2
        )),
        "{csv}"
    );
}

#[test]
fn standard_formats_carry_the_corrections() {
    let dir = std::env::temp_dir().join(format!("newsmark-cli-fmt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixes = dir.join("fixes.json");
    // The authority, tagged by the reader (offsets in code points, after the emoji).
    let what = "Port Elling Harbour Authority";
    let cp = CRLF_ARTICLE[..CRLF_ARTICLE.find(what).unwrap()]
        .chars()
        .count();
    std::fs::write(
        &fixes,
        format!(
            r#"[{{"op": "add", "kind": "org", "target": {{"start": {cp}, "end": {}, "text": "{what}"}}}}]"#,
            cp + what.chars().count()
        ),
    )
    .unwrap();
    let o = newsmark(
        &[
            "annotate",
            "--format",
            "w3c",
            "--corrections",
            fixes.to_str().unwrap(),
        ],
        CRLF_ARTICLE,
    );
    std::fs::remove_dir_all(&dir).ok();
    assert!(o.status.success(), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let org = v["first"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["target"]["selector"][0]["exact"] == what && i["body"][0]["value"] == "org")
        .expect("the reader's org");
    assert_eq!(org["creator"]["type"], "Person");
    assert_eq!(org["target"]["selector"][1]["start"], cp);
}

#[test]
fn import_takes_the_tags_of_a_standard_file_and_refuses_a_bad_one() {
    let dir = std::env::temp_dir().join(format!("newsmark-cli-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The spaCy export, corrected elsewhere: the person removed, the quote kept.
    let o = newsmark(&["annotate", "--format", "spacy"], ARTICLE);
    assert!(o.status.success(), "{}", err(&o));
    let mut v: serde_json::Value = serde_json::from_str(out(&o).trim()).unwrap();
    v["spans"]
        .as_array_mut()
        .unwrap()
        .retain(|s| s["label"] != "PERSON");
    let file = dir.join("corrected.jsonl");
    std::fs::write(&file, v.to_string()).unwrap();
    let o = newsmark(
        &[
            "annotate",
            "--format",
            "text",
            "--import",
            file.to_str().unwrap(),
        ],
        ARTICLE,
    );
    assert!(o.status.success(), "{}", err(&o));
    let lines = out(&o);
    let tagged = |out: &str, kind: &str, name: &str| {
        out.lines()
            .any(|l| l.starts_with(kind) && l.contains(&format!("\"{name}\"")))
    };
    let before = out(&newsmark(&["annotate", "--format", "text"], ARTICLE));
    assert!(tagged(&before, "person", "Mira Tanaka"), "{before}");
    assert!(!tagged(&lines, "person", "Mira Tanaka"), "{lines}");
    assert!(
        tagged(&lines, "org", "Port Elling Harbour Authority"),
        "{lines}"
    );
    // A file made for another text, and a file in no known format: a message, exit 2.
    let other = newsmark(
        &["annotate", "--format", "spacy"],
        "Ines Moreau joined Kestrel Bank.",
    );
    let other_file = dir.join("other.jsonl");
    std::fs::write(&other_file, out(&other)).unwrap();
    let junk = dir.join("junk.txt");
    std::fs::write(&junk, "not annotations at all").unwrap();
    for f in [&other_file, &junk] {
        let o = newsmark(&["annotate", "--import", f.to_str().unwrap()], ARTICLE);
        assert_eq!(o.status.code(), Some(2), "{}", out(&o));
        assert!(err(&o).contains(f.to_str().unwrap()), "{}", err(&o));
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_lexicon_as_the_page_exports_it_applies_to_a_file_and_a_batch() {
    let dir = std::env::temp_dir().join(format!("newsmark-cli-lexicon-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("newsmark-lexicon.json");
    // The reader said the harbour authority is not a name, and the quay is an organization.
    std::fs::write(
        &file,
        r#"{"newsmark": "lexicon", "version": 1, "entries": [
            {"name": "Port Elling Harbour Authority", "kind": "none"},
            {"name": "Mira Tanaka", "kind": "org"}]}"#,
    )
    .unwrap();
    let lx = file.to_str().unwrap();
    let o = newsmark(&["annotate", "--format", "spacy", "--lexicon", lx], ARTICLE);
    assert!(o.status.success(), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(out(&o).trim()).unwrap();
    let labels: Vec<&str> = v["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert!(!labels.contains(&"PERSON"), "{labels:?}");
    assert_eq!(
        labels.iter().filter(|l| **l == "ORG").count(),
        1,
        "{labels:?}"
    );
    // The same lexicon in a batch: every line.
    let line = serde_json::json!({"id": "a", "text": ARTICLE}).to_string();
    let o = newsmark(
        &["annotate", "--jsonl", "--lexicon", lx],
        &format!("{line}\n{line}\n"),
    );
    assert!(o.status.success(), "{}", err(&o));
    for l in out(&o).lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let people = v["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["kind"] == "person")
            .count();
        assert_eq!(people, 0, "{l}");
    }
    // Not a lexicon: a message and exit 2, nothing annotated.
    std::fs::write(&file, r#"{"version": 2, "entries": []}"#).unwrap();
    let o = newsmark(&["annotate", "--lexicon", lx], ARTICLE);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("not a newsmark lexicon") && out(&o).is_empty(),
        "{}",
        err(&o)
    );
    std::fs::remove_dir_all(&dir).ok();
}
