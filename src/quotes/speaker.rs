//! Who said a direct quote: the reporting verb's subject around the quote, or a source noun; candidates are names, pronouns and descriptions.

use super::*;
use crate::names::NameKind;
use crate::words::{
    BARE_SPEAKER_NOUNS, DISCOURSE_ADVERBS, FUNCTION_WORDS, ORG_HEADS, TIME_WORDS, TITLE_CUES,
    UNNAMED_SOURCE_HEADS, UNNAMED_SOURCE_LINKS, VEHICLE_NOUNS,
};

/// Tokens before a reporting verb in which its subject is looked for.
const MAX_SUBJECT_REACH: usize = 60;
/// Tokens of a frame between a subject and its verb (`, for their part,`).
const MAX_FRAME_TOKENS: usize = 6;
/// Words before `, says X` that make an attribution line after a quote a statement of its own.
const MIN_LINE_CLAUSE_WORDS: usize = 4;
/// Words before the comma that make a clause of their own when they open with no preposition
/// or participle (`Prices will rise, the bank said.`; not `In a statement, the bank said.`).
const MIN_SHORT_LINE_CLAUSE_WORDS: usize = 3;
/// Tokens between a vehicle's participle and its `by` (`published on Tuesday by`).
const MAX_PARTICIPLE_TO_BY: usize = 4;
/// Tokens of an unnamed source's description (`people familiar with the company's plans`).
const MAX_UNNAMED_SOURCE_TOKENS: usize = 9;
/// Words of a line after a quoted paragraph that attributes it (`— Jane Doe, mayor`).
const MAX_ATTRIBUTION_LINE_WORDS: usize = 10;
/// Words after the verb of an attribution line whose subject comes first (`Jane Doe said
/// on Tuesday.`).
const MAX_WORDS_AFTER_ATTRIBUTION_VERB: usize = 3;
/// Tokens between a quote and `according to` after it.
const MAX_WORDS_BEFORE_ACCORDING: usize = 3;
/// Tokens after `according to` in which its source is looked for.
pub(super) const ACCORDING_TO_REACH: usize = 8;
/// Unlisted nouns of a compound description before its listed head (`the city sewer
/// maintenance division`).
const MAX_COMPOUND_FILLERS: usize = 2;
/// Sentences before `the statement said` searched for the one that names the statement.
const MAX_VEHICLE_LOOKBACK: usize = 4;
/// Tokens of a role between a reporting verb and the person it names (`said Tournament of
/// Roses President Lena Ortiz`).
const MAX_ROLE_TOKENS: usize = 6;
/// Tokens of a name after a role (`Prithvi Subba Gurung`).
const MAX_NAME_TOKENS: usize = 4;
/// Lower-case words of a description after the verb (`…, said the harbour master.`).
const MAX_DESCRIPTION_AFTER_WORDS: usize = 3;
/// Tokens between a quote and the reporting verb after it (`"…," the minister said`)…
const MAX_WORDS_BEFORE_CUE: usize = 8;
/// …or after an appositive that ends in a comma (`"…," Dana Whitlock, editor at large at the
/// Coastal Gazette, said`).
const MAX_WORDS_BEFORE_CUE_AFTER_APPOSITIVE: usize = 20;

impl Ctx<'_> {
    /// A reporting verb right before the opening mark (`said: "`, `told reporters, "`) or
    /// right after the closing one (`"…," she said`).
    pub(super) fn tight_cue(&self, q: Span) -> bool {
        let doc = self.doc;
        let first = doc.tokens.partition_point(|t| t.span.end <= q.start);
        let after = doc.tokens.partition_point(|t| t.span.start < q.end);
        // Before: only punctuation between the verb and the quote.
        let mut i = first;
        while i > 0 && doc.tokens[i - 1].kind == TokKind::Punct {
            i -= 1;
        }
        // (or after the sentence that attributes the quote before it: `"…," Holt said of the
        // Rovers. "…"`; not a quote inside a sentence: `said this was a "serious misuse"`)
        let ends = (i..first).any(|k| matches!(doc.tokens[k].first, '.' | '!' | '?'));
        let before = i > 0 && (self.is_cue(i - 1) || (ends && self.after_attribution(i)));
        // After: the quote ends a clause inside its marks and the verb follows within a name;
        // or, written with the comma outside the marks (British style, `"…", he said`), the
        // quote opens its sentence.
        let inside = self.text[q.start..q.end]
            .trim_end()
            .ends_with([',', '.', '!', '?', '…']);
        let mut k = after;
        while k < doc.tokens.len()
            && doc.tokens[k].kind == TokKind::Punct
            && (is_close(doc.tokens[k].first) || matches!(doc.tokens[k].first, '"' | '\''))
        {
            k += 1;
        }
        let comma_outside = k < doc.tokens.len()
            && doc.tokens[k].first == ','
            && i <= doc.sentences[doc.sent_of[first.min(doc.tokens.len() - 1)] as usize]
                .tokens
                .start;
        let closed = inside || comma_outside;
        // Within the words a speaker takes (`"…," Dana Rees of the Surrey RCMP said`), before
        // the next quotation opens.
        let mut words = 0;
        let mut cue_after = false;
        for i in after..(after + 2 * MAX_WORDS_BEFORE_CUE).min(doc.tokens.len()) {
            let t = doc.tokens[i];
            if t.kind == TokKind::Punct && (is_open(t.first) || t.first == '"') && i > after {
                break;
            }
            // (`"Nobody was hurt," according to a police spokesperson`)
            let according =
                self.low(i) == "according" && i + 1 < doc.tokens.len() && self.low(i + 1) == "to";
            if self.is_cue(i) || according {
                cue_after = true;
                break;
            }
            if t.kind == TokKind::Word {
                words += 1;
                if words > MAX_WORDS_BEFORE_CUE {
                    break;
                }
            }
        }
        before || (closed && cue_after)
    }

    /// In a compound description, the listed noun that heads it past up to
    /// [`MAX_COMPOUND_FILLERS`] unlisted lower-case nouns from token `n` on (`sewer maintenance
    /// division`), with its kind; the head must end the phrase (no word of the compound after
    /// it).
    fn compound_head(&self, n: usize, end: usize) -> Option<(usize, SpeakerRef)> {
        let doc = self.doc;
        let word = |k: usize| k < end && !doc.tokens[k].cap && self.content_word(k);
        (n + 1..=n + MAX_COMPOUND_FILLERS)
            .take_while(|&h| (n..h).all(word))
            .find_map(|h| {
                if !word(h) {
                    return None;
                }
                let w = self.low(h);
                let kind = if PERSON_NOUNS.contains(w) {
                    SpeakerRef::PersonDescription
                } else if ORG_NOUNS.contains(w) || ORG_HEADS.contains(w) {
                    SpeakerRef::OrgDescription
                } else {
                    return None;
                };
                (!word(h + 1)).then_some((h, kind))
            })
    }

    /// Does the sentence that ends before token `i` attribute a quote that closes before it
    /// (`"We won," Holt said of the Rovers. "We will win again."`)? Its verb and the closing
    /// mark are within a few words of its end, in the same paragraph.
    fn after_attribution(&self, i: usize) -> bool {
        let doc = self.doc;
        let para = doc.sentences[doc.sent_of[i - 1] as usize].para;
        let mut words = 0;
        let mut cue = false;
        for k in (0..i).rev() {
            let t = doc.tokens[k];
            if doc.sentences[doc.sent_of[k] as usize].para != para {
                return false;
            }
            if t.kind == TokKind::Punct && (is_close(t.first) || t.first == '"') {
                return cue;
            }
            if t.kind == TokKind::Word {
                cue |= self.is_cue(k);
                words += 1;
                if words > MAX_WORDS_BEFORE_CUE {
                    return false;
                }
            }
        }
        false
    }

    /// `the film "Jaws"`, `a book called "…"`: Title Case words after a naming cue; a
    /// headline cited with its outlet (`"…" — CBC.ca, August 15, 2008`).
    pub(super) fn looks_like_title(&self, q: Span) -> bool {
        let rest = self.text[q.end..]
            .trim_start_matches(|c: char| is_close(c) || c == '"' || c == '.' || c == ',');
        if rest.starts_with(" — ") || rest.starts_with(" – ") || rest.starts_with(" - ") {
            return true;
        }
        let body = &self.text[q.start..q.end];
        let before = self.text[..q.start]
            .trim_end_matches(|c: char| c.is_whitespace() || is_open(c) || c == '"');
        let prev_word = before
            .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
            .next()
            .unwrap_or("");
        let naming = TITLE_CUES.contains(&lower(prev_word));
        let words: Vec<&str> = body.split_whitespace().collect();
        let title_case = words.len() >= 2
            && words.len() <= 12
            && words
                .iter()
                .filter(|w| w.len() > 3)
                .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
        let open_sentence = !body.ends_with(['.', ',', '!', '?', '…']);
        let framed =
            follows_cue(self.text[..q.start].trim_end_matches(|c: char| is_open(c) || c == '"'));
        // (a title's full stop may sit inside the marks, American style: `with "The Diving
        // Bell and the Butterfly."`; a title has no verb)
        let titled = open_sentence || !super::indirect::has_verb(body);
        naming && (title_case || words.len() <= 4) || (title_case && titled && !framed)
    }

    pub(super) fn speaker_for_direct(&self, q: Span, lost_open: bool) -> Option<SpeakerFound> {
        let doc = self.doc;
        let sa = sentence_of(doc, q.start);
        let sb = sentence_of(doc, q.end.saturating_sub(1));
        // After the quote: `"…," said X.` / `"…," X said.` / `"…" X told reporters.`
        let after_start = doc.tokens.partition_point(|t| t.span.start < q.end);
        let sent_b = &doc.sentences[sb];
        let mut after_end = sent_b.tokens.end.max(after_start);
        if after_start >= sent_b.tokens.end {
            // The quote closed its sentence; the attribution may follow as its own sentence.
            if let Some(n) = doc.sentences.get(sb + 1) {
                if doc.sentences[sb].para == n.para {
                    after_end = n.tokens.end;
                }
            }
        }
        let after_end = after_end.min(after_start + 25);
        let after: Vec<usize> = (after_start..after_end)
            .filter(|&i| !is_quote_mark_tok(self, i))
            .collect();
        // The attribution must come before the next quote opens.
        let limit = after.iter().position(|&i| {
            let t = doc.tokens[i];
            t.kind == TokKind::Punct && (is_open(t.first) || t.first == '"')
        });
        let after = &after[..limit.unwrap_or(after.len())];
        // `"…", according to the Harbour City Courier.`
        if let Some(k) = after.iter().position(|&i| self.low(i) == "according") {
            if k <= MAX_WORDS_BEFORE_ACCORDING
                && after.get(k + 1).is_some_and(|&i| self.low(i) == "to")
            {
                let from = after[k + 1] + 1;
                let sentence_end = doc.sentences
                    [doc.sent_of[from.min(doc.tokens.len() - 1)] as usize]
                    .tokens
                    .end;
                // (reaching past a description to the name that renames it)
                let cands =
                    self.candidates(from..(from + 2 * ACCORDING_TO_REACH).min(sentence_end));
                if let Some(c) = cands.first() {
                    // `according to a police spokesperson, Sgt. Steve Addison`: the name.
                    if let (SpeakerRef::PersonDescription | SpeakerRef::OrgDescription, Some(n)) =
                        (&c.what, cands.get(1))
                    {
                        let between = self.text[c.span.end..n.span.start].trim();
                        if self.mention_kind(n) == Some(NameKind::Person)
                            && between.starts_with(',')
                            && between.split_whitespace().count() <= 3
                        {
                            return Some(n.clone());
                        }
                    }
                    if c.span.start
                        < doc.tokens[(from + ACCORDING_TO_REACH).min(sentence_end) - 1]
                            .span
                            .end
                    {
                        return Some(c.clone());
                    }
                }
            }
        }
        if let Some(k) = after.iter().position(|&i| self.is_cue(i)) {
            // Only if the verb comes within a few words of the quote, or after an appositive
            // (`"…," Dana Whitlock, editor at large at the Coastal Gazette, said.`).
            let v = after[k];
            // `"…", and told the police, "…"`: a coordinated verb after the quote has the
            // subject of the sentence, found below.
            let coordinated = v > 0 && matches!(self.low(v - 1), "and" | "but" | "then");
            let words_before = after[..k]
                .iter()
                .filter(|&&i| doc.tokens[i].kind == TokKind::Word)
                .count();
            if !coordinated
                && (words_before <= MAX_WORDS_BEFORE_CUE
                    || (k <= MAX_WORDS_BEFORE_CUE_AFTER_APPOSITIVE
                        && v > 0
                        && doc.tokens[v - 1].first == ','))
            {
                let v = after[k];
                if let Some(s) = self.subject_after(v) {
                    return Some(s);
                }
                if let Some(s) =
                    self.subject_before(v, doc.tokens.partition_point(|t| t.span.start < q.end))
                {
                    return Some(s);
                }
            }
        }
        // Before the quote, in its sentence: `X said: "…"`, `X said in a letter, … "…"`.
        let before_end = doc.tokens.partition_point(|t| t.span.end <= q.start);
        let sent_a = &doc.sentences[sa];
        let from = sent_a.tokens.start;
        // `in the words of the defence counsel, Eleanor Pryce, QC, "…"`
        if let Some(w) = (from..before_end).find(|&i| {
            self.low(i) == "words"
                && i >= 2
                && self.low(i - 1) == "the"
                && i + 1 < before_end
                && self.low(i + 1) == "of"
        }) {
            let cands = self.candidates(w + 2..before_end);
            if let Some(c) = cands
                .iter()
                .find(|c| matches!(c.what, SpeakerRef::Mention(_)))
                .or(cands.first())
            {
                return Some(c.clone());
            }
        }
        let cues: Vec<usize> = (from..before_end)
            .rev()
            .filter(|&i| self.is_cue(i))
            .collect();
        // `X, which the papers report runs to ten pages, "…"`: a verb of saying inside a
        // relative clause that closes before the quote does not introduce it; the quote is
        // said of the clause's antecedent.
        if let Some(&v) = cues.first() {
            if let Some(x) = self.relative_antecedent(v, from, before_end) {
                return Some(x);
            }
        }
        if let Some(&v) = cues.first() {
            if let Some(s) = self.subject_before(v, from) {
                return Some(s);
            }
            // `X said …, and said it was "…"`: a coordinated verb shares the first subject.
            if v > from && matches!(self.low(v - 1), "and" | "but" | "also") {
                if let Some(s) = cues.get(1).and_then(|&v0| self.subject_before(v0, from)) {
                    return Some(s);
                }
            }
            if let Some(s) = self.subject_after(v) {
                if s.span.end <= q.start {
                    return Some(s);
                }
            }
            if lost_open || (v == from) {
                // `said: if you …` with no subject: the subject of the sentence before.
                return self.previous_subject(sa);
            }
        }
        // A quote that is a sentence of its own after one that introduces it: `X said:` ⏎
        // `"…"`, or `Wilkins also said Warhol was a businessman. "As a way …"`.
        let own_sentence = text_before_is_blank(self.text, doc.sentences[sa].span.start, q.start);
        if sa > 0 && own_sentence && doc.sentences[sa].para <= doc.sentences[sa - 1].para + 1 {
            let prev = &doc.sentences[sa - 1];
            let colon = self.text[prev.span.start..prev.span.end]
                .trim_end()
                .ends_with(':');
            let had_quote = self.text[prev.span.start..prev.span.end].contains(['"', '“', '”']);
            if let Some(v) = prev.tokens.clone().rev().find(|&i| self.is_cue(i)) {
                if colon || !had_quote {
                    if let Some(s) = self
                        .subject_before(v, prev.tokens.start)
                        .or_else(|| self.subject_after(v))
                    {
                        return Some(s);
                    }
                }
            }
            if colon {
                return self.candidates(prev.tokens.clone()).into_iter().next();
            }
        }
        self.attribution_line_after(q)
    }

    /// A quote that ends its paragraph, attributed by a short line after the break:
    /// `— Jane Doe, mayor of Kamloops` or `said Jane Doe.` / `Jane Doe said.`
    fn attribution_line_after(&self, q: Span) -> Option<SpeakerFound> {
        let doc = self.doc;
        let sq = sentence_of(doc, q.end.saturating_sub(1));
        let rest = self.text[q.end..doc.sentences[sq].span.end.max(q.end)]
            .trim_matches(|c: char| c.is_whitespace() || is_close(c) || c == '"');
        let next = doc.sentences.get(sq + 1)?;
        if !rest.is_empty() || next.para != doc.sentences[sq].para + 1 {
            return None;
        }
        // A next line that holds a quote of its own (`"We open in May," the letters said.`)
        // attributes that quote, not this one.
        if self.text[next.span.start..next.span.end].contains(['"', '“', '”', '«', '»']) {
            return None;
        }
        let r = next.tokens.clone();
        let words = r
            .clone()
            .filter(|&k| doc.tokens[k].kind == TokKind::Word)
            .count();
        if words > MAX_ATTRIBUTION_LINE_WORDS || r.is_empty() {
            return None;
        }
        let t0 = doc.tokens[r.start];
        if t0.kind == TokKind::Punct && matches!(t0.first, '—' | '–' | '-' | '~') {
            return self
                .candidates(r.start + 1..r.end)
                .into_iter()
                .next()
                .filter(|c| !self.after_preposition(c.span, r.start + 1));
        }
        let v = r.clone().find(|&k| self.is_cue(k))?;
        // `Jane Doe said.`, `Jane Doe said on Tuesday.`: nothing but a few words after the verb.
        // A line that goes on to report a clause of its own (`The mayor, Tom Hale, insisted
        // the budget was balanced.`) is a new statement, not the attribution of the quote.
        let after_verb = (v + 1..r.end)
            .filter(|&k| doc.tokens[k].kind == TokKind::Word)
            .count();
        // `The bakery has been closed since March, says her father.`, `Prices will rise, the
        // bank said.`: a clause before the comma is what this line's speaker says, not the
        // attribution of the quote. A frame is not (`In a statement, the bank said.`).
        let clause_before = |k: usize| {
            let words: Vec<usize> = (r.start..k)
                .filter(|&w| doc.tokens[w].kind == TokKind::Word)
                .collect();
            let opens_frame = words.first().is_some_and(|&w| {
                let l = self.low(w);
                PREPOSITIONS.contains(l) || l.ends_with("ed") || l.ends_with("ing")
            });
            k > r.start
                && doc.tokens[k - 1].first == ','
                && (words.len() >= MIN_LINE_CLAUSE_WORDS
                    || (words.len() >= MIN_SHORT_LINE_CLAUSE_WORDS && !opens_frame))
        };
        if let Some(s) = self
            .subject_before(v, r.start)
            .filter(|_| after_verb <= MAX_WORDS_AFTER_ATTRIBUTION_VERB)
        {
            let first = doc.tokens.partition_point(|t| t.span.end <= s.span.start);
            return (!clause_before(first)).then_some(s);
        }
        if clause_before(v) {
            return None;
        }
        self.subject_after(v)
    }

    /// The antecedent `X` of `X, which/who … v …,` when that clause closes (a comma) between
    /// verb `v` and the quote at token `q`.
    fn relative_antecedent(&self, v: usize, from: usize, q: usize) -> Option<SpeakerFound> {
        let doc = self.doc;
        let rel = (from + 1..v)
            .rev()
            .take(4)
            .find(|&k| matches!(self.low(k), "which" | "who" | "whom"))?;
        if doc.tokens[rel - 1].first != ',' || !(v + 1..q).any(|k| doc.tokens[k].first == ',') {
            return None;
        }
        let comma = doc.tokens[rel - 1].span.start;
        self.candidates(from..rel - 1)
            .into_iter()
            .rev()
            .find(|c| self.text[c.span.end..comma].trim().is_empty())
            .filter(|c| !self.after_preposition(c.span, from))
    }

    /// The subject of sentence `si - 1`, for verbs that lost theirs.
    pub(super) fn previous_subject(&self, si: usize) -> Option<SpeakerFound> {
        let prev = si.checked_sub(1)?;
        let r = self.doc.sentences[prev].tokens.clone();
        let cands = self.candidates(r.clone());
        cands.into_iter().next()
    }

    /// Speaker candidates in a token range, in text order.
    pub(super) fn candidates(&self, r: std::ops::Range<usize>) -> Vec<SpeakerFound> {
        let doc = self.doc;
        let mut v = vec![];
        let mut i = r.start;
        while i < r.end {
            let t = doc.tokens[i];
            // A name mention that starts here (skip alternate forms in parentheses).
            let mi = self.names.partition_point(|m| m.span.start < t.span.start);
            if let Some(mi) =
                (mi < self.names.len() && self.names[mi].span.start == t.span.start).then_some(mi)
            {
                let m = &self.names[mi];
                let end = doc.tokens.partition_point(|t| t.span.start < m.span.end);
                if m.alias_of.is_none_or(|a| !self.is_paren_alias(a, mi)) && !self.is_time(m.span) {
                    v.push(SpeakerFound {
                        span: m.span,
                        what: SpeakerRef::Mention(mi),
                        sentence: doc.sent_of[i] as usize,
                    });
                }
                i = end.max(i + 1);
                continue;
            }
            let w = self.low(i);
            if t.kind == TokKind::Word && PRONOUNS.contains(w) {
                v.push(SpeakerFound {
                    span: t.span,
                    what: SpeakerRef::Pronoun(w.to_string()),
                    sentence: doc.sent_of[i] as usize,
                });
                i += 1;
                continue;
            }
            // `people familiar with the matter`, `a person briefed on the talks`, `two officials
            // with knowledge of the plan`: an unnamed source, the whole description up to the
            // verb or a comma (at most MAX_UNNAMED_SOURCE_TOKENS).
            if t.kind == TokKind::Word
                && UNNAMED_SOURCE_HEADS.contains(w)
                && i + 2 < r.end
                && UNNAMED_SOURCE_LINKS.contains(self.low(i + 1))
            {
                let b = if i > r.start
                    && (DETERMINERS.contains(self.low(i - 1))
                        || matches!(
                            self.low(i - 1),
                            "two" | "three" | "four" | "several" | "some"
                        )) {
                    i - 1
                } else {
                    i
                };
                let mut e = i + 2;
                while e < r.end
                    && e < i + MAX_UNNAMED_SOURCE_TOKENS
                    && doc.tokens[e].kind == TokKind::Word
                    && !CUE_VERBS.contains(self.low(e))
                    && !INDIRECT_VERBS.contains(self.low(e))
                    && !AUX.contains(self.low(e))
                {
                    e += 1;
                }
                let start = doc.tokens[b].span.start;
                while v.last().is_some_and(|c: &SpeakerFound| c.span.end > start) {
                    v.pop();
                }
                v.push(SpeakerFound {
                    span: Span::new(start, doc.tokens[e - 1].span.end),
                    what: SpeakerRef::PersonDescription,
                    sentence: doc.sent_of[i] as usize,
                });
                i = e;
                continue;
            }
            // `police said`, `Officials say`: a plural speaker without a determiner (the last
            // of a run: `police officers`).
            if t.kind == TokKind::Word
                && BARE_SPEAKER_NOUNS.contains(w)
                && !(i + 1 < r.end && BARE_SPEAKER_NOUNS.contains(self.low(i + 1)))
            {
                // `Transit officials`, `Federal officials`: the capitalised words before it
                // belong to the description (a name there gives way to it).
                let mut b = i;
                while b > r.start
                    && i - b < 3
                    && doc.tokens[b - 1].kind == TokKind::Word
                    && doc.tokens[b - 1].cap
                    && !FUNCTION_WORDS.contains(self.low(b - 1))
                    && !DETERMINERS.contains(self.low(b - 1))
                    && !PREPOSITIONS.contains(self.low(b - 1))
                {
                    b -= 1;
                }
                let start = doc.tokens[b].span.start;
                while v.last().is_some_and(|c: &SpeakerFound| c.span.end > start) {
                    v.pop();
                }
                v.push(SpeakerFound {
                    span: Span::new(start, t.span.end),
                    what: SpeakerRef::PersonDescription,
                    sentence: doc.sent_of[i] as usize,
                });
                i += 1;
                continue;
            }
            if t.kind == TokKind::Word && DETERMINERS.contains(w) {
                // Determiner + up to three modifiers + a speaker noun.
                let mut j = i + 1;
                while j < r.end && j <= i + 4 {
                    let tj = doc.tokens[j];
                    if tj.kind != TokKind::Word {
                        break;
                    }
                    let wj = self.low(j);
                    let what = if VEHICLE_NOUNS.contains(wj)
                        || singular(wj).is_some_and(|n| VEHICLE_NOUNS.contains(&n))
                    {
                        // A vehicle: [`Ctx::issuer`] later puts who issued it in its place.
                        Some(SpeakerRef::Source)
                    } else {
                        description_kind(wj)
                    };
                    if let Some(mut what) = what {
                        // A compound's head is its last noun: `a police spokesperson`, `the
                        // company spokesman`, `the city council`.
                        let mut j = j;
                        loop {
                            // `the teachers' union`: a plural possessive joins the compound.
                            let apostrophe = j + 2 < r.end
                                && matches!(doc.tokens[j + 1].first, '\'' | '’')
                                && doc.tokens[j + 1].span.start == doc.tokens[j].span.end
                                && self.low(j).ends_with('s');
                            let n = j + 1 + usize::from(apostrophe);
                            if n >= r.end || doc.tokens[n].kind != TokKind::Word {
                                break;
                            }
                            let next = self.low(n);
                            if PERSON_NOUNS.contains(next) {
                                what = SpeakerRef::PersonDescription;
                            } else if ORG_NOUNS.contains(next) {
                                what = SpeakerRef::OrgDescription;
                            } else if let Some(k) =
                                singular(next).and_then(|n| description_kind(&n))
                            {
                                what = k;
                            } else if let Some((h, k)) = self.compound_head(n, r.end) {
                                // `the city sewer maintenance division`: unlisted nouns
                                // before a listed head.
                                what = k;
                                j = h;
                                continue;
                            } else {
                                break;
                            }
                            j = n;
                        }
                        // `the company's …` is not the subject; a following name is (`the
                        // minister, John Smith`), handled by the caller's nearest pick.
                        v.push(SpeakerFound {
                            span: Span::new(t.span.start, doc.tokens[j].span.end),
                            what,
                            sentence: doc.sent_of[i] as usize,
                        });
                        i = j;
                        break;
                    }
                    // (a second determiner opens a phrase of its own: `one follows the
                    // reports`)
                    if CUE_VERBS.contains(wj)
                        || PREPOSITIONS.contains(wj)
                        || DETERMINERS.contains(wj)
                    {
                        break;
                    }
                    j += 1;
                }
            }
            i += 1;
        }
        v
    }

    /// `according to the Lagos Chamber of Commerce and Industry, …` when the names layer
    /// found no name there: the capitalised run from token `i` (after a leading `the`, up to a
    /// comma or the end of the sentence, at most eight words, joined only by `of`, `and`,
    /// `for`, `&`), as a source without an entity.
    pub(super) fn capitalised_source(&self, i: usize, end: usize) -> Option<SpeakerFound> {
        let doc = self.doc;
        let mut b = i;
        if b < end && self.low(b) == "the" {
            b += 1;
        }
        let mut e = b;
        while e < end && e < b + 8 {
            let t = doc.tokens[e];
            let w = self.low(e);
            let joins = matches!(w, "of" | "and" | "for" | "&");
            if t.kind == TokKind::Word && t.cap || joins && e > b {
                e += 1;
            } else {
                break;
            }
        }
        while e > b && matches!(self.low(e - 1), "of" | "and" | "for" | "&") {
            e -= 1;
        }
        if e == b || !doc.tokens[b].cap {
            return None;
        }
        Some(SpeakerFound {
            span: Span::new(doc.tokens[b].span.start, doc.tokens[e - 1].span.end),
            what: SpeakerRef::Source,
            sentence: doc.sent_of[b] as usize,
        })
    }

    pub(super) fn is_paren_alias(&self, a: usize, m: usize) -> bool {
        let (x, y) = (self.names[a].span, self.names[m].span);
        x.end <= y.start && self.text[x.end..y.start].contains('(')
    }

    /// The subject of reporting verb `v`, looking back to token `from`: the nearest candidate
    /// that is not the object of a preposition, skipping an appositive before the verb.
    pub(super) fn subject_before(&self, v: usize, from: usize) -> Option<SpeakerFound> {
        let doc = self.doc;
        // `Frank Ruiz, the party's spokesman, yesterday said`: a time word or an adverb
        // between an appositive's comma and the verb; the subject is read as if the verb
        // followed the comma.
        if v >= from + 2
            && doc.tokens[v - 1].kind == TokKind::Word
            && (TIME_WORDS.contains(self.low(v - 1))
                || (self.low(v - 1).len() > 4 && self.low(v - 1).ends_with("ly")))
            && doc.tokens[v - 2].first == ','
        {
            return self.subject_before(v - 1, from);
        }
        // A subject sits within MAX_SUBJECT_REACH tokens of its verb; reading no further keeps
        // a sentence with many verbs linear.
        let from = from.max(v.saturating_sub(MAX_SUBJECT_REACH));
        // The clause: back to the last `;` or a quote mark.
        let mut start = from;
        for i in (from..v).rev() {
            let t = doc.tokens[i];
            if t.kind == TokKind::Punct
                && (t.first == ';' || is_close(t.first) || is_open(t.first) || t.first == '"')
            {
                start = i + 1;
                break;
            }
        }
        // `Republicans, for their part, insist`, `The union, however, says`: a frame set off by
        // commas between the subject and its verb; the subject is before it.
        if v >= start + 3 && doc.tokens[v - 1].first == ',' {
            let comma = (start..v - 1)
                .rev()
                .take(MAX_FRAME_TOKENS + 1)
                .find(|&k| doc.tokens[k].first == ',');
            if let Some(a) = comma.filter(|&a| a > start && self.is_frame(a + 1, v - 1)) {
                return self
                    .subject_before(a, from)
                    .or_else(|| self.capitalised_subject(start, a));
            }
        }
        let cands = self.candidates(start..v);
        // `… met Okafor, who had told her …`, `… to Jane Doe, who said …`: the relative pronoun's
        // antecedent says it, even as the object of a preposition.
        let mut w = v;
        while w > start && AUX.contains(self.low(w - 1)) {
            w -= 1;
        }
        // `A woman who was in the car that Dana Peck chased says …`, `One resident who lives
        // near Tom Hale's farm said …`: a description that opens the clause and a relative
        // clause that runs to the verb, with no comma; the description says it, not a name
        // inside the relative clause.
        if let Some(d) = cands.first().filter(|d| {
            matches!(d.what, SpeakerRef::PersonDescription)
                && d.span.start == doc.tokens[start].span.start
        }) {
            let after = doc.tokens.partition_point(|t| t.span.start < d.span.end);
            if after < w
                && self.low(after) == "who"
                && !(after..v).any(|k| matches!(doc.tokens[k].first, ',' | ';' | ':'))
            {
                return Some(d.clone());
            }
        }
        if w > start + 1 && self.low(w - 1) == "who" && doc.tokens[w - 2].first == ',' {
            let comma = doc.tokens[w - 2].span.start;
            if let Some(c) = cands.iter().rev().find(|c| c.span.end <= comma) {
                if self.text[c.span.end..comma].trim().is_empty()
                    && !matches!(c.what, SpeakerRef::Source | SpeakerRef::Pronoun(_))
                {
                    return Some(c.clone());
                }
            }
        }
        if cands.is_empty() {
            return self.capitalised_before_verb(start, v).or_else(|| {
                // `Acme, whose shares fell on Monday, said`: a name the names layer did not
                // know, set off by a relative clause or an appositive.
                self.capitalised_subject(start, v).filter(|c| {
                    let e = doc.tokens.partition_point(|t| t.span.start < c.span.end);
                    // (closed by a comma before the verb: `However, a doctor … testified`
                    // opens with an adverb, not a name)
                    e + 1 < v
                        && doc.tokens[e].first == ','
                        && doc.tokens[v - 1].first == ','
                        && matches!(self.low(e + 1), "which" | "who" | "whose" | "a" | "an")
                        && !DISCOURSE_ADVERBS.contains(self.low(start))
                })
            });
        }
        // Appositive: `X, President of Y, said` → skip what sits between the last two commas.
        let commas: Vec<usize> = (start..v).filter(|&i| doc.tokens[i].first == ',').collect();
        let appositive = if commas.len() >= 2 && *commas.last().unwrap() + 1 == v {
            let (a, b) = (commas[commas.len() - 2], commas[commas.len() - 1]);
            Some(Span::new(doc.tokens[a].span.start, doc.tokens[b].span.end))
        } else {
            None
        };
        let mut in_appositive: Option<&SpeakerFound> = None;
        for c in cands.iter().rev() {
            if appositive.is_some_and(|a| a.contains(&c.span)) {
                if in_appositive.is_none() && matches!(c.what, SpeakerRef::Mention(_)) {
                    in_appositive = Some(c);
                }
                continue;
            }
            let ti = doc.tokens.partition_point(|t| t.span.end <= c.span.start);
            let before_word = if ti > start { self.low(ti - 1) } else { "" };
            // `with one poster writing "…"`: a participle's subject follows `with`.
            let participle = self.low(v).ends_with("ing") && before_word == "with";
            // `Jane Doe of the RCMP said`: the object of a preposition, past its determiner.
            if (PREPOSITIONS.contains(before_word) || self.after_preposition(c.span, start))
                && !participle
            {
                // `The Office for National Statistics said`: the preposition joins a name
                // the names layer cut short, which is the subject.
                if let Some(whole) = self.name_through_preposition(c, ti, start) {
                    return Some(whole);
                }
                continue;
            }
            // `The minister, Ahmed Hassan, said`: the name in the appositive beats the
            // description it renames, when the two are adjacent.
            if let (Some(name), SpeakerRef::PersonDescription | SpeakerRef::OrgDescription) =
                (in_appositive, &c.what)
            {
                // (`the report's author, economist Hugo Lind,`: a title or two may lead it)
                let between = &self.text[c.span.end..name.span.start];
                let title = between.trim().strip_prefix(',').map(|t| {
                    t.split_whitespace()
                        .all(|w| w.chars().all(|ch| ch.is_lowercase() || ch == '-'))
                        && t.split_whitespace().count() <= 2
                });
                if title == Some(true) {
                    return Some(name.clone());
                }
            }
            // `Sydney Larson, a staff representative for the union, which …, said`: the
            // description is an appositive of the person named right before it.
            if c.what == SpeakerRef::PersonDescription {
                let named = cands.iter().rev().find(|n| {
                    n.span.end <= c.span.start
                        && self.mention_kind(n) == Some(NameKind::Person)
                        && self.text[n.span.end..c.span.start].trim() == ","
                });
                if let Some(n) = named {
                    return Some(n.clone());
                }
            }
            return Some(c.clone());
        }
        // Nothing but objects of prepositions and appositives: an unrecognised capitalised
        // subject at the start of the clause (`Bacchesi Luo, President of IACC, said`), or
        // right before the verb (`In a statement, the Canucks said`).
        self.capitalised_subject(start, v)
            .or_else(|| self.capitalised_before_verb(start, v))
            // `one fan, Harriet Moss, said`: a person named in the appositive, when nothing
            // before it could be the subject.
            .or_else(|| {
                in_appositive
                    .filter(|c| self.mention_kind(c) == Some(NameKind::Person))
                    .cloned()
            })
    }

    /// Tokens `a..b` are a frame of time, place or manner, not an appositive: they open with a
    /// preposition, a time word, an -ly adverb or a discourse adverb (`for their part`, `on
    /// Monday`, `however`) and hold no verb.
    fn is_frame(&self, a: usize, b: usize) -> bool {
        if a >= b || self.doc.tokens[a].kind != TokKind::Word {
            return false;
        }
        let first = self.low(a);
        let opens = PREPOSITIONS.contains(first)
            || TIME_WORDS.contains(first)
            || DISCOURSE_ADVERBS.contains(first)
            || (first.len() > 4 && first.ends_with("ly"));
        let body = &self.text[self.doc.tokens[a].span.start..self.doc.tokens[b - 1].span.end];
        opens && !super::indirect::has_verb(body)
    }

    /// `[the] Office for National Statistics`, `Bank of Canada` when the names layer found
    /// only the part after the preposition (candidate `c`, whose first token is `ti`): the
    /// capitalised words before `of`/`for` (at most four, with a leading `the`) that open the
    /// clause at `start` or follow a comma, with `c`, as one source.
    fn name_through_preposition(
        &self,
        c: &SpeakerFound,
        ti: usize,
        start: usize,
    ) -> Option<SpeakerFound> {
        let doc = self.doc;
        if !matches!(c.what, SpeakerRef::Mention(_)) || ti < start + 2 {
            return None;
        }
        let p = ti - 1;
        if !matches!(self.low(p), "of" | "for") {
            return None;
        }
        let mut b = p;
        while b > start
            && p - b < 4
            && doc.tokens[b - 1].kind == TokKind::Word
            && doc.tokens[b - 1].cap
            && !DETERMINERS.contains(self.low(b - 1))
        {
            b -= 1;
        }
        // Words the names layer tagged are a name of their own (`Jane Kowal of Fraser Health`:
        // Jane Kowal is the subject, and the loop finds her).
        let (from, to) = (doc.tokens[b].span.start, doc.tokens[p].span.start);
        // (mentions are in text order and do not overlap: the last one starting before `to`)
        let before = self.names.partition_point(|m| m.span.start < to);
        let tagged = before > 0 && self.names[before - 1].span.end > from;
        if b == p || tagged {
            return None;
        }
        if b > start && self.low(b - 1) == "the" {
            b -= 1;
        }
        if b > start && doc.tokens[b - 1].first != ',' {
            return None;
        }
        Some(SpeakerFound {
            span: Span::new(doc.tokens[b].span.start, c.span.end),
            what: SpeakerRef::Source,
            sentence: c.sentence,
        })
    }

    /// Capitalised words right before the verb that open a coordinated clause: `… and South
    /// Korea says …`, `After the talks collapsed, Chile stated …` (a country speaks
    /// though it is no name of a person or an organization).
    pub(super) fn capitalised_before_verb(&self, start: usize, v: usize) -> Option<SpeakerFound> {
        let doc = self.doc;
        let mut a = v;
        while a > start
            && v - a < 4
            && doc.tokens[a - 1].kind == TokKind::Word
            && doc.tokens[a - 1].cap
        {
            a -= 1;
        }
        // The verb in lower case (`Indiana, United States - …` has no verb `states`).
        if a == v || doc.tokens[v].cap {
            return None;
        }
        // Token `k` opens a clause: after a comma or a conjunction.
        let after_opener = |k: usize| {
            doc.tokens[k - 1].first == ','
                || matches!(self.low(k - 1), "and" | "but" | "while" | "whereas")
        };
        // `the Canucks said`, `The Canucks said`: `the` and a capitalised name the names layer
        // missed (a team, a band, a party) is the subject, wherever the clause starts.
        let the = if self.low(a) == "the" && v - a >= 2 {
            Some(a)
        } else if a > start && self.low(a - 1) == "the" {
            Some(a - 1)
        } else {
            None
        };
        if let Some(t) = the {
            if t > start && !after_opener(t) {
                return None;
            }
            let name_from = if t == a { a + 1 } else { a };
            return self
                .capitalised_subject(name_from, v)
                .map(|sp| SpeakerFound {
                    span: Span::new(doc.tokens[t].span.start, sp.span.end),
                    ..sp
                });
        }
        // Without `the`, not at the clause's start (`Recent reports have revealed`, `Take say
        // on Obama`), except one plural word right before the verb: a group that speaks
        // (`Democrats believe …`, `Canadians say …`).
        // (the endings of plural people: Republicans, Democrats, Conservatives, Liberals,
        // Activists, Troopers; not `Estimates suggest`, `Nobody's mentioned`)
        let group = v - a == 1 && {
            let w = self.low(a);
            w.len() > 4
                && ["ans", "ats", "ists", "ives", "als", "ites", "ers"]
                    .iter()
                    .any(|e| w.ends_with(e))
                && !VEHICLE_NOUNS.contains(w)
        };
        if a == start && !group || a > start && !after_opener(a) {
            return None;
        }
        self.capitalised_subject(a, v)
    }

    /// Capitalised words that open a clause before a comma or the verb: a name the names
    /// layer did not know.
    pub(super) fn capitalised_subject(&self, start: usize, v: usize) -> Option<SpeakerFound> {
        let doc = self.doc;
        let mut end = start;
        while end < v && doc.tokens[end].kind == TokKind::Word && doc.tokens[end].cap {
            end += 1;
        }
        let n = end - start;
        let next_ok = end == v || matches!(doc.tokens[end].first, ',' | '.' | ';');
        if !(1..=4).contains(&n) || !next_ok {
            return None;
        }
        let first = self.low(start);
        if DETERMINERS.contains(first) || PRONOUNS.contains(first) || PREPOSITIONS.contains(first) {
            return None;
        }
        let span = Span::new(doc.tokens[start].span.start, doc.tokens[end - 1].span.end);
        // `said Monday`, a dateline's `SURREY, B.C. —`: no speakers.
        if self.is_time(span) || self.is_dateline_place(span, end) {
            return None;
        }
        Some(SpeakerFound {
            span,
            what: SpeakerRef::Source,
            sentence: doc.sent_of[start] as usize,
        })
    }

    /// `said X`, `said President X`, `said the company`.
    pub(super) fn subject_after(&self, v: usize) -> Option<SpeakerFound> {
        let doc = self.doc;
        // `told CTV News`, `asked the minister`: after these verbs comes who is told.
        if matches!(
            self.low(v),
            "told" | "tells" | "tell" | "telling" | "asked" | "asks" | "informed"
        ) {
            return None;
        }
        let s = doc.sent_of[v] as usize;
        let end = doc.sentences[s].tokens.end.min(v + 6);
        let cands = self.candidates(v + 1..end);
        // `said it was …`: `it` after the verb is its object, not its subject.
        // `said in a statement`, `said on Monday`: the object of a preposition is no subject.
        let cands: Vec<SpeakerFound> = cands
            .into_iter()
            .filter(|c| !matches!(&c.what, SpeakerRef::Pronoun(p) if p == "it"))
            .filter(|c| !self.after_preposition(c.span, v + 1))
            .collect();
        // `said Fraser Health's chief medical officer, Dr. Martin Lavoie`, `said Jane Doe's
        // lawyer, Tom Ruiz`: a name's possessive right after the verb describes the person
        // named after it, who speaks.
        if let Some(a) = cands.first() {
            let ti = doc.tokens.partition_point(|t| t.span.end <= a.span.start);
            let rest = &self.text[a.span.end..];
            if ti <= v + 2
                && matches!(a.what, SpeakerRef::Mention(_))
                && (rest.starts_with("'s") || rest.starts_with("’s"))
            {
                let far = doc.sentences[s].tokens.end.min(v + 16);
                if let Some(p) = self
                    .candidates(v + 1..far)
                    .into_iter()
                    .filter(|c| c.span.start > a.span.end)
                    .find(|c| self.mention_kind(c) == Some(NameKind::Person))
                {
                    return Some(p);
                }
            }
        }
        // `said RCMP Cpl. Jane Doe`: the organization names the person's employer.
        let first_person = match (cands.first(), cands.get(1)) {
            (Some(a), Some(b))
                if self.mention_kind(a) == Some(NameKind::Org)
                    && self.mention_kind(b) == Some(NameKind::Person)
                    && !self.text[a.span.end..b.span.start].contains([',', ';'])
                    && !self.text[a.span.end..b.span.start].contains(" and ") =>
            {
                Some(b.clone())
            }
            _ => None,
        };
        let Some(c) = cands.first().cloned() else {
            // `said Ambassador Mohib`: a capitalised name the names layer did not know.
            let mut k = v + 1;
            while k < end
                && doc.tokens[k].kind == TokKind::Word
                && TITLE_WORDS.contains(self.low(k))
            {
                k += 1;
            }
            return self
                .capitalised_subject(k, doc.sentences[s].tokens.end.min(k + 5))
                .filter(|c| {
                    let after = doc.tokens.partition_point(|t| t.span.start < c.span.end);
                    after >= doc.sentences[s].tokens.end
                        || matches!(doc.tokens[after].first, ',' | '.' | ';')
                })
                .or_else(|| self.description_after(v + 1, doc.sentences[s].tokens.end))
                .or_else(|| self.named_after_role(v, &self.role_reach(v)));
        };
        // Only right after the verb (titles and determiners may sit between, and an age:
        // `said 19-year-old Kevin Park`).
        let ti = doc.tokens.partition_point(|t| t.span.end <= c.span.start);
        let first = self.after_age(v + 1, ti);
        let gap_ok = (first..ti).all(|i| {
            let w = self.low(i);
            doc.tokens[i].kind == TokKind::Word
                && (w.len() <= 4
                    || doc.tokens[i].cap
                    || PERSON_NOUNS.contains(w)
                    // `said department spokesperson Lena Ortiz`
                    || ORG_NOUNS.contains(w))
                || doc.tokens[i].first == '.'
                // (a comma between a role and the name: `says writer, Mike van Graan`)
                || (doc.tokens[i].first == ',' && i + 1 == ti && i > first)
        });
        if gap_ok && ti <= first + 3 {
            return Some(first_person.unwrap_or(c));
        }
        self.named_after_role(v, &self.role_reach(v))
    }

    /// The candidates after verb `v` as far as a role of [`MAX_ROLE_TOKENS`] and a name can
    /// reach (`said Minister for Tourism and Civil Aviation Prithvi Gurung`).
    fn role_reach(&self, v: usize) -> Vec<SpeakerFound> {
        let end = self.doc.sentences[self.doc.sent_of[v] as usize].tokens.end;
        self.candidates(v + 1..end.min(v + 1 + MAX_ROLE_TOKENS + MAX_NAME_TOKENS))
    }

    /// `…, said the coastguard.`: a determiner and one to three lower-case words from token
    /// `k` that end the sentence or its clause (before `,`, `.` or `;`), whatever the noun (the
    /// candidates know only some nouns).
    fn description_after(&self, k: usize, end: usize) -> Option<SpeakerFound> {
        let doc = self.doc;
        if k >= end || !DETERMINERS.contains(self.low(k)) {
            return None;
        }
        let mut e = k + 1;
        while e < end
            && e <= k + MAX_DESCRIPTION_AFTER_WORDS
            && !doc.tokens[e].cap
            && self.content_word(e)
            && !TIME_WORDS.contains(self.low(e))
        {
            e += 1;
        }
        let closes = e >= end || matches!(doc.tokens[e].first, ',' | '.' | ';');
        // (not a clause: `argued this procedure constituted intimidation`)
        let words = &self.text[doc.tokens[k].span.start..doc.tokens[e - 1].span.end];
        (e > k + 1 && closes && !super::indirect::has_verb(words)).then(|| SpeakerFound {
            span: Span::new(doc.tokens[k].span.start, doc.tokens[e - 1].span.end),
            what: SpeakerRef::Source,
            sentence: doc.sent_of[k] as usize,
        })
    }

    /// `"…," said running back Rashard Mendenhall`, `said expedition leader Karli Thomas`,
    /// `said Tournament of Roses President Lena Ortiz`: in an attribution whose verb follows
    /// the quote's closing mark, the person named after the verb behind a role of a few words
    /// (lower-case nouns and adjectives, capitalised titles and employers, `of` or `for`
    /// between capitalised words) says it. Not after a word that opens a clause or a phrase
    /// of its own (`said before meeting Nick Holt`, `said in Rome Nick Holt`).
    fn named_after_role(&self, v: usize, cands: &[SpeakerFound]) -> Option<SpeakerFound> {
        let doc = self.doc;
        if v == 0 || doc.tokens[v - 1].kind != TokKind::Punct {
            return None;
        }
        let p = cands
            .iter()
            .find(|c| self.mention_kind(c) == Some(NameKind::Person))?;
        let ti = doc.tokens.partition_point(|t| t.span.end <= p.span.start);
        let first = self.after_age(v + 1, ti);
        if ti == first || ti > first + MAX_ROLE_TOKENS {
            return None;
        }
        let role = (first..ti).all(|i| {
            let t = doc.tokens[i];
            let w = self.low(i);
            let joins = matches!(w, "of" | "for" | "and" | "&")
                && i > first
                && doc.tokens[i - 1].cap
                && doc.tokens[i + 1].cap;
            let word = self.content_word(i)
                && !PREPOSITIONS.contains(w)
                && !DETERMINERS.contains(w)
                && !TIME_WORDS.contains(w);
            // (`Cpl.`, `Sgt.`: the abbreviation's point)
            let point = t.first == '.' && i > first && doc.tokens[i - 1].cap;
            joins || word || point
        });
        role.then(|| p.clone())
    }

    /// The token after an age that opens tokens `k..end` (`19-year-old`, `the 54-year-old`),
    /// or `k`.
    fn after_age(&self, k: usize, end: usize) -> usize {
        let doc = self.doc;
        if k + 1 < end && self.low(k) == "the" {
            let after = self.after_age(k + 1, end);
            if after > k + 1 {
                return after;
            }
        }
        let text = |i: usize| &self.text[doc.tokens[i].span.start..doc.tokens[i].span.end];
        // The age's tokens run together, with no space: `19`, `-`, `year`, `-`, `old`.
        let mut j = k;
        while j + 1 < end && doc.tokens[j].span.end == doc.tokens[j + 1].span.start {
            j += 1;
        }
        let age = (k..=j.min(end.saturating_sub(1)))
            .map(text)
            .collect::<String>()
            .to_lowercase();
        let years = age
            .strip_suffix("-year-old")
            .or_else(|| age.strip_suffix("-years-old"));
        match years {
            Some(n) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => j + 1,
            _ => k,
        }
    }

    /// The first name mention that starts inside `span`, as a speaker.
    fn mention_inside(&self, span: Span, sentence: usize) -> Option<SpeakerFound> {
        let k = self.names.partition_point(|m| m.span.start < span.start);
        // (the name may run on past the description: `the Surrey Board` of `the Surrey Board
        // of Trade`)
        self.names
            .get(k)
            .filter(|m| m.span.start < span.end)
            .map(|m| SpeakerFound {
                span: m.span,
                what: SpeakerRef::Mention(k),
                sentence,
            })
    }

    /// The kind of a name-mention candidate.
    fn mention_kind(&self, c: &SpeakerFound) -> Option<NameKind> {
        match c.what {
            SpeakerRef::Mention(m) => Some(self.names[m].kind),
            _ => None,
        }
    }

    /// Is the candidate at `span` the object of a preposition (`in a statement`, `of the
    /// RCMP`), with determiners and modifiers skipped back to token `from`?
    pub(super) fn after_preposition(&self, span: Span, from: usize) -> bool {
        let doc = self.doc;
        let mut ti = doc.tokens.partition_point(|t| t.span.end <= span.start);
        while ti > from {
            let w = self.low(ti - 1);
            if PREPOSITIONS.contains(w) {
                return true;
            }
            if DETERMINERS.contains(w) {
                ti -= 1;
                continue;
            }
            return false;
        }
        false
    }

    /// Dates are no speakers: `Monday`, `March 3`, `this morning`.
    pub(super) fn is_time(&self, span: Span) -> bool {
        let words = &self.text[span.start..span.end];
        let mut any = false;
        let all_time = words
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| {
                any = true;
                TIME_WORDS.contains(lower(w).as_str()) || w.chars().all(|c| c.is_ascii_digit())
            });
        any && all_time
    }

    /// A place named as a place, not acting: a dateline (`SURREY, B.C. —`, `Surrey, B.C. —`).
    fn is_dateline_place(&self, span: Span, next: usize) -> bool {
        let doc = self.doc;
        let words = &self.text[span.start..span.end];
        let caps = words
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
            && span.len() > 5;
        let dash_soon = (next..(next + 6).min(doc.tokens.len())).any(|k| {
            let t = doc.tokens[k];
            t.kind == TokKind::Punct && matches!(t.first, '—' | '–' | '-')
        });
        let comma = next < doc.tokens.len() && matches!(doc.tokens[next].first, ',' | '(');
        comma && dash_soon && (caps || self.is_place(words))
    }

    fn is_place(&self, words: &str) -> bool {
        let titled: String = {
            let mut out = String::new();
            for (k, w) in words.split(' ').enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                let mut cs = w.chars();
                if let Some(f) = cs.next() {
                    out.extend(f.to_uppercase());
                    out.push_str(&cs.as_str().to_lowercase());
                }
            }
            out
        };
        self.lx.is_place(words) || self.lx.is_place(&titled)
    }

    /// Who issued a vehicle (`statement`, `release`) whose determiner is token `d` and head
    /// token `h`: the possessive (`his release` → he) or the source after `from`/`by`/`of`.
    fn vehicle_owner(&self, d: usize, h: usize) -> Option<SpeakerFound> {
        let doc = self.doc;
        let sent = doc.sent_of[d] as usize;
        let det = self.low(d);
        let pron = match det {
            "his" => Some("he"),
            "her" => Some("she"),
            "their" => Some("they"),
            "its" => Some("it"),
            _ => None,
        };
        if let Some(p) = pron {
            return Some(SpeakerFound {
                span: doc.tokens[d].span,
                what: SpeakerRef::Pronoun(p.to_string()),
                sentence: sent,
            });
        }
        let mut k = h + 1;
        let end = doc.sentences[sent].tokens.end;
        // `a statement issued by X`, `a letter signed by X`, `the report, published on Tuesday
        // by X,`: a participle, maybe after a comma and before a time, then `by`.
        if k < end && doc.tokens[k].first == ',' {
            k += 1;
        }
        if k < end && self.low(k).ends_with("ed") {
            if let Some(by) = (k + 1..end.min(k + 1 + MAX_PARTICIPLE_TO_BY))
                .take_while(|&j| doc.tokens[j].kind == TokKind::Word)
                .find(|&j| self.low(j) == "by")
            {
                k = by;
            }
        }
        if k < end && matches!(self.low(k), "from" | "by" | "of") {
            let stop = end.min(k + 1 + 6);
            let cands = self.candidates(k + 1..stop);
            let first = cands.first()?;
            // `from the World Bank`: the name inside the description, which knows its entity.
            let named = cands
                .iter()
                .find(|c| matches!(c.what, SpeakerRef::Mention(_)) && first.span.contains(&c.span));
            return Some(named.unwrap_or(first).clone())
                .filter(|c| !matches!(c.what, SpeakerRef::Source | SpeakerRef::Pronoun(_)));
        }
        None
    }

    /// A vehicle speaker (`the statement`, `a release`) replaced by who issued it, looked for
    /// before it: the subject of its own sentence, else of the sentence before in the same
    /// paragraph, when that is a name; for `the statement` (`the release`), else the subject of
    /// the nearest sentence before (at most [`MAX_VEHICLE_LOOKBACK`]) that names it. Else the
    /// vehicle stays (`this anonymous email`).
    pub(super) fn issuer(&self, sp: SpeakerFound) -> SpeakerFound {
        if sp.what != SpeakerRef::Source {
            return sp;
        }
        let head = self.text[sp.span.start..sp.span.end]
            .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
            .next()
            .unwrap_or("");
        if !VEHICLE_NOUNS.contains(lower(head).as_str()) {
            return sp;
        }
        let doc = self.doc;
        let vt = doc.tokens.partition_point(|t| t.span.end <= sp.span.start);
        let ht = doc.tokens.partition_point(|t| t.span.end < sp.span.end);
        if let Some(by) = self.vehicle_owner(vt, ht) {
            return by;
        }
        // `the union's statement`: the owner before the possessive.
        if let Some(p) = (vt..ht).find(|&k| {
            let w = self.tok(k);
            w.ends_with("'s") || w.ends_with("’s")
        }) {
            let end = doc.tokens[p].span.end - "'s".len();
            let from = self.names.partition_point(|m| m.span.start < sp.span.start);
            if let Some(k) = self.names[from..]
                .iter()
                .take_while(|m| m.span.start < end)
                .position(|m| m.span.end == end)
            {
                return SpeakerFound {
                    span: self.names[from + k].span,
                    what: SpeakerRef::Mention(from + k),
                    sentence: sp.sentence,
                };
            }
            let noun = lower(&self.text[doc.tokens[p].span.start..end]);
            if let Some(what) = description_kind(&noun) {
                return SpeakerFound {
                    span: Span::new(sp.span.start, end),
                    what,
                    sentence: sp.sentence,
                };
            }
        }
        let si = sp.sentence;
        let own = doc.sentences[si].tokens.start..vt;
        let subject = |r: std::ops::Range<usize>| {
            let c = self
                .candidates(r.clone())
                .into_iter()
                .find(|c| !self.after_preposition(c.span, r.start))?;
            match c.what {
                SpeakerRef::Mention(_) => Some(c),
                // `The Kelowna Fire Department issued …`: the name inside the description.
                SpeakerRef::OrgDescription => self.mention_inside(c.span, c.sentence),
                _ => None,
            }
        };
        if let Some(c) = subject(own) {
            return c;
        }
        if si > 0 && doc.sentences[si - 1].para == doc.sentences[si].para {
            if let Some(c) = subject(doc.sentences[si - 1].tokens.clone()) {
                return c;
            }
        }
        // `the statement said`, paragraphs after `In a statement, the Board of Trade called for
        // …` (news writes a paragraph a sentence): who issued it in the nearest sentence before
        // that names the statement (or release), else that sentence's subject. Not a report, a
        // study or a post, which speak for themselves, nor `this anonymous email`.
        let head = lower(head);
        let issued = matches!(head.as_str(), "statement" | "release" | "communique");
        if issued && vt < ht && self.low(vt) == "the" {
            for b in (si.saturating_sub(MAX_VEHICLE_LOOKBACK)..si).rev() {
                let r = doc.sentences[b].tokens.clone();
                let Some(h) = r.clone().find(|&k| self.low(k) == head) else {
                    continue;
                };
                // `According to a news release from the department, …`: its issuer; else the
                // sentence's subject.
                let mut d = h;
                while d > r.start
                    && doc.tokens[d - 1].kind == TokKind::Word
                    && !doc.tokens[d - 1].cap
                    && !PREPOSITIONS.contains(self.low(d - 1))
                {
                    d -= 1;
                }
                if let Some(c) = self.vehicle_owner(d, h).or_else(|| subject(r)) {
                    return c;
                }
                break;
            }
        }
        sp
    }
}

/// What a description headed by `noun` is (`the union`, `the minister`), if a speaker at all.
pub(super) fn description_kind(noun: &str) -> Option<SpeakerRef> {
    let kind = |n: &str| {
        if ORG_NOUNS.contains(n) {
            Some(SpeakerRef::OrgDescription)
        } else if PERSON_NOUNS.contains(n) {
            Some(SpeakerRef::PersonDescription)
        } else {
            None
        }
    };
    kind(noun).or_else(|| {
        singular(noun)
            .filter(|n| PERSON_NOUNS.contains(n))
            .map(|_| SpeakerRef::PersonDescription)
    })
}

/// The singular of plural noun `noun` (`mothers`, `spokesmen`, `parties`), if it looks like
/// one: a description in the plural speaks as in the singular (`say the mothers`).
pub(super) fn singular(noun: &str) -> Option<String> {
    if let Some(stem) = noun.strip_suffix("men") {
        Some(format!("{stem}man"))
    } else if let Some(stem) = noun.strip_suffix("ies").filter(|s| s.len() > 1) {
        Some(format!("{stem}y"))
    } else {
        noun.strip_suffix('s')
            .filter(|s| s.len() > 2 && !s.ends_with('s'))
            .map(str::to_string)
    }
}
