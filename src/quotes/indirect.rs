//! Indirect (reported) quotes: a reporting verb and the clause it introduces (`X said that …`).

use super::speaker::ACCORDING_TO_REACH;
use super::*;
use crate::words::{
    FRONTED_PARTICIPLES, ISSUING_VERBS, NOUN_CUES, NOUN_DETERMINERS, PAST_FORMS, PERSON_NOUNS,
    PREPOSITIONS, SAID_WHEN, SAID_WHEN_PARTS, SECOND_REPORT_PARTICIPLES, SUBORDINATORS, THAT_VERBS,
    TIME_WORDS, TO_LISTENER_VERBS, VEHICLE_NOUNS,
};

/// Does a clause hold a word that looks like a finite verb (an auxiliary, `-ed`, an irregular
/// past after its first word, or a third-person `-s` after a noun)? A cheap test that tells
/// `the board agreed to …` from a noun phrase such as `its withdrawal from the IACC`.
pub(super) fn has_verb(clause: &str) -> bool {
    let words: Vec<String> = clause
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = lower(w);
            // (one apostrophe for both: `it’s` is `it's`; most words have none)
            if w.contains('’') {
                w.replace('’', "'")
            } else {
                w
            }
        })
        .collect();
    words.iter().enumerate().any(|(k, w)| {
        AUX.contains(w.as_str())
            // `they're`, `we've`, `she'll`, `I'm`: a pronoun and its auxiliary
            || ["'re", "'ve", "'ll", "'m", "n't"].iter().any(|c| w.len() > c.len() && w.ends_with(c))
            // (not a compound adjective: `most-wanted`, `state-owned`)
            || (w.len() > 4 && w.ends_with("ed") && !w.contains('-'))
            // `output rose 0.6 percent`, `the company won the contract`
            || (k > 0 && PAST_FORMS.contains(w.as_str()))
            // `it's`, `there's`: `is` or `has`; a noun's `'s` is its possessive (`Wei's`)
            || matches!(
                w.as_str(),
                "it's" | "he's" | "she's" | "that's" | "there's" | "what's" | "who's" | "here's"
            )
            // `they need more time`, `we support the plan`: a pronoun that is only ever a
            // subject, and a word after it (its verb, in any form)
            || (matches!(w.as_str(), "i" | "we" | "they")
                && words.get(k + 1).is_some_and(|n| !DETERMINERS.contains(n.as_str())))
            // `most voters support the plan`: a plural noun, a word that is no function word,
            // and a determiner after it (a verb and its object); not `rules governing the …`
            || (k > 0
                && words.get(k + 1).is_some_and(|n| DETERMINERS.contains(n.as_str()) && n != "that")
                && plural_noun(&words[k - 1])
                && !FUNCTION_WORDS.contains(w.as_str())
                && !PREPOSITIONS.contains(w.as_str())
                && !w.ends_with("ing")
                && !w.ends_with("ly")
                && w.chars().all(|c| c.is_alphabetic()))
            || (k > 0
                && w.len() > 3
                && w.ends_with('s')
                && !w.ends_with("'s")
                && !w.ends_with("ss")
                && !NOT_VERBS.contains(w.as_str())
                && !NOUN_DETERMINERS.contains(words[k - 1].as_str())
                // (after a possessive it is a noun: `the tourists' celebrations`)
                && !words[k - 1].ends_with('\''))
    })
}

/// Does lower-case word `w` look like a plural noun (`voters`, `officials`; not `boss`, not a
/// possessive)?
fn plural_noun(w: &str) -> bool {
    w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("'s")
        && !w.ends_with("us")
        && !FUNCTION_WORDS.contains(w)
}

/// Is `w` (lower case) a form of `be`, the auxiliary of the passive?
fn is_be(w: &str) -> bool {
    matches!(w, "is" | "are" | "was" | "were" | "be" | "been" | "being")
}

/// Is `clause`, one word shorter than a reported clause must be, still one: a subject and a
/// verb said after the reporting verb (`said prices fell sharply`, `believes that she started
/// well`)? Not quoted words (a direct quote's), not an infinitive (`declared it to be`), and
/// its verb a word in lower case (`claimed it for Dallas` has none).
fn short_clause(clause: &str) -> bool {
    let lower_words: Vec<&str> = clause
        .split_whitespace()
        .filter(|w| !w.starts_with(char::is_uppercase))
        .collect();
    !clause.starts_with(|c: char| is_open(c) || matches!(c, '"' | '\''))
        && !lower_words.contains(&"to")
        && has_verb(&lower_words.join(" "))
}

/// Does `before` end with a reporting verb and a comma or colon (`said, `, `says: `)?
pub(super) fn follows_cue(before: &str) -> bool {
    let t = before.trim_end();
    let Some(t) = t.strip_suffix(',').or_else(|| t.strip_suffix(':')) else {
        return false;
    };
    let w = t
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    CUE_VERBS.contains(lower(w).as_str())
}

/// Tokens of a reported clause after its verb that are read (a bound for endless sentences).
const MAX_CLAUSE_TOKENS: usize = 300;
/// Words a reported clause has at least: a subject, a verb and something said of it.
const MIN_CLAUSE_WORDS: usize = 4;
/// Words of the attribution after a clause of three words (`, the central bank said.`).
const MAX_SHORT_ATTRIBUTION_WORDS: usize = 5;
/// Words of a reported clause before a direct quote inside it (`said her party has backed
/// the idea "…"`); fewer, and the quote is what is reported (`said: "…"`).
const MIN_CLAUSE_WORDS_BEFORE_QUOTE: usize = 4;
/// Words from which a quotation that opens with a capital inside a reported clause is a
/// sentence of its own (an utterance the clause introduces), not a few quoted words (a title,
/// `"Polish" vote`).
const MIN_UTTERANCE_WORDS: usize = 6;
/// Tokens of the listener after `to` (`to reporters at a news conference on Tuesday`) that
/// [`Ctx::that_after_listener`] looks through for `that`.
const MAX_LISTENER_TOKENS: usize = 10;
/// Tokens of the listener between `asked` and its question word (`asked government officials
/// how …`).
const MAX_QUESTION_LISTENER_TOKENS: usize = 5;

/// Tokens between `according to X` and the comma that ends it (`according to the Coastal
/// wire service, …`); no comma that soon and the clause starts right after the source.
const MAX_TOKENS_TO_ACCORDING_COMMA: usize = 4;
/// Words of a sentence-opening noun phrase taken as the source of `… that` (`Letters to the
/// editor from the tenants suggested that`).
const MAX_NOUN_PHRASE_SUBJECT: usize = 10;
/// Tokens of a description that says a clause without `that` (`The younger boy said …`).
const MAX_DESCRIPTION_SUBJECT: usize = 4;
/// Lower-case words of a source after `according to` (`local news reports`, `a computer
/// programmer`).
const MAX_VEHICLE_SOURCE_WORDS: usize = 4;
/// Reporting verbs whose object is what was said, never a thing (`The juror said …`; not
/// `added eight beds`, `confirmed the character`, `reports` as a noun).
const SPEECH_ONLY_VERBS: [&str; 12] = [
    "said",
    "says",
    "say",
    "told",
    "tells",
    "argued",
    "argues",
    "insisted",
    "insists",
    "warned",
    "warns",
    "explained",
];
/// Tokens after `according to X,` in which a reporting verb with its own subject is looked
/// for (`According to X, Professor Y, the chair of Z, said …`).
const MAX_NESTED_VERB_REACH: usize = 25;
/// Tokens of an appositive or participle after `according to X,` (`, Dana Whitlock,`).
const MAX_ACCORDING_APPOSITIVE: usize = 12;
/// Words a clause before its speaker has at least (`…, Mayor X announced`): more, because a
/// fronted phrase of four words is as often a place or a time as a clause.
const MIN_FRONTED_CLAUSE_WORDS: usize = 6;
/// Words of a dateline before the dash that ends it (`Bonn, Oct. 24 (UPI) --`).
const MAX_DATELINE_WORDS: usize = 8;
/// Characters from a clause's start in which a dateline's dash is looked for.
const DATELINE_REACH: usize = 120;
/// Datelines cut from a clause's start (`New York -- (UPI) --` is two).
const MAX_DATELINES: usize = 2;

/// The bytes of the dateline that opens `clause`, dash and spaces included, if it opens with
/// one: at most [`MAX_DATELINE_WORDS`] words up to a dash (`—`, `–`, `--`), with a place in
/// capitals (`BOGOTÁ —`) or an agency or note in parentheses (`Salem (special) --`, `New York
/// -- (UPI) --`), and no sentence punctuation.
fn dateline_len(clause: &str) -> Option<usize> {
    // (looked for in the clause's first bytes only: a dateline is short, and a hostile
    // clause may be megabytes long)
    let head_end = clause
        .char_indices()
        .nth(DATELINE_REACH)
        .map_or(clause.len(), |(i, _)| i);
    let (at, dash) = [" — ", " – ", " -- "]
        .iter()
        .filter_map(|d| clause[..head_end].find(d).map(|at| (at, d.len())))
        .min()?;
    let head = &clause[..at];
    let first = head.split_whitespace().next().unwrap_or("");
    let capitals = first.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !first.chars().any(char::is_lowercase);
    let dateline = word_count(head) <= MAX_DATELINE_WORDS
        && (capitals || head.contains('('))
        && !head.contains(['!', '?', ';', '"', '“']);
    dateline
        .then(|| at + dash + (clause[at + dash..].len() - clause[at + dash..].trim_start().len()))
}

/// Words of a parenthesis that a reported clause runs through (`(PNA)`, `(NZ$437 million)`).
const MAX_PAREN_WORDS: usize = 4;
/// Tokens of a frame of where something was said between a verb and its `that` (`posted on
/// its Facebook page that …`).
const MAX_WHERE_SAID_TOKENS: usize = 4;
/// Tokens of a listener and a place after `told` that are looked through for `that` (`told the
/// Rotary Club of Providence at its luncheon at the hotel that …`).
const MAX_TOLD_LISTENER_TOKENS: usize = 16;
/// Lower-case words of a subject between a comma and its verb (`…, the local foresters said`).
const MAX_PLAIN_SUBJECT_WORDS: usize = 4;
/// Words after a sentence's last reporting verb for `…, X said.` (`said on Tuesday`).
const MAX_WORDS_AFTER_FINAL_VERB: usize = 3;
/// Tokens of a fronted phrase of a preposition before its comma (`In a speech on Tuesday,`).
const MAX_FRONTED_PHRASE_TOKENS: usize = 8;
/// Tokens from `quoted` to `as saying` (`quoted by the state news agency as saying`).
const MAX_QUOTED_AS_GAP: usize = 9;
/// Tokens of a frame after the verb that opens with a preposition, up to its `that` or comma.
const MAX_FRAME_AFTER_VERB: usize = 14;
/// Tokens a second report's own speaker may take (`…, while economists at the bank said …`).
const MAX_SECOND_SUBJECT_TOKENS: usize = 8;

impl Ctx<'_> {
    /// An indirect quote in sentence `si`, if it reports speech without quotation marks.
    pub(super) fn indirect_in(&self, si: usize, direct: &[Span]) -> Option<QuoteFound> {
        let s = &self.doc.sentences[si];
        // A sentence with a direct quote reports it, unless the quote sits inside a reported
        // clause that starts before it (`X said the club had kept the pool "open for too long"`):
        // then both are quotes.
        let inside: Vec<&Span> = direct.iter().filter(|d| d.overlaps(&s.span)).collect();
        if !inside.is_empty() {
            let first_quote = inside.iter().map(|d| d.start).min().unwrap_or(s.span.start);
            let before = self
                .doc
                .tokens
                .partition_point(|t| t.span.end <= first_quote);
            let verb = (s.tokens.start..before).find(|&v| {
                self.doc.tokens[v].kind == TokKind::Word && INDIRECT_VERBS.contains(self.low(v))
            });
            let words_between = verb.map_or(0, |v| {
                (v + 1..before)
                    .filter(|&k| self.doc.tokens[k].kind == TokKind::Word)
                    .count()
            });
            // `said in a letter, … "…"`: a frame before a comma introduces the quote.
            let framed = verb.is_some_and(|v| {
                (v + 1..before.min(v + 1 + MIN_CLAUSE_WORDS_BEFORE_QUOTE))
                    .any(|k| matches!(self.doc.tokens[k].first, ',' | ':'))
            });
            if words_between < MIN_CLAUSE_WORDS_BEFORE_QUOTE || framed {
                return None;
            }
        }
        if let Some(Some(found)) = self.according_to(si) {
            return Some(found);
        }
        for v in s.tokens.clone() {
            let w = self.low(v);
            // `found that …`, `concluded that …`: verbs that report only before `that`.
            // (and at the end, after its clause and a comma: `…, Hemphill charged.`, `…, the
            // study found.`)
            let that_verb = THAT_VERBS.contains(w)
                && (self.that_after_when(v + 1, s.tokens.end)
                    || self.that_after_where(v + 1, s.tokens.end)
                    || (v + 1 < s.tokens.end
                        && v + 2 >= s.tokens.end
                        && self.doc.tokens[v + 1].kind == TokKind::Punct
                        && (s.tokens.start.max(v.saturating_sub(4))..v)
                            .any(|k| self.doc.tokens[k].first == ',')));
            // `X was quoted (by the paper) as saying (that) …`: the subject of `quoted` says it.
            let quoted = (w == "saying" && v >= s.tokens.start + 3 && self.low(v - 1) == "as")
                .then(|| {
                    (s.tokens.start.max(v.saturating_sub(MAX_QUOTED_AS_GAP))..v - 1)
                        .rev()
                        .find(|&k| matches!(self.low(k), "quoted" | "cited"))
                })
                .flatten();
            if let Some(qv) = quoted {
                // Active (`the lawyer quoted his client as saying`): the object says it.
                let passive = qv > s.tokens.start && AUX.contains(self.low(qv - 1));
                let sp = if passive {
                    self.subject_before(qv, s.tokens.start)
                } else {
                    self.candidates(qv + 1..v - 1)
                        .into_iter()
                        .next()
                        .or_else(|| {
                            // (an object the candidates do not know: `his client`)
                            let words = v - 1 - (qv + 1);
                            (1..=4).contains(&words).then(|| SpeakerFound {
                                span: Span::new(
                                    self.doc.tokens[qv + 1].span.start,
                                    self.doc.tokens[v - 2].span.end,
                                ),
                                what: SpeakerRef::Source,
                                sentence: si,
                            })
                        })
                };
                if let Some(sp) = sp {
                    if let Some(q) = self.clause_after_verb(si, v, sp) {
                        return Some(q);
                    }
                }
                continue;
            }
            if self.doc.tokens[v].kind == TokKind::Word
                && matches!(w, "asked" | "asks" | "wondered" | "wonders")
            {
                if let Some(q) = self.reported_question(si, v) {
                    return Some(q);
                }
                continue;
            }
            if self.doc.tokens[v].kind != TokKind::Word
                || !(INDIRECT_VERBS.contains(w) || that_verb)
                || self.capitalised_inside(v)
            {
                continue;
            }
            // `the claim that …`, `a note that …`, `the said company`: after a determiner the
            // word is a noun or an adjective, not a verb.
            if v > s.tokens.start
                && matches!(
                    self.low(v - 1),
                    "the"
                        | "a"
                        | "an"
                        | "another"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "our"
                        | "my"
                        | "your"
                )
            {
                continue;
            }
            // (`Smith's claim that …` is a noun of saying: `noun_cue`; not `he's said`)
            let before = if v > s.tokens.start {
                self.low(v - 1)
            } else {
                ""
            };
            // (nor `Critics' claims that …`: a plural's possessive)
            if self.plural_possessive_before(v)
                || (before.ends_with("'s") || before.ends_with("’s"))
                    && !matches!(
                        before.trim_end_matches('s').trim_end_matches(['\'', '’']),
                        "he" | "she" | "it" | "that" | "there" | "who" | "what" | "here" | ""
                    )
            {
                continue;
            }
            // `— say, the latitude of the winds`: `say` as `for example` reports nothing.
            if w == "say"
                && v > s.tokens.start
                && v + 1 < s.tokens.end
                && self.doc.tokens[v + 1].first == ','
                && self.doc.tokens[v - 1].kind == TokKind::Punct
            {
                continue;
            }
            // `have not explained why …`, `never said`: nothing is reported.
            let negated = (v.saturating_sub(2).max(s.tokens.start)..v).any(|k| {
                let w = self.low(k);
                w == "not" || w == "never" || w.ends_with("n't") || w.ends_with("n’t")
            });
            if negated {
                continue;
            }
            // `a decision residents said was rushed`, `the man police say had fled`: an
            // auxiliary right after the verb makes `X said` a relative clause inside the
            // sentence, not its attribution.
            if v + 1 < s.tokens.end
                && AUX.contains(self.low(v + 1))
                && !self.low(v + 1).contains(['\'', '’'])
            {
                continue;
            }
            // A verb in its plain present form (`argue`, `believe`) reports for a third party
            // (`Republicans argue that …`), not as an infinitive (`no way to estimate how …`)
            // nor for the speaker or the listener (`I believe it is …`, `whether you believe
            // it`): those are the text's own words.
            let plain = !(w.ends_with('s') || w.ends_with("ed") || PAST_FORMS.contains(w));
            if plain && v > s.tokens.start {
                let p = self.low(v - 1);
                if matches!(p, "to" | "i" | "we" | "you") {
                    continue;
                }
            }
            if let Some(q) = self.clause_before_verb(si, v) {
                return Some(q);
            }
            if let Some(q) = self.parenthetical(si, v) {
                return Some(q);
            }
            // `the choir was at first denied visas, but …`, `was formally declared bankrupt`:
            // in the passive with a word of its own after the verb (not `that`, `by`, a day, a
            // pronoun or a preposition: `it was agreed that …`, `was announced Monday by X`,
            // `has been told he …` still report), the subject is not who says anything.
            let be = |k: usize| is_be(self.low(k));
            let passive = v > s.tokens.start
                && (be(v - 1)
                    || v > s.tokens.start + 1
                        && be(v - 2)
                        && (self.low(v - 1).ends_with("ly")
                            || matches!(self.low(v - 1), "twice" | "also" | "first" | "once")));
            if passive
                && v + 1 < s.tokens.end
                && self.content_word(v + 1)
                && !self.doc.tokens[v + 1].cap
                && !SAID_WHEN.contains(self.low(v + 1))
                && !PREPOSITIONS.contains(self.low(v + 1))
                && !PRONOUNS.contains(self.low(v + 1))
                && !DETERMINERS.contains(self.low(v + 1))
            {
                continue;
            }
            let Some(sp) = self
                .subject_before(v, s.tokens.start)
                .or_else(|| self.noun_phrase_subject(si, v))
            else {
                continue;
            };
            if let Some(q) = self.clause_before_subject(si, v, &sp) {
                return Some(q);
            }
            if let Some(q) = self.clause_after_verb(si, v, sp) {
                return Some(q);
            }
        }
        self.noun_cue(si).or_else(|| self.participle_report(si))
    }

    /// `The port director has asked customs officials how the containers ended up on the
    /// quay`, `She wondered whether the plan would hold`: a reported question, the clause from its
    /// question word on, said by the subject of `asked`. Past a listener of a few words with
    /// no verb; not in the passive (`He was asked whether …`: who asked is not said), nor an
    /// infinitive (`asked what to do`).
    fn reported_question(&self, si: usize, v: usize) -> Option<QuoteFound> {
        let doc = self.doc;
        let r = doc.sentences[si].tokens.clone();
        if v > r.start && is_be(self.low(v - 1)) {
            return None;
        }
        let q = (v + 1..r.end.min(v + 1 + MAX_QUESTION_LISTENER_TOKENS)).find(|&k| {
            matches!(
                self.low(k),
                "whether" | "if" | "how" | "why" | "what" | "when" | "where" | "who"
            )
        })?;
        let listener_ok = (v + 1..q).all(|k| {
            doc.tokens[k].kind == TokKind::Word
                && !AUX.contains(self.low(k))
                && !INDIRECT_VERBS.contains(self.low(k))
        });
        if !listener_ok || q + 1 >= r.end || self.low(q + 1) == "to" {
            return None;
        }
        let clause = Span::new(doc.tokens[q].span.start, doc.sentences[si].span.end);
        if !has_verb(&self.text[doc.tokens[q + 1].span.start..clause.end]) {
            return None;
        }
        let sp = self.subject_before(v, r.start)?;
        self.reported(si, self.cut_clause(clause), sp, MIN_CLAUSE_WORDS)
    }

    /// `Residents protested outside the hall, saying the vote had been rushed`: a participle
    /// of saying after a comma reports for the subject that opens the sentence.
    fn participle_report(&self, si: usize) -> Option<QuoteFound> {
        let doc = self.doc;
        let r = doc.sentences[si].tokens.clone();
        let (p, clause) = self.participle_clause(si, r.start)?;
        // The subject: a candidate that opens the sentence, or follows a fronted phrase of a
        // preposition and a comma (`In his speech, Obama called for unity, saying …`), and is
        // followed by its verb.
        let mut start = r.start;
        if PREPOSITIONS.contains(self.low(start)) {
            if let Some(c) = (start + 1..p.min(start + MAX_FRONTED_PHRASE_TOKENS))
                .find(|&k| doc.tokens[k].first == ',')
            {
                start = c + 1;
            }
        }
        let sp = self
            .candidates(start..p)
            .into_iter()
            .next()
            .filter(|c| start < p && c.span.start == doc.tokens[start].span.start)
            .filter(|c| !matches!(&c.what, SpeakerRef::Pronoun(p) if p == "it"))?;
        let mut after = doc.tokens.partition_point(|t| t.span.start < sp.span.end);
        // (past an appositive: `Jane Doe, president of the association, objected …`)
        if after < p && doc.tokens[after].first == ',' {
            after = (after + 1..p.min(after + 1 + MAX_ACCORDING_APPOSITIVE))
                .find(|&k| doc.tokens[k].first == ',')?
                + 1;
        }
        if after >= p || doc.tokens[after].kind != TokKind::Word || doc.tokens[after].cap {
            return None;
        }
        self.reported(si, clause, sp, MIN_CLAUSE_WORDS)
    }

    /// `"…," the pastor said, adding that the church had a goal of …`: a participle of
    /// saying after a direct quote's attribution reports for the same speaker. `direct` are
    /// the direct quotes, in text order, with their speakers (a binary search: one sentence
    /// costs no more with thousands of quotes).
    pub(super) fn adding_after_direct(
        &self,
        si: usize,
        direct: &[QuoteFound],
    ) -> Option<QuoteFound> {
        let s = &self.doc.sentences[si];
        let i = direct.partition_point(|q| q.span.start < s.span.end);
        let last = direct[..i]
            .last()
            .filter(|q| q.span.start >= s.span.start && q.span.end <= s.span.end)?;
        let sp = last.speaker.clone()?;
        let from = self
            .doc
            .tokens
            .partition_point(|t| t.span.start < last.span.end);
        let (_, clause) = self.participle_clause(si, from)?;
        self.reported(si, clause, sp, MIN_CLAUSE_WORDS)
    }

    /// The first `, PARTICIPLE (that) CLAUSE` of sentence `si` from token `from` on, with a
    /// participle of saying (`adding`, `noting that`): the participle and the clause.
    fn participle_clause(&self, si: usize, from: usize) -> Option<(usize, Span)> {
        let doc = self.doc;
        let s = &doc.sentences[si];
        let r = s.tokens.clone();
        let p = (from.max(r.start + 2)..r.end).find(|&p| {
            doc.tokens[p - 1].first == ','
                && doc.tokens[p].kind == TokKind::Word
                && SECOND_REPORT_PARTICIPLES.contains(self.low(p))
        })?;
        let b = self.participle_object(p, r.end)?;
        let tb = doc.tokens[b];
        // `adding: "…"`, `saying "…"`: a direct quote follows, not a clause.
        if tb.kind == TokKind::Punct && (is_open(tb.first) || tb.first == '"' || tb.first == ':') {
            return None;
        }
        let clause = self.cut_clause(Span::new(tb.span.start, s.span.end));
        has_verb(&self.text[clause.start..clause.end]).then_some((p, clause))
    }

    /// `Small lenders, said Okafor, will feel it first.`: an attribution set off by
    /// commas inside the clause it reports; the quote is the whole sentence.
    fn parenthetical(&self, si: usize, v: usize) -> Option<QuoteFound> {
        let doc = self.doc;
        let s = &doc.sentences[si];
        let r = s.tokens.clone();
        if v < r.start + 3 || doc.tokens[v - 1].first != ',' {
            return None;
        }
        // `, said X,` (or `, X said,` with the subject right before the verb)
        let sp = self.subject_after(v)?;
        let after = doc.tokens.partition_point(|t| t.span.start < sp.span.end);
        if after + 1 >= r.end || doc.tokens[after].first != ',' {
            return None;
        }
        let before = &self.text[s.span.start..doc.tokens[v - 1].span.start];
        let rest = &self.text[doc.tokens[after].span.end..s.span.end];
        if word_count(before) < 2 || !has_verb(rest) {
            return None;
        }
        self.reported(si, trim_span(self.text, s.span), sp, MIN_CLAUSE_WORDS)
    }

    /// `Letters from the tenants suggested that …`, `Several drivers reported that …`:
    /// when no candidate is the subject of a verb followed by `that`, the noun phrase that
    /// opens the sentence (a few words, capitalised start) is the source.
    fn noun_phrase_subject(&self, si: usize, v: usize) -> Option<SpeakerFound> {
        let s = &self.doc.sentences[si];
        if v + 1 >= s.tokens.end {
            return None;
        }
        let that = self.that_after_when(v + 1, s.tokens.end);
        self.noun_phrase_subject_before_that(si, v, that)
    }

    /// [`Self::noun_phrase_subject`] of verb `v`, `that` saying whether what it reports opens
    /// with `that` (after the verb, or after the noun of saying it issues: `issued a warning
    /// that`).
    fn noun_phrase_subject_before_that(
        &self,
        si: usize,
        v: usize,
        that: bool,
    ) -> Option<SpeakerFound> {
        let doc = self.doc;
        let s = &doc.sentences[si];
        let mut e = v;
        while e > s.tokens.start
            && (AUX.contains(self.low(e - 1))
                || self.low(e - 1).ends_with("ly")
                || matches!(
                    self.low(e - 1),
                    "also"
                        | "not"
                        | "all"
                        | "both"
                        | "long"
                        | "often"
                        | "always"
                        | "already"
                        | "still"
                        | "now"
                        | "since"
                        | "once"
                        | "even"
                        | "again"
                ))
        {
            e -= 1;
        }
        // (past a conjunction that opens the sentence: `But indigenous elders say …`)
        let opens = s.tokens.start;
        let mut b = opens
            + usize::from(opens + 1 < e && matches!(self.low(opens), "but" | "and" | "yet" | "so"));
        // (past a fronted phrase of time or place that a comma closes and no verb is in: `Over
        // the longer term, a number of analysts say that …`; only before `that`)
        if that {
            if let Some(c) = (b..e).rev().find(|&k| doc.tokens[k].first == ',') {
                // (no auxiliary or past form in it: `In a speech delivered on Monday, …`)
                let plain = |k: usize| {
                    !self.verb_form(k) && !matches!(doc.tokens[k].first, '"' | '“' | '(' | ';')
                };
                if c + 1 < e
                    && (PREPOSITIONS.contains(self.low(b)) || TIME_WORDS.contains(self.low(b)))
                    && (b..c).all(plain)
                {
                    b = c + 1;
                }
            }
        }
        let n = e.saturating_sub(b);
        if !(1..=MAX_NOUN_PHRASE_SUBJECT).contains(&n)
            || !doc.tokens[opens].cap
            || (b..e).any(|k| doc.tokens[k].kind == TokKind::Punct && doc.tokens[k].first != '-')
            || PRONOUNS.contains(self.low(b))
            || self.low(b) == "it"
            // (`the site surveyed 56,000 developers but noted that …`: two predicates)
            || (b..e).any(|k| self.low(k) == "but")
        {
            return None;
        }
        // (the head before a place or institution it is of: `Republican leaders in Congress
        // said …`, `Officials at the Pentagon say …`)
        let head_end = (b + 1..e)
            .find(|&p| {
                matches!(self.low(p), "in" | "at" | "of" | "from")
                    && (p + 1..e)
                        .filter(|&k| self.low(k) != "the")
                        .all(|k| doc.tokens[k].cap && doc.tokens[k].kind == TokKind::Word)
                    && (p + 1..e).any(|k| self.low(k) != "the")
            })
            .unwrap_or(e);
        if !that && !self.says_without_that(b, head_end, v) {
            return None;
        }
        Some(SpeakerFound {
            span: Span::new(doc.tokens[b].span.start, doc.tokens[e - 1].span.end),
            what: SpeakerRef::Source,
            sentence: si,
        })
    }

    /// Does description `b..e`, the subject of verb `v`, say the clause after `v` with no
    /// `that` before it? Only a description does: a determiner and a few lower-case words that
    /// are not function words (`The younger boy said the blast …`, `The division has said it
    /// …`), or, with no determiner, a plural (`Park rangers said …`, `Both sides say …`; alone,
    /// with a verb that agrees with it: `Friends say …`, not `This says`), before a verb that
    /// reports nothing but speech (`added`, `confirmed` and `maintains` take objects: `The work
    /// added eight beds`), in the active voice (`The appointment was announced at …`), not a
    /// participle before a preposition (`Things said in anger are …`; `Deficit hawks have
    /// warned for years that …` has its auxiliary), the head not an adverb (`The jury further
    /// said …`).
    fn says_without_that(&self, b: usize, e: usize, v: usize) -> bool {
        let doc = self.doc;
        let head = self.low(e - 1);
        let plural = head.len() > 3 && head.ends_with('s') && !head.ends_with("ss");
        let determiner = DETERMINERS.contains(self.low(b));
        let partitive = self.partitive(b, e);
        if !(determiner || plural || partitive)
            || !SPEECH_ONLY_VERBS.contains(&self.low(v))
            || (e == v && PREPOSITIONS.contains(self.low(v + 1)))
            || (e..v).any(|k| is_be(self.low(k)))
        {
            return false;
        }
        if partitive {
            return true;
        }
        let n = e - b;
        let alone = !determiner
            && n == 1
            && plural
            && self.content_word(b)
            && !self.low(v).ends_with('s')
            && !VEHICLE_NOUNS.contains(self.low(b));
        ((2..=MAX_DESCRIPTION_SUBJECT).contains(&n) || alone)
            && (b + 1..e).all(|k| {
                doc.tokens[k].kind == TokKind::Word
                    // (a capitalised modifier after a determiner: `A Dover coastguard said …`,
                    // `The Obama administration says …`; the head in lower case)
                    && (!doc.tokens[k].cap || determiner && k + 1 < e)
                    && !FUNCTION_WORDS.contains(self.low(k))
                    && !TIME_WORDS.contains(self.low(k))
                    && !DISCOURSE_ADVERBS.contains(self.low(k))
                    && !matches!(self.low(k), "further" | "again" | "then" | "still" | "now")
            })
    }

    /// Does a `that` open a clause at token `k`, or right after a time of saying there
    /// (`tweeted Sunday that …`, `found last year that …`, `announced late on Friday that …`)?
    fn that_after_when(&self, k: usize, end: usize) -> bool {
        let word = |j: usize| j < end && self.doc.tokens[j].kind == TokKind::Word;
        let mut j = k;
        if word(j) && matches!(self.low(j), "late" | "early") {
            j += 1;
        }
        if word(j) && self.low(j) == "on" {
            j += 1;
        }
        if word(j) && SAID_WHEN.contains(self.low(j)) {
            j += 1;
            if word(j) && SAID_WHEN_PARTS.contains(self.low(j)) {
                j += 1;
            }
        } else if j == k
            && word(j + 1)
            && matches!(self.low(j), "last" | "this" | "next")
            && matches!(
                self.low(j + 1),
                "week"
                    | "month"
                    | "year"
                    | "weekend"
                    | "night"
                    | "morning"
                    | "afternoon"
                    | "evening"
            )
        {
            j += 2;
        }
        word(j) && self.low(j) == "that"
    }

    /// Is token `k` an auxiliary or a past form (irregular, or in `-ed`): a sign that a clause
    /// has begun, in a phrase that should hold none?
    fn verb_form(&self, k: usize) -> bool {
        let w = self.low(k);
        AUX.contains(w) || PAST_FORMS.contains(w) || w.ends_with("ed")
    }

    /// Does a short frame of where it was said open at token `k` and end with a `that` that
    /// opens a clause (`posted on Facebook that she …`, `concluded in their report that the
    /// dam …`)? The frame holds no verb, and the word after `that` is none either (`found in
    /// the car that was stolen` is a relative clause).
    fn that_after_where(&self, k: usize, end: usize) -> bool {
        let doc = self.doc;
        if k >= end || !matches!(self.low(k), "on" | "in" | "via" | "through") {
            return false;
        }
        (k + 2..end.min(k + 2 + MAX_WHERE_SAID_TOKENS))
            .find(|&t| self.low(t) == "that")
            .is_some_and(|t| {
                (k + 1..t).all(|m| doc.tokens[m].kind == TokKind::Word && !self.verb_form(m))
                    && t + 1 < end
                    && doc.tokens[t + 1].kind == TokKind::Word
                    && !self.verb_form(t + 1)
            })
    }

    /// Is `b..e` a part of a group (`Many of the workers`, `Two of the men`, `Nearly all of the
    /// dealers`, `Most of those interviewed`, `Some of them`): a quantity, `of`, a determiner
    /// and up to three lower-case words ending in a plural or a participle?
    fn partitive(&self, b: usize, e: usize) -> bool {
        let doc = self.doc;
        let q =
            b + usize::from(b < e && matches!(self.low(b), "nearly" | "almost" | "about" | "only"));
        if q + 3 > e || self.low(q + 1) != "of" {
            return false;
        }
        let quantity = matches!(
            self.low(q),
            "many"
                | "most"
                | "some"
                | "all"
                | "several"
                | "few"
                | "both"
                | "half"
                | "one"
                | "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "dozens"
                | "hundreds"
                | "thousands"
        ) || self.low(q).chars().all(|c| c.is_ascii_digit());
        if !quantity {
            return false;
        }
        if self.low(q + 2) == "them" {
            return e == q + 3;
        }
        let head = self.low(e - 1);
        matches!(
            self.low(q + 2),
            "the" | "those" | "these" | "their" | "its" | "our" | "his" | "her"
        ) && (q + 3..e).len() <= 3
            && e > q + 3
            && (q + 3..e).all(|k| {
                doc.tokens[k].kind == TokKind::Word
                    && !doc.tokens[k].cap
                    && !FUNCTION_WORDS.contains(self.low(k))
            })
            && (plural_noun(head)
                || head.ends_with("ed")
                || matches!(head, "men" | "women" | "people" | "children" | "police"))
    }

    /// `X's claim that CLAUSE`, `a warning from X that CLAUSE`, `X issued a warning that
    /// CLAUSE`: a noun of saying before `that`, its owner the speaker.
    fn noun_cue(&self, si: usize) -> Option<QuoteFound> {
        let doc = self.doc;
        let s = &doc.sentences[si];
        let r = s.tokens.clone();
        for n in r.clone() {
            if doc.tokens[n].kind != TokKind::Word || !NOUN_CUES.contains(self.low(n)) {
                continue;
            }
            // The owner: `X's claim`, `his warning`, `the claim from X`, `X made the claim`.
            let mut that = n + 1;
            let mut sp: Option<SpeakerFound> = None;
            if n > r.start {
                let p = n - 1;
                let pw = self.low(p);
                // (`X's claim`; a plural's `Critics' claims`, its mark a token of its own)
                let plural = self.plural_possessive_before(n);
                if plural || pw.ends_with("'s") || pw.ends_with("’s") {
                    let (p, end) = if plural {
                        (p - 1, doc.tokens[p - 1].span.end)
                    } else {
                        (p, doc.tokens[p].span.end - "'s".len())
                    };
                    sp = self
                        .candidates(r.start.max(p.saturating_sub(4))..p + 1)
                        .into_iter()
                        .rev()
                        .find(|c| c.span.end == end || c.span.end == doc.tokens[p].span.end)
                        .or_else(|| self.possessive_description(p, end, r.start, si));
                } else if let Some(pr) = match pw {
                    "his" => Some("he"),
                    "her" => Some("she"),
                    "their" => Some("they"),
                    _ => None,
                } {
                    sp = Some(SpeakerFound {
                        span: doc.tokens[p].span,
                        what: SpeakerRef::Pronoun(pr.to_string()),
                        sentence: si,
                    });
                }
            }
            if sp.is_none() && that + 1 < r.end && matches!(self.low(that), "from" | "by") {
                let stop = (that + 1..r.end.min(that + 8))
                    .find(|&k| self.low(k) == "that")
                    .unwrap_or(that + 1);
                sp = self
                    .candidates(that + 1..stop)
                    .into_iter()
                    .find(|c| !matches!(c.what, SpeakerRef::Source));
                that = stop;
            }
            if sp.is_none() {
                // `X made the claim that`: the subject of a verb of issuing before the noun.
                let v = (r.start..n)
                    .rev()
                    .take(3)
                    .find(|&k| ISSUING_VERBS.contains(self.low(k)));
                if let Some(v) = v {
                    // (or the noun phrase that opens the sentence, when its head is people or
                    // an organization: `Union leaders issued a warning that …`, as `Union
                    // leaders said that …`; not `The attack raised concerns that …`)
                    sp = self.subject_before(v, r.start).or_else(|| {
                        self.noun_phrase_subject_before_that(si, v, true)
                            .filter(|np| {
                                let e = doc.tokens.partition_point(|t| t.span.start < np.span.end);
                                super::speaker::description_kind(self.low(e - 1)).is_some()
                            })
                    });
                }
            }
            let Some(sp) = sp else { continue };
            if that >= r.end || self.low(that) != "that" || that + 1 >= r.end {
                continue;
            }
            let mut end = s.span.end;
            // `Smith's claim that the vote was rigged has been rejected`: in the subject (no
            // verb before the noun), the clause ends where the sentence's own verb begins.
            if !has_verb(&self.text[s.span.start..doc.tokens[n].span.start]) {
                if let Some(v) = self.main_verb_after_clause(that + 1, r.end) {
                    end = doc.tokens[v].span.start;
                }
            }
            let clause = self.cut_clause(Span::new(doc.tokens[that + 1].span.start, end));
            if has_verb(&self.text[clause.start..clause.end]) {
                return self.reported(si, clause, sp, MIN_CLAUSE_WORDS);
            }
        }
        None
    }

    /// Is token `k` right after a plural's possessive, `Critics' claims`: a word ending in
    /// `s` and an apostrophe joined to it, a token of its own?
    fn plural_possessive_before(&self, k: usize) -> bool {
        let doc = self.doc;
        k >= 2
            && doc.tokens[k - 1].kind == TokKind::Punct
            && matches!(doc.tokens[k - 1].first, '\'' | '’')
            && doc.tokens[k - 1].span.start == doc.tokens[k - 2].span.end
            && doc.tokens[k - 1].span.end < doc.tokens[k].span.start
            && doc.tokens[k - 2].kind == TokKind::Word
            && self.low(k - 2).ends_with('s')
    }

    /// `the minister's`, `the company's` (token `p`, the noun ending at byte `end`): a
    /// description of a person or an organization that owns a noun of saying, with its
    /// determiner (from token `from` on).
    fn possessive_description(
        &self,
        p: usize,
        end: usize,
        from: usize,
        si: usize,
    ) -> Option<SpeakerFound> {
        let doc = self.doc;
        let what =
            super::speaker::description_kind(&lower(&self.text[doc.tokens[p].span.start..end]))?;
        let d = (p > from && DETERMINERS.contains(self.low(p - 1))).then(|| p - 1)?;
        Some(SpeakerFound {
            span: Span::new(doc.tokens[d].span.start, end),
            what,
            sentence: si,
        })
    }

    /// In tokens `a..end` of a `that` clause inside a subject, the first verb after the
    /// clause's own verb group that starts a new one (`prices would double came as a shock`,
    /// `the vote was rigged has been rejected`); a conjunction, a comma or a relative pronoun
    /// opens a new clause instead, whose verb is its own.
    fn main_verb_after_clause(&self, a: usize, end: usize) -> Option<usize> {
        let doc = self.doc;
        let mut seen_verb = false;
        for k in a..end {
            let w = self.low(k);
            let t = doc.tokens[k];
            if t.kind != TokKind::Word {
                if matches!(t.first, ',' | ';' | ':' | '(') {
                    seen_verb = false;
                }
                continue;
            }
            if matches!(w, "and" | "or" | "but" | "that" | "which" | "who" | "whom") {
                seen_verb = false;
                continue;
            }
            let verb = AUX.contains(w) || PAST_FORMS.contains(w);
            let after_verb_part =
                k > a && (AUX.contains(self.low(k - 1)) || doc.tokens[k - 1].kind != TokKind::Word);
            if verb && seen_verb && !after_verb_part {
                return Some(k);
            }
            seen_verb |= verb || (w.len() > 4 && w.ends_with("ed"));
        }
        None
    }

    /// An indirect quote of sentence `si` with `clause` said by `sp`, if the clause is long
    /// enough to be one.
    fn reported(
        &self,
        si: usize,
        clause: Span,
        sp: SpeakerFound,
        min_words: usize,
    ) -> Option<QuoteFound> {
        // `said the policy was working, adding: "…"`: the participle that introduces the direct
        // quote after the clause is no part of it.
        let mut clause = clause;
        let body = self.text[clause.start..clause.end].trim_end_matches([':', ' ']);
        if let Some((head, last)) = body.rsplit_once(',') {
            if SECOND_REPORT_PARTICIPLES.contains(lower(last.trim()).as_str()) {
                clause.end = clause.start + head.trim_end().len();
            }
        }
        let t = &self.text[clause.start..clause.end];
        let n = word_count(t);
        // After its verb, or before an attribution that ends the sentence (`Prices will rise,
        // the bank said.`; not `The federal lawyers, according to their witnesses, were …`).
        let attribution_ends = sp.span.start >= clause.end && {
            let end = self.doc.sentences[si].span.end.max(clause.end);
            let rest = &self.text[clause.end..end];
            word_count(rest) <= MAX_SHORT_ATTRIBUTION_WORDS
                && rest
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| CUE_VERBS.contains(&lower(w)))
        };
        let short = min_words == MIN_CLAUSE_WORDS
            && n + 1 == min_words
            && (sp.span.end <= clause.start || attribution_ends)
            && short_clause(t);
        (n >= min_words || short).then(|| QuoteFound {
            span: clause,
            direct: false,
            speaker: Some(self.issuer(sp)),
            sentence: si,
        })
    }

    /// `according to X, CLAUSE` / `CLAUSE, according to X.`: `None` when the sentence has no
    /// `according to`; else what it attributes (which may be nothing).
    /// `On that date, according to Gregorio, Huff left …`, `The lawyers, according to their
    /// witnesses, were tracing …`: a source set off by commas inside the reported clause,
    /// whose part `before` it has no verb and whose part after it does, reports the whole
    /// sentence (the one span that holds both parts); not `…, according to police, who …`.
    fn clause_around(&self, si: usize, before: Span, sp: &SpeakerFound) -> Option<Span> {
        let doc = self.doc;
        let s = &doc.sentences[si];
        if has_verb(&self.text[before.start..before.end]) {
            return None;
        }
        let after = doc.tokens.partition_point(|t| t.span.start < sp.span.end);
        let comma = (after..s.tokens.end.min(after + MAX_TOKENS_TO_ACCORDING_COMMA))
            .find(|&k| doc.tokens[k].first == ',')?;
        let next = comma + 1;
        if next >= s.tokens.end
            || matches!(self.low(next), "who" | "which" | "whose" | "where" | "when")
            || !has_verb(&self.text[doc.tokens[next].span.start..s.span.end])
        {
            return None;
        }
        Some(s.span)
    }

    /// The end of the run of lower-case words that are no function words from token `b`, at
    /// most [`MAX_VEHICLE_SOURCE_WORDS`] of them (`local news reports`, `computer programmer`).
    fn lower_run(&self, b: usize, end: usize) -> usize {
        let doc = self.doc;
        let mut e = b;
        while e < end
            && e < b + MAX_VEHICLE_SOURCE_WORDS
            && doc.tokens[e].kind == TokKind::Word
            && !doc.tokens[e].cap
            && !FUNCTION_WORDS.contains(self.low(e))
        {
            e += 1;
        }
        e
    }

    /// `according to local news reports`, `according to a court filing`: lower-case words
    /// from token `k` (past a determiner) whose last is a vehicle of words (a report, a
    /// filing), up to a comma or the sentence's end, as a source without an entity. Not
    /// `according to plan`, `according to the rules`: those report nothing.
    fn vehicle_source(&self, k: usize, end: usize) -> Option<SpeakerFound> {
        let doc = self.doc;
        let b = k + usize::from(k < end && DETERMINERS.contains(self.low(k)));
        let e = self.lower_run(b, end);
        let head = (e > b).then(|| self.low(e - 1))?;
        let vehicle = VEHICLE_NOUNS.contains(head)
            || super::speaker::singular(head).is_some_and(|n| VEHICLE_NOUNS.contains(n.as_str()));
        let closes = e >= end || matches!(doc.tokens[e].first, ',' | '.' | ';');
        (vehicle && closes).then(|| SpeakerFound {
            span: Span::new(doc.tokens[k].span.start, doc.tokens[e - 1].span.end),
            what: SpeakerRef::Source,
            sentence: doc.sent_of[k] as usize,
        })
    }

    /// `according to a computer programmer who …`, `according to researchers at …`: a
    /// description of a person by what they do, from token `k`: a determiner (none for a
    /// plural), then up to four lower-case words, the last an agent noun (`programmer`,
    /// `analyst`, `historian`, `residents`, or a person noun the lists know), followed by the
    /// sentence's end, a comma, a relative pronoun or a preposition. Not `according to the
    /// rules`, `according to plan`: their heads are no agents.
    fn agent_source(&self, k: usize, end: usize) -> Option<SpeakerFound> {
        let doc = self.doc;
        let determiner = k < end && matches!(self.low(k), "a" | "an" | "the" | "one");
        let b = k + usize::from(determiner);
        let e = self.lower_run(b, end);
        let head = (e > b).then(|| self.low(e - 1))?;
        let one = super::speaker::singular(head);
        let noun = one.as_deref().unwrap_or(head);
        let agent = PERSON_NOUNS.contains(noun)
            || (noun.len() > 4
                && ["er", "or", "ist", "ian", "ant", "ent"]
                    .iter()
                    .any(|x| noun.ends_with(x))
                && !TIME_WORDS.contains(noun)
                && !matches!(noun, "order" | "number" | "paper" | "letter" | "content"));
        let plural = one.is_some();
        let closes = e >= end
            || matches!(doc.tokens[e].first, ',' | '.' | ';')
            || matches!(
                self.low(e),
                "who" | "at" | "of" | "with" | "for" | "in" | "from" | "familiar"
            );
        (agent && closes && (determiner || plural)).then(|| SpeakerFound {
            span: Span::new(doc.tokens[k].span.start, doc.tokens[e - 1].span.end),
            what: SpeakerRef::PersonDescription,
            sentence: doc.sent_of[k] as usize,
        })
    }

    fn according_to(&self, si: usize) -> Option<Option<QuoteFound>> {
        let doc = self.doc;
        let s = &doc.sentences[si];
        let r = s.tokens.clone();
        let i = r
            .clone()
            .find(|&i| self.low(i) == "according" && i + 1 < r.end && self.low(i + 1) == "to")?;
        let found = (|| {
            let cands = self.candidates(i + 2..r.end.min(i + 2 + ACCORDING_TO_REACH));
            // (a description right after `to` before any candidate: `according to a software
            // tester who reported it`, not its `it`)
            let agent = self
                .agent_source(i + 2, r.end)
                .filter(|a| cands.first().is_none_or(|c| c.span.start >= a.span.end));
            let sp = match agent.or_else(|| cands.into_iter().next()) {
                Some(sp) => sp,
                None => self
                    .capitalised_source(i + 2, r.end)
                    .or_else(|| self.vehicle_source(i + 2, r.end))?,
            };
            let mut sp = sp;
            // `a policy which, according to X, CLAUSE`: the clause follows the source.
            let after_relative = i >= r.start + 2
                && doc.tokens[i - 1].first == ','
                && matches!(self.low(i - 2), "which" | "who" | "that");
            let clause = if i == r.start
                || after_relative
                || (i > r.start && doc.tokens[i - 1].first != ',')
            {
                // `According to X, CLAUSE`, `According to X CLAUSE`: the clause starts at the
                // comma that ends the source, past an appositive (`, Dana Whitlock,`) or a
                // participle (`, citing the ministry,`); with no comma soon, right after the source.
                let after = doc.tokens.partition_point(|t| t.span.start < sp.span.end);
                // `according to a police report obtained by the newspaper, CLAUSE`: the source
                // is the modifier of a vehicle, whose phrase runs on to its comma.
                // So is a vehicle itself, whose issuer a participle names: `according to a
                // statement released by the family, CLAUSE`.
                let vehicle = matches!(sp.what, SpeakerRef::Source)
                    || after < r.end && {
                        let w = self.low(after);
                        VEHICLE_NOUNS.contains(w) || VEHICLE_NOUNS.contains(w.trim_end_matches('s'))
                    };
                let reach = if vehicle {
                    MAX_ACCORDING_APPOSITIVE
                } else {
                    MAX_TOKENS_TO_ACCORDING_COMMA
                };
                let comma = (after..r.end.min(after + reach)).find(|&k| doc.tokens[k].first == ',');
                let start = match comma {
                    Some(c) => {
                        let next = (c + 1..r.end.min(c + 1 + MAX_ACCORDING_APPOSITIVE))
                            .find(|&k| doc.tokens[k].first == ',');
                        let name = self
                            .candidates(c + 1..next.unwrap_or(c + 1))
                            .into_iter()
                            .next()
                            .filter(|n| {
                                matches!(n.what, SpeakerRef::Mention(_))
                                    && n.span.start == doc.tokens[c + 1].span.start
                            });
                        let participle = c + 1 < r.end && self.low(c + 1).ends_with("ing");
                        match next {
                            Some(n2) if name.is_some() || participle => {
                                if let Some(name) = name {
                                    sp = name;
                                }
                                n2 + 1
                            }
                            // a participle with no end in sight is no clause
                            _ if participle => return None,
                            _ => c + 1,
                        }
                    }
                    // `According to a police report the driver …`: the clause follows the
                    // vehicle.
                    None if vehicle => after + 1,
                    None => after,
                };
                if start >= r.end || !has_verb(&self.text[doc.tokens[start].span.start..s.span.end])
                {
                    // `… was built in 1965 according to Ang Tshering, chairman of …`: with no
                    // clause after the source, the words before it are what it says.
                    let before = Span::new(s.span.start, doc.tokens[i].span.start);
                    if i > r.start
                        && !after_relative
                        && has_verb(&self.text[before.start..before.end])
                    {
                        return self.reported(si, self.cut_clause(before), sp, MIN_CLAUSE_WORDS);
                    }
                    return None;
                }
                let clause = Span::new(doc.tokens[start].span.start, s.span.end);
                // `According to the Courier, Okafor also thinks …`: the nested speaker reports
                // the clause (the reporting verb below finds it).
                let nested = self
                    .candidates(start..r.end.min(start + 4))
                    .first()
                    .is_some_and(|c| {
                        c.span.start == doc.tokens[start].span.start && {
                            let after = doc.tokens.partition_point(|t| t.span.start < c.span.end);
                            (after..r.end.min(after + 2))
                                .any(|k| INDIRECT_VERBS.contains(self.low(k)))
                        }
                    });
                // `According to X, Professor Y, the chair of Z, said CLAUSE`: a reporting verb
                // whose subject is inside the clause reports it instead.
                let nested = nested
                    || (start..r.end.min(start + MAX_NESTED_VERB_REACH)).any(|v| {
                        INDIRECT_VERBS.contains(self.low(v))
                            && !(v > start && is_be(self.low(v - 1)))
                            && self
                                .subject_before(v, start)
                                .is_some_and(|c| c.span.start >= doc.tokens[start].span.start)
                    });
                if nested {
                    return None;
                }
                clause
            } else {
                let before = Span::new(s.span.start, doc.tokens[i - 1].span.start);
                self.clause_around(si, before, &sp).unwrap_or(before)
            };
            self.reported(si, self.cut_clause(clause), sp, MIN_CLAUSE_WORDS)
        })();
        Some(found)
    }

    /// The `that` after `to` and the listener of verb `v` (`explained to reporters at the
    /// briefing that …`, `reported to the Senate that …`), when `v` is a verb of saying that
    /// takes one and nothing verb-like comes between (`said to have been …` is no listener).
    fn that_after_listener(&self, v: usize, end: usize) -> Option<usize> {
        if !TO_LISTENER_VERBS.contains(self.low(v)) {
            return None;
        }
        (v + 2..end.min(v + 2 + MAX_LISTENER_TOKENS))
            .take_while(|&j| {
                let w = self.low(j);
                let infinitive = j == v + 2 && matches!(w, "be" | "have" | "being" | "having");
                !(AUX.contains(w)
                    || infinitive
                    || matches!(self.doc.tokens[j].first, ',' | '.' | ';' | ':'))
            })
            .find(|&j| self.low(j) == "that" && j > v + 2)
    }

    /// `…, X said.` with the clause before: a verb near the end of the sentence, its subject
    /// before it after a comma (or after it: `…, said X.`).
    fn clause_before_verb(&self, si: usize, v: usize) -> Option<QuoteFound> {
        let doc = self.doc;
        let s = &doc.sentences[si];
        let r = s.tokens.clone();
        // Words after token `k` to the sentence's end (counted lazily: a sentence with many
        // verbs must not be read once per verb).
        let tail_after = |k: usize| {
            (k..r.end)
                .filter(|&k| doc.tokens[k].kind != TokKind::Punct)
                .take(MAX_WORDS_AFTER_FINAL_VERB + 1)
                .count()
        };
        if v <= r.start + 3 {
            return None;
        }
        // `…, park rangers said, and the drive was quiet.`: a clause of its own after a comma
        // and a conjunction is no part of the attribution.
        let coordinated = v + 3 < r.end
            && doc.tokens[v + 1].first == ','
            && matches!(self.low(v + 2), "and" | "but")
            && has_verb(&self.text[doc.tokens[v + 3].span.start..s.span.end]);
        if tail_after(v + 1) > MAX_WORDS_AFTER_FINAL_VERB && !coordinated {
            // `…, said the Harbour News Agency.`: the words after the verb are its subject,
            // and the few words allowed come after that.
            if doc.tokens[v - 1].first != ',' {
                return None;
            }
            let sp = self.subject_after(v)?;
            let after = doc.tokens.partition_point(|t| t.span.start < sp.span.end);
            // Only an adverbial may follow the subject (`on Tuesday`, `in a statement`), not
            // a clause of its own (`said Belichick's approach is, well, perfect`).
            let ends = after >= r.end
                || matches!(doc.tokens[after].first, ',' | '.' | ';')
                || PREPOSITIONS.contains(self.low(after))
                || TIME_WORDS.contains(self.low(after));
            // (more words only when they are no clause: an appositive or the speaker's
            // employer, `said Ingrid Aguayo of the Colorado State Forest Service`, `said Alyssa
            // Goodman, an astronomer at Harvard University`)
            let described = after < r.end
                && (doc.tokens[after].first == ',' || PREPOSITIONS.contains(self.low(after)))
                && !has_verb(&self.text[doc.tokens[after].span.start..s.span.end]);
            if !ends || (tail_after(after) > MAX_WORDS_AFTER_FINAL_VERB && !described) {
                return None;
            }
            let clause = self.cut_clause(Span::new(s.span.start, doc.tokens[v - 1].span.start));
            // A clause in quotation marks is a direct quote, found as one.
            let quoted = self.text[clause.start..clause.end]
                .trim()
                .starts_with(|c: char| c == '"' || is_open(c));
            if quoted {
                return None;
            }
            return self.reported(si, clause, sp, MIN_CLAUSE_WORDS);
        }
        // `…, foresters said.`: a few lower-case words between the comma and the verb are its
        // subject, whatever the noun (the candidates know only some nouns; without this the
        // subject was looked for further back, inside the clause: `…, they will kill …`).
        if let Some(sp) = self.plain_subject_after_comma(r.start, v) {
            let comma = doc.tokens.partition_point(|t| t.span.end <= sp.span.start) - 1;
            if !has_verb(&self.text[s.span.start..doc.tokens[comma].span.start]) {
                return None;
            }
            let clause = self.cut_clause(Span::new(s.span.start, doc.tokens[comma].span.start));
            if let Some(q) = self.reported(si, clause, sp, MIN_CLAUSE_WORDS) {
                return Some(q);
            }
        }
        if let Some(sp) = self
            .subject_before(v, r.start)
            .filter(|c| c.span.start > s.span.start)
        {
            let mut ci = doc.tokens.partition_point(|t| t.span.end <= sp.span.start);
            // (past its determiner, when what is before the comma is a clause: `…, the BBC
            // said`; not `In a statement to the ABC, the Church denied …`)
            let determiner = ci > r.start + 1 && DETERMINERS.contains(self.low(ci - 1));
            if determiner {
                ci -= 1;
            }
            if ci > r.start
                && doc.tokens[ci - 1].first == ','
                && has_verb(&self.text[s.span.start..doc.tokens[ci - 1].span.start])
            {
                let clause =
                    self.cut_clause(Span::new(s.span.start, doc.tokens[ci - 1].span.start));
                if let Some(q) = self.reported(si, clause, sp, MIN_CLAUSE_WORDS) {
                    return Some(q);
                }
            }
        }
        let sp = self.subject_after(v)?;
        if v > r.start && doc.tokens[v - 1].first == ',' {
            let clause = self.cut_clause(Span::new(s.span.start, doc.tokens[v - 1].span.start));
            return self.reported(si, clause, sp, MIN_CLAUSE_WORDS);
        }
        None
    }

    /// The subject of `…, foresters said` / `…, the local foresters said` / `…, Iraqi and
    /// American officials said`: up to [`MAX_PLAIN_SUBJECT_WORDS`] words between a comma and
    /// verb `v`, ending in a lower-case noun that no candidate covers (not a pronoun, an
    /// adverb, a time word or an auxiliary), as a description.
    fn plain_subject_after_comma(&self, start: usize, v: usize) -> Option<SpeakerFound> {
        let doc = self.doc;
        // (its head in lower case; capitalised modifiers before it: `…, British newspapers
        // say`)
        let mut b = v;
        while b > start
            && v - b < MAX_PLAIN_SUBJECT_WORDS
            && doc.tokens[b - 1].kind == TokKind::Word
            && (!doc.tokens[b - 1].cap || b < v)
        {
            b -= 1;
        }
        if b == v || b <= start || doc.tokens[b - 1].first != ',' {
            return None;
        }
        let head = self.low(v - 1);
        // (a determiner may open it: `the local foresters`)
        let plain = |k: usize| {
            let w = self.low(k);
            (self.content_word(k)
                || k == b && DETERMINERS.contains(w)
                // (`…, Iraqi and American officials said`)
                || k > b && k + 2 < v && w == "and")
                && !PRONOUNS.contains(w)
                && !TIME_WORDS.contains(w)
                && !w.ends_with("ly")
        };
        let span = Span::new(doc.tokens[b].span.start, doc.tokens[v - 1].span.end);
        // A description the candidates know ends it (`…, hospital officials said`: they know
        // `officials`): the words before it belong to it. A name or a pronoun is theirs.
        let what = match self.candidates(b..v).as_slice() {
            [] => SpeakerRef::PersonDescription,
            [c] if c.span.end == span.end
                && matches!(
                    c.what,
                    SpeakerRef::PersonDescription | SpeakerRef::OrgDescription
                ) =>
            {
                c.what.clone()
            }
            _ => return None,
        };
        ((b..v).all(plain) && !DETERMINERS.contains(head)).then(|| SpeakerFound {
            span,
            what,
            sentence: doc.sent_of[v] as usize,
        })
    }

    /// `CLAUSE, Mayor X announced on Tuesday, after …`: the clause comes first, before the
    /// subject (and its titles) and a comma.
    fn clause_before_subject(&self, si: usize, v: usize, sp: &SpeakerFound) -> Option<QuoteFound> {
        let doc = self.doc;
        let s = &doc.sentences[si];
        let r = s.tokens.clone();
        let si_tok = doc.tokens.partition_point(|t| t.span.end <= sp.span.start);
        let mut b = si_tok;
        // (and a role in lower case, whose head is next to the name: `…, chief executive Anna
        // Berg said`, `…, company spokesman Tom Hale said`)
        let role =
            |k: usize| TITLE_WORDS.contains(self.low(k)) || PERSON_NOUNS.contains(self.low(k));
        let role_head = si_tok > r.start && role(si_tok - 1);
        while b > r.start
            && doc.tokens[b - 1].kind == TokKind::Word
            && (role(b - 1)
                || doc.tokens[b - 1].cap
                || role_head && !FUNCTION_WORDS.contains(self.low(b - 1)))
            && b + 3 > si_tok
        {
            b -= 1;
        }
        let that_follows = (v + 1..r.end.min(v + 5)).any(|k| self.low(k) == "that");
        // `According to X, Y said …` is no clause said by Y.
        // Nor is a fronted phrase that opens with a preposition (`In an email to X, Y said`).
        // Nor a participle's phrase (`Asked whether the fire was suspicious, Velez said …`).
        // Nor a subordinate clause (`Because the nucleus is removed first, scientists said the
        // egg …`): the report is the clause after the verb.
        let according = self.low(r.start) == "according"
            || PREPOSITIONS.contains(self.low(r.start))
            || FRONTED_PARTICIPLES.contains(self.low(r.start))
            || SUBORDINATORS.contains(self.low(r.start));
        if b > r.start + 5 && doc.tokens[b - 1].first == ',' && !that_follows && !according {
            let clause = self.cut_clause(Span::new(s.span.start, doc.tokens[b - 1].span.start));
            return self.reported(si, clause, sp.clone(), MIN_FRONTED_CLAUSE_WORDS);
        }
        None
    }

    /// `X said (that) CLAUSE`: the clause after the verb, past `that`, the object of `told`
    /// and short adverbials; it needs a verb-like word.
    fn clause_after_verb(&self, si: usize, v: usize, sp: SpeakerFound) -> Option<QuoteFound> {
        let doc = self.doc;
        let s = &doc.sentences[si];
        let r = s.tokens.clone();
        let mut k = v + 1;
        if k < r.end && self.low(k) == "to" {
            // `explained to reporters that …`: past the listener to its `that`. Else
            // `agreed to raise wages`, `promised to act`: an intention, not reported speech.
            k = self.that_after_listener(v, r.end)?;
        }
        // `warned against a bad deal`, `insisted on this clause`, `complained about the noise`:
        // the verb takes a preposition's object, not a clause, unless a `that` soon opens one
        // (`said of his time there that they had …`; not the relative `that` of `warned about
        // the risks that come with it`).
        let preposition = k < r.end
            && match self.low(k) {
                "against" | "about" | "of" | "with" | "upon" => true,
                // (`insist on that before …`; not `said on Monday prices rose`)
                "on" => k + 1 < r.end && !SAID_WHEN.contains(self.low(k + 1)),
                _ => false,
            };
        if preposition
            && !(k + 1..r.end.min(k + 1 + MAX_LISTENER_TOKENS)).any(|j| {
                self.low(j) == "that"
                    && j + 1 < r.end
                    && (PRONOUNS.contains(self.low(j + 1))
                        || DETERMINERS.contains(self.low(j + 1))
                        || doc.tokens[j + 1].cap)
            })
        {
            return None;
        }
        // `denied the report, saying it was false`: the verb's object, then a participle of
        // saying, whose clause is what was said (the object is not).
        let object_end = (k..r.end.min(k + MAX_LISTENER_TOKENS)).find(|&j| {
            doc.tokens[j].first == ','
                && j + 1 < r.end
                && matches!(self.low(j + 1), "saying" | "adding")
        });
        if let Some(c) = object_end.filter(|&c| c > k) {
            let object = &self.text[doc.tokens[k].span.start..doc.tokens[c].span.start];
            if !has_verb(object) {
                k = c + 2;
                if k < r.end && self.low(k) == "that" {
                    k += 1;
                }
            }
        }
        let lw = self.low(v);
        if matches!(lw, "told" | "tells" | "tell") {
            // `told reporters`, `told the BBC`, `told him`: skip up to four words.
            let stop = (k..r.end.min(k + 5))
                .find(|&j| matches!(self.low(j), "that") || doc.tokens[j].first == ',')
                .or_else(|| {
                    // `told the Rotary Club of Providence at its luncheon at the hotel that …`:
                    // a long listener and where it was told, while no word of a clause comes
                    // before the `that`.
                    (k..r.end.min(k + MAX_TOLD_LISTENER_TOKENS))
                        .take_while(|&j| {
                            let w = self.low(j);
                            doc.tokens[j].first != ','
                                && !AUX.contains(w)
                                && !PAST_FORMS.contains(w)
                                && !matches!(w, "and" | "but" | "who" | "which")
                        })
                        .find(|&j| self.low(j) == "that")
                });
            match stop {
                Some(j) => k = j,
                None => {
                    // `told CBC News every claim …`: past the name that is told.
                    let m = self
                        .names
                        .partition_point(|m| m.span.start < doc.tokens[k].span.start);
                    match self
                        .names
                        .get(m)
                        .filter(|m| m.span.start == doc.tokens[k].span.start)
                    {
                        Some(m) => {
                            k = doc.tokens.partition_point(|t| t.span.start < m.span.end);
                            // and the rest of a name the names layer cut short (`CBC News`)
                            while k < r.end
                                && doc.tokens[k].cap
                                && doc.tokens[k].kind == TokKind::Word
                            {
                                k += 1;
                            }
                        }
                        None => {
                            // `told the Valley Herald …`: a capitalised name the names
                            // layer did not tag; else one word (`told reporters`).
                            let mut j = k;
                            if j < r.end && self.low(j) == "the" {
                                j += 1;
                            }
                            let cap_from = j;
                            while j < r.end
                                && doc.tokens[j].cap
                                && doc.tokens[j].kind == TokKind::Word
                            {
                                j += 1;
                            }
                            // (`told the council …`: the listener is an article or a
                            // possessive and its noun; not `told her she …`)
                            let article = matches!(
                                self.low(k),
                                "the"
                                    | "a"
                                    | "an"
                                    | "his"
                                    | "their"
                                    | "its"
                                    | "our"
                                    | "my"
                                    | "your"
                                    | "this"
                                    | "these"
                                    | "those"
                            );
                            // A listener of two nouns (`told a news briefing the agency
                            // was …`) when a clause plainly opens after them.
                            let opens_clause = |t: usize| {
                                t < r.end
                                    && (DETERMINERS.contains(self.low(t))
                                        || PRONOUNS.contains(self.low(t))
                                        || doc.tokens[t].cap && doc.tokens[t].kind == TokKind::Word)
                            };
                            let two_nouns = article
                                && k + 3 < r.end
                                && !doc.tokens[k + 2].cap
                                && doc.tokens[k + 2].kind == TokKind::Word
                                && !opens_clause(k + 2)
                                && !AUX.contains(self.low(k + 2))
                                && opens_clause(k + 3);
                            k = if j > cap_from {
                                j
                            } else if two_nouns {
                                k + 3
                            } else if article && k + 2 < r.end {
                                k + 2
                            } else {
                                k + 1
                            };
                        }
                    }
                }
            }
        }
        // `said on Monday prices rose`, `said late on Friday the …`: `on` and the day (the
        // frame below takes `on Monday that …` and `on Monday, …` alike).
        let mut m = k;
        if m < r.end && matches!(self.low(m), "late" | "early") {
            m += 1;
        }
        if m + 2 < r.end
            && self.low(m) == "on"
            && doc.tokens[m + 1].kind == TokKind::Word
            && SAID_WHEN.contains(self.low(m + 1))
            && doc.tokens[m + 2].kind == TokKind::Word
            && !matches!(self.low(m + 2), "that" | "and" | "or")
        {
            k = m + 1;
        }
        // `said Monday the death toll had risen`, `said Tuesday night the …`: the day is when
        // it was said, not what. Not `said morning traffic was heavy`, nor `today's vote`.
        if k + 1 < r.end
            && doc.tokens[k].kind == TokKind::Word
            && SAID_WHEN.contains(self.low(k))
            && !matches!(doc.tokens[k + 1].first, '\'' | '’')
        {
            k += 1;
            if k + 1 < r.end
                && doc.tokens[k].kind == TokKind::Word
                && SAID_WHEN_PARTS.contains(self.low(k))
            {
                k += 1;
            }
        }
        if k == v + 1 && k < r.end && doc.tokens[k].first == ',' {
            // `As far as I can tell, …`, `as we said, …`: a verb inside a subordinate clause
            // that opens the sentence, followed by the sentence's own clause, reports nothing.
            if v > r.start && SUBORDINATORS.contains(self.low(r.start)) {
                return None;
            }
            // `He said, the plan …` (quotation marks lost): the clause after the comma.
            k += 1;
        }
        // `say the drive that made him …`: after a verb that takes no listener, a determiner
        // opens the clause's subject, and a `that` after its noun is a relative pronoun (not
        // `said the day before that …`).
        let subject_first = matches!(lw, "said" | "says" | "say")
            && k + 1 < r.end
            && self.low(k) != "that"
            && DETERMINERS.contains(self.low(k))
            && !TIME_WORDS.contains(self.low(k + 1))
            && !matches!(
                self.low(k + 1),
                "day" | "week" | "month" | "year" | "morning" | "evening" | "night" | "weekend"
            );
        let mut j = k;
        let mut after_comma = false;
        // `said in a statement released by her office on Monday that …`: a frame that opens
        // with a preposition may run longer before its `that` or comma, while no auxiliary or
        // past form or conjunction says that the clause has begun (`said at the meeting the
        // council had …`); not an infinitive (`agreed to begin talks on a government that …`).
        let infinitive = k + 1 < r.end
            && self.low(k) == "to"
            && !doc.tokens[k + 1].cap
            && !DETERMINERS.contains(self.low(k + 1));
        let reach = if k < r.end && PREPOSITIONS.contains(self.low(k)) && !infinitive {
            MAX_FRAME_AFTER_VERB
        } else {
            6
        };
        while j < r.end.min(k + reach) {
            let w = self.low(j);
            if reach > 6
                && (AUX.contains(w) || PAST_FORMS.contains(w) || matches!(w, "and" | "but"))
            {
                break;
            }
            // (`said it was a miracle that …`: an auxiliary says the clause has begun, and
            // its `that` is inside it)
            if AUX.contains(w) && j > k {
                break;
            }
            if w == "that" && !subject_first {
                k = j + 1;
                break;
            }
            // `said in a statement on Monday the talks would continue`: a frame that ends with
            // its day, the clause after it.
            if reach > 6
                && w == "on"
                && j + 2 < r.end
                && doc.tokens[j + 1].kind == TokKind::Word
                && SAID_WHEN.contains(self.low(j + 1))
            {
                let mut e = j + 2;
                if e + 1 < r.end && SAID_WHEN_PARTS.contains(self.low(e)) {
                    e += 1;
                }
                if doc.tokens[e].kind == TokKind::Word
                    && !matches!(self.low(e), "that" | "and" | "or")
                {
                    k = e;
                    break;
                }
            }
            if doc.tokens[j].first == ',' && j > k {
                // `said on Tuesday, the …`, `said in a statement, …`: a frame of time or
                // manner before the comma, and the clause after it. But `said the fight would
                // continue, adding …`: the clause has begun (no preposition or time word
                // opens it, and it has a verb), and the comma is inside it.
                let first = self.low(k);
                // (`said the explosive device, containing TNT, was placed …`: a noun phrase
                // before the comma is the clause's subject, unless it says when: `said the
                // next day, …`, `said this week, …`)
                let subject = DETERMINERS.contains(first)
                    && first != "that"
                    && !(k..j).any(|t| {
                        let w = self.low(t);
                        TIME_WORDS.contains(w) || matches!(w, "day" | "days")
                    });
                let begun = !PREPOSITIONS.contains(first)
                    && !TIME_WORDS.contains(first)
                    && !first.ends_with("ly")
                    && (subject
                        || has_verb(
                            &self.text[doc.tokens[k].span.start..doc.tokens[j].span.start],
                        ));
                if !begun {
                    k = j + 1;
                    after_comma = true;
                    // `claimed, without evidence, that …`
                    if k < r.end && self.low(k) == "that" {
                        k += 1;
                    }
                }
                break;
            }
            if doc.tokens[j].first == ':' || doc.tokens[j].first == '.' {
                break;
            }
            j += 1;
        }
        if k >= r.end {
            return None;
        }
        let tk = doc.tokens[k];
        if tk.kind == TokKind::Punct && (is_open(tk.first) || tk.first == '"' || tk.first == ':') {
            return None;
        }
        // `announced on Tuesday, after the reservoir fell …`: past a comma, a clause that opens
        // with a subordinating conjunction says when or why, not what was said (right after the
        // verb or `that` it is what was said: `Heald said although temperature …`).
        if after_comma && SUBORDINATORS.contains(self.low(k)) {
            return None;
        }
        // At most MAX_CLAUSE_TOKENS read per verb: work stays linear in an endless sentence.
        let end = doc.tokens[r.end.min(k + MAX_CLAUSE_TOKENS) - 1]
            .span
            .end
            .max(tk.span.end);
        let clause = self.cut_clause(Span::new(tk.span.start, end.min(s.span.end)));
        // A clause needs a verb-like word and some length: `said on Tuesday.` and
        // `announced its withdrawal from the alliance` are no quotes.
        if has_verb(&self.text[clause.start..clause.end]) {
            return self.reported(si, clause, sp, MIN_CLAUSE_WORDS);
        }
        None
    }

    /// The first token of what the participle of saying at `p` reports, before token `end`:
    /// past `out` (`pointing out`) and `that`, which all but `adding` and `saying` need.
    fn participle_object(&self, p: usize, end: usize) -> Option<usize> {
        let w = self.low(p);
        let mut b = p + 1;
        if w == "pointing" {
            if b >= end || self.low(b) != "out" {
                return None;
            }
            b += 1;
        }
        if b < end && self.low(b) == "that" {
            b += 1;
        } else if !matches!(w, "adding" | "saying") {
            return None;
        }
        (b < end).then_some(b)
    }

    /// `X said A, adding that B`, `X said A and added that B`, `Critics say A, and they argue
    /// that B`: a reported clause that holds a second report of the same speaker is two
    /// quotes, each its own clause. Returns `q` as it is when there is none.
    pub(super) fn split_second_report(&self, q: QuoteFound) -> Vec<QuoteFound> {
        let doc = self.doc;
        let first = doc.tokens.partition_point(|t| t.span.start < q.span.start);
        let end = doc.tokens.partition_point(|t| t.span.start < q.span.end);
        for c in first + 1..end {
            if doc.tokens[c].first != ',' && !matches!(self.low(c), "and" | "but") {
                continue;
            }
            let mut k = c + 1;
            let mut joined = doc.tokens[c].first != ',';
            let mut contrast = false;
            if !joined && k < end && matches!(self.low(k), "and" | "but") {
                k += 1;
                joined = true;
            } else if !joined && k < end && matches!(self.low(k), "while" | "whereas") {
                k += 1;
                contrast = true;
            }
            // `…, while analysts said …`, `… but the union says …`: a second report by a
            // speaker of its own, named right before its verb.
            let mut other: Option<SpeakerFound> = None;
            if joined || contrast {
                let named = self
                    .candidates(k..end.min(k + MAX_SECOND_SUBJECT_TOKENS))
                    .into_iter()
                    .next()
                    .filter(|s| {
                        s.span.start == doc.tokens[k].span.start
                            && !matches!(s.what, SpeakerRef::Pronoun(_))
                    });
                if let Some(sp) = named {
                    let after = doc.tokens.partition_point(|t| t.span.start < sp.span.end);
                    if after + 1 < end
                        && INDIRECT_VERBS.contains(self.low(after))
                        && !AUX.contains(self.low(after + 1))
                    {
                        k = after;
                        other = Some(sp);
                    }
                }
            }
            if contrast && other.is_none() {
                continue;
            }
            // `and they argue`, `and she also said`: the same speaker, named again.
            let pronoun = other.is_none()
                && k < end
                && matches!(self.low(k), "he" | "she" | "they" | "it" | "we");
            let plural = pronoun && matches!(self.low(k), "they" | "we");
            if pronoun {
                k += 1;
            }
            if k < end && self.low(k) == "also" {
                k += 1;
            }
            if k + 1 >= end || doc.tokens[k].kind != TokKind::Word {
                continue;
            }
            let w = self.low(k);
            let participle = SECOND_REPORT_PARTICIPLES.contains(w) && !pronoun && other.is_none();
            // A finite verb of reporting in its past or third-person form (`added`, `says`).
            // (`and they argue`: the plain form after a plural pronoun.)
            let finite = INDIRECT_VERBS.contains(w)
                && (w.ends_with('s')
                    || w.ends_with("ed")
                    || PAST_FORMS.contains(w)
                    || w == "said"
                    || plural
                    || other.is_some());
            // A finite verb after `and`/`but` (`said A and added that B`), not after a comma
            // alone (`…, says Dr. Keys, …` is the attribution itself, inside what it reports);
            // a participle after a comma.
            if !(finite && (joined || other.is_some()) || participle && doc.tokens[c].first == ',')
            {
                continue;
            }
            let b = if participle {
                self.participle_object(k, end)
            } else if matches!(w, "told" | "tells") {
                // `and told the police that …`: past the listener.
                (k + 1..end.min(k + 6))
                    .find(|&j| self.low(j) == "that" || doc.tokens[j].first == ',')
                    .map(|j| j + 1)
                    .filter(|&j| j < end)
            } else if k + 1 < end && self.low(k + 1) == "that" {
                (k + 2 < end).then_some(k + 2)
            } else {
                Some(k + 1)
            };
            // `and the council agreed to pay`, `and added to the list`: no clause reported.
            let Some(b) = b.filter(|&b| self.low(b) != "to" && !PREPOSITIONS.contains(self.low(b)))
            else {
                continue;
            };
            let one = self.cut_clause(Span::new(q.span.start, doc.tokens[c].span.start));
            let two = self.cut_clause(Span::new(doc.tokens[b].span.start, q.span.end));
            let clause = |s: Span| {
                let t = &self.text[s.start..s.end];
                word_count(t) >= MIN_CLAUSE_WORDS && has_verb(t)
            };
            if !clause(one) {
                continue;
            }
            if !clause(two) {
                // `…, and said it was "damning …`: the second report, too short to stand
                // alone where its quote was cut off, still ends the first.
                return vec![QuoteFound { span: one, ..q }];
            }
            let mut out = vec![QuoteFound {
                span: one,
                ..q.clone()
            }];
            let speaker = match other {
                Some(sp) => Some(self.issuer(sp)),
                None => q.speaker.clone(),
            };
            out.extend(self.split_second_report(QuoteFound {
                span: two,
                speaker,
                ..q
            }));
            return out;
        }
        vec![q]
    }

    /// Ends a reported clause before a parenthesis, or before a quotation mark whose quote
    /// does not close inside the clause, and trims its edges. A quote that closes inside it is
    /// part of what is reported (`said that the levels "do not warrant concern" or any
    /// action`: the whole clause is the indirect quote, the quoted words a direct one too).
    pub(super) fn cut_clause(&self, c: Span) -> Span {
        let body = &self.text[c.start..c.end];
        let mut from = 0;
        let cut = loop {
            let Some(p) = body[from..].find(['(', '"', '“', '«']).map(|p| p + from) else {
                break body.len();
            };
            let open = body[p..].chars().next().unwrap_or('(');
            let close = match open {
                '"' => '"',
                '“' => '”',
                '«' => '»',
                _ => {
                    // A short parenthesis inside the clause is part of it (`The Palestinian
                    // National Authority (PNA) will not …`, `£175 million (NZ$437 million)`);
                    // a longer one is an aside the clause ends before.
                    match body[p + 1..].find(')') {
                        Some(q) if word_count(&body[p + 1..p + 1 + q]) <= MAX_PAREN_WORDS => {
                            from = p + 1 + q + 1;
                            continue;
                        }
                        _ => break p,
                    }
                }
            };
            // A straight mark after a word or a comma closes a quote the clause began inside
            // (`…communities," For example`): the clause ends there.
            let opens = body[..p]
                .chars()
                .next_back()
                .is_some_and(|b| b.is_whitespace() || matches!(b, '(' | '[' | '—' | '–'));
            let inner_at = p + open.len_utf8();
            let Some(q) = body[inner_at..].find(close).filter(|_| opens) else {
                break p;
            };
            // A quote that opens with a capital after a comma or colon, or that is a whole
            // sentence, is an utterance of its own that the frame introduces (`wrote: "We
            // have …"`, `turned to me, "The President wonders …"`), not words of the clause.
            let inner = &body[inner_at..inner_at + q];
            let capital = inner
                .chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(char::is_uppercase);
            let after_frame = body[..p].trim_end().ends_with([',', ':']);
            if capital && (after_frame || word_count(inner) >= MIN_UTTERANCE_WORDS) {
                break p;
            }
            from = inner_at + q + close.len_utf8();
        };
        let cut = if cut == 0 { body.len() } else { cut };
        let b = body[..cut].trim_end_matches(|ch: char| {
            ch.is_whitespace() || matches!(ch, ',' | ';' | ':' | '-' | '—')
        });
        // (and a comma or parenthesis the clause's start was left after: `said, the …`)
        let mut lead = b.len()
            - b.trim_start_matches(|ch: char| ch.is_whitespace() || matches!(ch, ',' | ';' | ')'))
                .len();
        // (and a dateline that opens the story: `BOGOTÁ (AP) — The city …`, at most two:
        // `New York -- (UPI) --`)
        for _ in 0..MAX_DATELINES {
            match dateline_len(&b[lead..]) {
                Some(d) => lead += d,
                None => break,
            }
        }
        trim_span(self.text, Span::new(c.start + lead, c.start + b.len()))
    }
}
