//! Exports of an [`Analysis`] in standard formats, and imports of two of them back as
//! [`Correction`]s. Pure: strings in, strings out, no I/O. The command line
//! (`newsmark annotate --format …`), the wasm crate (`Annotator.exportAs`,
//! `Annotator.importAnnotations`) and through it the page all use this one implementation.
//!
//! | [`Format`] | file | what it holds |
//! |---|---|---|
//! | `w3c` | `.jsonld` | a W3C Web Annotation `AnnotationCollection`: every tag an `Annotation` whose target has a `TextQuoteSelector` (exact, prefix, suffix) and a `TextPositionSelector` (code points); the body says the kind, a quote's speaker, a claim's score and reasons; `creator` is newsmark or, for a tag a reader made or corrected, the reader |
//! | `spacy` | `.jsonl` | one spaCy/Prodigy line `{"text", "spans": [{"start", "end", "label"}]}`, labels `PERSON`, `ORG` (spaCy's own) and `QUOTE`, `CLAIM` (newsmark's) |
//! | `brat` | `.ann` | brat standoff for the input as the `.txt`: `T` lines (`PERSON`, `ORG`, `QUOTE`, `CLAIM`, `SPEAKER`), an `Indirect` attribute, `Speaker` relations and `AnnotatorNotes` for speakers and claim scores |
//! | `conll` | `.conll` | CoNLL IOB: `token<TAB>B-PER` a line, a blank line between sentences; people and organizations only |
//! | `quotes-csv` | `.csv` | one row per quote, by speaker: `speaker,quote,start,end,type` |
//!
//! Every offset written is a Unicode code point of the text, end exclusive (what Python's
//! `str` slicing and brat use).
//!
//! [`import`] reads a `w3c` or `spacy` file made for the same text and returns the
//! corrections that turn the current analysis into the file's tags: removals, additions and
//! (from W3C) quote speakers. A file for another text, in another format, or with duplicate
//! ids is refused with a message.

use crate::analysis::{Analysis, Kind};
use crate::corrections::{Anchor, Correction, SpeakerFix};
use crate::report::code_points;
use crate::text::Span;
use foldhash::{HashMap, HashSet};
use serde_json::{json, Map, Value};

/// The most corrections one import may make (the page keeps at most this many).
pub const MAX_IMPORT_CORRECTIONS: usize = 10_000;

/// A namespace for what the Web Annotation vocabulary has no term for (speaker, score…).
pub const W3C_NAMESPACE: &str = "urn:newsmark:ns:";

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// W3C Web Annotation JSON-LD.
    W3c,
    /// spaCy / Prodigy JSONL spans.
    Spacy,
    /// brat standoff `.ann`.
    Brat,
    /// CoNLL IOB, people and organizations.
    Conll,
    /// CSV, one row per quote.
    QuotesCsv,
}

impl Format {
    /// Every format, in the order menus list them.
    pub const ALL: [Format; 5] = [
        Format::W3c,
        Format::Spacy,
        Format::Brat,
        Format::Conll,
        Format::QuotesCsv,
    ];

    /// The name the command line and the wasm API use (`w3c`, `spacy`, `brat`, `conll`,
    /// `quotes-csv`).
    pub fn name(self) -> &'static str {
        match self {
            Format::W3c => "w3c",
            Format::Spacy => "spacy",
            Format::Brat => "brat",
            Format::Conll => "conll",
            Format::QuotesCsv => "quotes-csv",
        }
    }

    /// The format called `name`.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::W3c => "jsonld",
            Format::Spacy => "jsonl",
            Format::Brat => "ann",
            Format::Conll => "conll",
            Format::QuotesCsv => "csv",
        }
    }

    /// The media type of a file in this format.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::W3c => "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"",
            Format::Spacy => "application/x-ndjson",
            Format::Brat | Format::Conll => "text/plain; charset=utf-8",
            Format::QuotesCsv => "text/csv; charset=utf-8",
        }
    }

    /// Whether [`import`] reads it.
    pub fn importable(self) -> bool {
        !matches!(self, Format::QuotesCsv)
    }
}

/// The analysis `a` of `text` (with its corrections applied) in `format`.
pub fn export(format: Format, text: &str, a: &Analysis) -> String {
    match format {
        Format::W3c => w3c(text, a),
        Format::Spacy => spacy(text, a),
        Format::Brat => brat(text, a),
        Format::Conll => conll(text, a),
        Format::QuotesCsv => quotes_csv(text, a),
    }
}

/// The label of a kind in spaCy and brat files.
pub fn label(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "PERSON",
        Kind::Org => "ORG",
        Kind::Quote => "QUOTE",
        Kind::Claim => "CLAIM",
    }
}

/// The kind of a label (`PERSON`/`PER`, `ORG`/`ORGANIZATION`, `QUOTE`, `CLAIM`, any case).
pub fn kind_of_label(l: &str) -> Option<Kind> {
    match l.trim().to_ascii_uppercase().as_str() {
        "PERSON" | "PER" => Some(Kind::Person),
        "ORG" | "ORGANIZATION" | "ORGANISATION" => Some(Kind::Org),
        "QUOTE" => Some(Kind::Quote),
        "CLAIM" => Some(Kind::Claim),
        _ => None,
    }
}

/// Code points of every annotation's and speaker's offsets.
fn offsets(text: &str, a: &Analysis) -> HashMap<usize, usize> {
    let mut v = Vec::with_capacity(a.annotations.len() * 2);
    for x in &a.annotations {
        v.extend([x.span.start, x.span.end]);
        if let Some(s) = x
            .quote
            .as_ref()
            .and_then(|q| q.speaker.as_ref())
            .and_then(|s| s.span)
        {
            v.extend([s.start, s.end]);
        }
    }
    code_points(text, v)
}

fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

fn software() -> Value {
    json!({
        "id": "https://crates.io/crates/newsmark",
        "type": "Software",
        "name": format!("newsmark {}", env!("CARGO_PKG_VERSION")),
    })
}

/// The W3C Web Annotation JSON-LD of the analysis: one `AnnotationCollection` whose first
/// page holds every tag. The target's `source` is `urn:newsmark:text` (the text annotated).
pub fn w3c(text: &str, a: &Analysis) -> String {
    let cp = offsets(text, a);
    let items: Vec<Value> = a
        .annotations
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let anchor = Anchor::at(text, x.span.start, x.span.end);
            let mut body = vec![json!({
                "type": "TextualBody",
                "purpose": "tagging",
                "format": "text/plain",
                "value": x.kind.as_str(),
            })];
            if let Some(e) = x.entity.and_then(|e| a.entities.get(e).map(|n| (e, n))) {
                body.push(json!({
                    "type": "TextualBody",
                    "purpose": "identifying",
                    "format": "text/plain",
                    "value": e.1.name,
                    "nm:entity": e.0,
                }));
            }
            if let Some(q) = &x.quote {
                let how = if q.direct { "direct" } else { "indirect" };
                let mut b = Map::new();
                b.insert("type".into(), "TextualBody".into());
                b.insert("purpose".into(), "describing".into());
                b.insert("format".into(), "text/plain".into());
                b.insert("nm:direct".into(), q.direct.into());
                match &q.speaker {
                    Some(s) => {
                        b.insert(
                            "value".into(),
                            format!("{how} quote, said by {}", s.name).into(),
                        );
                        let mut sp = Map::new();
                        sp.insert("name".into(), s.name.clone().into());
                        sp.insert("text".into(), s.text.clone().into());
                        if let Some(p) = s.span {
                            sp.insert("start".into(), cp[&p.start].into());
                            sp.insert("end".into(), cp[&p.end].into());
                        }
                        if let Some(e) = s.entity {
                            sp.insert("entity".into(), e.into());
                        }
                        b.insert("nm:speaker".into(), Value::Object(sp));
                    }
                    None => {
                        b.insert(
                            "value".into(),
                            format!("{how} quote, speaker not found").into(),
                        );
                    }
                }
                body.push(Value::Object(b));
            }
            if let Some(c) = &x.claim {
                body.push(json!({
                    "type": "TextualBody",
                    "purpose": "assessing",
                    "format": "text/plain",
                    "value": format!("check-worthy, score {:.2}: {}", c.score, c.reasons.join("; ")),
                    "nm:score": round3(c.score),
                    "nm:reasons": c.reasons,
                }));
            }
            let creator = if x.by_user {
                json!({"type": "Person", "nickname": "reader"})
            } else {
                software()
            };
            json!({
                "id": format!("urn:newsmark:annotation:{}", i + 1),
                "type": "Annotation",
                "motivation": if x.kind == Kind::Claim { "assessing" } else { "tagging" },
                "creator": creator,
                "generator": software(),
                "nm:corrected": x.by_user,
                "body": body,
                "target": {
                    "source": "urn:newsmark:text",
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": anchor.text,
                            "prefix": anchor.prefix,
                            "suffix": anchor.suffix,
                        },
                        {
                            "type": "TextPositionSelector",
                            "start": cp[&x.span.start],
                            "end": cp[&x.span.end],
                        },
                    ],
                },
            })
        })
        .collect();
    let doc = json!({
        "@context": ["http://www.w3.org/ns/anno.jsonld", {"nm": W3C_NAMESPACE}],
        "id": "urn:newsmark:annotations",
        "type": "AnnotationCollection",
        "label": "newsmark: people, organizations, quotes and check-worthy claims",
        "generator": software(),
        "total": items.len(),
        "first": {
            "id": "urn:newsmark:annotations:page:1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    // Serializing a Value built here cannot fail.
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// Who a tag is by: `"person"` for one the reader added, confirmed or corrected, `"model"`
/// for newsmark's own.
pub fn provenance(x: &crate::analysis::Annotation) -> &'static str {
    if x.by_user {
        "person"
    } else {
        "model"
    }
}

/// One spaCy/Prodigy JSON line: `{"text", "spans": [{"start", "end", "label", "provenance"}]}`,
/// offsets in code points (Python `str` indices), labels `PERSON`, `ORG`, `QUOTE`, `CLAIM`,
/// provenance `model` or `person` (a custom field: spaCy and Prodigy keep or ignore it).
pub fn spacy(text: &str, a: &Analysis) -> String {
    let cp = offsets(text, a);
    let spans: Vec<Value> = a
        .annotations
        .iter()
        .map(|x| {
            json!({"start": cp[&x.span.start], "end": cp[&x.span.end], "label": label(x.kind), "provenance": provenance(x)})
        })
        .collect();
    let mut s = serde_json::to_string(&json!({"text": text, "spans": spans})).unwrap_or_default();
    s.push('\n');
    s
}

/// A value for one tab-separated field of a line: tabs and line breaks become spaces.
fn field(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(
                c,
                '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
            ) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The stretches of `span` between line breaks (brat's fragments), as byte spans.
fn line_fragments(text: &str, span: Span) -> Vec<Span> {
    let mut out = vec![];
    let mut start = span.start;
    for (i, c) in text[span.start..span.end].char_indices() {
        if c == '\n' || c == '\r' {
            let at = span.start + i;
            if at > start {
                out.push(Span::new(start, at));
            }
            start = at + 1;
        }
    }
    if span.end > start {
        out.push(Span::new(start, span.end));
    }
    out
}

/// The brat standoff `.ann` for the text as the `.txt`: offsets in its code points. A tag
/// across line breaks is written as fragments (`0 10;11 20`) with their texts joined by a
/// space, as brat does; tabs in a text field become spaces. Indirect quotes get the
/// `Indirect` attribute; a quote's speaker is a `Speaker` relation to the speaker's mention
/// (a `PERSON`/`ORG` tag, else a `SPEAKER` tag) and an `AnnotatorNotes` line with the name;
/// a claim's score and reasons are an `AnnotatorNotes` line.
pub fn brat(text: &str, a: &Analysis) -> String {
    let cp = offsets(text, a);
    let mut frag_offs = vec![];
    let mut frags = vec![];
    for x in &a.annotations {
        let f = line_fragments(text, x.span);
        frag_offs.extend(f.iter().flat_map(|s| [s.start, s.end]));
        frags.push(f);
    }
    let mut speaker_frags: HashMap<(usize, usize), Vec<Span>> = HashMap::default();
    for x in &a.annotations {
        if let Some(p) = x
            .quote
            .as_ref()
            .and_then(|q| q.speaker.as_ref())
            .and_then(|s| s.span)
        {
            let f = line_fragments(text, p);
            frag_offs.extend(f.iter().flat_map(|s| [s.start, s.end]));
            speaker_frags.insert((p.start, p.end), f);
        }
    }
    let fcp = code_points(text, frag_offs);
    let tline = |id: usize, lab: &str, f: &[Span]| -> String {
        let offs: Vec<String> = f
            .iter()
            .map(|s| format!("{} {}", fcp[&s.start], fcp[&s.end]))
            .collect();
        let words: Vec<String> = f.iter().map(|s| field(&text[s.start..s.end])).collect();
        format!("T{id}\t{lab} {}\t{}\n", offs.join(";"), words.join(" "))
    };
    let mut out = String::new();
    let mut t_of_name: HashMap<(usize, usize), usize> = HashMap::default();
    let mut tid = 0;
    let mut ids = vec![0; a.annotations.len()];
    for (i, x) in a.annotations.iter().enumerate() {
        tid += 1;
        ids[i] = tid;
        if frags[i].is_empty() {
            // Only line breaks: brat has no way to say it; a zero-width tag keeps the id.
            out += &format!(
                "T{tid}\t{} {} {}\t\n",
                label(x.kind),
                cp[&x.span.start],
                cp[&x.span.start]
            );
        } else {
            out += &tline(tid, label(x.kind), &frags[i]);
        }
        if x.kind.is_name() {
            t_of_name.entry((x.span.start, x.span.end)).or_insert(tid);
        }
    }
    let (mut aid, mut rid, mut nid) = (0, 0, 0);
    for (i, x) in a.annotations.iter().enumerate() {
        if let Some(q) = &x.quote {
            if !q.direct {
                aid += 1;
                out += &format!("A{aid}\tIndirect T{}\n", ids[i]);
            }
            if let Some(s) = &q.speaker {
                if let Some(p) = s.span {
                    let arg = match t_of_name.get(&(p.start, p.end)) {
                        Some(&t) => t,
                        None => match speaker_frags.get(&(p.start, p.end)) {
                            Some(f) if !f.is_empty() => {
                                tid += 1;
                                out += &tline(tid, "SPEAKER", f);
                                t_of_name.insert((p.start, p.end), tid);
                                tid
                            }
                            _ => 0,
                        },
                    };
                    if arg > 0 {
                        rid += 1;
                        out += &format!("R{rid}\tSpeaker Arg1:T{} Arg2:T{arg}\n", ids[i]);
                    }
                }
                nid += 1;
                out += &format!(
                    "#{nid}\tAnnotatorNotes T{}\tspeaker: {}\n",
                    ids[i],
                    field(&s.name)
                );
            }
        }
        if let Some(c) = &x.claim {
            nid += 1;
            out += &format!(
                "#{nid}\tAnnotatorNotes T{}\tscore {:.3}: {}\n",
                ids[i],
                c.score,
                field(&c.reasons.join("; "))
            );
        }
    }
    out
}

/// CoNLL IOB for people and organizations: one token a line (`token<TAB>B-PER`, `I-PER`,
/// `B-ORG`, `I-ORG`, `O`), a blank line after each sentence. A token that a name only
/// partly covers is in the name. Whitespace inside a token (there is none from newsmark's
/// tokenizer) would become `_`.
pub fn conll(text: &str, a: &Analysis) -> String {
    let mut blocks = crate::layout::layout(text);
    for b in &mut blocks {
        // Tokens of every block: a tag in a block that is set aside is still written.
        b.furniture = false;
    }
    let doc = crate::segment::segment_blocks(text, &blocks);
    let names: Vec<_> = a.annotations.iter().filter(|x| x.kind.is_name()).collect();
    let mut out = String::new();
    let mut ni = 0;
    let mut last_name: Option<usize> = None;
    for (ti, tok) in doc.tokens.iter().enumerate() {
        if ti > 0 && doc.sent_of[ti] != doc.sent_of[ti - 1] {
            out.push('\n');
            last_name = None;
        }
        while ni < names.len() && names[ni].span.end <= tok.span.start {
            ni += 1;
        }
        let tag = match names.get(ni) {
            Some(n) if n.span.overlaps(&tok.span) => {
                let t = if n.kind == Kind::Person { "PER" } else { "ORG" };
                let bi = if last_name == Some(ni) { "I" } else { "B" };
                last_name = Some(ni);
                format!("{bi}-{t}")
            }
            _ => {
                last_name = None;
                "O".to_string()
            }
        };
        let word: String = doc
            .tok(text, ti)
            .chars()
            .map(|c| if c.is_whitespace() { '_' } else { c })
            .collect();
        out += &format!("{word}\t{tag}\n");
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// A CSV cell: neutralised when a spreadsheet could read it as a formula (an apostrophe
/// first, as the page's CSV does), quoted when it holds a quote, comma or line break.
fn csv_cell(s: &str) -> String {
    let s = match s.chars().next() {
        Some(
            '=' | '+' | '-' | '@' | '\t' | '\r' | '\u{ff1d}' | '\u{ff0b}' | '\u{ff0d}' | '\u{ff20}',
        ) => {
            format!("'{s}")
        }
        _ => s.to_string(),
    };
    if s.contains(['"', ',', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// Quotes by speaker as CSV (RFC 4180, CRLF line ends, a UTF-8 byte order mark first):
/// `speaker,quote,start,end,type`, sorted by speaker (quotes without one last), then by
/// position; `type` is `direct` or `indirect`.
pub fn quotes_csv(text: &str, a: &Analysis) -> String {
    let cp = offsets(text, a);
    let mut rows: Vec<(Option<&str>, usize, String)> = a
        .annotations
        .iter()
        .filter_map(|x| {
            let q = x.quote.as_ref()?;
            let speaker = q.speaker.as_ref().map(|s| s.name.as_str());
            let row = [
                csv_cell(speaker.unwrap_or("")),
                csv_cell(&x.text),
                cp[&x.span.start].to_string(),
                cp[&x.span.end].to_string(),
                (if q.direct { "direct" } else { "indirect" }).to_string(),
            ]
            .join(",");
            Some((speaker, x.span.start, row))
        })
        .collect();
    rows.sort_by(|x, y| {
        (x.0.is_none(), x.0.map(str::to_lowercase), x.1).cmp(&(
            y.0.is_none(),
            y.0.map(str::to_lowercase),
            y.1,
        ))
    });
    let mut out = String::from("\u{feff}speaker,quote,start,end,type\r\n");
    for r in rows {
        out += &r.2;
        out += "\r\n";
    }
    out
}

// ------------------------------------------------------------------------------------------
// Import

/// Why a file could not be imported: a phrase for people (no final full stop).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ImportError(pub String);

fn fail<T>(s: impl Into<String>) -> Result<T, ImportError> {
    Err(ImportError(s.into()))
}

/// A tag read from a file (byte offsets of the current text).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedTag {
    /// Its kind.
    pub kind: Kind,
    /// Where.
    pub span: Span,
    /// For a quote from a W3C file: the speaker's name and mention.
    pub speaker: Option<(String, Option<Span>)>,
}

/// What an import does.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The corrections to add after the current ones.
    pub corrections: Vec<Correction>,
    /// Tags in the file, after de-duplication.
    pub tags: usize,
    /// Tags added.
    pub added: usize,
    /// Tags removed (not in the file).
    pub removed: usize,
    /// Quote speakers set.
    pub speakers: usize,
}

/// Which importable format `content` is in, by its shape: a JSON document with W3C Web
/// Annotation types, JSON lines with a `"text"`, brat `T` lines or CoNLL `token<TAB>tag`
/// lines. `None` for anything else.
pub fn detect(content: &str) -> Option<Format> {
    let c = content.trim_start_matches('\u{feff}').trim_start();
    let head: String = c.chars().take(65_536).collect();
    if head.contains("anno.jsonld")
        || head.contains("\"AnnotationCollection\"")
        || head.contains("\"TextQuoteSelector\"")
        || head.contains("\"TextPositionSelector\"")
    {
        return Some(Format::W3c);
    }
    let first = c.lines().next()?;
    if let Some((id, rest)) = first.split_once('\t') {
        // brat: `T1<TAB>PERSON 0 5<TAB>…`; CoNLL: `token<TAB>B-PER`.
        if id.len() > 1
            && id.starts_with('T')
            && id[1..].chars().all(|d| d.is_ascii_digit())
            && rest.contains(' ')
        {
            return Some(Format::Brat);
        }
        let tag = rest.rsplit('\t').next().unwrap_or("").trim();
        if tag == "O" || tag.starts_with("B-") || tag.starts_with("I-") {
            return Some(Format::Conll);
        }
    }
    if first.starts_with("-DOCSTART-") {
        return Some(Format::Conll);
    }
    let v: Value = serde_json::from_str(first).ok()?;
    v.get("text")?.as_str()?;
    Some(Format::Spacy)
}

/// Reads `content` (a file in `format`) made for `text` and returns the corrections that
/// make `current` (the analysis of `text` with the reader's corrections) carry exactly the
/// file's tags: `remove` for each tag not in the file, `add` for each tag only in it, and
/// for quotes of a W3C file whose speaker differs, `setSpeaker`. Anchors are in bytes of
/// `text`.
pub fn import(
    format: Format,
    text: &str,
    content: &str,
    current: &Analysis,
) -> Result<Imported, ImportError> {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let tags = match format {
        Format::W3c => read_w3c(text, content)?,
        Format::Spacy => read_spacy(text, content)?,
        Format::Brat => {
            // brat cannot hold a line break at a tag's edge: such a tag is the current one.
            let mut tags = read_brat(text, content)?;
            let breaks = |c: char| c == '\r' || c == '\n';
            let trimmed: HashMap<(Kind, usize, usize), Span> = current
                .annotations
                .iter()
                .filter_map(|x| {
                    let t = text.get(x.span.start..x.span.end)?;
                    let s = x.span.start + (t.len() - t.trim_start_matches(breaks).len());
                    let e = x.span.start + t.trim_end_matches(breaks).len();
                    (s != x.span.start || e != x.span.end).then_some(((x.kind, s, e), x.span))
                })
                .collect();
            for t in &mut tags {
                if let Some(&sp) = trimmed.get(&(t.kind, t.span.start, t.span.end)) {
                    t.span = sp;
                }
            }
            tags
        }
        // CoNLL holds people and organizations only: quotes and claims stay as they are.
        Format::Conll => {
            let tags = read_conll(text, content)?;
            let mut names = current.clone();
            names.annotations.retain(|x| x.kind.is_name());
            return Ok(corrections_for(text, &names, tags));
        }
        f => {
            return fail(format!(
                "{} files cannot be imported (only w3c, spacy, brat and conll)",
                f.name()
            ))
        }
    };
    Ok(corrections_for(text, current, tags))
}

/// The corrections that turn `current`'s tags into `tags` (see [`import`]).
pub fn corrections_for(text: &str, current: &Analysis, tags: Vec<ImportedTag>) -> Imported {
    let mut seen = HashSet::default();
    let tags: Vec<ImportedTag> = tags
        .into_iter()
        .filter(|t| seen.insert((t.kind, t.span.start, t.span.end)))
        .collect();
    let have: HashMap<(Kind, usize, usize), usize> = current
        .annotations
        .iter()
        .enumerate()
        .map(|(i, x)| ((x.kind, x.span.start, x.span.end), i))
        .collect();
    let mut out = Imported {
        corrections: vec![],
        tags: tags.len(),
        added: 0,
        removed: 0,
        speakers: 0,
    };
    let anchor = |s: Span| Anchor::at(text, s.start, s.end);
    for x in &current.annotations {
        if !seen.contains(&(x.kind, x.span.start, x.span.end)) {
            out.removed += 1;
            out.corrections.push(Correction::Remove {
                target: anchor(x.span),
                kind: x.kind,
            });
        }
    }
    for t in &tags {
        let now = have.get(&(t.kind, t.span.start, t.span.end));
        if now.is_none() {
            out.added += 1;
            out.corrections.push(Correction::Add {
                target: anchor(t.span),
                kind: t.kind,
            });
        }
        if let (Kind::Quote, Some((name, mention))) = (t.kind, &t.speaker) {
            let same = now
                .and_then(|&i| current.annotations[i].quote.as_ref())
                .and_then(|q| q.speaker.as_ref())
                .is_some_and(|s| s.name == *name && (mention.is_none() || s.span == *mention));
            if !same {
                out.speakers += 1;
                out.corrections.push(Correction::SetSpeaker {
                    target: anchor(t.span),
                    speaker: SpeakerFix {
                        name: name.clone(),
                        mention: mention.map(anchor),
                    },
                });
            }
        }
    }
    out
}

/// Byte offsets of code-point offsets of `text` (`None` past its end), in one pass.
fn cp_to_bytes(text: &str, cps: &[usize]) -> HashMap<usize, usize> {
    let mut v = cps.to_vec();
    v.sort_unstable();
    v.dedup();
    let mut out = HashMap::default();
    let mut it = text.char_indices().map(|(b, _)| b).chain([text.len()]);
    let mut at = 0;
    for want in v {
        let mut b = None;
        while at <= want {
            match it.next() {
                Some(x) => {
                    if at == want {
                        b = Some(x);
                    }
                    at += 1;
                }
                None => break,
            }
        }
        match b {
            Some(x) => {
                out.insert(want, x);
            }
            None => break,
        }
    }
    out
}

/// Line ends as a text box keeps them: CRLF and CR become LF.
fn lf(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

fn short(s: &str) -> String {
    let s = field(s);
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

fn kind_of_value(v: &str) -> Option<Kind> {
    match v.trim().to_ascii_lowercase().as_str() {
        "person" | "per" => Some(Kind::Person),
        "org" | "organization" | "organisation" => Some(Kind::Org),
        "quote" => Some(Kind::Quote),
        "claim" => Some(Kind::Claim),
        _ => None,
    }
}

fn as_offset(v: Option<&Value>) -> Option<usize> {
    v.and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
}

/// The tags of a W3C Web Annotation file (a collection, a page, an array or one annotation).
fn read_w3c(text: &str, content: &str) -> Result<Vec<ImportedTag>, ImportError> {
    let v: Value = serde_json::from_str(content)
        .map_err(|e| ImportError(format!("it is not a JSON file ({e})")))?;
    let is = |v: &Value, t: &str| match v.get("type") {
        Some(Value::String(s)) => s == t,
        Some(Value::Array(a)) => a.iter().any(|x| x == t),
        _ => false,
    };
    let items: Vec<&Value> = if let Value::Array(a) = &v {
        a.iter().collect()
    } else if is(&v, "AnnotationCollection") {
        let mut out = vec![];
        let mut page = v.get("first");
        while let Some(p) = page {
            if p.is_string() {
                return fail("its annotation pages are links, not included in the file");
            }
            match p.get("items").and_then(Value::as_array) {
                Some(a) => out.extend(a.iter()),
                None => return fail("an AnnotationPage has no \"items\" list"),
            }
            page = p.get("next").filter(|n| n.is_object());
        }
        out
    } else if is(&v, "AnnotationPage") {
        match v.get("items").and_then(Value::as_array) {
            Some(a) => a.iter().collect(),
            None => return fail("the AnnotationPage has no \"items\" list"),
        }
    } else if is(&v, "Annotation") {
        vec![&v]
    } else {
        return fail(
            "it is not a W3C Web Annotation file (no Annotation, AnnotationPage or AnnotationCollection)",
        );
    };
    let normalise = !text.contains('\r');
    let fix = |s: &str| if normalise { lf(s) } else { s.to_string() };
    // Positions first, so that all offsets convert in one pass.
    struct Raw {
        kind: Kind,
        pos: Option<(usize, usize)>,
        quote: Option<(String, String, String)>,
        speaker: Option<(String, Option<(usize, usize)>)>,
    }
    let mut raws = vec![];
    let mut ids: HashMap<String, usize> = HashMap::default();
    for (i, x) in items.iter().enumerate() {
        let n = i + 1;
        let err = |why: String| ImportError(format!("annotation {n}: {why}"));
        if !x.is_object() || !is(x, "Annotation") {
            return Err(err("it is not an Annotation".into()));
        }
        if let Some(id) = x.get("id") {
            let id = id
                .as_str()
                .ok_or_else(|| err("its \"id\" is not a string".into()))?;
            if let Some(first) = ids.insert(id.to_string(), n) {
                return Err(err(format!(
                    "its id \"{}\" was already used by annotation {first}",
                    short(id)
                )));
            }
        }
        let bodies: Vec<&Value> = match x.get("body") {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(b @ Value::Object(_)) => vec![b],
            _ => vec![],
        };
        let mut kind = None;
        let mut speaker = None;
        for b in &bodies {
            let purpose = b.get("purpose").and_then(Value::as_str);
            if purpose == Some("tagging") || purpose == Some("classifying") {
                if let Some(k) = b.get("value").and_then(Value::as_str) {
                    kind = kind.or(kind_of_value(k));
                    if kind.is_none() {
                        return Err(err(format!(
                            "its tag \"{}\" is not one of person, org, quote, claim",
                            short(k)
                        )));
                    }
                }
            }
            if let Some(s) = b
                .get("nm:speaker")
                .or_else(|| b.get(format!("{W3C_NAMESPACE}speaker").as_str()))
            {
                let name = s
                    .get("name")
                    .and_then(Value::as_str)
                    .filter(|n| !n.trim().is_empty())
                    .ok_or_else(|| err("its speaker has no \"name\"".into()))?;
                let at = match (as_offset(s.get("start")), as_offset(s.get("end"))) {
                    (Some(a), Some(b)) if a < b => Some((a, b)),
                    _ => None,
                };
                speaker = Some((name.chars().take(500).collect::<String>(), at));
            }
        }
        let kind = kind.ok_or_else(|| {
            err("it has no tagging body saying person, org, quote or claim".into())
        })?;
        let target = match x.get("target") {
            Some(Value::Array(a)) => a.first(),
            t => t,
        };
        let selectors: Vec<&Value> = match target.and_then(|t| t.get("selector")) {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(s @ Value::Object(_)) => vec![s],
            _ => return Err(err("its target has no selector".into())),
        };
        let mut pos = None;
        let mut quote = None;
        for s in selectors {
            if is(s, "TextPositionSelector") {
                match (as_offset(s.get("start")), as_offset(s.get("end"))) {
                    (Some(a), Some(b)) if a <= b => pos = Some((a, b)),
                    _ => {
                        return Err(err(
                            "its TextPositionSelector needs whole numbers start ≤ end".into(),
                        ))
                    }
                }
            } else if is(s, "TextQuoteSelector") {
                let get = |k: &str| s.get(k).and_then(Value::as_str).unwrap_or_default();
                let (mut exact, mut prefix, suffix) = (get("exact"), get("prefix"), get("suffix"));
                if exact.is_empty() {
                    return Err(err("its TextQuoteSelector has no \"exact\" text".into()));
                }
                if normalise {
                    // A CRLF split by the tag's edge is the article's one LF, outside the tag.
                    if exact.ends_with('\r') && suffix.starts_with('\n') {
                        exact = &exact[..exact.len() - 1];
                    }
                    if exact.starts_with('\n') && prefix.ends_with('\r') {
                        prefix = &prefix[..prefix.len() - 1];
                    }
                }
                quote = Some((fix(exact), fix(prefix), fix(suffix)));
            }
        }
        if pos.is_none() && quote.is_none() {
            return Err(err(
                "it has neither a TextQuoteSelector nor a TextPositionSelector".into(),
            ));
        }
        raws.push(Raw {
            kind,
            pos,
            quote,
            speaker,
        });
    }
    let mut cps = vec![];
    for r in &raws {
        if let Some((a, b)) = r.pos {
            cps.extend([a, b]);
        }
        if let Some((_, Some((a, b)))) = r.speaker {
            cps.extend([a, b]);
        }
    }
    let bytes = cp_to_bytes(text, &cps);
    let span_of = |p: Option<(usize, usize)>| {
        p.and_then(|(a, b)| Some(Span::new(*bytes.get(&a)?, *bytes.get(&b)?)))
    };
    let mut out = Vec::with_capacity(raws.len());
    for (i, r) in raws.into_iter().enumerate() {
        let at = span_of(r.pos);
        let span = match (&r.quote, at) {
            (None, Some(s)) if !s.is_empty() => s,
            (None, _) => {
                return fail(format!(
                    "annotation {}: its position is outside this article or empty",
                    i + 1
                ))
            }
            (Some((exact, _, _)), Some(s)) if text[s.start..s.end] == **exact => s,
            (Some((exact, prefix, suffix)), at) => {
                let (s, e) = at.map_or((0, 0), |s| (s.start, s.end));
                let anchor = Anchor {
                    start: s,
                    end: e,
                    text: exact.clone(),
                    prefix: prefix.clone(),
                    suffix: suffix.clone(),
                };
                anchor.locate(text).ok_or_else(|| {
                    ImportError(format!(
                        "annotation {}: \"{}\" is not in this article (was the file made for another text?)",
                        i + 1,
                        short(exact)
                    ))
                })?
            }
        };
        let speaker = r
            .speaker
            .map(|(name, p)| (name, span_of(p).filter(|s| !s.is_empty())));
        out.push(ImportedTag {
            kind: r.kind,
            span,
            speaker: if r.kind == Kind::Quote { speaker } else { None },
        });
    }
    Ok(out)
}

/// The tags of a spaCy/Prodigy JSONL file: the line whose `"text"` is `text` (line ends
/// aside).
fn read_spacy(text: &str, content: &str) -> Result<Vec<ImportedTag>, ImportError> {
    let mut lines = 0;
    let mut found: Option<(usize, Value, String)> = None;
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        lines += 1;
        let n = i + 1;
        let v: Value = serde_json::from_str(line).map_err(|e| {
            ImportError(format!(
                "line {n} is not JSON ({e}); a spaCy file has one JSON object a line"
            ))
        })?;
        let Some(t) = v.get("text").and_then(Value::as_str) else {
            return fail(format!(
                "line {n} has no \"text\" string, so it is not a spaCy/Prodigy file"
            ));
        };
        let same = t == text || (t.contains('\r') && !text.contains('\r') && lf(t) == text);
        if same && found.is_none() {
            let t = t.to_string();
            found = Some((n, v, t));
        }
    }
    let Some((n, v, file_text)) = found else {
        return fail(if lines == 1 {
            "its \"text\" is not this article (was the file made for another text?)".to_string()
        } else {
            format!("none of its {lines} texts is this article")
        });
    };
    let spans = match v.get("spans") {
        None | Some(Value::Null) => &vec![],
        Some(Value::Array(a)) => a,
        Some(_) => return fail(format!("line {n}: \"spans\" is not a list")),
    };
    // Line ends: the file's CRLF are the article's LF; offsets move back by the CRs before.
    let crs: Vec<usize> = if file_text.len() != text.len() {
        let cs: Vec<char> = file_text.chars().collect();
        (0..cs.len())
            .filter(|&i| cs[i] == '\r' && cs.get(i + 1) == Some(&'\n'))
            .collect()
    } else {
        vec![]
    };
    let remap = |c: usize| c - crs.partition_point(|&r| r < c);
    let total = text.chars().count() + crs.len();
    let mut raws = vec![];
    for (j, s) in spans.iter().enumerate() {
        let err = |why: &str| ImportError(format!("line {n}, span {}: {why}", j + 1));
        let (Some(a), Some(b)) = (as_offset(s.get("start")), as_offset(s.get("end"))) else {
            return Err(err("\"start\" and \"end\" must be whole numbers"));
        };
        if a >= b || b > total {
            return Err(err(&format!(
                "offsets {a}–{b} are not a stretch of the text ({total} characters)"
            )));
        }
        let lab = s.get("label").and_then(Value::as_str).unwrap_or("");
        let kind = kind_of_label(lab).ok_or_else(|| {
            err(&format!(
                "label \"{}\" is not one of PERSON, ORG, QUOTE, CLAIM",
                short(lab)
            ))
        })?;
        raws.push((kind, remap(a), remap(b)));
    }
    let cps: Vec<usize> = raws.iter().flat_map(|r| [r.1, r.2]).collect();
    let bytes = cp_to_bytes(text, &cps);
    Ok(raws
        .into_iter()
        .map(|(kind, a, b)| ImportedTag {
            kind,
            span: Span::new(bytes[&a], bytes[&b]),
            speaker: None,
        })
        .collect())
}

/// A `T` line to check against the article: its id, its fragments (code points), the text
/// it says is there, its line number.
type BratCheck = (String, Vec<(usize, usize)>, String, usize);

/// brat standoff (`.ann`) made for `text` as its `.txt`: `T` lines (`PERSON`, `ORG`,
/// `QUOTE`, `CLAIM`, and `SPEAKER` mentions, which are no tags), offsets in code points, a
/// tag in fragments taken from its first to its last; `R Speaker Arg1:quote Arg2:mention`
/// and `AnnotatorNotes` `speaker: name` give a quote's speaker; `A` lines and other notes are
/// read and left. Each `T`'s text must be the article's there.
fn read_brat(text: &str, content: &str) -> Result<Vec<ImportedTag>, ImportError> {
    let total = text.chars().count();
    let mut ts: HashMap<String, (Option<Kind>, usize, usize, usize)> = HashMap::default(); // id → (kind, start, end, line)
    let mut order: Vec<String> = vec![];
    let mut speakers: Vec<(String, String, usize)> = vec![]; // (quote id, mention id, line)
    let mut names: HashMap<String, String> = HashMap::default();
    let mut checks: Vec<BratCheck> = vec![];
    let mut seen = HashSet::default();
    for (i, line) in content.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.splitn(3, '\t').collect();
        let id = parts[0];
        let kind_ok = id.len() > 1
            && matches!(
                id.as_bytes()[0],
                b'T' | b'A' | b'R' | b'#' | b'E' | b'M' | b'N' | b'*'
            )
            && (id[1..].chars().all(|c| c.is_ascii_digit()) || id == "*");
        if !kind_ok || parts.len() < 2 {
            return fail(format!(
                "line {n} is not a brat standoff line (\"T1<TAB>PERSON 0 5<TAB>text\"), so this is not a brat .ann file"
            ));
        }
        if !seen.insert(id.to_string()) {
            return fail(format!("line {n}: the id {id} is used twice"));
        }
        match id.as_bytes()[0] {
            b'T' => {
                let (lab, offs) = parts[1].split_once(' ').unwrap_or((parts[1], ""));
                let kind = if lab == "SPEAKER" {
                    None
                } else {
                    Some(kind_of_label(lab).ok_or_else(|| {
                        ImportError(format!(
                            "line {n}: label \"{}\" is not one of PERSON, ORG, QUOTE, CLAIM, SPEAKER",
                            short(lab)
                        ))
                    })?)
                };
                let mut frags = vec![];
                for f in offs.split(';') {
                    let mut it = f.split_whitespace().map(str::parse::<usize>);
                    let (Some(Ok(a)), Some(Ok(b)), None) = (it.next(), it.next(), it.next()) else {
                        return fail(format!(
                            "line {n}: offsets \"{}\" are not \"start end\" pairs",
                            short(offs)
                        ));
                    };
                    if a > b || b > total {
                        return fail(format!(
                            "line {n}: offsets {a}–{b} are not a stretch of the text ({total} characters; was the file made for another text?)"
                        ));
                    }
                    frags.push((a, b));
                }
                let start = frags.iter().map(|f| f.0).min().unwrap_or(0);
                let end = frags.iter().map(|f| f.1).max().unwrap_or(0);
                checks.push((
                    id.to_string(),
                    frags,
                    parts.get(2).copied().unwrap_or("").to_string(),
                    n,
                ));
                ts.insert(id.to_string(), (kind, start, end, n));
                order.push(id.to_string());
            }
            b'R' => {
                let mut w = parts[1].split_whitespace();
                if w.next() == Some("Speaker") {
                    let arg = |s: Option<&str>, k: &str| {
                        s.and_then(|s| s.strip_prefix(k)).map(str::to_string)
                    };
                    match (arg(w.next(), "Arg1:"), arg(w.next(), "Arg2:")) {
                        (Some(q), Some(m)) => speakers.push((q, m, n)),
                        _ => {
                            return fail(format!(
                                "line {n}: a Speaker relation needs Arg1:T… Arg2:T…"
                            ))
                        }
                    }
                }
            }
            b'#' => {
                let target = parts[1].split_whitespace().nth(1).unwrap_or("");
                if let Some(name) = parts.get(2).and_then(|t| t.strip_prefix("speaker: ")) {
                    names.insert(target.to_string(), name.trim().to_string());
                }
            }
            _ => {}
        }
    }
    // Every tag's text is the article's there (fragments joined by a space, as written).
    let cps: Vec<usize> = ts.values().flat_map(|t| [t.1, t.2]).collect();
    let mut all_cps = cps.clone();
    for (_, frags, _, _) in &checks {
        all_cps.extend(frags.iter().flat_map(|f| [f.0, f.1]));
    }
    let bytes = cp_to_bytes(text, &all_cps);
    for (id, frags, written, n) in &checks {
        if frags.iter().all(|f| f.0 == f.1) {
            continue;
        }
        let has: Vec<String> = frags
            .iter()
            .map(|f| field(&text[bytes[&f.0]..bytes[&f.1]]))
            .collect();
        if has.join(" ").trim() != field(written).trim() {
            return fail(format!(
                "line {n}: {id} reads \"{}\" but the article has \"{}\" there (was the file made for another text?)",
                short(written),
                short(&has.join(" "))
            ));
        }
    }
    let span_of = |t: &(Option<Kind>, usize, usize, usize)| Span::new(bytes[&t.1], bytes[&t.2]);
    let mut speaker_of: HashMap<String, (String, Span)> = HashMap::default();
    for (q, m, n) in &speakers {
        let (Some(qt), Some(mt)) = (ts.get(q), ts.get(m)) else {
            return fail(format!(
                "line {n}: the Speaker relation names a tag that is not in the file"
            ));
        };
        if qt.0 != Some(Kind::Quote) {
            return fail(format!(
                "line {n}: a Speaker relation's Arg1 must be a QUOTE"
            ));
        }
        let sp = span_of(mt);
        let name = names.get(q).cloned().unwrap_or_else(|| {
            text[sp.start..sp.end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        });
        speaker_of.insert(q.clone(), (name, sp));
    }
    Ok(order
        .iter()
        .filter_map(|id| {
            let t = &ts[id];
            let kind = t.0?;
            if t.1 == t.2 {
                return None;
            }
            let speaker = speaker_of
                .get(id)
                .map(|(name, sp)| (name.clone(), Some(*sp)));
            Some(ImportedTag {
                kind,
                span: span_of(t),
                speaker,
            })
        })
        .collect())
}

/// CoNLL IOB made for `text`: one token a line, the token first and the IOB tag last
/// (`PER`/`PERSON`, `ORG`/`ORGANIZATION`), tab- or space-separated, blank lines and
/// `-DOCSTART-` between; the tokens must follow the article in order with only white space
/// (or a few marks no word holds) between them. People and organizations only.
fn read_conll(text: &str, content: &str) -> Result<Vec<ImportedTag>, ImportError> {
    let mut at = 0usize; // byte offset in text
    let mut out: Vec<ImportedTag> = vec![];
    let mut open: Option<(Kind, usize, usize)> = None; // kind, start, end (bytes)
    let mut tokens = 0;
    let close = |open: &mut Option<(Kind, usize, usize)>, out: &mut Vec<ImportedTag>| {
        if let Some((kind, s, e)) = open.take() {
            out.push(ImportedTag {
                kind,
                span: Span::new(s, e),
                speaker: None,
            });
        }
    };
    for (i, line) in content.lines().enumerate() {
        let n = i + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with("-DOCSTART-") {
            continue;
        }
        let fields: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        if fields.len() < 2 {
            return fail(format!(
                "line {n} is not \"token<TAB>tag\", so this is not a CoNLL IOB file"
            ));
        }
        let (tok, tag) = (fields[0], fields[fields.len() - 1].trim());
        let (bio, typ) = match tag.split_once('-') {
            None if tag == "O" => ("O", ""),
            Some((b, t)) if b == "B" || b == "I" => (b, t),
            _ => {
                return fail(format!(
                    "line {n}: tag \"{}\" is not O, B-… or I-…",
                    short(tag)
                ))
            }
        };
        let kind = match bio {
            "O" => None,
            _ => Some(match typ.to_ascii_uppercase().as_str() {
                "PER" | "PERSON" => Kind::Person,
                "ORG" | "ORGANIZATION" | "ORGANISATION" => Kind::Org,
                _ => {
                    return fail(format!(
                        "line {n}: tag \"{}\" is not one of O, B-PER, I-PER, B-ORG, I-ORG",
                        short(tag)
                    ))
                }
            }),
        };
        // Find the token where the article goes on.
        let want: String = tok
            .chars()
            .map(|c| if c == '_' { ' ' } else { c })
            .collect();
        let rest = &text[at..];
        let found = [tok, want.as_str()]
            .iter()
            .filter_map(|w| rest.find(*w).map(|p| (p, w.len())))
            .filter(|&(p, _)| !rest[..p].chars().any(char::is_alphanumeric))
            .min();
        let Some((p, len)) = found else {
            let next: String = rest.trim_start().chars().take(30).collect();
            return fail(format!(
                "line {n}: token \"{}\" is not where the article goes on (\"{}\"); was the file made for another text?",
                short(tok),
                short(&next)
            ));
        };
        tokens += 1;
        let (s, e) = (at + p, at + p + len);
        at = e;
        match (bio, kind, open) {
            ("I", Some(k), Some((ok, os, _))) if ok == k => open = Some((k, os, e)),
            (_, Some(k), _) => {
                close(&mut open, &mut out);
                open = Some((k, s, e));
            }
            _ => close(&mut open, &mut out),
        }
    }
    close(&mut open, &mut out);
    if tokens == 0 {
        return fail("the file holds no tokens");
    }
    if text[at..].chars().any(char::is_alphanumeric) {
        let next: String = text[at..].trim_start().chars().take(30).collect();
        return fail(format!(
            "the file ends before the article does (at \"{}\"); was it made for another text?",
            short(&next)
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
