//! Analyses as text for people: one annotation a line, offsets in code points.
//!
//! ```text
//! person  120..133  "Jane Smith"  = Jane Smith
//! quote   170..231  "We will not…"  direct  speaker=Jane Smith
//! claim   300..360  "Unemployment fell…"  score=0.91  (contains a statistic)
//! ```
//! The command line prints it with `--format text`, and the golden snapshots in
//! `tests/snapshots/` are written in it.
//!
//! [`json`] gives the same analysis as serializable records, offsets in code points: the shape
//! the command line writes as JSON and the Python package returns as dicts.

use crate::{Analysis, Kind};
use foldhash::HashMap;
use serde::Serialize;

/// Code-point offsets for many byte offsets of one text, in one pass.
pub fn code_points(text: &str, bytes: impl IntoIterator<Item = usize>) -> HashMap<usize, usize> {
    let mut v: Vec<usize> = bytes.into_iter().collect();
    v.sort_unstable();
    v.dedup();
    let mut cp = crate::text::CodePoints::new(text);
    v.into_iter().map(|b| (b, cp.at(b))).collect()
}

fn shorten(s: &str, n: usize) -> String {
    let s = s.replace('\n', "⏎");
    if s.chars().count() > n {
        format!("{}…", s.chars().take(n).collect::<String>())
    } else {
        s
    }
}

/// The analysis of `text` as lines.
pub fn lines(text: &str, a: &Analysis) -> String {
    let cp = code_points(
        text,
        a.annotations
            .iter()
            .flat_map(|x| [x.span.start, x.span.end]),
    );
    let mut s = String::new();
    for x in &a.annotations {
        s += &format!(
            "{:<7} {}..{}  \"{}\"",
            x.kind.as_str(),
            cp[&x.span.start],
            cp[&x.span.end],
            shorten(&x.text, 60)
        );
        if let Some(q) = &x.quote {
            s += if q.direct { "  direct" } else { "  indirect" };
            match &q.speaker {
                Some(sp) => s += &format!("  speaker={}", sp.name),
                None => s += "  speaker=?",
            }
        }
        if let Some(c) = &x.claim {
            s += &format!("  score={:.2}  ({})", c.score, c.reasons.join("; "));
        }
        if matches!(x.kind, Kind::Person | Kind::Org) {
            if let Some(e) = x.entity {
                s += &format!("  = {}", a.entities[e].name);
            }
        }
        if x.by_user {
            s += "  (corrected)";
        }
        s.push('\n');
    }
    for d in &a.diagnostics {
        s += &format!("note    {}: {}\n", d.code, d.message);
    }
    s
}

/// A code-point range, end exclusive (a furniture block).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CodePointRange {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// A quote's speaker mention in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpeakerRecord {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The mention's text.
    pub text: String,
}

/// What a quote record adds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuoteRecord {
    /// In quotation marks (direct) or reported (indirect).
    pub direct: bool,
    /// The speaker's mention, `null` when it is not in the text or not found.
    pub speaker: Option<SpeakerRecord>,
    /// The name to show for the speaker, `null` when not found.
    pub speaker_name: Option<String>,
    /// The speaker's entity, an index into [`JsonAnalysis::entities`], `null` when none.
    pub speaker_entity: Option<usize>,
}

/// What a claim record adds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimRecord {
    /// Check-worthiness from 0 to 1, rounded to three decimals.
    pub score: f32,
    /// Why, most important first.
    pub reasons: Vec<String>,
}

/// One annotation in the scorer's prediction format, offsets in code points.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnnotationRecord {
    /// `person`, `org`, `quote` or `claim`.
    pub kind: Kind,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The tagged text.
    pub text: String,
    /// For people and organizations: the entity, an index into [`JsonAnalysis::entities`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<usize>,
    /// For quotes: `direct`, `speaker`, `speaker_name`, `speaker_entity`.
    #[serde(flatten)]
    pub quote: Option<QuoteRecord>,
    /// For claims: `score`, `reasons`.
    #[serde(flatten)]
    pub claim: Option<ClaimRecord>,
    /// Added or changed by a reader's correction (written only when true).
    #[serde(skip_serializing_if = "is_false")]
    pub by_user: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A person or organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntityRecord {
    /// Its index, which annotations refer to.
    pub id: usize,
    /// `person` or `org`.
    pub kind: Kind,
    /// Canonical name.
    pub name: String,
    /// How many annotations mention it.
    pub mentions: usize,
}

/// A note about the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiagnosticRecord {
    /// A stable machine-readable code.
    pub code: String,
    /// A sentence for people.
    pub message: String,
}

/// The whole analysis as the command line writes it (`newsmark annotate --format json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JsonAnalysis {
    /// Every annotation, sorted by start.
    pub annotations: Vec<AnnotationRecord>,
    /// The people and organizations.
    pub entities: Vec<EntityRecord>,
    /// Notes about the input.
    pub diagnostics: Vec<DiagnosticRecord>,
    /// The blocks set aside as page furniture.
    pub furniture: Vec<CodePointRange>,
}

/// The analysis `a` of `text` as serializable records, offsets in code points.
pub fn json(text: &str, a: &Analysis) -> JsonAnalysis {
    JsonAnalysis {
        annotations: annotation_records(text, a),
        entities: entity_records(a),
        diagnostics: a
            .diagnostics
            .iter()
            .map(|d| DiagnosticRecord {
                code: d.code.to_string(),
                message: d.message.clone(),
            })
            .collect(),
        furniture: furniture_records(text, a),
    }
}

/// The annotations of `a` in the scorer's prediction format, offsets in code points.
pub fn annotation_records(text: &str, a: &Analysis) -> Vec<AnnotationRecord> {
    // Code-point offsets for every byte offset used, in one pass.
    let mut offs: Vec<usize> = vec![];
    for x in &a.annotations {
        offs.push(x.span.start);
        offs.push(x.span.end);
        if let Some(s) = x
            .quote
            .as_ref()
            .and_then(|q| q.speaker.as_ref())
            .and_then(|s| s.span)
        {
            offs.push(s.start);
            offs.push(s.end);
        }
    }
    let map = code_points(text, offs);
    let c = |b: usize| map[&b];
    a.annotations
        .iter()
        .map(|x| AnnotationRecord {
            kind: x.kind,
            start: c(x.span.start),
            end: c(x.span.end),
            text: x.text.clone(),
            entity: x.entity,
            quote: x.quote.as_ref().map(|q| QuoteRecord {
                direct: q.direct,
                speaker: q.speaker.as_ref().and_then(|s| {
                    s.span.map(|p| SpeakerRecord {
                        start: c(p.start),
                        end: c(p.end),
                        text: s.text.clone(),
                    })
                }),
                speaker_name: q.speaker.as_ref().map(|s| s.name.clone()),
                speaker_entity: q.speaker.as_ref().and_then(|s| s.entity),
            }),
            claim: x.claim.as_ref().map(|cl| ClaimRecord {
                score: (cl.score * 1000.0).round() / 1000.0,
                reasons: cl.reasons.clone(),
            }),
            by_user: x.by_user,
        })
        .collect()
}

/// The entities of `a`, numbered as the annotations refer to them.
pub fn entity_records(a: &Analysis) -> Vec<EntityRecord> {
    a.entities
        .iter()
        .enumerate()
        .map(|(i, e)| EntityRecord {
            id: i,
            kind: e.kind,
            name: e.name.clone(),
            mentions: e.mentions.len(),
        })
        .collect()
}

/// The blocks of `a` set aside as page furniture, offsets in code points.
pub fn furniture_records(text: &str, a: &Analysis) -> Vec<CodePointRange> {
    let mut cp = crate::text::CodePoints::new(text);
    a.furniture
        .iter()
        .map(|f| CodePointRange {
            start: cp.at(f.start),
            end: cp.at(f.end),
        })
        .collect()
}
