//! The result types: an [`Analysis`] of a text, its [`Annotation`]s, [`Entity`]s and
//! [`Diagnostic`]s. Every stage after detection writes into these; nothing here knows how
//! they were found.

use crate::text::Span;
use serde::{Deserialize, Serialize};

/// The four layers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A named person.
    Person,
    /// A named organization.
    Org,
    /// A direct or indirect quote.
    Quote,
    /// A check-worthy claim.
    Claim,
}

impl Kind {
    /// Person or organization.
    pub fn is_name(self) -> bool {
        matches!(self, Kind::Person | Kind::Org)
    }
    /// The lower-case name used in files (`person`, `org`, `quote`, `claim`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Org => "org",
            Kind::Quote => "quote",
            Kind::Claim => "claim",
        }
    }
}

/// Who said a quote.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Speaker {
    /// The mention that says it (`Lee Sporn`, `he`, `the company`), if it is in the text.
    pub span: Option<Span>,
    /// That mention's text.
    pub text: String,
    /// The entity it stands for, as an index into [`Analysis::entities`].
    pub entity: Option<usize>,
    /// The name to show: the entity's name, or the speaker's own words.
    pub name: String,
}

/// What a quote annotation adds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteInfo {
    /// In quotation marks (direct) or reported (indirect).
    pub direct: bool,
    /// Who said it, when that can be found.
    pub speaker: Option<Speaker>,
}

/// What a claim annotation adds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimInfo {
    /// Check-worthiness from 0 to 1.
    pub score: f32,
    /// Why, in words an editor reads, most important first.
    pub reasons: Vec<String>,
}

/// One tag on the text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Annotation {
    /// Which layer.
    pub kind: Kind,
    /// Where (bytes into the original text).
    pub span: Span,
    /// The tagged text.
    pub text: String,
    /// For people and organizations: the entity, as an index into [`Analysis::entities`].
    pub entity: Option<usize>,
    /// For quotes.
    pub quote: Option<QuoteInfo>,
    /// For claims.
    pub claim: Option<ClaimInfo>,
    /// Added or changed by a reader's correction.
    pub by_user: bool,
}

/// A person or organization and its mentions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entity {
    /// Person or organization.
    pub kind: Kind,
    /// Canonical name.
    pub name: String,
    /// Indices into [`Analysis::annotations`].
    pub mentions: Vec<usize>,
}

/// Something the annotator wants the user to know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// A stable machine-readable code (`empty_text`, `text_truncated`, `binary_text`,
    /// `correction_not_found`, `correction_no_effect`).
    pub code: &'static str,
    /// A sentence for people.
    pub message: String,
    /// For `correction_not_found`: the index of the correction.
    pub correction: Option<usize>,
}

/// A correction that could not be placed: its text is gone from the article, even
/// approximately. It is reported, never applied elsewhere; its owner keeps it (it applies
/// again if the text comes back) or discards it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Orphan {
    /// The index of the correction in the list given.
    pub correction: usize,
    /// The anchored text that was not found.
    pub text: String,
}

/// The result of annotating a text.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Analysis {
    /// All tags, sorted by start, then by kind.
    pub annotations: Vec<Annotation>,
    /// The people and organizations.
    pub entities: Vec<Entity>,
    /// Notes about the input and the corrections.
    pub diagnostics: Vec<Diagnostic>,
    /// The blocks set aside as page furniture (menus, share and legal lines, link lists of a
    /// whole pasted page): not tagged. A [`Correction::Keep`](crate::Correction::Keep) brings
    /// one back.
    pub furniture: Vec<Span>,
    /// The corrections that could not be placed, in list order (each also has a
    /// `correction_not_found` diagnostic).
    pub orphans: Vec<Orphan>,
}

impl Analysis {
    /// Sorts annotations, drops entities without mentions and renumbers the references.
    pub(crate) fn tidy(&mut self) {
        let a = self;
        a.annotations.retain(|x| !x.span.is_empty());
        a.annotations
            .sort_by_key(|x| (x.span.start, x.kind as u8, x.span.end));
        a.annotations
            .dedup_by(|x, y| x.kind == y.kind && x.span == y.span);
        let mut used = vec![false; a.entities.len()];
        for x in &a.annotations {
            if let Some(e) = x.entity {
                used[e] = true;
            }
        }
        let mut new_id = vec![None; a.entities.len()];
        let mut ents = vec![];
        for (i, e) in a.entities.iter().enumerate() {
            if used[i] {
                new_id[i] = Some(ents.len());
                ents.push(Entity {
                    kind: e.kind,
                    name: e.name.clone(),
                    mentions: vec![],
                });
            }
        }
        for (ai, x) in a.annotations.iter_mut().enumerate() {
            x.entity = x.entity.and_then(|e| new_id[e]);
            if let Some(e) = x.entity {
                ents[e].mentions.push(ai);
            }
            if let Some(sp) = x.quote.as_mut().and_then(|q| q.speaker.as_mut()) {
                sp.entity = sp.entity.and_then(|e| new_id[e]);
            }
        }
        a.entities = ents;
    }
}
