//! From the tagger's runs of tags to name mentions: split where one run holds two names, trimmed to the guidelines.

use super::context::*;
use super::*;
use crate::words::{NAME_ABBREVIATIONS, PERSON_NOUNS, PREPOSITIONS};

/// The tagger's runs of person and organization tags as mentions: cut at spaced dashes and
/// brackets, split where one run holds two people, trimmed to the guidelines, with the
/// tagger's margin; a well-known organization (data/orgs.txt) is one whatever its words suggest.
pub(super) fn tagged_mentions(
    text: &str,
    doc: &Doc,
    lx: &Lexicon,
    tagged: &tagger::Tagged,
) -> Vec<NameMention> {
    let mut out: Vec<NameMention> = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        let mut i = s.tokens.start;
        while i < s.tokens.end {
            let c = Class::of(tagged.tags[i]);
            if c == Class::Outside {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < s.tokens.end && tagged.tags[j] as usize == c.inside() {
                j += 1;
            }
            // A spaced dash never sits inside a name (`SEOUL - Samsung Electronics`), nor does
            // a bracket (`[George W.] Bush`, an editor's insertion).
            let mut pieces = vec![];
            let mut from = i;
            for k in i..=j {
                let dash = k < j && {
                    let t = doc.tokens[k];
                    t.kind == TokKind::Punct
                        && (matches!(t.first, '[' | ']' | '(' | ')')
                            || (matches!(t.first, '-' | '–' | '—')
                                && t.space_before
                                && doc.tokens.get(k + 1).is_some_and(|n| n.space_before)))
                };
                if k == j || dash {
                    if from < k {
                        if c == Class::Person {
                            pieces.extend(split_people(text, doc, lx, from, k));
                        } else {
                            pieces.push((from, k));
                        }
                    }
                    from = k + 1;
                }
            }
            for (pi, pj) in pieces
                .into_iter()
                .filter(|_| matches!(c, Class::Person | Class::Org))
            {
                let kind = if c == Class::Person {
                    NameKind::Person
                } else {
                    NameKind::Org
                };
                if let Some((span, a, b)) = trim_span(text, doc, lx, pi, pj, s.tokens.end, kind) {
                    let mut m = Sureness::Tagger(
                        (a..b).map(|t| org_margin(&tagged.scores[t])).sum::<f32>() / (b - a) as f32,
                    );
                    // A well-known organization (data/orgs.txt) is one, whatever its words suggest.
                    let kind = if lx.is_known_org(&text[span.start..span.end]) {
                        m = Sureness::Decided(NameKind::Org);
                        NameKind::Org
                    } else {
                        kind
                    };
                    out.push(NameMention {
                        span,
                        kind,
                        alias_of: None,
                        sentence: si,
                        sureness: m,
                    });
                }
            }
            i = j;
        }
    }
    out
}

/// Abbreviations whose dot belongs to the name.
pub(super) fn keeps_dot(lx: &Lexicon, w: &str) -> bool {
    let l = lc(w);
    is_initial(w) || NAME_ABBREVIATIONS.contains(&l) || lx.is_legal_form(&l)
}

/// Splits a run of tokens `i..j` that the tagger read as one person's name into the names it
/// holds ([`split_person_run`]). A person's name holds no common lower-case word but a
/// particle (`de`, `van`, `bin`): where the tagger ran two names together across a verb
/// (`Pete Sampras beat Argentina's Javier Frana`), each side is read on its own; before a
/// role (`Labour leader`, `World Bank President`) and after a preposition (`of Sherman`), a
/// side is no person.
pub(super) fn split_people(
    text: &str,
    doc: &Doc,
    lx: &Lexicon,
    i: usize,
    j: usize,
) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let (mut from, mut place) = (i, false);
    for k in i..=j {
        let word = k < j && doc.tokens[k].kind == TokKind::Word;
        let w = if word { doc.tok(text, k) } else { "" };
        let lower = w.starts_with(char::is_lowercase);
        // A role between two names: `Labour leader Tony Blair`, `World Bank President James
        // Wolfensohn` (a capitalised title that no one is named, between capitalised words).
        let role = word
            && if lower {
                PERSON_NOUNS.contains(w) || in_list(&TITLES, w)
            } else {
                k > from
                    && k + 1 < j
                    && doc.tokens[k + 1].cap
                    && in_list(&TITLES, &lc(w))
                    && lx.first_name(w).is_none()
                    && !lx.is_surname(w)
            };
        let breaks = role || lower && !PARTICLES.contains(w) && common_word(lx, w);
        if k == j || breaks {
            let named = (from..k).any(|t| doc.tokens[t].cap);
            // What comes before a role is whom the person works for or where: no person.
            if named && !place && !role {
                out.extend(split_person_run(text, doc, lx, from, k));
            }
            // After a name, a preposition opens where the person is from or works, no other
            // person: `Rep. Charles E. Hughes of Sherman and …`.
            place = named && !place && k < j && PREPOSITIONS.contains(doc.tok(text, k));
            from = k + 1;
        }
    }
    out
}

/// Splits a run tagged as one person where it is clearly two (names glued together without
/// punctuation, as in signatures and bylines): where the name starts again (`Phillip Phillip`,
/// `Debra Perlingiere Debra Perlingiere`), and
/// before a first name that follows a surname in a run of four or more words (`Larry Lewis Tom
/// Martin`); a common word at the end (`Vince Dear`) is dropped.
fn split_person_run(
    text: &str,
    doc: &Doc,
    lx: &Lexicon,
    i: usize,
    j: usize,
) -> Vec<(usize, usize)> {
    let words: Vec<usize> = (i..j)
        .filter(|&t| doc.tokens[t].kind == TokKind::Word)
        .collect();
    let mut cuts = vec![];
    // First word of the piece being read (a cut starts a new one).
    let mut piece = 0;
    for w in 1..words.len() {
        let (p, t) = (words[w - 1], words[w]);
        let (pw, tw) = (doc.tok(text, p), doc.tok(text, t));
        // The name starts again: `Phillip Phillip`, `Debra Perlingiere Debra Perlingiere`.
        if pw == tw || (w >= piece + 2 && tw == doc.tok(text, words[piece])) {
            cuts.push(t);
            piece = w;
            continue;
        }
        let left = w - piece;
        let right = words.len() - w;
        let first_only = lx.first_name(tw).is_some() && !lx.is_surname(tw);
        let prev_surname = lx.is_surname(strip_poss(pw)) && lx.first_name(pw).is_none();
        let next_surname = words
            .get(w + 1)
            .is_some_and(|&n| lx.is_surname(strip_poss(doc.tok(text, n))));
        if words.len() >= 4 && left >= 2 && right >= 2 && first_only && prev_surname && next_surname
        {
            cuts.push(t);
            piece = w;
        }
    }
    // A greeting glued to the signature before it: `Debra Perlingiere Kathleen, You are
    // correct`, `Phillip Allen Greg, I faxed you`. The last word is a first name, and a
    // capitalised common word (not a title) opens what follows the comma.
    // Two signatures glued together, first name and surname each: `Doug Sewell Jeffrey Synder`.
    if words.len() == 4 && cuts.is_empty() {
        let first = |k: usize| lx.first_name(doc.tok(text, words[k])).is_some();
        if first(0) && !first(1) && first(2) && !first(3) {
            cuts.push(words[2]);
        }
    }
    // Two-word runs count only when both words are first names (`Vince Traci, Thanks.`).
    let two_first_names = words.len() == 2
        && words
            .iter()
            .all(|&w| lx.first_name(doc.tok(text, w)).is_some());
    if words.len() >= 3 || two_first_names {
        let last = words[words.len() - 1];
        let lw = doc.tok(text, last);
        let greeting = lx.first_name(lw).is_some()
            && !cuts.contains(&last)
            && doc
                .tokens
                .get(last + 1)
                .is_some_and(|c| c.first == ',' && !c.space_before)
            && doc.tokens.get(last + 2).is_some_and(|n| {
                let w = doc.tok(text, last + 2);
                n.kind == TokKind::Word
                    && n.cap
                    && !in_list(&TITLES, &lc(w))
                    && (w == "I" || lx.lower_count(&lc(w)) >= VERY_COMMON_WORD_COUNT)
            });
        if greeting {
            cuts.push(last);
        }
    }
    let mut out = vec![];
    let mut start = i;
    for c in cuts {
        if c > start {
            out.push((start, c));
        }
        start = c;
    }
    out.push((start, j));
    // A common lower-case word glued to the end: `Vince Dear`.
    if let Some(last) = out.last_mut() {
        let ws: Vec<usize> = (last.0..last.1)
            .filter(|&t| doc.tokens[t].kind == TokKind::Word)
            .collect();
        if ws.len() >= 2 {
            let w = doc.tok(text, ws[ws.len() - 1]);
            if lx.lower_count(&lc(w)) >= VERY_COMMON_WORD_COUNT
                && lx.first_name(w).is_none()
                && !lx.is_surname(w)
            {
                last.1 = ws[ws.len() - 1];
            }
        }
    }
    out
}

/// A token's organization score minus its person score.
pub(super) fn org_margin(s: &[f32; N_TAGS]) -> f32 {
    s[Class::Org.begin()].max(s[Class::Org.inside()])
        - s[Class::Person.begin()].max(s[Class::Person.inside()])
}

/// Trims a tagged run `i..j` of tokens to the guidelines; returns the span and the tokens kept.
pub(super) fn trim_span(
    text: &str,
    doc: &Doc,
    lx: &Lexicon,
    i: usize,
    j: usize,
    sent_end: usize,
    kind: NameKind,
) -> Option<(Span, usize, usize)> {
    let (mut a, mut b) = (i, j);
    while a < b {
        let t = doc.tokens[a];
        let w = doc.tok(text, a);
        let l = lc(w);
        let title = kind == NameKind::Person
            && a + 1 < b
            && in_list(&TITLES, &l)
            && doc.tokens[a + 1..b]
                .iter()
                .any(|x| x.kind == TokKind::Word && x.cap);
        let not_name = matches!(
            l.as_str(),
            "née" | "nee" | "born" | "aka" | "alias" | "formerly"
        );
        if t.kind == TokKind::Punct || l == "the" || title || not_name {
            a += 1;
            // The dot of `Mr.`
            if title && a < b && doc.tokens[a].first == '.' {
                a += 1;
            }
        } else {
            break;
        }
    }
    // `Governor of Washington Delia Marchetti`: a known place right after a title and `of`
    // is the title's place, not the start of the person's name.
    if kind == NameKind::Person
        && a >= 2
        && doc.sent_of[a - 2] == doc.sent_of[a]
        && doc.tok(text, a - 1) == "of"
        && {
            let l = doc.lower(a - 2);
            in_list(&TITLES, l) || PLACE_OF.contains(l)
        }
    {
        let place_end = (a..b.saturating_sub(1))
            .rev()
            .find(|&k| place_at(text, doc, lx, a, k))
            .map(|k| k + 1);
        if let Some(e) = place_end.filter(|&e| {
            doc.tokens[e..b]
                .iter()
                .any(|x| x.kind == TokKind::Word && x.cap)
        }) {
            a = e;
        }
    }
    let name_follows = doc
        .tokens
        .get(j)
        .is_some_and(|n| n.kind == TokKind::Word && n.cap && doc.sent_of[j] == doc.sent_of[i]);
    while b > a {
        let t = doc.tokens[b - 1];
        let keep_dot = t.first == '.'
            && !t.space_before
            && b - 1 > a
            && doc.tokens[b - 2].kind == TokKind::Word
            && keeps_dot(lx, doc.tok(text, b - 2));
        let w = doc.tok(text, b - 1);
        let l = lc(w);
        // A common lower-case word is not the end of a name (`the Sunni heartland`), nor any
        // lower-case word after a possessive (`the European Union's veterinary committee`).
        let after_possessive = b - 1 > a && {
            let p = doc.tok(text, b - 2);
            strip_poss(p).len() < p.len()
        };
        // A title after an organization's name is the role of the person named next (`NATO
        // Secretary-General Javier Solana`), not part of the organization's name.
        let trailing_title = kind == NameKind::Org
            && name_follows
            && t.kind == TokKind::Word
            && b - 1 > a
            && w.starts_with(char::is_uppercase)
            && in_list(&TITLES, &l)
            && doc.tokens[b - 2].kind == TokKind::Word
            && doc.tokens[b - 2].cap
            && !matches!(doc.lower(b - 2), "of" | "the");
        let trailing_word = t.kind == TokKind::Word
            && b - 1 > a
            && w.starts_with(char::is_lowercase)
            && t.space_before
            && !PARTICLES.contains(w)
            && (after_possessive || !ORG_HEADS.contains(w) && common_word(lx, w));
        if (t.kind == TokKind::Punct && !keep_dot)
            || trailing_word
            || trailing_title
            || (t.kind == TokKind::Word
                && matches!(l.as_str(), "of" | "for" | "and" | "the" | "'s"))
        {
            b -= 1;
        } else {
            break;
        }
    }
    if a >= b {
        return None;
    }
    let mut span = Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end);
    let last = doc.tokens[b - 1];
    if last.kind == TokKind::Word {
        let w = doc.tok(text, b - 1);
        let stripped = strip_poss(w);
        span.end -= w.len() - stripped.len();
        // `Inc.`, `Jr.`, `J.`: the dot right after belongs to the name.
        if b < sent_end && stripped.len() == w.len() && keeps_dot(lx, w) {
            let d = doc.tokens[b];
            if d.kind == TokKind::Punct && d.first == '.' && !d.space_before {
                span.end = d.span.end;
            }
        }
    }
    let s = &text[span.start..span.end];
    if !s.chars().any(char::is_alphabetic) {
        return None;
    }
    Some((span, a, b))
}
