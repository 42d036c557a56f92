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

use crate::analysis::{
    Analysis, Annotation, ClaimInfo, Diagnostic, Entity, Kind, Orphan, QuoteInfo, Speaker,
};
use crate::text::Span;
use serde::{Deserialize, Serialize};

/// How many characters of context an anchor keeps on each side.
pub const CONTEXT_CHARS: usize = 32;

/// Anchors shorter than this (in characters) are only found exactly: an approximate match of
/// a two-letter name would be anything.
pub const MIN_FUZZY_CHARS: usize = 3;
/// Anchors longer than this are only found exactly (a whole paragraph tagged as a claim).
pub const MAX_FUZZY_CHARS: usize = 1000;
/// Cells of edit distance one approximate search may compute (about as many nanoseconds
/// times a few): the bound on its work, whatever the text.
pub const FUZZY_BUDGET: usize = 2_000_000;
/// How far (bytes) from its old offsets an edited anchor is searched for: the reader's edits
/// move text by less than this; an anchor's exact text is searched for in the whole text.
/// It bounds the work of an orphan on a 10 MB text (four searches of 512 KB).
pub const FUZZY_RADIUS: usize = 256 * 1024;
/// Characters of context (or of the anchor's own ends) searched for to find where an edited
/// anchor went.
const LANDMARK_CHARS: usize = 12;
/// Landmarks shorter than this are too common to tell anything.
const MIN_LANDMARK_CHARS: usize = 4;
/// Occurrences of one landmark that are looked at (the nearest to the old offsets).
const MAX_LANDMARKS: usize = 8;

/// An approximate match of an anchor ([`Anchor::locate_fuzzy`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuzzyMatch {
    /// Where (bytes).
    pub span: Span,
    /// Characters inserted, deleted or replaced between the anchored text and the match.
    pub distance: usize,
    /// Characters of the anchor's context that agree around the match.
    pub context: usize,
    /// Ends of the match inside a word where the anchor's ends were at word boundaries.
    pub cut_words: usize,
    /// Characters in the anchored text.
    pub chars: usize,
    /// Characters of context the anchor has.
    pub full_context: usize,
}

impl FuzzyMatch {
    /// Lower is better: each edit costs four characters of agreeing context, a cut word
    /// three.
    pub fn cost(&self) -> isize {
        (self.distance * 4 + self.cut_words * 3) as isize - self.context as isize
    }

    /// The threshold. An approximate match needs strong context around it (half of the
    /// anchor's, at least 8 characters, or 16 whatever the anchor has): a look-alike
    /// elsewhere (`email` for `e-mail` two paragraphs on) is not the edited original. Then a
    /// third of the characters may differ, one in a name shorter than six.
    pub fn accepted(&self) -> bool {
        let strong =
            (self.context * 2 >= self.full_context && self.context >= 8) || self.context >= 16;
        let allowed = if self.chars < 6 { 1 } else { self.chars / 3 };
        self.distance == 0 || (strong && self.distance <= allowed && self.cut_words == 0)
    }
}

/// Byte offsets of the occurrences of `what` in `text` within [`FUZZY_RADIUS`] of `near`, at
/// most [`MAX_LANDMARKS`], the nearest first. One linear search of that stretch.
fn landmarks(text: &str, what: &str, near: usize) -> Vec<usize> {
    let lo = back_chars(text, near.saturating_sub(FUZZY_RADIUS), 0);
    let hi = back_chars(text, near.saturating_add(FUZZY_RADIUS), 0);
    let mut found: Vec<usize> = Vec::with_capacity(MAX_LANDMARKS + 1);
    for (p, _) in text[lo..hi].match_indices(what) {
        let p = lo + p;
        // Kept in order of distance: insert, drop the farthest.
        let d = p.abs_diff(near);
        let at = found
            .iter()
            .position(|&x| x.abs_diff(near) > d)
            .unwrap_or(found.len());
        if at < MAX_LANDMARKS {
            found.insert(at, p);
            found.truncate(MAX_LANDMARKS);
        }
    }
    found
}

/// The offset `n` characters before byte `p` (moved back to a character boundary first).
fn back_chars(text: &str, p: usize, n: usize) -> usize {
    let mut p = p.min(text.len());
    while !text.is_char_boundary(p) {
        p -= 1;
    }
    if n == 0 {
        return p;
    }
    text[..p]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
        .min(p)
}

/// The offset `n` characters after byte `p` (moved back to a character boundary first).
fn forward_chars(text: &str, p: usize, n: usize) -> usize {
    let mut p = p.min(text.len());
    while !text.is_char_boundary(p) {
        p -= 1;
    }
    text[p..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| p + i)
}

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

    /// Finds the anchored text in `text`: at its offsets if it is still there with its
    /// context; else the exact occurrence whose context matches best (then the nearest), unless
    /// an approximate match ([`Anchor::locate_fuzzy`]: the reader edited the text inside the
    /// anchor) has much better context. `None` when neither is good enough: the correction
    /// is then an orphan, reported and kept.
    pub fn locate(&self, text: &str) -> Option<Span> {
        if self.text.is_empty() {
            return None;
        }
        let full = self.prefix.chars().count() + self.suffix.chars().count();
        if self.end <= text.len()
            && text.is_char_boundary(self.start)
            && text.is_char_boundary(self.end)
            && self.start < self.end
            && text[self.start..self.end] == self.text
            && self.context_score(text, self.start, self.end) == full
        {
            return Some(Span::new(self.start, self.end));
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
        let exact = best.map(|(ctx, _, s)| (Span::new(s, s + self.text.len()), ctx));
        if let Some((span, ctx)) = exact {
            if ctx == full {
                return Some(span);
            }
        }
        match (exact, self.locate_fuzzy(text)) {
            (Some((span, ctx)), Some(f)) => {
                // An exact copy elsewhere with little context loses to the edited original.
                let exact_cost = -(ctx as isize);
                Some(if f.cost() < exact_cost { f.span } else { span })
            }
            (Some((span, _)), None) => Some(span),
            (None, f) => f.map(|f| f.span),
        }
    }

    /// The best approximate match of the anchored text (the reader fixed a typo inside it,
    /// added or removed a word), searched for only near where the anchor's context, its own
    /// first or last characters, or its old offsets say it should be, within
    /// [`FUZZY_RADIUS`] of them: bounded work whatever the length of `text` (four searches
    /// for landmarks in that stretch, then at most [`FUZZY_BUDGET`] cells of edit distance;
    /// about half a millisecond for an orphan on a 10 MB text). `None` when the best match differs too much
    /// for the context that agrees around it (none passes [`FuzzyMatch::accepted`]).
    pub fn locate_fuzzy(&self, text: &str) -> Option<FuzzyMatch> {
        let pat: Vec<char> = self.text.chars().collect();
        let m = pat.len();
        if !(MIN_FUZZY_CHARS..=MAX_FUZZY_CHARS).contains(&m) {
            return None;
        }
        let slack = m / 3 + 2;
        // Where the anchor may start now, most telling first.
        let mut cands: Vec<usize> = vec![];
        let mut add = |found: Vec<usize>| cands.extend(found);
        let pre: Vec<char> = self.prefix.chars().collect();
        let suf: Vec<char> = self.suffix.chars().collect();
        let tail_of =
            |v: &[char], k: usize| v[v.len() - k.min(v.len())..].iter().collect::<String>();
        let head_of = |v: &[char], k: usize| v[..k.min(v.len())].iter().collect::<String>();
        let near = self.start.min(text.len());
        if pre.len() >= MIN_LANDMARK_CHARS {
            let lm = tail_of(&pre, LANDMARK_CHARS);
            add(landmarks(text, &lm, near)
                .into_iter()
                .map(|p| p + lm.len())
                .collect());
        }
        if suf.len() >= MIN_LANDMARK_CHARS {
            let lm = head_of(&suf, LANDMARK_CHARS);
            let len = self.text.len();
            add(landmarks(text, &lm, near + len)
                .into_iter()
                .map(|p| p.saturating_sub(len))
                .collect());
        }
        add(vec![near]);
        let k = (m / 2).min(LANDMARK_CHARS);
        if k >= MIN_LANDMARK_CHARS {
            add(landmarks(text, &head_of(&pat, k), near));
            let lm = tail_of(&pat, k);
            let back = self.text.len() - lm.len();
            add(landmarks(text, &lm, near + back)
                .into_iter()
                .map(|p| p.saturating_sub(back))
                .collect());
        }
        let word_start = self
            .prefix
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let word_end = self
            .suffix
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        let mut budget = FUZZY_BUDGET;
        let mut done: Vec<(usize, usize)> = vec![];
        let mut best: Option<FuzzyMatch> = None;
        for c in cands {
            let lo = back_chars(text, c, slack);
            let hi = forward_chars(text, c, m + slack);
            if done.iter().any(|&(a, b)| a <= lo && hi <= b) {
                continue;
            }
            let win: Vec<(usize, char)> = text[lo..hi]
                .char_indices()
                .map(|(i, ch)| (lo + i, ch))
                .collect();
            let cells = win.len() * m;
            if cells > budget {
                break;
            }
            budget -= cells;
            done.push((lo, hi));
            let at = |j: usize| win.get(j).map_or(hi, |&(b, _)| b);
            // Semi-global edit distance (the match may start and end anywhere in the window),
            // each cell carrying where its path started.
            let mut prev: Vec<(usize, usize)> = (0..=m).map(|i| (i, 0)).collect();
            let mut cur = prev.clone();
            for (j, &(_, wc)) in win.iter().enumerate() {
                cur[0] = (0, j + 1);
                for i in 1..=m {
                    let diag = (prev[i - 1].0 + usize::from(pat[i - 1] != wc), prev[i - 1].1);
                    let left = (prev[i].0 + 1, prev[i].1);
                    let up = (cur[i - 1].0 + 1, cur[i - 1].1);
                    cur[i] = if diag.0 <= left.0 && diag.0 <= up.0 {
                        diag
                    } else if left.0 <= up.0 {
                        left
                    } else {
                        up
                    };
                }
                std::mem::swap(&mut prev, &mut cur);
                let (dist, sj) = prev[m];
                if dist > m / 3 || sj > j {
                    continue;
                }
                let (s, e) = (at(sj), at(j + 1));
                let ctx = self.context_score(text, s, e);
                let mid_word = |p: usize| {
                    let before = text[..p]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric);
                    let after = text[p..].chars().next().is_some_and(char::is_alphanumeric);
                    before && after
                };
                let cut =
                    usize::from(word_start && mid_word(s)) + usize::from(word_end && mid_word(e));
                let f = FuzzyMatch {
                    span: Span::new(s, e),
                    distance: dist,
                    context: ctx,
                    cut_words: cut,
                    chars: m,
                    full_context: pre.len() + suf.len(),
                };
                // Only matches over the threshold compete: the best of them is taken.
                if !f.accepted() {
                    continue;
                }
                let better = best.as_ref().is_none_or(|b| {
                    (f.cost(), s.abs_diff(self.start))
                        < (b.cost(), b.span.start.abs_diff(self.start))
                });
                if better {
                    best = Some(f);
                }
            }
        }
        best
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
    /// Split a name off its entity: the mention, and the entity's other mentions that read
    /// the same (spaces and case aside), become an entity of their own, named as it reads.
    Split {
        /// The name mention.
        target: Anchor,
    },
    /// Read a block that the layout stage set aside as page furniture as article text (it is
    /// applied before detection; see [`crate::pipeline`]).
    Keep {
        /// Any stretch inside the block.
        target: Anchor,
    },
}

impl Correction {
    /// Every anchor of the correction: its target, and the stretch it moves to, the speaker's
    /// mention or the mention it merges into.
    pub fn anchors_mut(&mut self) -> impl Iterator<Item = &mut Anchor> {
        let (first, second) = match self {
            Correction::Add { target, .. }
            | Correction::Remove { target, .. }
            | Correction::ChangeKind { target, .. }
            | Correction::Split { target }
            | Correction::Keep { target } => (target, None),
            Correction::Move { target, to, .. } => (target, Some(to)),
            Correction::SetSpeaker { target, speaker } => (target, speaker.mention.as_mut()),
            Correction::Merge { into, from } => (into, Some(from)),
        };
        std::iter::once(first).chain(second)
    }

    /// The anchor of the stretch the correction edits.
    pub fn target(&self) -> &Anchor {
        match self {
            Correction::Add { target, .. }
            | Correction::Remove { target, .. }
            | Correction::ChangeKind { target, .. }
            | Correction::Move { target, .. }
            | Correction::SetSpeaker { target, .. }
            | Correction::Split { target }
            | Correction::Keep { target } => target,
            Correction::Merge { from, .. } => from,
        }
    }
}

/// The start and end of every anchor of every correction in `list`, in order.
pub fn anchor_offsets(list: &mut [Correction]) -> Vec<usize> {
    list.iter_mut()
        .flat_map(|c| {
            c.anchors_mut()
                .flat_map(|a| [a.start, a.end])
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Converts the offsets of every anchor in `list` from units of `unit_len` (`|_| 1` for code
/// points, `char::len_utf16` for JavaScript's UTF-16 code units) to bytes of `text`, in one
/// pass over the text. An offset inside a character (half of a surrogate pair) moves to the
/// character's end; one past the end of the text becomes the end.
pub fn offsets_to_bytes(text: &str, list: &mut [Correction], unit_len: impl Fn(char) -> usize) {
    let mut units = anchor_offsets(list);
    units.sort_unstable();
    units.dedup();
    let mut bytes = Vec::with_capacity(units.len());
    let (mut b, mut u) = (0usize, 0usize);
    let mut chars = text.char_indices().peekable();
    for &want in &units {
        while u < want {
            match chars.next() {
                Some((_, ch)) => {
                    u += unit_len(ch);
                    b = chars.peek().map_or(text.len(), |&(i, _)| i);
                }
                None => break,
            }
        }
        bytes.push(b);
    }
    let to_byte = |u: usize| bytes[units.partition_point(|&x| x < u)];
    for c in list.iter_mut() {
        for a in c.anchors_mut() {
            a.start = to_byte(a.start);
            a.end = to_byte(a.end);
        }
    }
}

/// Applies corrections, in order, to an analysis of `text` (the whole text the reader has,
/// even when only a part of it was annotated). `taught` is the reader's lexicon, already
/// applied: a correction whose work it did (a name it untagged) changes nothing, silently.
pub fn apply(
    text: &str,
    a: &mut Analysis,
    corrections: &[Correction],
    taught: &crate::UserLexicon,
) {
    for (ci, c) in corrections.iter().enumerate() {
        let Some(span) = c.target().locate(text) else {
            not_found(a, ci, &c.target().text);
            continue;
        };
        let find = |a: &Analysis, kind: Kind| {
            a.annotations
                .iter()
                .position(|x| x.kind == kind && x.span == span)
        };
        match c {
            Correction::Add { kind, .. } => match find(a, *kind) {
                Some(i) => a.annotations[i].by_user = true,
                None => add_tag(a, text, span, *kind),
            },
            Correction::Remove { kind, .. } => match find(a, *kind) {
                Some(i) => {
                    a.annotations.remove(i);
                }
                None if kind.is_name()
                    && taught.lesson_for(&c.target().text)
                        == Some(crate::user_lexicon::Lesson::None) => {}
                None => no_effect(a, ci, &c.target().text, "there is no such tag to remove"),
            },
            Correction::ChangeKind { from, to, .. } => {
                match find(a, *from) {
                    Some(i) => {
                        a.annotations.remove(i);
                    }
                    // Already done (by the reader's lexicon, or another correction).
                    None if find(a, *to).is_some() => {}
                    None => no_effect(
                        a,
                        ci,
                        &c.target().text,
                        "the tag it changed is no longer found; the new tag is added",
                    ),
                }
                if find(a, *to).is_none() {
                    add_tag(a, text, span, *to);
                }
            }
            Correction::Move { kind, to, .. } => {
                let Some(dest) = to.locate(text) else {
                    not_found(a, ci, &to.text);
                    continue;
                };
                match find(a, *kind) {
                    Some(i) => {
                        let x = &mut a.annotations[i];
                        x.span = dest;
                        x.text = text[dest.start..dest.end].to_string();
                        x.by_user = true;
                    }
                    None => add_tag(a, text, dest, *kind),
                }
            }
            Correction::SetSpeaker { speaker, .. } => {
                let i = match find(a, Kind::Quote) {
                    Some(i) => i,
                    None => {
                        a.annotations
                            .push(new_annotation(text, span, Kind::Quote, None));
                        a.annotations.len() - 1
                    }
                };
                let mention = speaker.mention.as_ref().and_then(|m| m.locate(text));
                if let (Some(m), None) = (&speaker.mention, mention) {
                    not_found(a, ci, &m.text);
                }
                let entity = a
                    .entities
                    .iter()
                    .position(|e| e.name.to_lowercase() == speaker.name.to_lowercase())
                    .or_else(|| {
                        mention.and_then(|m| {
                            a.annotations
                                .iter()
                                .find(|x| x.kind.is_name() && x.span.overlaps(&m))
                                .and_then(|x| x.entity)
                        })
                    });
                let name =
                    entity.map_or_else(|| speaker.name.clone(), |e| a.entities[e].name.clone());
                let x = &mut a.annotations[i];
                let q = x.quote.get_or_insert(QuoteInfo {
                    direct: true,
                    speaker: None,
                });
                q.speaker = Some(Speaker {
                    span: mention,
                    text: mention.map_or_else(
                        || speaker.name.clone(),
                        |m| text[m.start..m.end].to_string(),
                    ),
                    entity,
                    name,
                });
                x.by_user = true;
            }
            // Applied before detection: the block was read as article text.
            Correction::Keep { .. } => {}
            Correction::Split { target } => split(a, ci, span, &target.text),
            Correction::Merge { into, .. } => {
                let Some(into) = into.locate(text) else {
                    not_found(a, ci, &into.text);
                    continue;
                };
                let ent_at = |a: &Analysis, s: Span| {
                    a.annotations
                        .iter()
                        .find(|x| x.kind.is_name() && x.span == s)
                        .and_then(|x| x.entity)
                };
                if let (Some(keep), Some(gone)) = (ent_at(a, into), ent_at(a, span)) {
                    if keep != gone {
                        let kind = a.entities[keep].kind;
                        let name = a.entities[keep].name.clone();
                        for x in &mut a.annotations {
                            if x.entity == Some(gone) {
                                x.entity = Some(keep);
                                x.kind = kind;
                                x.by_user = true;
                            }
                            if let Some(sp) = x.quote.as_mut().and_then(|q| q.speaker.as_mut()) {
                                if sp.entity == Some(gone) {
                                    sp.entity = Some(keep);
                                    sp.name = name.clone();
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    if !corrections.is_empty() {
        a.tidy();
    }
}

/// Whitespace-normalised, as an entity's name is written.
fn name_of(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// [`Correction::Split`]: the name at `span` and the mentions of its entity that read the
/// same leave it for an entity of their own; quotes they speak follow them. When the split-off
/// name is the old entity's own name, the old entity takes the name of a mention it keeps.
fn split(a: &mut Analysis, ci: usize, span: Span, what: &str) {
    let Some(i) = a
        .annotations
        .iter()
        .position(|x| x.kind.is_name() && x.span == span)
    else {
        no_effect(a, ci, what, "there is no name there to split off");
        return;
    };
    let what = a.annotations[i].text.clone();
    let Some(old) = a.annotations[i].entity else {
        no_effect(a, ci, &what, "that name belongs to no entity");
        return;
    };
    let key = name_of(&what).to_lowercase();
    let reads_same = |x: &Annotation| name_of(&x.text).to_lowercase() == key;
    let moving: Vec<usize> = (0..a.annotations.len())
        .filter(|&j| a.annotations[j].entity == Some(old) && reads_same(&a.annotations[j]))
        .collect();
    let Some(stays) = a
        .annotations
        .iter()
        .find(|x| x.entity == Some(old) && !reads_same(x))
        .map(|x| name_of(&x.text))
    else {
        no_effect(
            a,
            ci,
            &what,
            "every mention of its entity reads the same, so there is nothing to split off",
        );
        return;
    };
    let name = name_of(&what);
    if name_of(&a.entities[old].name).to_lowercase() == key {
        a.entities[old].name = stays;
    }
    let kind = a.annotations[i].kind;
    a.entities.push(Entity {
        kind,
        name: name.clone(),
        mentions: vec![],
    });
    let new = a.entities.len() - 1;
    let spans: Vec<Span> = moving.iter().map(|&j| a.annotations[j].span).collect();
    for &j in &moving {
        a.annotations[j].entity = Some(new);
        a.annotations[j].by_user = true;
    }
    let kept_name = a.entities[old].name.clone();
    for x in &mut a.annotations {
        if let Some(sp) = x.quote.as_mut().and_then(|q| q.speaker.as_mut()) {
            if sp.entity == Some(old) {
                if sp.span.is_some_and(|s| spans.contains(&s)) {
                    sp.entity = Some(new);
                    sp.name = name.clone();
                } else {
                    sp.name = kept_name.clone();
                }
            }
        }
    }
}

fn not_found(a: &mut Analysis, ci: usize, what: &str) {
    if a.orphans.last().map(|o| o.correction) != Some(ci) {
        a.orphans.push(Orphan {
            correction: ci,
            text: what.to_string(),
        });
    }
    a.diagnostics.push(Diagnostic {
        code: "correction_not_found",
        message: format!("A correction could not be placed: \"{}\" is no longer in the text. It is kept and will apply again if the text comes back.", shorten(what)),
        correction: Some(ci),
    });
}

fn no_effect(a: &mut Analysis, ci: usize, what: &str, why: &str) {
    a.diagnostics.push(Diagnostic {
        code: "correction_no_effect",
        message: format!(
            "A correction of \"{}\" changed nothing: {why}.",
            shorten(what)
        ),
        correction: Some(ci),
    });
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Tags `span` as `kind` for the reader; a name joins the entity of its kind and name.
fn add_tag(a: &mut Analysis, text: &str, span: Span, kind: Kind) {
    let entity = kind
        .is_name()
        .then(|| entity_for(a, kind, &text[span.start..span.end]));
    a.annotations.push(new_annotation(text, span, kind, entity));
}

/// The entity a newly tagged name joins: one of the same kind and name, else a new one.
fn entity_for(a: &mut Analysis, kind: Kind, name: &str) -> usize {
    let key: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(i) = a
        .entities
        .iter()
        .position(|e| e.kind == kind && e.name == key)
    {
        return i;
    }
    a.entities.push(Entity {
        kind,
        name: key,
        mentions: vec![],
    });
    a.entities.len() - 1
}

pub(crate) fn new_annotation(
    text: &str,
    span: Span,
    kind: Kind,
    entity: Option<usize>,
) -> Annotation {
    Annotation {
        kind,
        span,
        text: text[span.start..span.end].to_string(),
        entity,
        quote: (kind == Kind::Quote).then_some(QuoteInfo {
            direct: true,
            speaker: None,
        }),
        claim: (kind == Kind::Claim).then(|| ClaimInfo {
            score: 1.0,
            reasons: vec!["marked by you".into()],
        }),
        by_user: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(start: usize, end: usize) -> Anchor {
        Anchor {
            start,
            end,
            text: String::new(),
            prefix: String::new(),
            suffix: String::new(),
        }
    }

    #[test]
    fn offsets_to_bytes_converts_every_anchor() {
        // `é` is 2 bytes and 1 unit either way; `😀` is 4 bytes, 2 UTF-16 units, 1 code point.
        let text = "é😀 Ann Lee";
        let mut list = vec![
            Correction::Move {
                target: anchor(3, 6),
                kind: Kind::Person,
                to: anchor(3, 10),
            },
            Correction::SetSpeaker {
                target: anchor(0, 2),
                speaker: SpeakerFix {
                    name: "Ann Lee".into(),
                    mention: Some(anchor(99, 99)),
                },
            },
        ];
        let spans = |list: &mut Vec<Correction>| -> Vec<(usize, usize)> {
            list.iter_mut()
                .flat_map(|c| {
                    c.anchors_mut()
                        .map(|a| (a.start, a.end))
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        let mut utf16 = list.clone();
        offsets_to_bytes(text, &mut list, |_| 1);
        assert_eq!(spans(&mut list), vec![(7, 10), (7, 14), (0, 6), (14, 14)]);
        offsets_to_bytes(text, &mut utf16, char::len_utf16);
        // UTF-16 unit 2 is inside the emoji: it moves to the emoji's end.
        assert_eq!(spans(&mut utf16), vec![(6, 9), (6, 13), (0, 6), (14, 14)]);
    }

    /// Byte offsets of the `n`th (from 0) `what` in `text`, as an anchor.
    fn nth(text: &str, what: &str, n: usize) -> Anchor {
        let s = text.match_indices(what).nth(n).expect(what).0;
        Anchor::at(text, s, s + what.len())
    }

    /// An invented story, edited by the reader after tagging.
    const STORY: &str =
        "The harbour board of Port Elling met on Tuesday. Board chair Mirela Okonkwo-Haas said \
the ferry would run all winter. Later, Okonkwo-Haas told reporters the board had found the money. \
Residents of the island welcomed the news.";

    #[test]
    fn an_anchor_survives_a_typo_fixed_inside_it() {
        let a = nth(STORY, "Mirela Okonkwo-Haas", 0);
        let edited = STORY.replace("Mirela Okonkwo-Haas", "Mirella Okonkwo-Haas");
        let s = a.locate(&edited).expect("found despite the typo");
        assert_eq!(&edited[s.start..s.end], "Mirella Okonkwo-Haas");
        // A typo fixed in the first letters and a space added inside.
        let edited = STORY.replace("Mirela Okonkwo-Haas", "Mireia Okonkwo Haas");
        let s = a.locate(&edited).expect("found");
        assert_eq!(&edited[s.start..s.end], "Mireia Okonkwo Haas");
    }

    #[test]
    fn an_anchor_survives_words_inserted_before_and_inside_it() {
        let a = nth(STORY, "Board chair Mirela Okonkwo-Haas", 0);
        // Words inserted far before and right before: the exact text, found by context.
        let edited = format!(
            "UPDATED. {}",
            STORY.replace("Tuesday. Board", "Tuesday evening. Newly elected Board")
        );
        let s = a.locate(&edited).expect("found");
        assert_eq!(&edited[s.start..s.end], "Board chair Mirela Okonkwo-Haas");
        // A word inserted inside it.
        let edited = STORY.replace("chair Mirela", "chair Dr Mirela");
        let s = a.locate(&edited).expect("found");
        assert_eq!(
            &edited[s.start..s.end],
            "Board chair Dr Mirela Okonkwo-Haas"
        );
    }

    #[test]
    fn deleted_text_makes_an_orphan_that_is_reported_not_misplaced() {
        let a = nth(STORY, "Mirela Okonkwo-Haas", 0);
        let edited = STORY.replace("Board chair Mirela Okonkwo-Haas said", "The board said");
        assert_eq!(a.locate(&edited), None);
        let fix = Correction::Add {
            target: a,
            kind: Kind::Org,
        };
        let r = crate::Annotator::new().annotate_with(&edited, &[fix]);
        assert_eq!(r.orphans.len(), 1);
        assert_eq!(r.orphans[0].correction, 0);
        assert_eq!(r.orphans[0].text, "Mirela Okonkwo-Haas");
        assert!(!r
            .annotations
            .iter()
            .any(|x| x.kind == Kind::Org && x.by_user));
        assert!(r
            .diagnostics
            .iter()
            .any(|d| d.code == "correction_not_found" && d.correction == Some(0)));
    }

    #[test]
    fn a_name_replaced_by_another_is_an_orphan() {
        let a = nth(STORY, "Mirela Okonkwo-Haas", 0);
        let edited = STORY.replace("Mirela Okonkwo-Haas", "Tobias Lindqvist");
        assert_eq!(a.locate(&edited), None);
        // A short anchor is only placed approximately with its context around it.
        let text = "Yesterday Ann Lee spoke. Then Bo Kim left.";
        let lee = nth(text, "Ann Lee", 0);
        assert_eq!(lee.locate("Some other words entirely, Anna Lees."), None);
        // A look-alike elsewhere, whose context does not agree, is not the edited original.
        let text =
            "The board received an unsigned letter on Monday. Later an anonymous e-mail came.";
        let a = nth(text, "unsigned letter", 0);
        let edited = text.replace("an unsigned letter on Monday", "a call");
        let edited = edited.replace("anonymous e-mail", "unsigned lettre");
        assert_eq!(a.locate(&edited), None);
    }

    #[test]
    fn repeated_text_picks_the_occurrence_with_the_context() {
        let text =
            "Officials at Kestrel Bank said rates would hold. Analysts at Kestrel Bank disagreed.";
        let second = nth(text, "Kestrel Bank", 1);
        let s = second.locate(text).unwrap();
        assert_eq!(
            s.start,
            text.match_indices("Kestrel Bank").nth(1).unwrap().0
        );
        // Text inserted before both: the second one still.
        let edited = format!(
            "Markets. {}",
            text.replace("Officials at", "Officials of the board at")
        );
        let s = second.locate(&edited).unwrap();
        assert_eq!(
            s.start,
            edited.match_indices("Kestrel Bank").nth(1).unwrap().0
        );
        // The second one edited (a typo fixed): the edited one, not the exact first copy.
        let edited = text.replace("Analysts at Kestrel Bank", "Analysts at Kestrel Bnak");
        let typo = nth(&edited, "Kestrel Bnak", 0);
        let s = typo.locate(text).unwrap();
        assert_eq!(
            s.start,
            text.match_indices("Kestrel Bank").nth(1).unwrap().0
        );
        // The second one renamed a little: it follows the edit rather than jump to the exact
        // first copy, whose context does not agree.
        let edited = text.replace("Analysts at Kestrel Bank", "Analysts at Kestrel Banc");
        let s = second.locate(&edited).unwrap();
        assert_eq!(&edited[s.start..s.end], "Kestrel Banc");
    }

    #[test]
    fn fuzzy_search_is_bounded_on_a_long_text() {
        // 4 MB of the same sentence with the landmark everywhere: the search looks at a few
        // nearest places only (MAX_LANDMARKS each), within FUZZY_BUDGET.
        let unit = "Board chair Mirela Okonkwo-Haas said the ferry would run. ";
        let text = unit.repeat(4 * 1024 * 1024 / unit.len());
        let mut a = nth(&text, "Mirela Okonkwo-Haas", 1000);
        a.text = "Mirela Okonkwo-Hass".into();
        let s = a.locate(&text).expect("found near its offsets");
        assert_eq!(&text[s.start..s.end], "Mirela Okonkwo-Haas");
        assert!(s.start.abs_diff(a.start) < unit.len());
    }

    #[test]
    fn split_takes_a_name_and_its_look_alikes_out_of_their_entity() {
        // Invented: two people the reader says are not one, merged first.
        let text = "Ines Varga met Tomas Varga in Brno. Ines Varga said the plan was ready.                     Later Tomas Varga left, and Ines Varga stayed.";
        let an = crate::Annotator::new();
        let merge = Correction::Merge {
            into: nth(text, "Ines Varga", 0),
            from: nth(text, "Tomas Varga", 0),
        };
        let merged = an.annotate_with(text, std::slice::from_ref(&merge));
        let ent = |a: &Analysis, n: usize, what: &str| {
            let s = text.match_indices(what).nth(n).unwrap().0;
            let x = a
                .annotations
                .iter()
                .find(|x| x.kind == Kind::Person && x.span.start == s)
                .unwrap_or_else(|| panic!("{what} is tagged"));
            x.entity.map(|e| a.entities[e].name.clone())
        };
        assert_eq!(
            ent(&merged, 0, "Tomas Varga"),
            ent(&merged, 0, "Ines Varga")
        );
        let split = Correction::Split {
            target: nth(text, "Tomas Varga", 1),
        };
        let a = an.annotate_with(text, &[merge, split]);
        // Both Tomas mentions leave; the Ines ones stay; names follow what each reads.
        assert_eq!(ent(&a, 0, "Tomas Varga").as_deref(), Some("Tomas Varga"));
        assert_eq!(ent(&a, 1, "Tomas Varga").as_deref(), Some("Tomas Varga"));
        for n in 0..3 {
            assert_eq!(ent(&a, n, "Ines Varga").as_deref(), Some("Ines Varga"));
        }
        let tomas = a.entities.iter().find(|e| e.name == "Tomas Varga").unwrap();
        assert_eq!(tomas.mentions.len(), 2);
        assert!(tomas.mentions.iter().all(|&m| a.annotations[m].by_user));
        assert!(!a
            .diagnostics
            .iter()
            .any(|d| d.code == "correction_no_effect"));

        // An entity whose mentions all read the same: nothing to split, said so.
        let alone = Correction::Split {
            target: nth(text, "Ines Varga", 1),
        };
        let b = an.annotate_with(text, &[alone]);
        assert!(b
            .diagnostics
            .iter()
            .any(|d| d.code == "correction_no_effect" && d.correction == Some(0)));
    }
}
