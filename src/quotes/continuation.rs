//! Who said a direct quote that has no reporting verb of its own: a scorer over the speaker
//! candidates of the discourse before it (the quote's paragraph and the one before).
//!
//! The common newspaper pattern is a run of quoted paragraphs after one attribution, or a
//! person introduced in one paragraph and quoted, without a cue, in the next. Each candidate
//! (a name, `he`/`she`, a description, the previous quote's speaker) gets a linear score from a
//! few features; the best one above [`THRESHOLD`] is the speaker, else the quote stays
//! unattributed (the voices panel lists it as such and the reader can set one).
//!
//! The weights were set by hand as rough log-odds and checked (not fitted) on the tuning part
//! of `gum_news_full` (`scripts/split_gum.py tune`; never on its test-only part): a quote
//! without a cue most often continues the previous quote's speaker when no other person is
//! named in between; else its speaker is mostly the subject (the first candidate that is not
//! the object of a preposition) of a sentence just before, and a person more often than an
//! organization. There is no shippable quote data to fit them on; they are few and coarse on
//! purpose.

use super::*;

/// The previous quote's speaker, when no other person is named between the two quotes.
const W_CONTINUES: f32 = 3.0;
/// A person's name.
const W_PERSON: f32 = 2.0;
/// `he` / `she`.
const W_PRONOUN: f32 = 1.5;
/// An organization's name, or a description (`the minister`, `police`).
const W_OTHER: f32 = 1.0;
/// The subject of its sentence (the first candidate, not the object of a preposition).
const W_SUBJECT: f32 = 1.0;
/// Per sentence between the candidate and the quote.
const W_DISTANCE: f32 = -0.4;
/// A speaker needs at least this score.
const THRESHOLD: f32 = 2.0;
/// Sentences before the quote that are read (its paragraph and the one before).
const MAX_SENTENCES_BACK: usize = 4;
/// Words between the pointer that opens the next paragraph and its `from` / `of` / `by`
/// (`That was the message from`).
const MAX_POINTER_WORDS: usize = 6;
/// Tokens after that `from` within which the speaker starts (`from Prime Minister Jean …`).
const MAX_TOKENS_TO_SPEAKER: usize = 6;
/// Tokens of a sentence read for candidates (subjects come early).
const MAX_TOKENS_READ: usize = 60;

impl Ctx<'_> {
    /// The speaker of direct quote `q` (no speaker of its own) from the discourse before it:
    /// `prev` is the nearest earlier quote that has a speaker, `direct` every direct quote
    /// (words inside a quote are not candidates).
    pub(super) fn continuation_speaker(
        &self,
        q: Span,
        prev: Option<&QuoteFound>,
        direct: &[Span],
    ) -> Option<SpeakerFound> {
        let doc = self.doc;
        let sq = sentence_of(doc, q.start);
        let pq = doc.sentences[sq].para;
        if doc.paragraphs[pq].headline {
            return None;
        }
        let first_tok = doc.tokens.partition_point(|t| t.span.end <= q.start);
        let mut best: Option<(f32, SpeakerFound)> = None;
        let mut consider = |score: f32, c: SpeakerFound| {
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, c));
            }
        };
        // The previous quote's speaker, in this paragraph or the one before.
        if let Some(p) = prev.filter(|p| p.span.end <= q.start) {
            let pp = doc.sentences[sentence_of(doc, p.span.end.saturating_sub(1))].para;
            if let Some(sp) = p.speaker.as_ref().filter(|_| pp + 1 >= pq) {
                let gap = Span::new(p.span.end, q.start);
                let from = self.names.partition_point(|m| m.span.start < gap.start);
                let other_person = self.names[from..]
                    .iter()
                    .take_while(|m| m.span.start < gap.end)
                    .any(|m| {
                        m.kind == crate::names::NameKind::Person
                            && gap.contains(&m.span)
                            && !direct.iter().any(|d| d.contains(&m.span))
                            && !m.span.overlaps(&sp.span)
                            && self.names_differ(m, &sp.span)
                    });
                if !other_person {
                    let back = sq.saturating_sub(sentence_of(doc, p.span.start));
                    let score = W_CONTINUES + self.kind_weight(sp) + W_DISTANCE * back as f32;
                    consider(score, sp.clone());
                }
            }
        }
        // Candidates in the sentences before (and the quote's own sentence before it).
        let lowest = sq.saturating_sub(MAX_SENTENCES_BACK);
        for si in (lowest..=sq).rev() {
            let s = &doc.sentences[si];
            if s.para + 1 < pq || doc.paragraphs[s.para].headline {
                break;
            }
            let end = s
                .tokens
                .end
                .min(first_tok)
                .min(s.tokens.start + MAX_TOKENS_READ);
            if end <= s.tokens.start {
                continue;
            }
            let mut subject_seen = false;
            // The subject when it is a description: a name right after it, past a comma,
            // renames it (`Her neighbour, Tom Ellery, saw it differently`) and is the subject.
            let mut described: Option<Span> = None;
            for c in self.candidates(s.tokens.start..end) {
                if direct.iter().any(|d| d.overlaps(&c.span)) {
                    continue;
                }
                let object = self.after_preposition(c.span, s.tokens.start);
                let renames = matches!(c.what, SpeakerRef::Mention(_))
                    && described.is_some_and(|d| {
                        d.end <= c.span.start && self.text[d.end..c.span.start].trim() == ","
                    });
                let subject = (!subject_seen && !object) || renames;
                described = (subject
                    && matches!(
                        c.what,
                        SpeakerRef::PersonDescription | SpeakerRef::OrgDescription
                    ))
                .then_some(c.span);
                subject_seen |= !object;
                let kw = self.kind_weight(&c);
                if kw <= 0.0 {
                    continue;
                }
                let score =
                    kw + if subject { W_SUBJECT } else { 0.0 } + W_DISTANCE * (sq - si) as f32;
                consider(score, c);
            }
        }
        best.filter(|(s, _)| *s >= THRESHOLD).map(|(_, c)| c)
    }

    /// The speaker that the paragraph after a quote's own paragraph names, when it opens by
    /// pointing back at the quote (an attribution across a paragraph break): `"We will not give
    /// in." / That was the message from Prime Minister Jean Chretien on Tuesday.`, `So said
    /// the mayor.` The quote ends its paragraph; the next one opens with `that`, `this`,
    /// `those`, `these`, `such` or `so`, then `from`, `of` or `by` (or `said`) within a few
    /// words, and the speaker is the first candidate right after it.
    pub(super) fn named_in_next_paragraph(&self, q: Span) -> Option<SpeakerFound> {
        let doc = self.doc;
        // (the paragraph the quote ends in: a quote can run over several)
        let pe = doc.sentences[sentence_of(doc, q.end.saturating_sub(1))].para;
        let rest = self.text.get(q.end..doc.paragraphs[pe].span.end)?;
        // (its closing mark may follow it)
        if rest.chars().any(|c| c.is_alphanumeric()) {
            return None;
        }
        // (sentences are in paragraph order: a binary search, not a scan, for every quote)
        let k = doc.sentences.partition_point(|s| s.para <= pe);
        let next = doc.sentences.get(k).filter(|s| s.para == pe + 1)?;
        let para = doc.paragraphs.get(pe + 1)?;
        if para.headline || para.furniture {
            return None;
        }
        let r = next.tokens.clone();
        if r.is_empty()
            || !matches!(doc.tokens[r.start].kind, TokKind::Word)
            || !matches!(
                self.low(r.start),
                "that" | "this" | "those" | "these" | "such" | "so"
            )
        {
            return None;
        }
        let link = (r.start + 1..r.end.min(r.start + 1 + MAX_POINTER_WORDS))
            .find(|&k| matches!(self.low(k), "from" | "of" | "by" | "said"))?;
        self.candidates(link + 1..r.end.min(link + 1 + MAX_TOKENS_TO_SPEAKER))
            .into_iter()
            .find(|c| self.kind_weight(c) > 0.0)
    }

    /// The weight of what a candidate is; 0 for what never continues a quote (`it`, `we`,
    /// `I`, `they` and vehicles).
    fn kind_weight(&self, c: &SpeakerFound) -> f32 {
        match &c.what {
            SpeakerRef::Mention(m) => match self.names[*m].kind {
                crate::names::NameKind::Person => W_PERSON,
                _ => W_OTHER,
            },
            SpeakerRef::Pronoun(p) if p == "he" || p == "she" => W_PRONOUN,
            SpeakerRef::Pronoun(_) | SpeakerRef::Source => 0.0,
            SpeakerRef::PersonDescription | SpeakerRef::OrgDescription => W_OTHER,
        }
    }

    /// Is mention `m` a different person from the speaker at `sp` (not the same words, not
    /// the surname of the one, not a pronoun)?
    fn names_differ(&self, m: &NameMention, sp: &Span) -> bool {
        let a = &self.text[m.span.start..m.span.end];
        let b = &self.text[sp.start..sp.end];
        if PRONOUNS.contains(lower(b).as_str()) {
            return true;
        }
        !(a == b
            || a.split_whitespace()
                .any(|w| b.split_whitespace().any(|x| x == w)))
    }
}
