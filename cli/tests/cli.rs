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
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
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
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("line 1"), "{}", err(&o));
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
