//! The **apply corrections** stage: a reader's edits, re-applied on every annotation.
//!
//! A correction names the stretch it edits by an [`Anchor`]: its offsets, its text, and a few
//! characters of context on each side. When the article is unchanged the offsets find it; when
//! text was inserted or deleted around it, the anchor's text is searched for and the
//! occurrence whose context matches best (then the nearest) is taken. A correction whose text
//! is gone is reported as a diagnostic and kept by the caller: it is never silently dropped.
//!
//! ## Example
//! ```
//! use newsmark::{Annotator, Correction, Anchor, Kind};
//! let a = Annotator::new();
//! let text = "Shares of Globex rose on Monday.";
//! let fix = Correction::Add { target: Anchor::at(text, 10, 16), kind: Kind::Org };
//! let r = a.annotate_with(&format!("Breaking: {text}"), &[fix]);
//! assert!(r.annotations.iter().any(|x| x.kind == Kind::Org && x.text == "Globex" && x.by_user));
//! ```

use crate::text::Span;
use crate::Kind;
use serde::{Deserialize, Serialize};

/// How many characters of context an anchor keeps on each side.
pub const CONTEXT_CHARS: usize = 32;

/// Where a correction applies: offsets plus the text and its context, so that the correction
/// can be found again after the text around it changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// Start offset (bytes in Rust; the wasm layer converts from UTF-16).
    pub start: usize,
    /// End offset, exclusive.
    pub end: usize,
    /// The anchored text.
    pub text: String,
    /// Up to [`CONTEXT_CHARS`] characters before it.
    #[serde(default)]
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters after it.
    #[serde(default)]
    pub suffix: String,
}

impl Anchor {
    /// An anchor for `text[start..end]`, with its context. Offsets are clamped to the text
    /// and moved back to character boundaries.
    pub fn at(text: &str, start: usize, end: usize) -> Anchor {
        let fix = |mut p: usize| {
            p = p.min(text.len());
            while !text.is_char_boundary(p) {
                p -= 1;
            }
            p
        };
        let (start, end) = (fix(start), fix(end.max(start)));
        let prefix: String = {
            let before: Vec<char> = text[..start].chars().rev().take(CONTEXT_CHARS).collect();
            before.into_iter().rev().collect()
        };
        let suffix: String = text[end..].chars().take(CONTEXT_CHARS).collect();
        Anchor {
            start,
            end,
            text: text[start..end].to_string(),
            prefix,
            suffix,
        }
    }

    /// Finds the anchored text in `text`: at its offsets if it is still there, else the
    /// occurrence with the best-matching context (then the nearest).
    pub fn locate(&self, text: &str) -> Option<Span> {
        if self.text.is_empty() {
            return None;
        }
        if self.end <= text.len()
            && text.is_char_boundary(self.start)
            && text.is_char_boundary(self.end)
            && self.start < self.end
            && text[self.start..self.end] == self.text
        {
            let ctx = self.context_score(text, self.start, self.end);
            let full = self.prefix.chars().count() + self.suffix.chars().count();
            if ctx == full {
                return Some(Span::new(self.start, self.end));
            }
        }
        let mut best: Option<(usize, usize, usize)> = None; // (score, distance, start)
        let mut from = 0;
        while let Some(p) = text[from..].find(&self.text) {
            let s = from + p;
            let e = s + self.text.len();
            let score = self.context_score(text, s, e);
            let dist = s.abs_diff(self.start);
            let better = match best {
                None => true,
                Some((bs, bd, _)) => score > bs || (score == bs && dist < bd),
            };
            if better {
                best = Some((score, dist, s));
            }
            from = s + self.text.chars().next().map_or(1, char::len_utf8);
        }
        best.map(|(_, _, s)| Span::new(s, s + self.text.len()))
    }

    /// Characters of context that agree: the common tail of the prefix and the common head of
    /// the suffix.
    fn context_score(&self, text: &str, s: usize, e: usize) -> usize {
        let before = text[..s].chars().rev();
        let pre = self
            .prefix
            .chars()
            .rev()
            .zip(before)
            .take_while(|(a, b)| a == b)
            .count();
        let suf = self
            .suffix
            .chars()
            .zip(text[e..].chars())
            .take_while(|(a, b)| a == b)
            .count();
        pre + suf
    }
}

/// Who a corrected quote's speaker is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerFix {
    /// The name to show (an entity's name, or what the reader typed).
    pub name: String,
    /// A mention of the speaker in the text, if the reader picked one.
    #[serde(default)]
    pub mention: Option<Anchor>,
}

/// One edit a reader made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum Correction {
    /// Tag a stretch of text.
    Add {
        /// The stretch.
        target: Anchor,
        /// As what.
        kind: Kind,
    },
    /// Remove a tag.
    Remove {
        /// The tagged stretch.
        target: Anchor,
        /// The tag's kind.
        kind: Kind,
    },
    /// Change a tag's kind.
    ChangeKind {
        /// The tagged stretch.
        target: Anchor,
        /// The kind it had.
        from: Kind,
        /// The kind it gets.
        to: Kind,
    },
    /// Move a tag's boundaries.
    Move {
        /// The tagged stretch.
        target: Anchor,
        /// The tag's kind.
        kind: Kind,
        /// The new stretch.
        to: Anchor,
    },
    /// Set a quote's speaker.
    SetSpeaker {
        /// The quote.
        target: Anchor,
        /// The speaker.
        speaker: SpeakerFix,
    },
    /// Merge the entity of one name mention into the entity of another.
    Merge {
        /// A mention of the entity that stays.
        into: Anchor,
        /// A mention of the entity merged into it.
        from: Anchor,
    },
}

impl Correction {
    /// The anchor of the stretch the correction edits.
    pub fn target(&self) -> &Anchor {
        match self {
            Correction::Add { target, .. }
            | Correction::Remove { target, .. }
            | Correction::ChangeKind { target, .. }
            | Correction::Move { target, .. }
            | Correction::SetSpeaker { target, .. } => target,
            Correction::Merge { from, .. } => from,
        }
    }
}
