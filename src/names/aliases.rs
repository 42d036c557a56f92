//! Acronyms that the text defines, and the descriptive names tied to them.

use super::context::*;
use super::*;
use crate::words::NOT_IN_DESCRIPTIVE_NAMES;

/// `the regional fishing alliance (referred to as "RFA")`: a lower-case descriptive name
/// tied to an acronym is an organization, everywhere it recurs.
/// How far before an acronym its definition is looked for: `(referred to as "` and a quote.
const DEFINITION_LOOKBACK_BYTES: usize = 60;
/// Words of a descriptive name before its acronym, at most (`the regional fishing alliance`).
const DESCRIPTIVE_NAME_MAX_WORDS: usize = 7;
/// Bytes before a definition's parenthesis that its descriptive name is read from (room for
/// more than [`DESCRIPTIVE_NAME_MAX_WORDS`] long words).
const DESCRIPTIVE_NAME_WINDOW_BYTES: usize = 512;
/// Letters of an acronym.
const ACRONYM_LETTERS: std::ops::RangeInclusive<usize> = 2..=7;
/// Mentions before a new span that may overlap it: mentions do not nest, so a few suffice.
const OVERLAP_LOOKBACK: usize = 4;

pub(super) fn descriptive_aliases(text: &str, doc: &Doc, out: &mut Vec<NameMention>) {
    // Only the blocks of `doc` are read: a long text is analysed in sections, each handed the
    // whole text, and lower-casing and searching all of it for each section made a 10 MB
    // paste cost forty times its length here.
    let (Some(first), Some(last)) = (doc.paragraphs.first(), doc.paragraphs.last()) else {
        return;
    };
    let (base, end) = (first.span.start, last.span.end);
    // Lower case, with every line break a space: a name or a cue may be wrapped onto the
    // next line (`the international\nanti fake alliance`); both are one byte, so offsets hold.
    let section = text[base..end].to_lowercase().replace('\n', " ");
    if section.len() != end - base {
        // Case folding changed byte lengths (rare scripts); offsets would not line up.
        return;
    }
    // Offsets into `lower` are offsets into `text`: what precedes the section is blank.
    let lower = " ".repeat(base) + &section;
    defined_acronyms(text, &lower, base, doc, out);
    let mut found: Vec<(String, usize)> = vec![];
    for m in 0..out.len() {
        let a = out[m].span;
        let acr = &text[a.start..a.end];
        if out[m].kind != NameKind::Org || !acr.chars().all(|c| c.is_uppercase()) {
            continue;
        }
        // Look back from the acronym over `(`, quotes and `referred to as` or `known as`.
        let window_start = a.start.saturating_sub(DEFINITION_LOOKBACK_BYTES);
        let window_start = (window_start..a.start)
            .find(|&p| text.is_char_boundary(p))
            .unwrap_or(a.start);
        let back = &lower[window_start..a.start];
        let Some(paren) = back.rfind('(') else {
            continue;
        };
        let between = &back[paren + 1..];
        let ok = between
            .trim_matches(|c: char| !c.is_alphanumeric())
            .is_empty()
            || between.contains("known as")
            || between.contains("referred to");
        if !ok {
            continue;
        }
        let head_end = window_start + paren;
        let pre = text[..head_end]
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '”'));
        // The last words before the parenthesis, read from a window (not from the start of
        // the text for every acronym): a first word the window cuts is left out.
        let mut from = pre.len().saturating_sub(DESCRIPTIVE_NAME_WINDOW_BYTES);
        while !pre.is_char_boundary(from) {
            from += 1;
        }
        let words: Vec<(usize, &str)> = word_positions(&pre[from..])
            .into_iter()
            .skip(usize::from(from > 0))
            .map(|(p, w)| (p + from, w))
            .rev()
            .take(DESCRIPTIVE_NAME_MAX_WORDS)
            .collect();
        let Some(&(_, head)) = words.first() else {
            continue;
        };
        if !in_list(&DESCRIPTIVE_HEADS, &lc(head)) || head.starts_with(char::is_uppercase) {
            continue;
        }
        let mut start = None;
        for &(p, w) in words.iter().skip(1) {
            let lw = lc(w);
            if matches!(lw.as_str(), "the" | "a" | "an" | "this" | "its" | "their")
                || is_verbish(&lw)
            {
                break;
            }
            start = Some(p);
        }
        let Some(st) = start else { continue };
        let phrase = text[st..pre.len()].replace('\n', " ");
        if phrase.split_whitespace().count() >= 2
            && !found.iter().any(|(p, _)| *p == phrase.to_lowercase())
        {
            found.push((phrase.to_lowercase(), m));
        }
    }
    // Spans taken so far, sorted, to test overlap in logarithmic time (mentions are disjoint).
    let mut taken: Vec<Span> = out.iter().map(|m| m.span).collect();
    taken.sort();
    let overlaps = |taken: &[Span], span: &Span| {
        let i = taken.partition_point(|t| t.start < span.end);
        i > 0
            && taken[..i]
                .iter()
                .rev()
                .take(OVERLAP_LOOKBACK)
                .any(|t| t.overlaps(span))
    };
    for (phrase, acr) in found {
        let mut from = base;
        while let Some(p) = lower[from..].find(&phrase) {
            let s = from + p;
            let e = s + phrase.len();
            from = e;
            let bounded = !lower[..s].ends_with(|c: char| c.is_alphanumeric())
                && !lower[e..].starts_with(|c: char| c.is_alphanumeric());
            let span = Span::new(s, e);
            if bounded && !overlaps(&taken, &span) {
                let at = taken.partition_point(|t| *t < span);
                taken.insert(at, span);
                let sentence = doc
                    .sent_of
                    .get(doc.tokens.partition_point(|t| t.span.end <= s))
                    .copied()
                    .unwrap_or(0) as usize;
                out.push(NameMention {
                    span,
                    kind: NameKind::Org,
                    alias_of: Some(acr),
                    sentence,
                    sureness: Sureness::Decided(NameKind::Org),
                });
            }
        }
    }
}

/// `(referred to as "RFA")`, `(known as "RFA")`: an acronym that the text defines is an
/// organization.
/// `lower` is the text lower-cased from `base` on.
pub(super) fn defined_acronyms(
    text: &str,
    lower: &str,
    base: usize,
    doc: &Doc,
    out: &mut Vec<NameMention>,
) {
    let mut taken: Vec<Span> = out.iter().map(|m| m.span).collect();
    taken.sort();
    for cue in ["referred to as", "known as"] {
        let mut from = base;
        while let Some(p) = lower[from..].find(cue) {
            let after = from + p + cue.len();
            from = after;
            // Skip spaces and quotation marks, then read an all-caps word of 2 to 7 letters.
            let rest = &text[after..];
            let skip = rest.len()
                - rest
                    .trim_start_matches(|c: char| {
                        c.is_whitespace() || matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '«')
                    })
                    .len();
            let start = after + skip;
            let word: &str = text[start..]
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            if !ACRONYM_LETTERS.contains(&letters)
                || word.chars().any(char::is_lowercase)
                || skip > 4
            {
                continue;
            }
            let span = Span::new(start, start + word.len());
            let i = taken.partition_point(|t| t.start < span.end);
            if i > 0
                && taken[..i]
                    .iter()
                    .rev()
                    .take(OVERLAP_LOOKBACK)
                    .any(|t| t.overlaps(&span))
            {
                continue;
            }
            taken.insert(i, span);
            let t = doc.tokens.partition_point(|t| t.span.end <= start);
            let sentence = doc.sent_of.get(t).copied().unwrap_or(0) as usize;
            out.push(NameMention::decided(span, NameKind::Org, sentence));
        }
    }
}

pub(super) fn is_verbish(w: &str) -> bool {
    w.ends_with("ed") || NOT_IN_DESCRIPTIVE_NAMES.contains(w)
}

pub(super) fn word_positions(s: &str) -> Vec<(usize, &str)> {
    let mut v = vec![];
    let mut start = None;
    for (i, c) in s.char_indices() {
        let inword = c.is_alphanumeric() || c == '-' || c == '\'';
        match (inword, start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                v.push((st, &s[st..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        v.push((st, &s[st..]));
    }
    v
}
