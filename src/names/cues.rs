//! Names that cues in the text settle: company head words, e-mail display names, organization cue nouns.

use super::context::*;
use super::*;

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

/// A person-tagged name right after an organization cue noun (`the luxury brand X`) is an
/// organization; the cue outweighs what the tagger learnt from the name's words.
pub(super) fn org_cues(text: &str, doc: &Doc, out: &mut [NameMention]) {
    for m in out.iter_mut() {
        if m.kind != NameKind::Person {
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
