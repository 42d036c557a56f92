//! The second-stage features: what a first pass of the tagger (one tag a token) says about
//! the document: the token's own tag and its neighbours', how the same word and the same
//! name were tagged elsewhere, whether the word begins or ends a longer name elsewhere, and
//! whether an all-caps word is the initials of an organization found elsewhere.

use super::hash::{feat, hash_bytes, T};
use super::info::strip_poss;
use super::{class_of, inside_of, Class, DocFeatures, CLASS_NAMES, C_ALLCAPS, C_CAP, MANY, N_TAGS};
use crate::segment::{Doc, TokKind};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

/// Number of classes, "no name" included.
const N_CLASSES: usize = CLASS_NAMES.len();
/// Parts of a name a word can be: first or last word of a person's or an organization's
/// multi-word name (`(class - 1) * 2 + last`).
const N_PARTS: usize = 4;
/// `ent_of` of a token in no first-pass name.
const NO_ENT: u32 = u32::MAX;
/// Letters an organization's initials need to be compared with all-caps words.
const MIN_INITIALS: usize = 2;
/// The `SAcro` value: the all-caps word is the initials of a first-pass organization.
const ACRO_OF_ORG: u64 = 1;

/// A name the first pass found: tokens `start..end`, class index `class` (1..=4).
#[derive(Clone, Copy)]
struct Ent {
    start: usize,
    end: usize,
    class: usize,
}

/// Computes the second-stage features into `out` (after a copy of `base` if `with_base`).
pub(super) fn stack_into(
    text: &str,
    doc: &Doc,
    base: &DocFeatures,
    tags1: &[u8],
    out: &mut DocFeatures,
    with_base: bool,
) {
    let n = doc.tokens.len();
    out.offsets.clear();
    out.ids.clear();
    out.words.clear();
    if with_base {
        out.words.extend_from_slice(&base.words);
    }
    if n == 0 || base.words.len() != n || tags1.len() != n {
        out.offsets.push(0);
        return;
    }
    let fp = FirstPass::new(text, doc, base, tags1);
    out.offsets.reserve(n + 1);
    out.ids
        .reserve(if with_base { base.ids.len() } else { 0 } + n * 8);
    for t in 0..n {
        out.offsets.push(out.ids.len() as u32);
        if with_base {
            out.ids.extend_from_slice(base.of(t));
        }
        fp.push(t, &mut out.ids);
    }
    out.offsets.push(out.ids.len() as u32);
}

/// What the first pass says about the document, gathered before any token's features.
struct FirstPass<'a> {
    text: &'a str,
    doc: &'a Doc,
    base: &'a DocFeatures,
    tags1: &'a [u8],
    /// The first pass's names, in text order.
    ents: Vec<Ent>,
    /// Per token: the index of its name in `ents`, or [`NO_ENT`].
    ent_of: Vec<u32>,
    /// Per name: hash of its surface form.
    ent_surf: Vec<u64>,
    /// Per surface form: how many names of each class have it.
    surf: HashMap<u64, [u16; N_CLASSES]>,
    /// Per lower-cased word: the first-pass classes of its capitalised occurrences.
    word: HashMap<u64, [u16; N_CLASSES]>,
    /// Per lower-cased word: how often it begins or ends a multi-word name (see [`N_PARTS`]).
    part: HashMap<u64, [u16; N_PARTS]>,
    /// Hashes of the initials of the first pass's organizations.
    org_initials: HashSet<u64>,
}

impl<'a> FirstPass<'a> {
    fn new(text: &'a str, doc: &'a Doc, base: &'a DocFeatures, tags1: &'a [u8]) -> Self {
        let (ents, ent_of) = find_names(doc, tags1);
        let mut fp = FirstPass {
            text,
            doc,
            base,
            tags1,
            ents,
            ent_of,
            ent_surf: Vec::new(),
            surf: HashMap::new(),
            word: HashMap::new(),
            part: HashMap::new(),
            org_initials: HashSet::new(),
        };
        fp.count_surfaces();
        fp.count_words();
        fp.find_org_initials();
        fp
    }

    /// Whether token `t` is capitalised or all caps.
    fn capital(&self, t: usize) -> bool {
        matches!(self.base.words[t].1, C_CAP | C_ALLCAPS)
    }

    /// The name token `t` is in.
    fn ent(&self, t: usize) -> Option<Ent> {
        self.ents.get(self.ent_of[t] as usize).copied()
    }

    /// Which part (see [`N_PARTS`]) of a multi-word person or organization name token `t` is.
    fn part_of(&self, t: usize) -> Option<usize> {
        let e = self.ent(t)?;
        let is_word = |x: &usize| self.doc.tokens[*x].kind == TokKind::Word;
        let words = (e.start..e.end).filter(is_word).count();
        if words < 2 || e.class > Class::Org as usize {
            return None;
        }
        let first = (e.start..e.end).find(is_word)?;
        let last = (e.start..e.end).rev().find(is_word)?;
        let base = (e.class - 1) * 2;
        if t == first {
            Some(base)
        } else if t == last {
            Some(base + 1)
        } else {
            None
        }
    }

    /// Fills `ent_surf` and `surf`.
    fn count_surfaces(&mut self) {
        let (text, doc) = (self.text, self.doc);
        let surface = |e: &Ent| -> u64 {
            let s = &text[doc.tokens[e.start].span.start..doc.tokens[e.end - 1].span.end];
            hash_bytes(strip_poss(s).as_bytes())
        };
        self.ent_surf = self.ents.iter().map(surface).collect();
        for (k, e) in self.ents.iter().enumerate() {
            let c = &mut self.surf.entry(self.ent_surf[k]).or_default()[e.class];
            *c = c.saturating_add(1);
        }
    }

    /// Fills `word` and `part` from the capitalised words.
    fn count_words(&mut self) {
        let mut word: HashMap<u64, [u16; N_CLASSES]> = HashMap::new();
        let mut part: HashMap<u64, [u16; N_PARTS]> = HashMap::new();
        for t in 0..self.doc.tokens.len() {
            if self.doc.tokens[t].kind != TokKind::Word || !self.capital(t) {
                continue;
            }
            let lw = self.base.words[t].0;
            let c = &mut word.entry(lw).or_default()[class_of(self.tags1[t] as usize)];
            *c = c.saturating_add(1);
            if let Some(k) = self.part_of(t) {
                let c = &mut part.entry(lw).or_default()[k];
                *c = c.saturating_add(1);
            }
        }
        self.word = word;
        self.part = part;
    }

    /// Fills `org_initials`.
    fn find_org_initials(&mut self) {
        let doc = self.doc;
        for e in &self.ents {
            if e.class != Class::Org as usize {
                continue;
            }
            let mut s = String::new();
            for t in e.start..e.end {
                if doc.tokens[t].kind == TokKind::Word && self.capital(t) {
                    s.push(doc.tokens[t].first);
                }
            }
            if s.chars().count() >= MIN_INITIALS {
                self.org_initials.insert(hash_bytes(s.as_bytes()));
            }
        }
    }

    /// The second-stage features of token `t`, in the order the model was trained with.
    fn push(&self, t: usize, ids: &mut Vec<u32>) {
        self.tags_around(t, ids);
        if self.doc.tokens[t].kind != TokKind::Word {
            return;
        }
        self.same_word(t, ids);
        self.same_name(t, ids);
        self.parts_elsewhere(t, ids);
        let cap = self.base.words[t].1;
        if cap == C_ALLCAPS {
            let w = strip_poss(self.doc.tok(self.text, t));
            if self.org_initials.contains(&hash_bytes(w.as_bytes())) {
                ids.push(feat(T::SAcro, ACRO_OF_ORG));
            }
        }
    }

    /// The token's own first-pass tag (with its capitalisation), and its neighbours' (a pad
    /// outside the sentence).
    fn tags_around(&self, t: usize, ids: &mut Vec<u32>) {
        let (doc, tags1) = (self.doc, self.tags1);
        let n = tags1.len();
        let pad = N_TAGS as u64;
        let cap = self.base.words[t].1;
        let own = tags1[t] as u64;
        let same = |k: usize| k < n && doc.sent_of[k] == doc.sent_of[t];
        let prev = if t > 0 && same(t - 1) {
            tags1[t - 1] as u64
        } else {
            pad
        };
        let next = if same(t + 1) {
            tags1[t + 1] as u64
        } else {
            pad
        };
        ids.push(feat(T::SOwn, own | (cap as u64) << 4));
        ids.push(feat(T::SPrev, prev | own << 4));
        ids.push(feat(T::SNext, next | own << 4));
    }

    /// The classes the first pass gave the same word's other capitalised occurrences, and
    /// the most frequent of them.
    fn same_word(&self, t: usize, ids: &mut Vec<u32>) {
        let (lw, cap) = self.base.words[t];
        let own = self.tags1[t] as u64;
        let Some(counts) = self.word.get(&lw) else {
            return;
        };
        let mut c = *counts;
        if self.capital(t) {
            c[class_of(own as usize)] -= 1;
        }
        let mut best = None;
        for k in 0..N_CLASSES {
            if c[k] > 0 {
                ids.push(feat(
                    T::SWord,
                    k as u64 | (cap as u64) << 4 | ((c[k] >= MANY) as u64) << 8,
                ));
                if best.is_none_or(|b: usize| c[k] > c[b]) {
                    best = Some(k);
                }
            }
        }
        if let Some(b) = best {
            ids.push(feat(T::SMajor, b as u64 | (cap as u64) << 4 | own << 8));
        }
    }

    /// The classes of the other first-pass names with the same surface as the name the token
    /// is in, with the token's position in it.
    fn same_name(&self, t: usize, ids: &mut Vec<u32>) {
        let Some(e) = self.ent(t) else {
            return;
        };
        let k = self.ent_of[t] as usize;
        let mut c = self.surf[&self.ent_surf[k]];
        c[e.class] -= 1;
        let pos = (t == e.start) as u64 | ((t + 1 == e.end) as u64) << 1;
        for x in 0..N_CLASSES {
            if c[x] > 0 {
                ids.push(feat(T::SSurf, x as u64 | pos << 4 | (e.class as u64) << 8));
            }
        }
    }

    /// Whether the word begins or ends a multi-word name elsewhere (and whether it is in a
    /// name here).
    fn parts_elsewhere(&self, t: usize, ids: &mut Vec<u32>) {
        let (lw, cap) = self.base.words[t];
        let Some(counts) = self.part.get(&lw) else {
            return;
        };
        let mut c = *counts;
        if let Some(k) = self.part_of(t).filter(|_| self.capital(t)) {
            c[k] -= 1;
        }
        let outside = (self.ent_of[t] == NO_ENT) as u64;
        for x in 0..N_PARTS {
            if c[x] > 0 {
                ids.push(feat(T::SPart, x as u64 | (cap as u64) << 4 | outside << 8));
            }
        }
    }
}

/// The first pass's names (a B tag and the I tags of its class after it in the sentence),
/// and per token the index of its name or [`NO_ENT`].
fn find_names(doc: &Doc, tags1: &[u8]) -> (Vec<Ent>, Vec<u32>) {
    let n = tags1.len();
    let mut ents: Vec<Ent> = vec![];
    let mut ent_of = vec![NO_ENT; n];
    let mut i = 0;
    while i < n {
        let c = class_of(tags1[i] as usize);
        if c == 0 {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && tags1[j] as usize == inside_of(c) && doc.sent_of[j] == doc.sent_of[i] {
            j += 1;
        }
        for t in i..j {
            ent_of[t] = ents.len() as u32;
        }
        ents.push(Ent {
            start: i,
            end: j,
            class: c,
        });
        i = j;
    }
    (ents, ent_of)
}
