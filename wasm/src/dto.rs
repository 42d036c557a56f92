//! Plain data objects that cross the JS boundary (camelCase, UTF-16 offsets).

use crate::offsets::many_to_utf16;
use newsmark::{Analysis, Kind};
use serde::Serialize;
use std::collections::HashMap;

/// An analysis as JS sees it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnalysisDto {
    /// All tags, sorted by start.
    pub annotations: Vec<AnnotationDto>,
    /// People and organizations.
    pub entities: Vec<EntityDto>,
    /// Notes about the input and corrections.
    pub diagnostics: Vec<DiagnosticDto>,
    /// Blocks set aside as page furniture (UTF-16 offsets).
    pub furniture: Vec<RangeDto>,
    /// Corrections that could not be placed: `{correction, text}`, in list order.
    pub orphans: Vec<OrphanDto>,
}

/// A correction that could not be placed.
#[derive(Serialize)]
pub struct OrphanDto {
    /// Its index in the corrections given.
    pub correction: usize,
    /// The anchored text that is no longer found.
    pub text: String,
}

/// A stretch of the text (UTF-16 offsets).
#[derive(Serialize)]
pub struct RangeDto {
    /// Start offset.
    pub start: usize,
    /// End offset, exclusive.
    pub end: usize,
}

/// One tag.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnnotationDto {
    kind: Kind,
    start: usize,
    end: usize,
    text: String,
    entity: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    direct: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<Option<SpeakerDto>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reasons: Option<Vec<String>>,
    by_user: bool,
}

/// Who said a quote.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpeakerDto {
    start: Option<usize>,
    end: Option<usize>,
    text: String,
    entity: Option<usize>,
    name: String,
}

/// A person or organization.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityDto {
    kind: Kind,
    name: String,
    mentions: Vec<usize>,
}

/// A note.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticDto {
    code: &'static str,
    message: String,
    correction: Option<usize>,
}

/// Converts a core analysis of `text` to the JS shape.
pub fn analysis(text: &str, a: &Analysis) -> AnalysisDto {
    let mut offs = Vec::with_capacity(a.annotations.len() * 2);
    for x in &a.annotations {
        offs.extend([x.span.start, x.span.end]);
        if let Some(s) = x
            .quote
            .as_ref()
            .and_then(|q| q.speaker.as_ref())
            .and_then(|s| s.span)
        {
            offs.extend([s.start, s.end]);
        }
    }
    for f in &a.furniture {
        offs.extend([f.start, f.end]);
    }
    let u: HashMap<usize, usize> = many_to_utf16(text, &offs);
    AnalysisDto {
        annotations: a
            .annotations
            .iter()
            .map(|x| AnnotationDto {
                kind: x.kind,
                start: u[&x.span.start],
                end: u[&x.span.end],
                text: x.text.clone(),
                entity: x.entity,
                direct: x.quote.as_ref().map(|q| q.direct),
                speaker: x.quote.as_ref().map(|q| {
                    q.speaker.as_ref().map(|s| SpeakerDto {
                        start: s.span.map(|p| u[&p.start]),
                        end: s.span.map(|p| u[&p.end]),
                        text: s.text.clone(),
                        entity: s.entity,
                        name: s.name.clone(),
                    })
                }),
                score: x.claim.as_ref().map(|c| c.score),
                reasons: x.claim.as_ref().map(|c| c.reasons.clone()),
                by_user: x.by_user,
            })
            .collect(),
        entities: a
            .entities
            .iter()
            .map(|e| EntityDto {
                kind: e.kind,
                name: e.name.clone(),
                mentions: e.mentions.clone(),
            })
            .collect(),
        diagnostics: a
            .diagnostics
            .iter()
            .map(|d| DiagnosticDto {
                code: d.code,
                message: d.message.clone(),
                correction: d.correction,
            })
            .collect(),
        furniture: a
            .furniture
            .iter()
            .map(|f| RangeDto {
                start: u[&f.start],
                end: u[&f.end],
            })
            .collect(),
        orphans: a
            .orphans
            .iter()
            .map(|o| OrphanDto {
                correction: o.correction,
                text: o.text.clone(),
            })
            .collect(),
    }
}

/// An export format as `exportFormats()` lists it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormatDto {
    /// `w3c`, `spacy`, `brat`, `conll`, `quotes-csv`.
    pub name: &'static str,
    /// The usual file extension, without the dot.
    pub extension: &'static str,
    /// The file's media type.
    pub media_type: &'static str,
    /// Whether `importAnnotations` reads it.
    pub importable: bool,
}

/// What `importAnnotations` returns.
#[derive(Serialize)]
pub struct Imported {
    /// The format read.
    pub format: &'static str,
    /// Corrections to add after the current ones (UTF-16 anchors).
    pub corrections: Vec<newsmark::Correction>,
    /// Tags in the file.
    pub tags: usize,
    /// Tags the corrections add.
    pub added: usize,
    /// Tags the corrections remove.
    pub removed: usize,
    /// Quote speakers the corrections set.
    pub speakers: usize,
}
