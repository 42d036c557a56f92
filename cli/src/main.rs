//! `newsmark`: annotate news articles from the command line.
//!
//! ```text
//! newsmark annotate [FILE] [--format json|text|w3c|spacy|brat|conll|quotes-csv] [--corrections FILE]
//!                   [--import FILE] [--lexicon FILE]
//! newsmark annotate --jsonl [--lexicon FILE] < in.jsonl > out.jsonl
//! newsmark --help | --version
//! ```
//! Offsets in everything it writes are Unicode code points, end exclusive. The flags are
//! parsed by clap (help, version, errors with exit code 2).

use clap::builder::TypedValueParser;
use clap::{Args, Parser, Subcommand};
use newsmark::user_lexicon::UserLexicon;
use newsmark::{Annotator, Correction};
use serde_json::{json, Map, Value};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Annotate news articles: people, organizations, quotes with their speakers, check-worthy
/// claims. Everything runs on this machine.
#[derive(Parser)]
#[command(
    name = "newsmark",
    version,
    after_help = "Offsets in everything newsmark writes are Unicode code points, end exclusive."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Annotate an article (a file or standard input) and print the analysis.
    Annotate(AnnotateArgs),
}

#[derive(Args)]
struct AnnotateArgs {
    /// The article, as text (standard input when left out).
    file: Option<PathBuf>,
    /// What to print: the analysis as JSON, one annotation a line, or a standard format
    /// (W3C Web Annotation JSON-LD, spaCy/Prodigy JSONL, brat .ann for the input as the .txt,
    /// CoNLL IOB of people and organizations, quotes by speaker as CSV).
    #[arg(long, value_parser = format_parser(), default_value = "json")]
    format: Format,
    /// Corrections to apply: a JSON array as the page exports them (offsets in code points).
    #[arg(long, value_name = "FILE")]
    corrections: Option<PathBuf>,
    /// Tags to take from a file made for this article in a standard format (W3C Web
    /// Annotation JSON-LD, spaCy/Prodigy JSONL, brat .ann or CoNLL IOB, recognised by its
    /// content), for example one exported and corrected elsewhere: the output then carries
    /// exactly its tags, as if the reader had made those corrections (after --corrections).
    #[arg(long, value_name = "FILE")]
    import: Option<PathBuf>,
    /// A reader's lexicon, as the page exports it ("Learnt from your corrections" → Export:
    /// names that are a person, an organization or not a name), applied to every text, the
    /// JSON lines of a batch included.
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// Read JSON lines {"id": ..., "text": ...} on standard input and write one prediction
    /// line per input: {"id", "annotations", "entities"} (the scorer's format).
    #[arg(long, conflicts_with_all = ["file", "corrections", "import"])]
    jsonl: bool,
    /// With --jsonl: how many lines are annotated at once, on as many threads (default: every
    /// core). The output keeps the input's order.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Read the input as a saved web page and annotate its main content (an HTML file is
    /// recognised by its content without this flag). The JSON then carries the "text" that
    /// the offsets refer to.
    #[arg(long)]
    html: bool,
}

/// What `annotate` prints: the analysis as JSON, one annotation a line, or one of the core's
/// standard formats (`newsmark::export::Format`, whose names the flag takes).
#[derive(Clone, Copy)]
enum Format {
    Json,
    Text,
    Standard(newsmark::export::Format),
}

/// `--format`'s values: `json`, `text` and the core's standard formats, listed by `--help`.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    let names = ["json", "text"]
        .into_iter()
        .chain(newsmark::export::Format::ALL.map(newsmark::export::Format::name));
    clap::builder::PossibleValuesParser::new(names).try_map(|n| match n.as_str() {
        "json" => Ok(Format::Json),
        "text" => Ok(Format::Text),
        n => newsmark::export::Format::from_name(n)
            .map(Format::Standard)
            .ok_or("unknown format"),
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Annotate(a) => annotate(&a),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        // Some lines of a batch failed; the others were annotated.
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("newsmark: {e}");
            ExitCode::from(2)
        }
    }
}

/// Lines of a batch read before they are shared out to the threads: enough to keep every core
/// busy, few enough to bound memory on an endless stream.
const BATCH_CHUNK_LINES: usize = 256;

type LineResult = Result<Value, (Value, String)>;

/// The results of `chunk`'s lines, in order, computed on up to `jobs` threads.
fn annotate_lines(
    annotator: &Annotator,
    lexicon: &UserLexicon,
    chunk: &[(usize, Vec<u8>)],
    jobs: usize,
) -> Vec<LineResult> {
    let jobs = jobs.clamp(1, chunk.len().max(1));
    if jobs == 1 {
        return chunk
            .iter()
            .map(|(_, l)| annotate_line(annotator, lexicon, l))
            .collect();
    }
    let per = chunk.len().div_ceil(jobs);
    std::thread::scope(|s| {
        let handles: Vec<_> = chunk
            .chunks(per)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|(_, l)| annotate_line(annotator, lexicon, l))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![
                        Err((
                            Value::Null,
                            "the annotator failed on this part of the batch".to_string()
                        ));
                        per
                    ]
                })
            })
            .take(chunk.len())
            .collect()
    })
}

/// One JSON line of a batch: its prediction, or its id and what is wrong with it.
fn annotate_line(annotator: &Annotator, lexicon: &UserLexicon, line: &[u8]) -> LineResult {
    let line = std::str::from_utf8(line).map_err(|e| (Value::Null, format!("not UTF-8: {e}")))?;
    let v: Value =
        serde_json::from_str(line).map_err(|e| (Value::Null, format!("not JSON: {e}")))?;
    let id = v.get("id").cloned().unwrap_or(Value::Null);
    let from_html = match v.get("html").and_then(Value::as_str) {
        Some(h) => Some(main_content(h).map_err(|e| (id.clone(), e))?),
        None => None,
    };
    let text = match &from_html {
        Some(t) => t.as_str(),
        None => v
            .get("text")
            .and_then(Value::as_str)
            .ok_or_else(|| (id.clone(), "no \"text\" or \"html\" string".to_string()))?,
    };
    let a = annotator.annotate_with_lexicon(text, &[], lexicon);
    let mut o = Map::new();
    o.insert("id".into(), id);
    if from_html.is_some() {
        o.insert("text".into(), Value::String(text.to_string()));
    }
    o.insert(
        "annotations".into(),
        serde_json::to_value(newsmark::report::annotation_records(text, &a))
            .map_err(|e| (o["id"].clone(), json_err(e)))?,
    );
    o.insert(
        "entities".into(),
        serde_json::to_value(newsmark::report::entity_records(&a))
            .map_err(|e| (o["id"].clone(), json_err(e)))?,
    );
    Ok(Value::Object(o))
}

/// Annotates as `args` say; `Ok(false)` when some lines of a batch failed.
fn annotate(args: &AnnotateArgs) -> Result<bool, String> {
    let (file, jsonl, format, corrections) = (
        args.file.as_deref(),
        args.jsonl,
        args.format,
        args.corrections.as_deref(),
    );
    let annotator = Annotator::new();
    let lexicon = match args.lexicon.as_deref() {
        Some(f) => read_lexicon(f)?,
        None => UserLexicon::default(),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if jsonl {
        let jobs = args.jobs.map_or_else(
            || std::thread::available_parallelism().map_or(1, |n| n.get()),
            usize::from,
        );
        let stdin = std::io::stdin();
        let mut input = stdin.lock().split(b'\n').enumerate();
        let (mut lines, mut failed) = (0usize, 0usize);
        loop {
            // A chunk of lines at a time, annotated on `jobs` threads, written in input order.
            let mut chunk: Vec<(usize, Vec<u8>)> = Vec::with_capacity(BATCH_CHUNK_LINES);
            for (n, line) in input.by_ref() {
                let line = line.map_err(|e| format!("reading standard input: {e}"))?;
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                chunk.push((n, line));
                if chunk.len() == BATCH_CHUNK_LINES {
                    break;
                }
            }
            if chunk.is_empty() {
                break;
            }
            lines += chunk.len();
            for (n, result) in chunk
                .iter()
                .map(|c| c.0)
                .zip(annotate_lines(&annotator, &lexicon, &chunk, jobs))
            {
                // A bad line gets an error record in its place; the batch goes on.
                let o = match result {
                    Ok(o) => o,
                    Err((id, e)) => {
                        failed += 1;
                        json!({"id": id, "line": n + 1, "error": e})
                    }
                };
                writeln!(out, "{o}").map_err(|e| e.to_string())?;
            }
        }
        out.flush().map_err(|e| e.to_string())?;
        if failed > 0 {
            eprintln!("newsmark: {failed} of {lines} lines could not be annotated (see their \"error\" records)");
        }
        return Ok(failed == 0);
    }
    let bytes = match file {
        Some(f) => std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?,
        None => {
            let mut b = vec![];
            std::io::stdin()
                .read_to_end(&mut b)
                .map_err(|e| format!("reading standard input: {e}"))?;
            b
        }
    };
    let invalid = bytes
        .utf8_chunks()
        .filter(|c| !c.invalid().is_empty())
        .count();
    let raw = String::from_utf8_lossy(&bytes);
    let from_html = args.html || looks_like_html(&raw);
    let text: std::borrow::Cow<str> = if from_html {
        main_content(&raw)?.into()
    } else {
        raw
    };
    let mut fixes = match corrections {
        Some(f) => read_corrections(f, &text)?,
        None => vec![],
    };
    let mut a = annotator.annotate_with_lexicon(&text, &fixes, &lexicon);
    if let Some(f) = args.import.as_deref() {
        fixes.extend(read_import(f, &text, &a)?);
        a = annotator.annotate_with_lexicon(&text, &fixes, &lexicon);
    }
    match format {
        Format::Json => {
            // The shape the Python package returns too: one implementation, in the core.
            let mut v =
                serde_json::to_value(newsmark::report::json(&text, &a)).map_err(json_err)?;
            if from_html {
                v["text"] = Value::String(text.to_string());
            }
            if invalid > 0 {
                v["diagnostics"].as_array_mut().unwrap().push(json!({
                    "code": "invalid_utf8",
                    "message": format!("{invalid} byte sequences are not UTF-8; each was read as U+FFFD."),
                }));
            }
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
            )
            .map_err(|e| e.to_string())?;
        }
        Format::Text => {
            write!(out, "{}", newsmark::report::lines(&text, &a)).map_err(|e| e.to_string())?
        }
        Format::Standard(f) => {
            // One implementation of every standard format: the core's (src/export.rs).
            write!(out, "{}", newsmark::export::export(f, &text, &a)).map_err(|e| e.to_string())?
        }
    }
    if invalid > 0 && !matches!(format, Format::Json) {
        eprintln!("newsmark: {invalid} byte sequences are not UTF-8; each was read as U+FFFD");
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok(true)
}

/// Does `s` look like a saved web page (a doctype or an `<html>` element near the start)?
fn looks_like_html(s: &str) -> bool {
    let head: String = s
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(HTML_SNIFF_CHARS)
        .collect::<String>()
        .to_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body")
}

/// How much of the start of a file is read to recognise HTML.
const HTML_SNIFF_CHARS: usize = 1024;

/// The main content of web page `html`, as text: paragraphs separated by blank lines. When no
/// article is found, the whole page's text, whose furniture the layout stage then sets aside.
fn main_content(html: &str) -> Result<String, String> {
    let read = |char_threshold: usize| -> Result<Option<String>, String> {
        let cfg = dom_smoothie::Config {
            text_mode: dom_smoothie::TextMode::Formatted,
            char_threshold,
            ..Default::default()
        };
        let mut r = dom_smoothie::Readability::new(html, None, Some(cfg))
            .map_err(|e| format!("not a readable web page: {e}"))?;
        Ok(r.parse()
            .ok()
            .map(|a| a.text_content.to_string())
            .filter(|t| !t.trim().is_empty()))
    };
    let found = read(dom_smoothie::Config::default().char_threshold)?;
    match found {
        // What the extractor kept from the article's container after the article (comments,
        // related stories, legal lines) is left out.
        Some(t) => Ok(newsmark::layout::article_text(&t).to_string()),
        None => {
            let doc = dom_smoothie::Readability::new(html, None, None)
                .map_err(|e| format!("not a readable web page: {e}"))?;
            Ok(doc.doc.select("body").text().to_string())
        }
    }
}

/// The corrections that make `current` (the analysis of `text`) carry exactly the tags of
/// `path`, a file in a standard format made for `text` (the core's `export::import`).
fn read_import(
    path: &Path,
    text: &str,
    current: &newsmark::Analysis,
) -> Result<Vec<Correction>, String> {
    let p = path.display();
    let content = read_bounded(path)?;
    let format = newsmark::export::detect(&content).ok_or_else(|| {
        format!("{p}: it is none of W3C Web Annotation, spaCy JSONL, brat standoff or CoNLL IOB")
    })?;
    let imported = newsmark::export::import(format, text, &content, current)
        .map_err(|e| format!("{p}: {e}"))?;
    if imported.corrections.len() > newsmark::export::MAX_IMPORT_CORRECTIONS {
        return Err(format!(
            "{p}: it would need {} corrections; at most {} are kept",
            imported.corrections.len(),
            newsmark::export::MAX_IMPORT_CORRECTIONS
        ));
    }
    Ok(imported.corrections)
}

/// A lexicon file as the page exports it (or a list of its entries): the core's
/// `UserLexicon::from_json`.
fn read_lexicon(path: &Path) -> Result<UserLexicon, String> {
    let s = read_bounded(path)?;
    UserLexicon::from_json(&s).map_err(|e| format!("{}: {e}", path.display()))
}

/// The text of a file that `--import` or `--lexicon` reads, refused over
/// [`MAX_IMPORT_BYTES`].
fn read_bounded(path: &Path) -> Result<String, String> {
    let p = path.display();
    let size = std::fs::metadata(path)
        .map_err(|e| format!("{p}: {e}"))?
        .len();
    if size > MAX_IMPORT_BYTES {
        return Err(format!(
            "{p}: {size} bytes; files of at most {MAX_IMPORT_BYTES} bytes are read (as in the page)"
        ));
    }
    std::fs::read_to_string(path).map_err(|e| format!("{p}: {e}"))
}

/// The largest file `--import` and `--lexicon` read, as the page.
const MAX_IMPORT_BYTES: u64 = 32 * 1024 * 1024;

/// Reads corrections whose anchors use code points and converts them to bytes.
fn read_corrections(path: &Path, text: &str) -> Result<Vec<Correction>, String> {
    let p = path.display();
    let s = std::fs::read_to_string(path).map_err(|e| format!("{p}: {e}"))?;
    let mut list: Vec<Correction> =
        serde_json::from_str(&s).map_err(|e| format!("{p}: not a corrections file: {e}"))?;
    newsmark::corrections::offsets_to_bytes(text, &mut list, |_| 1);
    Ok(list)
}

/// A serialization error as the command line reports it.
fn json_err(e: serde_json::Error) -> String {
    format!("writing JSON: {e}")
}
