//! The **detect** stage for quotes: direct and indirect quotes, and the mention that says them.
//!
//! ## What it detects
//! - Direct quotes in `"…"`, `“…”`, `‘…’`, `«…»`, `»…«`, `„…“`, `「…」` and `『…』`; quotes that run
//!   over several paragraphs (an opening mark at each, one closing mark at the end); a lost
//!   opening mark after `said:`; a quote that its attribution splits in two
//!   (`"We are ready," she said, "and we will win."`) is one quote.
//! - Indirect quotes: `X said (that) …`, `X told reporters …`, `according to X, …`, `…, X said.`
//!   with a lexicon of reporting verbs; the span is the reported clause.
//! - The speaker: the mention next to a reporting verb (`X said`, `said X`,
//!   `X, the chief executive of Y, said`, `in a letter, X said`), a pronoun, a description
//!   (`the company`) or a non-person source (`this anonymous email`). A paragraph that is only
//!   a quote inherits the speaker of the quote before it. [`crate::resolve`] then ties the
//!   speaker to an entity.
//!
//! Scare quotes and titles (one or two quoted words, `the film "Jaws"`) are not quotes.
//!
//! ## Known misses
//! Straight single quotes (`'…'`) are only read as quotes inside a double-quoted one is not
//! attempted: they are too often apostrophes.
//!
//! ## Example
//! ```
//! let a = newsmark::Annotator::new();
//! let r = a.annotate("\"We are ready for the vote,\" Jane Smith said.");
//! let q = r.annotations.iter().find(|x| x.kind == newsmark::Kind::Quote).unwrap();
//! assert_eq!(q.text, "We are ready for the vote,");
//! assert_eq!(q.quote.as_ref().unwrap().speaker.as_ref().unwrap().name, "Jane Smith");
//! ```

use crate::names::NameMention;
use crate::segment::{Doc, TokKind};
use crate::text::Span;
use crate::words::{
    AUX, CUE_VERBS, DETERMINERS, INDIRECT_VERBS, NOT_VERBS, ORG_NOUNS, PERSON_NOUNS, PREPOSITIONS,
    PRONOUNS, SOURCE_NOUNS, TITLE_WORDS,
};

/// What a speaker mention is.
#[derive(Clone, Debug, PartialEq)]
pub enum SpeakerRef {
    /// A name mention (index into the names list).
    Mention(usize),
    /// A pronoun (`he`, `she`, `they`…), lower case.
    Pronoun(String),
    /// A description that stands for an organization (`the company`).
    OrgDescription,
    /// A description that stands for a person (`the minister`).
    PersonDescription,
    /// A source that is not a person or organization (`this anonymous email`).
    Source,
}

/// A speaker found for a quote.
#[derive(Clone, Debug)]
pub struct SpeakerFound {
    /// Where the speaker is (normalized text).
    pub span: Span,
    /// What it is.
    pub what: SpeakerRef,
    /// The sentence it is in.
    pub sentence: usize,
}

/// One quote found in the text.
#[derive(Clone, Debug)]
pub struct QuoteFound {
    /// The quoted words (direct) or the reported clause (indirect).
    pub span: Span,
    /// In quotation marks.
    pub direct: bool,
    /// Who says it.
    pub speaker: Option<SpeakerFound>,
    /// The sentence it starts in.
    pub sentence: usize,
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

fn is_open(c: char) -> bool {
    matches!(c, '“' | '«' | '„' | '「' | '『' | '‘' | '‹')
}
fn is_close(c: char) -> bool {
    matches!(c, '”' | '»' | '」' | '』' | '’' | '›')
}
fn is_straight(c: char) -> bool {
    c == '"'
}

/// Direction of one quotation mark in context.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Dir {
    Open,
    Close,
    Either,
}

struct Mark {
    pos: usize,
    len: usize,
    dir: Dir,
    single: bool,
}

fn marks_in(text: &str, span: Span) -> Vec<Mark> {
    let s = &text[span.start..span.end];
    let mut v = vec![];
    let mut prev: Option<char> = None;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let next = it.peek().map(|&(_, c)| c);
        let ws_before = prev
            .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | ':'));
        let ws_after = next.is_none_or(|n| {
            n.is_whitespace()
                || matches!(n, ')' | ']' | ',' | '.' | ';' | ':' | '!' | '?' | '—' | '–')
        });
        let single = matches!(c, '‘' | '’' | '‹' | '›' | '\'');
        let dir = if is_straight(c) && follows_cue(&text[..span.start + i]) {
            // `Wilkins said," [Warhol] liked …`: after a reporting verb a mark opens.
            Some(Dir::Open)
        } else if c == '\'' {
            // A straight single quote is a quote mark only after a reporting verb
            // (`says, 'Hey Frank'`) or when it closes one (see `pair_marks`).
            if follows_cue(&text[..span.start + i]) && next.is_some_and(char::is_alphabetic) {
                Some(Dir::Open)
            } else if ws_after
                && !ws_before
                && prev.is_some_and(|p| matches!(p, '.' | ',' | '!' | '?'))
            {
                Some(Dir::Close)
            } else {
                None
            }
        } else if is_straight(c) {
            match (ws_before, ws_after) {
                (true, false) => Some(Dir::Open),
                (false, true) => Some(Dir::Close),
                _ => Some(Dir::Either),
            }
        } else if c == '’' {
            // An apostrophe (`don’t`, `members’`) is not a closing mark unless it ends a quote.
            if prev.is_some_and(char::is_alphanumeric)
                && (next.is_some_and(char::is_alphanumeric) || prev.is_some_and(|p| p == 's'))
            {
                None
            } else if ws_after {
                Some(Dir::Close)
            } else {
                None
            }
        } else if c == '‘' {
            if ws_before || prev.is_some_and(|p| is_open(p) || p == '"') {
                Some(Dir::Open)
            } else {
                None
            }
        } else if c == '“' {
            // `„…“` closes with `“`; elsewhere `“` opens.
            Some(if ws_after && !ws_before {
                Dir::Either
            } else {
                Dir::Open
            })
        } else if c == '»' {
            // `»…«` (German, Danish) opens with `»` when a letter follows and a space precedes.
            Some(if ws_before && !ws_after {
                Dir::Either
            } else {
                Dir::Close
            })
        } else if c == '«' {
            Some(if ws_after && !ws_before {
                Dir::Either
            } else {
                Dir::Open
            })
        } else if is_open(c) {
            Some(Dir::Open)
        } else if is_close(c) {
            Some(Dir::Close)
        } else {
            None
        };
        if let Some(dir) = dir {
            v.push(Mark {
                pos: span.start + i,
                len: c.len_utf8(),
                dir,
                single,
            });
        }
        prev = Some(c);
    }
    v
}

/// A raw quoted stretch before filtering: content span and whether its opening mark was lost.
struct Raw {
    content: Span,
    lost_open: bool,
    unclosed: bool,
}

fn pair_marks(text: &str, doc: &Doc) -> Vec<Raw> {
    let mut out = vec![];
    // An open double quote carried across paragraphs: (content start).
    let mut open: Option<usize> = None;
    // Whether that mark was unambiguously an opening one (`“`, or `"` before a word).
    let mut open_clear = false;
    let article: Vec<Span> = doc
        .paragraphs
        .iter()
        .filter(|p| !p.furniture)
        .map(|p| p.span)
        .collect();
    for (k, &p) in article.iter().enumerate() {
        let marks = marks_in(text, p);
        let mut single_open: Option<usize> = None;
        for (mi, m) in marks.iter().enumerate() {
            if m.single {
                // Single marks: a quote of their own only outside double quotes.
                if open.is_some() {
                    continue;
                }
                match (m.dir, single_open) {
                    (Dir::Open, _) => single_open = Some(m.pos + m.len),
                    (Dir::Close, Some(s)) => {
                        out.push(Raw {
                            content: Span::new(s, m.pos),
                            lost_open: false,
                            unclosed: false,
                        });
                        single_open = None;
                    }
                    _ => {}
                }
                continue;
            }
            let at_para_start = text[p.start..m.pos].trim().is_empty();
            match (open, m.dir) {
                (None, Dir::Open) | (None, Dir::Either) => {
                    // A closing-looking `Either` with nothing open and no more marks in the
                    // paragraph is a closing mark whose opening was lost.
                    let more = marks[mi + 1..].iter().any(|x| !x.single);
                    if m.dir == Dir::Either && !more && !at_para_start && !ws_before(text, m.pos) {
                        out.extend(lost_opening(text, p, m.pos));
                    } else {
                        open = Some(m.pos + m.len);
                        open_clear = m.dir == Dir::Open;
                    }
                }
                (Some(s), Dir::Open) => {
                    if at_para_start && s < p.start {
                        // Multi-paragraph quote: the opening mark repeats at each paragraph.
                        continue;
                    }
                    // The earlier mark never closed: keep what it held up to here if it is
                    // a sentence, then start again.
                    if s < p.start && open_clear {
                        out.push(Raw {
                            content: Span::new(s, end_of_para_before(&article, k, s)),
                            lost_open: false,
                            unclosed: true,
                        });
                    }
                    open = Some(m.pos + m.len);
                    open_clear = true;
                }
                (Some(s), Dir::Close) | (Some(s), Dir::Either) => {
                    out.push(Raw {
                        content: Span::new(s, m.pos),
                        lost_open: false,
                        unclosed: false,
                    });
                    open = None;
                }
                (None, Dir::Close) => out.extend(lost_opening(text, p, m.pos)),
            }
        }
        // Does the quote continue into the next paragraph?
        if let Some(s) = open {
            let next_opens = article.get(k + 1).is_some_and(|n| {
                let first = text[n.start..n.end].chars().next();
                first.is_some_and(|c| is_open(c) || c == '"')
            });
            // A quote whose next paragraph lost its opening mark but closes: it continues.
            let next_closes = article.get(k + 1).is_some_and(|&n| {
                marks_in(text, n)
                    .iter()
                    .find(|x| !x.single)
                    .is_some_and(|x| {
                        x.dir == Dir::Close || (x.dir == Dir::Either && !ws_before(text, x.pos))
                    })
            });
            if !next_opens && !next_closes {
                // A quote left open at the end of its paragraph counts only when its mark
                // clearly opened one; a stray `"` before `)` or after a word does not.
                let starts_word = text[s..p.end]
                    .trim_start()
                    .starts_with(|c: char| c.is_alphanumeric());
                if open_clear && starts_word {
                    out.push(Raw {
                        content: Span::new(s, p.end),
                        lost_open: false,
                        unclosed: true,
                    });
                }
                open = None;
            }
        }
    }
    out
}

/// Does a clause hold a word that looks like a finite verb (an auxiliary, `-ed`, or a
/// third-person `-s` after a noun)? A cheap test that tells `the board agreed to …` from a
/// noun phrase such as `its withdrawal from the IACC`.
fn has_verb(clause: &str) -> bool {
    let words: Vec<String> = clause
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(lower)
        .collect();
    words.iter().enumerate().any(|(k, w)| {
        AUX.contains(w.as_str())
            || (w.len() > 4 && w.ends_with("ed"))
            || (k > 0
                && w.len() > 3
                && w.ends_with('s')
                && !w.ends_with("ss")
                && !NOT_VERBS.contains(w.as_str())
                && !matches!(
                    words[k - 1].as_str(),
                    "the"
                        | "a"
                        | "an"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "our"
                        | "of"
                        | "many"
                        | "some"
                        | "all"
                        | "these"
                        | "those"
                ))
    })
}

/// Does `before` end with a reporting verb and a comma or colon (`said, `, `says: `)?
fn follows_cue(before: &str) -> bool {
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

/// Only quotation marks and spaces between `from` and `to`.
fn text_before_is_blank(text: &str, from: usize, to: usize) -> bool {
    from <= to
        && text[from..to]
            .chars()
            .all(|c| c.is_whitespace() || is_open(c) || c == '"')
}

fn ws_before(text: &str, pos: usize) -> bool {
    text[..pos]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace)
}

fn end_of_para_before(article: &[Span], k: usize, s: usize) -> usize {
    article[..k]
        .iter()
        .rev()
        .find(|p| p.start <= s)
        .map_or(s, |p| p.end)
}

/// A closing mark with no opening one: the quote starts after `said:` (or a colon) earlier in
/// the paragraph, else at the paragraph start.
fn lost_opening(text: &str, p: Span, close: usize) -> Option<Raw> {
    // Only after `said:` (a reporting verb within four words before a colon): elsewhere a
    // lone closing mark is too often a stray or a mark lost around a title.
    let before = &text[p.start..close];
    let colon = before.rfind(':')?;
    let lead: Vec<&str> = before[..colon].split_whitespace().rev().take(4).collect();
    if !lead
        .iter()
        .any(|w| CUE_VERBS.contains(lower(w.trim_matches(|c: char| !c.is_alphanumeric())).as_str()))
    {
        return None;
    }
    Some(Raw {
        content: Span::new(p.start + colon + 1, close),
        lost_open: true,
        unclosed: false,
    })
}

fn trim_span(text: &str, mut s: Span) -> Span {
    let t = &text[s.start..s.end];
    let lead = t.len() - t.trim_start().len();
    let trail = t.len() - t.trim_end().len();
    s.start += lead;
    s.end -= trail;
    if s.end < s.start {
        s.end = s.start;
    }
    s
}

fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn sentence_of(doc: &Doc, pos: usize) -> usize {
    let i = doc
        .tokens
        .partition_point(|t| t.span.end <= pos)
        .min(doc.tokens.len().saturating_sub(1));
    doc.sent_of.get(i).copied().unwrap_or(0) as usize
}

/// Finds the quotes and their speakers.
pub fn detect(text: &str, doc: &Doc, names: &[NameMention]) -> Vec<QuoteFound> {
    if doc.tokens.is_empty() {
        return vec![];
    }
    let ctx = Ctx { text, doc, names };
    let mut quotes: Vec<QuoteFound> = vec![];
    // Direct quotes.
    let raws = pair_marks(text, doc);
    let mut direct_spans: Vec<(Span, bool)> = vec![];
    for r in raws {
        let c = trim_span(text, r.content);
        if c.is_empty() {
            continue;
        }
        let body = &text[c.start..c.end];
        let words = word_count(body);
        if body.contains("hereinafter") || body.contains("referred to as") {
            continue;
        }
        if r.unclosed && words < 6 {
            continue;
        }
        direct_spans.push((c, r.lost_open));
    }
    // Keep only real quotes (not scare quotes or titles): long enough, or with a reporting verb.
    let mut kept: Vec<(Span, bool)> = vec![];
    for (c, lost) in direct_spans {
        let body = &text[c.start..c.end];
        let words = word_count(body);
        let title = ctx.looks_like_title(c);
        // Short quoted stretches are scare quotes or terms unless a reporting verb frames
        // them: `said, "…"` / `"…," she said`.
        let keep = !title && (words >= 5 || (words >= 2 && ctx.tight_cue(c)));
        if keep {
            kept.push((c, lost));
        }
    }
    // In text order, without overlaps (the longer of two overlapping stretches wins).
    kept.sort_by_key(|(c, _)| (c.start, std::cmp::Reverse(c.end)));
    let mut disjoint: Vec<(Span, bool)> = vec![];
    for (c, lost) in kept {
        match disjoint.last_mut() {
            Some(last) if last.0.overlaps(&c) => {
                if c.len() > last.0.len() {
                    *last = (c, lost);
                }
            }
            _ => disjoint.push((c, lost)),
        }
    }
    // Merge a quote that its attribution splits in two: `"A," she said, "B."`
    let mut merged: Vec<(Span, bool)> = vec![];
    for (c, lost) in disjoint {
        if let Some(last) = merged.last_mut() {
            let gap = &text[last.0.end..c.start];
            let gap_words = word_count(gap);
            let gap_trim = gap.trim_matches(|ch: char| {
                ch.is_whitespace() || is_open(ch) || is_close(ch) || ch == '"' || ch == ','
            });
            let gap_has_cue = gap
                .split(|ch: char| !ch.is_alphanumeric())
                .any(|w| CUE_VERBS.contains(lower(w).as_str()));
            let ends_comma = text[last.0.start..last.0.end].trim_end().ends_with(',');
            if gap_words <= 6
                && gap_has_cue
                && !gap.contains('\n')
                && ends_comma
                && gap
                    .trim_end()
                    .ends_with(|ch: char| ch == '"' || is_open(ch))
                && !gap_trim.ends_with('.')
            {
                last.0.end = c.end;
                continue;
            }
        }
        merged.push((c, lost));
    }
    for (c, lost) in merged {
        let speaker = ctx.speaker_for_direct(c, lost);
        quotes.push(QuoteFound {
            span: c,
            direct: true,
            speaker,
            sentence: sentence_of(doc, c.start),
        });
    }
    // A quote with no speaker of its own inherits the previous quote's, when it follows in
    // the same or the next paragraph and no other name stands between them:
    // `"A," he said. "B."` and a paragraph that is only a quote.
    for i in 1..quotes.len() {
        if quotes[i].speaker.is_some() || quotes[i - 1].speaker.is_none() {
            continue;
        }
        let para_of = |pos: usize| {
            let k = doc.paragraphs.partition_point(|p| p.span.start <= pos);
            (k > 0 && pos <= doc.paragraphs[k - 1].span.end).then(|| k - 1)
        };
        let (Some(a), Some(b)) = (
            para_of(quotes[i].span.start),
            para_of(quotes[i - 1].span.end),
        ) else {
            continue;
        };
        let gap = Span::new(quotes[i - 1].span.end, quotes[i].span.start);
        let prev_speaker = quotes[i - 1].speaker.as_ref().map(|s| s.span);
        let from = names.partition_point(|m| m.span.start < gap.start);
        let other_name = names[from..]
            .iter()
            .take_while(|m| m.span.start < gap.end)
            .any(|m| {
                m.kind == crate::names::NameKind::Person
                    && gap.contains(&m.span)
                    && prev_speaker.is_none_or(|p| !p.overlaps(&m.span))
            });
        if a <= b + 1 && !other_name {
            quotes[i].speaker = quotes[i - 1].speaker.clone();
        }
    }
    // Indirect quotes.
    let direct: Vec<Span> = quotes.iter().map(|q| q.span).collect();
    for (si, s) in doc.sentences.iter().enumerate() {
        if doc.paragraphs[s.para].headline {
            continue;
        }
        if let Some(q) = ctx.indirect_in(si, &direct) {
            quotes.push(q);
        }
    }
    quotes.sort_by_key(|q| q.span.start);
    quotes
}

struct Ctx<'a> {
    text: &'a str,
    doc: &'a Doc,
    names: &'a [NameMention],
}

impl Ctx<'_> {
    fn tok(&self, i: usize) -> &str {
        self.doc.tok(self.text, i)
    }

    fn is_cue(&self, i: usize) -> bool {
        self.doc.tokens[i].kind == TokKind::Word && CUE_VERBS.contains(lower(self.tok(i)).as_str())
    }

    /// A reporting verb right before the opening mark (`said: "`, `told reporters, "`) or
    /// right after the closing one (`"…," she said`).
    fn tight_cue(&self, q: Span) -> bool {
        let doc = self.doc;
        let first = doc.tokens.partition_point(|t| t.span.end <= q.start);
        let after = doc.tokens.partition_point(|t| t.span.start < q.end);
        // Before: only punctuation between the verb and the quote.
        let mut i = first;
        while i > 0 && doc.tokens[i - 1].kind == TokKind::Punct {
            i -= 1;
        }
        let before = i > 0 && self.is_cue(i - 1);
        // After: the quote ends a clause inside its marks and the verb follows within a name.
        let closed = self.text[q.start..q.end]
            .trim_end()
            .ends_with([',', '.', '!', '?', '…']);
        let after = closed && (after..(after + 5).min(doc.tokens.len())).any(|i| self.is_cue(i));
        before || after
    }

    /// `the film "Jaws"`, `a book called "…"`: Title Case words after a naming cue; a
    /// headline cited with its outlet (`"…" — CBC.ca, August 15, 2008`).
    fn looks_like_title(&self, q: Span) -> bool {
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
        let naming = matches!(
            lower(prev_word).as_str(),
            "film"
                | "movie"
                | "book"
                | "song"
                | "album"
                | "titled"
                | "entitled"
                | "called"
                | "dubbed"
                | "named"
                | "so-called"
                | "show"
                | "series"
                | "novel"
                | "play"
                | "headline"
                | "slogan"
                | "term"
                | "word"
                | "phrase"
                | "as"
        );
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
        naming && (title_case || words.len() <= 4) || (title_case && open_sentence && !framed)
    }

    fn speaker_for_direct(&self, q: Span, lost_open: bool) -> Option<SpeakerFound> {
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
        if let Some(k) = after
            .iter()
            .position(|&i| lower(self.tok(i)) == "according")
        {
            if k <= 3
                && after
                    .get(k + 1)
                    .is_some_and(|&i| lower(self.tok(i)) == "to")
            {
                let from = after[k + 1] + 1;
                if let Some(c) = self
                    .candidates(
                        from..(from + 8).min(
                            doc.sentences[doc.sent_of[from.min(doc.tokens.len() - 1)] as usize]
                                .tokens
                                .end,
                        ),
                    )
                    .into_iter()
                    .next()
                {
                    return Some(c);
                }
            }
        }
        if let Some(k) = after.iter().position(|&i| self.is_cue(i)) {
            // Only if the verb comes within a few words of the quote, or after an appositive
            // (`"…," Dana Whitlock, editor at large at the Coastal Gazette, said.`).
            let v = after[k];
            // `"…", and told the police, "…"`: a coordinated verb after the quote has the
            // subject of the sentence, found below.
            let coordinated =
                v > 0 && matches!(lower(self.tok(v - 1)).as_str(), "and" | "but" | "then");
            if !coordinated && (k <= 6 || (k <= 20 && v > 0 && doc.tokens[v - 1].first == ',')) {
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
            lower(self.tok(i)) == "words"
                && i >= 2
                && lower(self.tok(i - 1)) == "the"
                && i + 1 < before_end
                && lower(self.tok(i + 1)) == "of"
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
        if let Some(&v) = cues.first() {
            if let Some(s) = self.subject_before(v, from) {
                return Some(s);
            }
            // `X said …, and said it was "…"`: a coordinated verb shares the first subject.
            if v > from && matches!(lower(self.tok(v - 1)).as_str(), "and" | "but" | "also") {
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
        None
    }

    /// The subject of sentence `si - 1`, for verbs that lost theirs.
    fn previous_subject(&self, si: usize) -> Option<SpeakerFound> {
        let prev = si.checked_sub(1)?;
        let r = self.doc.sentences[prev].tokens.clone();
        let cands = self.candidates(r.clone());
        cands.into_iter().next()
    }

    /// Speaker candidates in a token range, in text order.
    fn candidates(&self, r: std::ops::Range<usize>) -> Vec<SpeakerFound> {
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
                if m.alias_of.is_none_or(|a| !self.is_paren_alias(a, mi)) {
                    v.push(SpeakerFound {
                        span: m.span,
                        what: SpeakerRef::Mention(mi),
                        sentence: doc.sent_of[i] as usize,
                    });
                }
                i = end.max(i + 1);
                continue;
            }
            let w = lower(self.tok(i));
            if t.kind == TokKind::Word && PRONOUNS.contains(w.as_str()) {
                v.push(SpeakerFound {
                    span: t.span,
                    what: SpeakerRef::Pronoun(w),
                    sentence: doc.sent_of[i] as usize,
                });
                i += 1;
                continue;
            }
            if t.kind == TokKind::Word && DETERMINERS.contains(w.as_str()) {
                // Determiner + up to three modifiers + a speaker noun.
                let mut j = i + 1;
                while j < r.end && j <= i + 4 {
                    let tj = doc.tokens[j];
                    if tj.kind != TokKind::Word {
                        break;
                    }
                    let wj = lower(self.tok(j));
                    let what = if SOURCE_NOUNS.contains(wj.as_str()) {
                        Some(SpeakerRef::Source)
                    } else if ORG_NOUNS.contains(wj.as_str()) {
                        Some(SpeakerRef::OrgDescription)
                    } else if PERSON_NOUNS.contains(wj.as_str()) {
                        Some(SpeakerRef::PersonDescription)
                    } else {
                        None
                    };
                    if let Some(what) = what {
                        // `the company's …` is not the subject; a following name is (`the
                        // minister, John Smith`), handled by the caller's nearest pick.
                        v.push(SpeakerFound {
                            span: Span::new(t.span.start, tj.span.end),
                            what,
                            sentence: doc.sent_of[i] as usize,
                        });
                        i = j;
                        break;
                    }
                    if CUE_VERBS.contains(wj.as_str()) || PREPOSITIONS.contains(wj.as_str()) {
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
    fn capitalised_source(&self, i: usize, end: usize) -> Option<SpeakerFound> {
        let doc = self.doc;
        let mut b = i;
        if b < end && lower(self.tok(b)) == "the" {
            b += 1;
        }
        let mut e = b;
        while e < end && e < b + 8 {
            let t = doc.tokens[e];
            let w = lower(self.tok(e));
            let joins = matches!(w.as_str(), "of" | "and" | "for" | "&");
            if t.kind == TokKind::Word && t.cap || joins && e > b {
                e += 1;
            } else {
                break;
            }
        }
        while e > b && matches!(lower(self.tok(e - 1)).as_str(), "of" | "and" | "for" | "&") {
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

    fn is_paren_alias(&self, a: usize, m: usize) -> bool {
        let (x, y) = (self.names[a].span, self.names[m].span);
        x.end <= y.start && self.text[x.end..y.start].contains('(')
    }

    /// The subject of reporting verb `v`, looking back to token `from`: the nearest candidate
    /// that is not the object of a preposition, skipping an appositive before the verb.
    fn subject_before(&self, v: usize, from: usize) -> Option<SpeakerFound> {
        let doc = self.doc;
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
        let cands = self.candidates(start..v);
        if cands.is_empty() {
            return self.capitalised_before_verb(start, v);
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
            let before_word = if ti > start {
                lower(self.tok(ti - 1))
            } else {
                String::new()
            };
            // `with one poster writing "…"`: a participle's subject follows `with`.
            let participle = lower(self.tok(v)).ends_with("ing") && before_word == "with";
            if PREPOSITIONS.contains(before_word.as_str()) && !participle {
                continue;
            }
            // `The minister, Ahmed Hassan, said`: the name in the appositive beats the
            // description it renames, when the two are adjacent.
            if let (Some(name), SpeakerRef::PersonDescription | SpeakerRef::OrgDescription) =
                (in_appositive, &c.what)
            {
                let between = &self.text[c.span.end..name.span.start];
                if between.trim() == "," {
                    return Some(name.clone());
                }
            }
            return Some(c.clone());
        }
        // Nothing but objects of prepositions and appositives: an unrecognised capitalised
        // subject at the start of the clause (`Bacchesi Luo, President of IACC, said`).
        self.capitalised_subject(start, v)
    }

    /// Capitalised words right before the verb that open a coordinated clause: `… and South
    /// Korea says …`, `After the talks collapsed, Chile stated …` (a country speaks
    /// though it is no name of a person or an organization).
    fn capitalised_before_verb(&self, start: usize, v: usize) -> Option<SpeakerFound> {
        let doc = self.doc;
        let mut a = v;
        while a > start
            && v - a < 4
            && doc.tokens[a - 1].kind == TokKind::Word
            && doc.tokens[a - 1].cap
        {
            a -= 1;
        }
        // Not at the clause's start (`Recent reports have revealed`, `Take say on Obama`), and
        // the verb in lower case (`Indiana, United States - …` has no verb `states`).
        if a == v || a == start || doc.tokens[v].cap {
            return None;
        }
        let opens = doc.tokens[a - 1].first == ','
            || matches!(
                lower(self.tok(a - 1)).as_str(),
                "and" | "but" | "while" | "whereas"
            );
        if !opens {
            return None;
        }
        self.capitalised_subject(a, v)
    }

    /// Capitalised words that open a clause before a comma or the verb: a name the names
    /// layer did not know.
    fn capitalised_subject(&self, start: usize, v: usize) -> Option<SpeakerFound> {
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
        let first = lower(self.tok(start));
        if DETERMINERS.contains(first.as_str())
            || PRONOUNS.contains(first.as_str())
            || PREPOSITIONS.contains(first.as_str())
        {
            return None;
        }
        let span = Span::new(doc.tokens[start].span.start, doc.tokens[end - 1].span.end);
        Some(SpeakerFound {
            span,
            what: SpeakerRef::Source,
            sentence: doc.sent_of[start] as usize,
        })
    }

    /// `said X`, `said President X`, `said the company`.
    fn subject_after(&self, v: usize) -> Option<SpeakerFound> {
        let doc = self.doc;
        let s = doc.sent_of[v] as usize;
        let end = doc.sentences[s].tokens.end.min(v + 6);
        let cands = self.candidates(v + 1..end);
        // `said it was …`: `it` after the verb is its object, not its subject.
        let cands: Vec<SpeakerFound> = cands
            .into_iter()
            .filter(|c| !matches!(&c.what, SpeakerRef::Pronoun(p) if p == "it"))
            .collect();
        let Some(c) = cands.into_iter().next() else {
            // `said Ambassador Mohib`: a capitalised name the names layer did not know.
            let mut k = v + 1;
            while k < end
                && doc.tokens[k].kind == TokKind::Word
                && TITLE_WORDS.contains(lower(self.tok(k)).as_str())
            {
                k += 1;
            }
            return self
                .capitalised_subject(k, doc.sentences[s].tokens.end.min(k + 5))
                .filter(|c| {
                    let after = doc.tokens.partition_point(|t| t.span.start < c.span.end);
                    after >= doc.sentences[s].tokens.end
                        || matches!(doc.tokens[after].first, ',' | '.' | ';')
                });
        };
        // Only right after the verb (titles and determiners may sit between).
        let ti = doc.tokens.partition_point(|t| t.span.end <= c.span.start);
        let gap_ok = (v + 1..ti).all(|i| {
            let w = lower(self.tok(i));
            doc.tokens[i].kind == TokKind::Word
                && (w.len() <= 4 || doc.tokens[i].cap || PERSON_NOUNS.contains(w.as_str()))
                || doc.tokens[i].first == '.'
        });
        (gap_ok && ti <= v + 4).then_some(c)
    }

    /// An indirect quote in sentence `si`, if it reports speech without quotation marks.
    fn indirect_in(&self, si: usize, direct: &[Span]) -> Option<QuoteFound> {
        let doc = self.doc;
        let s = &doc.sentences[si];
        if direct.iter().any(|d| d.overlaps(&s.span)) {
            return None;
        }
        let r = s.tokens.clone();
        // `according to X, CLAUSE` / `CLAUSE, according to X.`
        for i in r.clone() {
            if lower(self.tok(i)) == "according" && i + 1 < r.end && lower(self.tok(i + 1)) == "to"
            {
                let cands = self.candidates(i + 2..r.end.min(i + 10));
                let sp = match cands.into_iter().next() {
                    Some(sp) => sp,
                    None => self.capitalised_source(i + 2, r.end)?,
                };
                let comma = (i + 2..r.end).find(|&k| doc.tokens[k].first == ',');
                let clause = if i == r.start || (i > r.start && doc.tokens[i - 1].first != ',') {
                    let c = comma?;
                    Span::new(doc.tokens[c + 1].span.start, s.span.end)
                } else {
                    Span::new(s.span.start, doc.tokens[i - 1].span.start)
                };
                let clause = self.cut_clause(clause);
                if word_count(&self.text[clause.start..clause.end]) >= 4 {
                    return Some(QuoteFound {
                        span: clause,
                        direct: false,
                        speaker: Some(sp),
                        sentence: si,
                    });
                }
                return None;
            }
        }
        for v in r.clone() {
            if doc.tokens[v].kind != TokKind::Word
                || !INDIRECT_VERBS.contains(lower(self.tok(v)).as_str())
            {
                continue;
            }
            // `…, X said.` with the clause before.
            let tail: Vec<usize> = (v + 1..r.end)
                .filter(|&k| doc.tokens[k].kind != TokKind::Punct)
                .collect();
            if tail.len() <= 3 && v > r.start + 3 {
                if let Some(sp) = self
                    .subject_before(v, r.start)
                    .filter(|c| c.span.start > s.span.start)
                {
                    let ci = doc.tokens.partition_point(|t| t.span.end <= sp.span.start);
                    if ci > r.start && doc.tokens[ci - 1].first == ',' {
                        let clause =
                            self.cut_clause(Span::new(s.span.start, doc.tokens[ci - 1].span.start));
                        if word_count(&self.text[clause.start..clause.end]) >= 4 {
                            return Some(QuoteFound {
                                span: clause,
                                direct: false,
                                speaker: Some(sp),
                                sentence: si,
                            });
                        }
                    }
                }
                if let Some(sp) = self.subject_after(v) {
                    if v > r.start && doc.tokens[v - 1].first == ',' {
                        let clause =
                            self.cut_clause(Span::new(s.span.start, doc.tokens[v - 1].span.start));
                        if word_count(&self.text[clause.start..clause.end]) >= 4 {
                            return Some(QuoteFound {
                                span: clause,
                                direct: false,
                                speaker: Some(sp),
                                sentence: si,
                            });
                        }
                    }
                }
            }
            let Some(sp) = self.subject_before(v, r.start) else {
                continue;
            };
            // `CLAUSE, Mayor X announced on Tuesday, after …`: the clause comes first.
            let si_tok = doc.tokens.partition_point(|t| t.span.end <= sp.span.start);
            let mut b = si_tok;
            while b > r.start
                && doc.tokens[b - 1].kind == TokKind::Word
                && (TITLE_WORDS.contains(lower(self.tok(b - 1)).as_str()) || doc.tokens[b - 1].cap)
                && b + 3 > si_tok
            {
                b -= 1;
            }
            let that_follows = (v + 1..r.end.min(v + 5)).any(|k| lower(self.tok(k)) == "that");
            if b > r.start + 5 && doc.tokens[b - 1].first == ',' && !that_follows {
                let clause = self.cut_clause(Span::new(s.span.start, doc.tokens[b - 1].span.start));
                if word_count(&self.text[clause.start..clause.end]) >= 6 {
                    return Some(QuoteFound {
                        span: clause,
                        direct: false,
                        speaker: Some(sp),
                        sentence: si,
                    });
                }
            }
            // `agreed to raise wages`, `promised to act`: an intention, not reported speech.
            if v + 1 < r.end && lower(self.tok(v + 1)) == "to" {
                continue;
            }
            // The clause after the verb: skip `that`, an object of `told`, short adverbials.
            let mut k = v + 1;
            let lw = lower(self.tok(v));
            if matches!(lw.as_str(), "told" | "tells" | "tell") {
                // `told reporters`, `told the BBC`, `told him`: skip up to four words.
                let stop = (k..r.end.min(k + 5)).find(|&j| {
                    matches!(lower(self.tok(j)).as_str(), "that") || doc.tokens[j].first == ','
                });
                match stop {
                    Some(j) => k = j,
                    None => k += 1,
                }
            }
            let mut j = k;
            while j < r.end.min(k + 6) {
                let w = lower(self.tok(j));
                if w == "that" {
                    k = j + 1;
                    break;
                }
                if doc.tokens[j].first == ',' && j > k {
                    k = j + 1;
                    break;
                }
                if doc.tokens[j].first == ':' || doc.tokens[j].first == '.' {
                    break;
                }
                j += 1;
            }
            if k >= r.end {
                continue;
            }
            let tk = doc.tokens[k];
            if tk.kind == TokKind::Punct
                && (is_open(tk.first) || tk.first == '"' || tk.first == ':')
            {
                continue;
            }
            let clause = self.cut_clause(Span::new(tk.span.start, s.span.end));
            let words = word_count(&self.text[clause.start..clause.end]);
            // A clause needs a verb-like word and some length: `said on Tuesday.` and
            // `announced its withdrawal from the IACC` are no quotes.
            if words >= 4 && has_verb(&self.text[clause.start..clause.end]) {
                return Some(QuoteFound {
                    span: clause,
                    direct: false,
                    speaker: Some(sp),
                    sentence: si,
                });
            }
        }
        None
    }

    /// Ends a reported clause before a parenthesis or quotation mark and trims its edges.
    fn cut_clause(&self, c: Span) -> Span {
        let body = &self.text[c.start..c.end];
        let cut = body
            .find(['(', '"', '“', '«'])
            .filter(|&p| p > 0)
            .unwrap_or(body.len());
        let b = body[..cut].trim_end_matches(|ch: char| {
            ch.is_whitespace() || matches!(ch, ',' | ';' | ':' | '-' | '—')
        });
        trim_span(self.text, Span::new(c.start, c.start + b.len()))
    }
}

fn is_quote_mark_tok(ctx: &Ctx, i: usize) -> bool {
    let t = ctx.doc.tokens[i];
    t.kind == TokKind::Punct && (is_close(t.first) || t.first == '"')
}
