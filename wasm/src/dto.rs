//! Plain data objects that cross the JS boundary (camelCase, UTF-16 offsets).

use crate::offsets::many_to_utf16;
use newsmark::{Analysis, Anchor, Correction, Kind, SpeakerFix};
use serde::{Deserialize, Serialize};
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
    }
}

/// An anchor as JS sends it (UTF-16 offsets).
#[derive(Deserialize, Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct AnchorDto {
    start: usize,
    end: usize,
    text: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
}

/// A speaker as JS sends it.
#[derive(Deserialize, Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct SpeakerFixDto {
    name: String,
    #[serde(default)]
    mention: Option<AnchorDto>,
}

/// A correction as JS sends it.
#[derive(Deserialize, Serialize, Clone, Debug)]
#[serde(tag = "op", rename_all = "camelCase")]
#[allow(missing_docs)]
pub enum CorrectionDto {
    Add {
        target: AnchorDto,
        kind: Kind,
    },
    Remove {
        target: AnchorDto,
        kind: Kind,
    },
    ChangeKind {
        target: AnchorDto,
        from: Kind,
        to: Kind,
    },
    Move {
        target: AnchorDto,
        kind: Kind,
        to: AnchorDto,
    },
    SetSpeaker {
        target: AnchorDto,
        speaker: SpeakerFixDto,
    },
    Merge {
        into: AnchorDto,
        from: AnchorDto,
    },
}

/// Converts corrections with UTF-16 anchors into core corrections with byte anchors.
pub fn corrections_to_core(text: &str, list: Vec<CorrectionDto>) -> Vec<Correction> {
    // All UTF-16 offsets, converted in one pass.
    let mut units: Vec<usize> = vec![];
    let mut push = |a: &AnchorDto| units.extend([a.start, a.end]);
    for c in &list {
        match c {
            CorrectionDto::Add { target, .. }
            | CorrectionDto::Remove { target, .. }
            | CorrectionDto::ChangeKind { target, .. } => push(target),
            CorrectionDto::Move { target, to, .. } => {
                push(target);
                push(to);
            }
            CorrectionDto::SetSpeaker { target, speaker } => {
                push(target);
                if let Some(m) = &speaker.mention {
                    push(m);
                }
            }
            CorrectionDto::Merge { into, from } => {
                push(into);
                push(from);
            }
        }
    }
    units.sort_unstable();
    units.dedup();
    let mut map = HashMap::with_capacity(units.len());
    let (mut b, mut u) = (0usize, 0usize);
    let mut chars = text.char_indices().peekable();
    for &want in &units {
        while u < want {
            match chars.next() {
                Some((_, ch)) => {
                    u += ch.len_utf16();
                    b = chars.peek().map_or(text.len(), |&(i, _)| i);
                }
                None => break,
            }
        }
        map.insert(want, b);
    }
    let anchor = |a: AnchorDto| Anchor {
        start: map[&a.start],
        end: map[&a.end],
        text: a.text,
        prefix: a.prefix,
        suffix: a.suffix,
    };
    list.into_iter()
        .map(|c| match c {
            CorrectionDto::Add { target, kind } => Correction::Add {
                target: anchor(target),
                kind,
            },
            CorrectionDto::Remove { target, kind } => Correction::Remove {
                target: anchor(target),
                kind,
            },
            CorrectionDto::ChangeKind { target, from, to } => Correction::ChangeKind {
                target: anchor(target),
                from,
                to,
            },
            CorrectionDto::Move { target, kind, to } => Correction::Move {
                target: anchor(target),
                kind,
                to: anchor(to),
            },
            CorrectionDto::SetSpeaker { target, speaker } => Correction::SetSpeaker {
                target: anchor(target),
                speaker: SpeakerFix {
                    name: speaker.name,
                    mention: speaker.mention.map(anchor),
                },
            },
            CorrectionDto::Merge { into, from } => Correction::Merge {
                into: anchor(into),
                from: anchor(from),
            },
        })
        .collect()
}
