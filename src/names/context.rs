//! Small readings of the text around a name that several passes share.

use super::*;

/// How often a word must be seen in lower case in the lexicon's corpus to count as a common
/// word rather than a name part (`Apple` is both; `Barchiesi` is never lower case).
pub(super) const COMMON_WORD_COUNT: u32 = 30;
/// As [`COMMON_WORD_COUNT`], for words so common that a name never ends in one (`Dear`, `You`).
pub(super) const VERY_COMMON_WORD_COUNT: u32 = 200;
/// Letters a place's stem keeps before a nationality suffix (`Ken|yan`): shorter stems match
/// too many places by accident.
const MIN_DEMONYM_STEM_CHARS: usize = 3;

pub(super) fn lc(s: &str) -> String {
    s.to_lowercase()
}

pub(super) fn in_list(list: &List, w: &str) -> bool {
    list.contains(w)
}

/// Is `w` (as written) a common word rather than a name part?
pub(super) fn common_word(lx: &Lexicon, w: &str) -> bool {
    lx.lower_count(&lc(w)) >= COMMON_WORD_COUNT
}

pub(super) fn is_initial(w: &str) -> bool {
    let mut c = w.chars();
    matches!((c.next(), c.next()), (Some(x), None) if x.is_uppercase())
}

/// Sorts mentions by position (stable: mentions with one span keep their order).
pub(super) fn out_sort(out: &mut [NameMention]) {
    out.sort_by_key(|m| (m.span.start, m.span.end));
}

/// A nationality made from a known place (`Kenyan`, `Nigerians`, `Brazilian`, `Ghanaian`):
/// a word, not a name (the guidelines leave nationalities untagged).
pub(super) fn is_demonym(lx: &Lexicon, s: &str) -> bool {
    if s.contains(char::is_whitespace) || !s.starts_with(char::is_uppercase) {
        return false;
    }
    if IRREGULAR_DEMONYMS.contains(s) {
        return true;
    }
    let w = s.strip_suffix('s').unwrap_or(s);
    // `Kenyan` (Kenya), `Brazilian` (Brazil), `Italian` (Italy), `Canadian` (Canada),
    // `Chinese` (China), `Swedish` (Sweden), `Pakistani` (Pakistan), `Turkish` (Turkey).
    const RULES: &[(&str, &[&str])] = &[
        ("ian", &["", "a", "y", "ia", "e"]),
        ("an", &["", "a", "o", "e", "any"]),
        ("n", &[""]),
        ("ese", &["", "a", "on", "al"]),
        ("ish", &["", "en", "ey", "and"]),
        ("i", &[""]),
    ];
    RULES.iter().any(|(suffix, ends)| {
        w.strip_suffix(suffix)
            .filter(|stem| stem.chars().count() >= MIN_DEMONYM_STEM_CHARS)
            .is_some_and(|stem| ends.iter().any(|end| lx.is_place(&format!("{stem}{end}"))))
    })
}

pub(super) fn is_craft_word(doc: &Doc, t: usize) -> bool {
    let tok = doc.tokens[t];
    if tok.kind != TokKind::Word {
        return false;
    }
    let l = doc.lower(t);
    CRAFT_WORDS.contains(l) || (tok.cap && CRAFT_WORDS_CAPITALISED.contains(l))
}

/// `the town of Coleman`: the word at `first` names a place, whether or not the lists know it.
pub(super) fn after_place_noun(text: &str, doc: &Doc, first: usize) -> bool {
    word_before(doc, first, 1).is_some_and(|p| doc.tok(text, p) == "of")
        && word_before(doc, first, 2)
            .is_some_and(|p| !doc.tokens[p].cap && PLACE_NOUNS.contains(doc.tok(text, p)))
}

pub(super) fn is_group_word(lx: &Lexicon, w: &str) -> bool {
    GROUP_WORDS.contains(lc(w).as_str()) || is_demonym(lx, w)
}

/// The word token `n` tokens before `first`, in the same sentence.
pub(super) fn word_before(doc: &Doc, first: usize, n: usize) -> Option<usize> {
    let p = first.checked_sub(n)?;
    (doc.sent_of[p] == doc.sent_of[first]).then_some(p)
}

/// The word before `first` in the same sentence, read past an abbreviation's dot when it is a
/// token of its own (`Gen. Ridgway`, `Mr. Burman`): where a title before a name is.
pub(super) fn title_before(text: &str, doc: &Doc, first: usize) -> Option<usize> {
    let p = word_before(doc, first, 1)?;
    Some(match doc.tok(text, p) {
        "." => word_before(doc, first, 2).unwrap_or(p),
        _ => p,
    })
}

/// Is `s` a known place, as written or, written in capitals, in title case (`RUSSIA`, `NEW
/// YORK` in a wire headline or dateline)?
pub(super) fn is_place_any_case(lx: &Lexicon, s: &str) -> bool {
    lx.is_place(s)
        || s.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !s.chars().any(char::is_lowercase)
            && lx.is_place(&title_case(s))
}

/// `s` with each word's first letter kept and the others lower-cased (`NEW YORK` → `New
/// York`).
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

/// Is the text of tokens `a..=b` (joined as written) a known place?
pub(super) fn place_at(text: &str, doc: &Doc, lx: &Lexicon, a: usize, b: usize) -> bool {
    lx.is_place(&text[doc.tokens[a].span.start..doc.tokens[b].span.end])
}

/// A run of capitalised words without a common word that opens its sentence (`Then` of `Then
/// Liverpool crushed Southampton`); `None` when nothing is left.
pub(super) fn without_opening(
    text: &str,
    doc: &Doc,
    lx: &Lexicon,
    (a, b): (usize, usize),
) -> Option<(usize, usize)> {
    let opens = doc.sentences[doc.sent_of[a] as usize].tokens.start == a;
    let a = if opens && common_word(lx, doc.tok(text, a)) {
        a + 1
    } else {
        a
    };
    (a < b).then_some((a, b))
}
