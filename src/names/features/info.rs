//! What one token is on its own, before features are formed: [`Info`], with its word-list
//! and lexicon flags, and the word-form helpers (shape, affixes, possessive).

use super::hash::hash_bytes;
use super::{
    Extractor, C_ALLCAPS, C_CAP, C_LOWER, C_NUMBER, C_OTHER, C_PUNCT, L_FIRST_F, L_FIRST_M,
    L_FIRST_U, L_KNOWN_ORG, L_LEGAL, L_PLACE, L_SURNAME, W_ACR_STOP,
};
use crate::lexicon::{Gender, Lexicon};
use crate::segment::{Doc, TokKind};

/// Mixed into a number's shape hash to give its word hash: keeps the two templates' values
/// apart (a number has no lower-cased form of its own; its shape stands in for it).
const NUMBER_SALT: u64 = 0x77;
/// A word needs this many letters to be all caps (`A` alone is a capital, not an acronym).
const ALLCAPS_MIN_LETTERS: usize = 2;
/// Longest word shape kept: enough to tell `X.X.` from `Xx-Xx`, short enough to generalise.
const SHAPE_MAX: usize = 8;

/// What is known about one token before features are formed.
#[derive(Clone, Copy, Default)]
pub(super) struct Info {
    /// Hash of the lower-cased form (possessive stripped).
    pub lw: u64,
    /// Hash of the short shape.
    pub shape: u64,
    /// Word-list and lexicon flags (`W_…`, `L_…`).
    pub flags: u32,
    /// Capitalisation class (`C_…`).
    pub cap: u8,
    /// How common the word is in lower case: 0 never, then by order of magnitude (1 to 4).
    pub common: u8,
    /// A single capital letter (an initial).
    pub initial: bool,
    /// A word token (not punctuation or a number).
    pub word: bool,
    /// Written with a possessive `'s`.
    pub poss: bool,
    /// Letters in the form.
    pub letters: u8,
    /// Range of the lower-cased form in the document's lower-case buffer.
    pub low: (u32, u32),
    /// Upper-case first letter (for acronyms).
    pub first_upper: Option<char>,
}

impl Info {
    /// A word that can be part of a name: capitalised or all caps.
    pub fn is_name_word(&self) -> bool {
        self.word && (self.cap == C_CAP || self.cap == C_ALLCAPS)
    }
}

impl Extractor {
    /// The [`Info`] of token `i`. Its lower-cased form is appended to `lows`; `title` is a
    /// scratch buffer for the title-case form the name lists are looked up in.
    pub(super) fn info(
        &self,
        text: &str,
        doc: &Doc,
        i: usize,
        lx: &Lexicon,
        lows: &mut String,
        title: &mut String,
    ) -> Info {
        let t = doc.tokens[i];
        let raw = doc.tok(text, i);
        let mut f = Info {
            word: t.kind == TokKind::Word,
            ..Info::default()
        };
        match t.kind {
            TokKind::Punct => {
                f.cap = C_PUNCT;
                f.lw = hash_bytes(raw.as_bytes());
                f.shape = f.lw;
                let s = lows.len() as u32;
                f.low = (s, s);
                return f;
            }
            TokKind::Number => {
                f.cap = C_NUMBER;
                let s = shape_of(raw);
                f.lw = hash_bytes(s.as_bytes()) ^ NUMBER_SALT;
                f.shape = hash_bytes(s.as_bytes());
                let p = lows.len() as u32;
                f.low = (p, p);
                return f;
            }
            TokKind::Word => {}
        }
        let w = strip_poss(raw);
        f.poss = w.len() != raw.len();
        let start = lows.len();
        for c in w.chars() {
            lows.extend(c.to_lowercase());
        }
        f.low = (start as u32, lows.len() as u32);
        let low = &lows[start..];
        f.lw = hash_bytes(low.as_bytes());
        f.shape = hash_bytes(shape_of(w).as_bytes());
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        f.letters = letters.min(u8::MAX as usize) as u8;
        let first = w.chars().next().unwrap_or(' ');
        f.first_upper = first.is_uppercase().then_some(first);
        let all_caps = letters >= ALLCAPS_MIN_LETTERS && w.chars().all(|c| !c.is_lowercase());
        f.cap = if all_caps {
            C_ALLCAPS
        } else if first.is_uppercase() {
            C_CAP
        } else if first.is_lowercase() {
            C_LOWER
        } else {
            C_OTHER
        };
        f.initial = letters == 1 && first.is_uppercase();
        let key = low.trim_end_matches('.');
        if let Some(&fl) = self.words.get(key) {
            f.flags |= fl;
        }
        if f.cap == C_ALLCAPS && self.acronym_stop.contains(w) {
            f.flags |= W_ACR_STOP;
        }
        f.common = common_bucket(lx.lower_count(key));
        f.flags |= lexicon_flags(lx, w, key, f.cap, title);
        f
    }
}

/// How often a word is seen in lower case, by order of magnitude: 0 never, 1 up to 9 times,
/// 2 up to 99, 3 up to 999, 4 more.
fn common_bucket(lower_count: u32) -> u8 {
    match lower_count {
        0 => 0,
        1..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        _ => 4,
    }
}

/// The lexicon's flags of word `w` (lower-cased and without a final dot: `key`;
/// capitalisation class `cap`): first name with its gender, surname, place, known
/// organization, legal form. `title` is a scratch buffer.
fn lexicon_flags(lx: &Lexicon, w: &str, key: &str, cap: u8, title: &mut String) -> u32 {
    let mut flags = 0;
    // Name lists are written in title case (`Aaron`); look the token up in that form.
    let tc: &str = if cap == C_CAP && !w.chars().skip(1).any(char::is_uppercase) {
        w
    } else {
        title.clear();
        let mut cs = key.chars();
        if let Some(c) = cs.next() {
            title.extend(c.to_uppercase());
            title.push_str(cs.as_str());
        }
        title.as_str()
    };
    if let Some(g) = lx.first_name(tc) {
        flags |= match g {
            Gender::Male => L_FIRST_M,
            Gender::Female => L_FIRST_F,
            Gender::Unknown => L_FIRST_U,
        };
    }
    if lx.is_surname(tc) {
        flags |= L_SURNAME;
    }
    if lx.is_place(tc) || lx.is_place(w) {
        flags |= L_PLACE;
    }
    if lx.is_known_org(w) || lx.is_known_org(tc) {
        flags |= L_KNOWN_ORG;
    }
    if lx.is_legal_form(key) {
        flags |= L_LEGAL;
    }
    flags
}

/// Drops a possessive `'s` (or `’s`) and a bare trailing apostrophe.
pub fn strip_poss(s: &str) -> &str {
    s.strip_suffix("'s")
        .or_else(|| s.strip_suffix("’s"))
        .or_else(|| s.strip_suffix("'S"))
        .filter(|r| !r.is_empty())
        .unwrap_or(s)
}

/// Short word shape: `Xx`, `X.X.`, `xx-Xx`, `dd`; runs of one class collapse.
pub(super) fn shape_of(w: &str) -> String {
    let mut s = String::with_capacity(SHAPE_MAX);
    let mut last = '\0';
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if k != last {
            s.push(k);
            last = k;
            if s.len() >= SHAPE_MAX {
                break;
            }
        }
    }
    s
}

/// The first `n` characters of `s` (all of it if shorter).
pub(super) fn prefix_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The last `n` characters of `s` (all of it if shorter).
pub(super) fn suffix_chars(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    match s.char_indices().nth(count - n) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_affixes() {
        assert_eq!(shape_of("Núñez"), "Xx");
        assert_eq!(shape_of("U.S."), "X.X.");
        assert_eq!(shape_of("COVID-19"), "X-d");
        assert_eq!(suffix_chars("núñez", 3), "ñez");
        assert_eq!(prefix_chars("núñez", 2), "nú");
        assert_eq!(strip_poss("Alibaba’s"), "Alibaba");
        assert_eq!(strip_poss("'s"), "'s");
    }
}
