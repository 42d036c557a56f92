//! Names that cues in the text settle: company head words, e-mail display names, organization cue nouns.

use super::context::*;
use super::*;
use crate::words::{AUX, CUE_VERBS};

/// A capitalised run of two words or more that the tagger left untagged, ending in a company's
/// head word, is an organization (a net under the tagger, which weighs the same cue).
pub(super) fn cue_orgs(text: &str, doc: &Doc, tags: &[u8], out: &mut Vec<NameMention>) {
    let cap = |t: usize| doc.tokens[t].kind == TokKind::Word && doc.tokens[t].cap;
    let mut added = vec![];
    for s in doc.sentences.iter() {
        let mut i = s.tokens.start;
        while i < s.tokens.end {
            if !cap(i) || tags[i] != 0 || doc.tok(text, i) == "The" {
                i += 1;
                continue;
            }
            // Words, with `&` between two of them.
            let mut j = i;
            let mut words = 0;
            while j < s.tokens.end && tags[j] == 0 {
                if cap(j) {
                    words += 1;
                    j += 1;
                } else if doc.tokens[j].first == '&' && j + 1 < s.tokens.end && cap(j + 1) {
                    j += 1;
                } else {
                    break;
                }
            }
            // A place read as such just before belongs to the company's name (`Korea
            // Investment & Securities`).
            let mut a = i;
            while a > s.tokens.start && cap(a - 1) && Class::of(tags[a - 1]) == Class::Place {
                a -= 1;
            }
            if words + (i - a) >= 2 && COMPANY_HEADS.contains(doc.lower(j - 1)) {
                added.push((
                    Span::new(doc.tokens[a].span.start, doc.tokens[j - 1].span.end),
                    doc.sent_of[i] as usize,
                ));
            }
            i = j.max(i + 1);
        }
    }
    if added.is_empty() {
        return;
    }
    for (span, sentence) in added {
        out.push(NameMention::decided(span, NameKind::Org, sentence));
    }
    out_sort(out);
}

/// An e-mail display name, `"Townsend, George" <gt@example.com>`: surname, comma, first name
/// inside quotes is one person.
pub(super) fn display_names(text: &str, doc: &Doc, lx: &Lexicon, out: &mut Vec<NameMention>) {
    let quote = |t: usize| matches!(doc.tokens[t].first, '"' | '“' | '”');
    let word = |t: usize| doc.tokens[t].kind == TokKind::Word && doc.tokens[t].cap;
    let mut found: Vec<(Span, usize)> = vec![];
    for a in 0..doc.tokens.len().saturating_sub(4) {
        if !(quote(a)
            && word(a + 1)
            && doc.tokens[a + 2].first == ','
            && word(a + 3)
            && quote(a + 4)
            && lx.first_name(doc.tok(text, a + 3)).is_some()
            && doc.sent_of[a + 1] == doc.sent_of[a + 3])
        {
            continue;
        }
        found.push((
            Span::new(doc.tokens[a + 1].span.start, doc.tokens[a + 3].span.end),
            doc.sent_of[a + 1] as usize,
        ));
    }
    if found.is_empty() {
        return;
    }
    // Mentions inside a display name give way to it (`found` is in text order).
    let inside = |m: &NameMention| {
        let k = found.partition_point(|(f, _)| f.end <= m.span.start);
        found.get(k).is_some_and(|(f, _)| f.start < m.span.end)
    };
    out.retain(|m| !inside(m));
    for (span, sentence) in found {
        out.push(NameMention::decided(span, NameKind::Person, sentence));
    }
}

/// A person-tagged name right after an organization cue noun (`the luxury brand X`), described
/// by one in apposition (`X, the French drinks group,`), or right before a noun of its members
/// (`al Shabaab militants`), is an organization; the cue outweighs what the tagger learnt from
/// the name's words.
pub(super) fn org_cues(text: &str, doc: &Doc, out: &mut [NameMention]) {
    for m in out.iter_mut() {
        if m.kind != NameKind::Person {
            continue;
        }
        let after = doc.tokens.partition_point(|t| t.span.start < m.span.end);
        let members = after < doc.tokens.len()
            && doc.sent_of[after] == m.sentence as u32
            && MEMBER_NOUNS.contains(doc.tok(text, after));
        if members || described_as_org(text, doc, m.span) {
            m.kind = NameKind::Org;
            m.sureness = Sureness::Decided(NameKind::Org);
            continue;
        }
        let first = doc.tokens.partition_point(|t| t.span.end <= m.span.start);
        let Some(p) = first.checked_sub(1) else {
            continue;
        };
        if doc.sent_of[p] != doc.sent_of[first] || doc.tokens[p].kind != TokKind::Word {
            continue;
        }
        let w = doc.tok(text, p);
        if w.chars().all(char::is_lowercase) && ORG_CUE_NOUNS.contains(w) {
            // `the brand's founder X` has no cue right before the name; `brand X` has.
            let before = p.checked_sub(1).map(|b| doc.lower(b));
            let determiner_or_adjective = before.is_some_and(|b| !NOT_ORG_CUE_BEFORE.contains(b));
            if determiner_or_adjective {
                m.kind = NameKind::Org;
                // Decisive: the cue settles the kind of this surface and its alternate forms.
                m.sureness = Sureness::Decided(NameKind::Org);
            }
        }
    }
}

/// A one-word name that the text only ever uses after `the` (`the Bundesbank`, `the Kremlin`,
/// `the Flock`), and not a known first name or surname, is no person's: a person is named
/// without an article, if only once (`under Khrushchev`, beside `the Khrushchev regime`). At
/// least one of its uses must be followed by a verb, not by a noun or a title that it
/// describes: a sentence's punctuation, a possessive, an auxiliary or a verb of speech (`the
/// Bundesbank said`, `the Bundesbank's decision`, `the Illini are`; not only `the Obama
/// administration` or `the Petipa-Tschaikowsky "Sleeping Beauty"`).
pub(super) fn institutions_after_the(text: &str, doc: &Doc, lx: &Lexicon, out: &mut [NameMention]) {
    let the = |t: usize| {
        t > 0
            && doc.sent_of[t - 1] == doc.sent_of[t]
            && matches!(doc.tok(text, t - 1), "the" | "The")
    };
    let mut candidates: HashMap<&str, (usize, usize, bool)> = HashMap::new();
    for m in out.iter().filter(|m| m.kind == NameKind::Person) {
        let first = doc.tokens.partition_point(|t| t.span.end <= m.span.start);
        let w = &text[m.span.start..m.span.end];
        if first < doc.tokens.len()
            && doc.tokens[first].span == m.span
            && the(first)
            && lx.first_name(w).is_none()
            && !lx.is_surname(w)
        {
            candidates.insert(w, (0, 0, false));
        }
    }
    if candidates.is_empty() {
        return;
    }
    // Every use of each candidate: how many, how many after `the`, and whether one of those is
    // followed by a verb or a mark. Headlines drop their articles (`Bundesbank keeps rates
    // steady`): their uses do not count.
    let headline = |t: usize| doc.paragraphs[doc.sentences[doc.sent_of[t] as usize].para].headline;
    for t in (0..doc.tokens.len()).filter(|&t| doc.tokens[t].cap) {
        let w = doc.tok(text, t);
        let base = strip_poss(w);
        let Some(c) = candidates.get_mut(base) else {
            continue;
        };
        if headline(t) {
            continue;
        }
        c.0 += 1;
        if the(t) {
            c.1 += 1;
            c.2 |= base.len() < w.len();
            let next = t + 1;
            let w = doc.tok(text, next.min(doc.tokens.len() - 1));
            c.2 |= next >= doc.tokens.len()
                || doc.sent_of[next] != doc.sent_of[t]
                || matches!(w, "," | "." | ";" | ":" | "!" | "?" | "'s" | "’s")
                || AUX.contains(w)
                || CUE_VERBS.contains(w);
        }
    }
    for m in out.iter_mut().filter(|m| m.kind == NameKind::Person) {
        if candidates
            .get(&text[m.span.start..m.span.end])
            .is_some_and(|&(all, after_the, verb_or_mark)| all == after_the && verb_or_mark)
        {
            m.kind = NameKind::Org;
            m.sureness = Sureness::Decided(NameKind::Org);
        }
    }
}

/// Is the name at `span` followed by an apposition whose head is an organization cue noun:
/// `, the French drinks group,`, `, a Somali militant group.`, `, the world's largest maker of
/// X`? The head is the last word before punctuation or a relative word, so `, a company
/// spokesman,` and `, the head of the group,` describe a person.
fn described_as_org(text: &str, doc: &Doc, span: Span) -> bool {
    let after = doc.tokens.partition_point(|t| t.span.start < span.end);
    let sent = |t: usize| doc.sent_of.get(t).copied();
    let Some(s) = sent(after) else { return false };
    if doc.tok(text, after) != "," || sent(after + 1) != Some(s) {
        return false;
    }
    if !matches!(doc.lower(after + 1), "the" | "a" | "an") {
        return false;
    }
    for h in after + 2..(after + 7).min(doc.tokens.len()) {
        if sent(h) != Some(s) || doc.tokens[h].kind != TokKind::Word {
            return false;
        }
        let w = doc.tok(text, h);
        let possessive = w.ends_with("'s") || w.ends_with("’s");
        if w == "of" || possessive && !matches!(doc.lower(h), "world's" | "world’s") {
            return false;
        }
        if ORG_CUE_NOUNS.contains(w) {
            let next = h + 1;
            return next >= doc.tokens.len()
                || sent(next) != Some(s)
                || doc.tokens[next].kind == TokKind::Punct
                || matches!(doc.lower(next), "that" | "which" | "based" | "whose" | "of");
        }
    }
    false
}

/// An untagged run of capitalised words described by an organization noun in apposition
/// (`Hallstrom, the world's largest maker of ball bearings,`) is an organization; not a common
/// word opening its sentence (`However, the group …`), nor a place.
pub(super) fn apposed_orgs(text: &str, doc: &Doc, lx: &Lexicon, out: &mut Vec<NameMention>) {
    let mut covered: Vec<Span> = out.iter().map(|m| m.span).collect();
    covered.sort_by_key(|s| s.start);
    let before = out.len();
    for c in 1..doc.tokens.len() {
        if c + 1 >= doc.tokens.len()
            || doc.tok(text, c) != ","
            || !matches!(doc.lower(c + 1), "the" | "a" | "an")
        {
            continue;
        }
        let cap = |t: usize| {
            doc.tokens[t].kind == TokKind::Word
                && doc.tokens[t].cap
                && doc.sent_of[t] == doc.sent_of[c]
        };
        let mut a = c;
        while a > 0 && c - a < 4 && cap(a - 1) {
            a -= 1;
        }
        // (a run longer than four words is no name of this kind)
        if a > 0 && doc.sent_of[a - 1] == doc.sent_of[c] && cap(a - 1) {
            continue;
        }
        let Some((a, _)) = without_opening(text, doc, lx, (a, c)) else {
            continue;
        };
        let span = Span::new(doc.tokens[a].span.start, doc.tokens[c - 1].span.end);
        let k = covered.partition_point(|x| x.end <= span.start);
        let free = covered.get(k).is_none_or(|x| x.start >= span.end);
        let s = &text[span.start..span.end];
        if free && !lx.is_place(s) && described_as_org(text, doc, span) {
            out.push(NameMention::decided(
                span,
                NameKind::Org,
                doc.sent_of[a] as usize,
            ));
        }
    }
    if out.len() > before {
        out_sort(out);
    }
}
