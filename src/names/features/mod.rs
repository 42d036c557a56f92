//! What the names tagger sees of each token: hashed feature ids.
//!
//! The same code computes the features when the model is trained (`cargo xtask train-names`
//! runs the core's own segmenter over the training sentences and calls [`Extractor::extract`])
//! and when it tags an article, so the two can never drift apart.
//!
//! Each feature is a template (what kind of feature) and a value (which word, shape, flag…),
//! hashed into 32 bits. Feature groups:
//! - the token: lower-cased form, form with its capitalisation class, shape, prefixes and
//!   suffixes, length of an all-caps word;
//! - neighbours within ±2 tokens: lower-cased forms, shapes, and word-list flags;
//! - position: sentence start, after an opening quote or a colon;
//! - sentence case: normal, lower case (tweets), title case or all caps (headlines);
//! - word lists: first names (with gender), surnames, places, known organizations, legal forms
//!   (from the [`Lexicon`]), titles, organization head and start words, organization cue words,
//!   name particles, months and days, function words, speaking verbs;
//! - the capitalised run a token is in: its length and the token's position, the first and
//!   last word's flags, the words around it, whether the run is a known organization or place;
//! - the document: whether the same word is written in lower case elsewhere, capitalised in
//!   mid-sentence elsewhere, after a title, after a first name, before an organization head,
//!   inside a longer name, and whether an acronym matches a run's initials.
//!
//! A second stage ([`Extractor::stack`]) adds what a first pass of the tagger says: the
//! token's tag and its neighbours', and how the same word and the same name were tagged
//! elsewhere in the document.
//!
//! ## Modules
//! This file holds the tag set, the flags and the public API. `hash` turns a template and a
//! value into a feature id; `info` reads one token on its own; `doc` reads the whole document
//! once (sentence modes, capitalised runs, word counts, acronyms); `token` forms the
//! first-stage features of each token from them; `stack` forms the second-stage features.

use crate::lexicon::Lexicon;
use crate::segment::Doc;
use crate::words::{
    ACRONYM_STOP, DESCRIPTIVE_HEADS, FUNCTION_WORDS, MONTHS_DAYS, NAME_SUFFIXES, ORG_CUES,
    ORG_HEADS, ORG_STARTS, PARTICLES, PERSON_VERBS, TITLES,
};
use foldhash::{HashMap, HashSet};

mod doc;
pub(crate) mod hash;
mod info;
mod stack;
mod token;

use doc::DocView;
pub use info::strip_poss;

/// Number of tags: `O` and B/I for PER, ORG, LOC, MISC.
pub const N_TAGS: usize = 9;
/// Tag names, in index order.
pub const TAG_NAMES: [&str; N_TAGS] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
/// Class names, in index order (class 0 is "no name").
pub const CLASS_NAMES: [&str; 5] = ["O", "PER", "ORG", "LOC", "MISC"];

/// What a tag says a token is part of: the tagger's five classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Not a name.
    Outside = 0,
    /// A person's name.
    Person = 1,
    /// An organization's name.
    Org = 2,
    /// A place's name (learnt to keep places out of the two classes shown).
    Place = 3,
    /// Another name: events, works, nationalities (learnt for the same reason).
    Other = 4,
}

impl Class {
    /// The class of tag `tag`.
    pub const fn of(tag: u8) -> Class {
        match class_of(tag as usize) {
            1 => Class::Person,
            2 => Class::Org,
            3 => Class::Place,
            4 => Class::Other,
            _ => Class::Outside,
        }
    }
    /// The B tag of this class (not for [`Class::Outside`]).
    pub const fn begin(self) -> usize {
        begin_of(self as usize)
    }
    /// The I tag of this class (not for [`Class::Outside`]).
    pub const fn inside(self) -> usize {
        inside_of(self as usize)
    }
}

/// The class index of a tag: 0 none, 1 PER, 2 ORG, 3 LOC, 4 MISC (see [`Class`]).
pub const fn class_of(tag: usize) -> usize {
    tag.div_ceil(2)
}
/// Whether a tag begins a name.
pub const fn is_begin(tag: usize) -> bool {
    tag % 2 == 1
}
/// The B tag of a class (1..=4).
pub const fn begin_of(class: usize) -> usize {
    class * 2 - 1
}
/// The I tag of a class (1..=4).
pub const fn inside_of(class: usize) -> usize {
    class * 2
}
/// Whether `tag` may follow `prev` (`None` at the start of a sentence): an I tag only
/// continues a name of its own class.
pub const fn allowed(prev: Option<usize>, tag: usize) -> bool {
    if tag == 0 || is_begin(tag) {
        return true;
    }
    match prev {
        Some(p) => p != 0 && class_of(p) == class_of(tag),
        None => false,
    }
}

// Word-list flags.
const W_TITLE: u32 = 1;
const W_ORG_HEAD: u32 = 1 << 1;
const W_ORG_START: u32 = 1 << 2;
const W_ORG_CUE: u32 = 1 << 3;
const W_PARTICLE: u32 = 1 << 4;
const W_MONTH: u32 = 1 << 5;
const W_ACR_STOP: u32 = 1 << 6;
const W_FUNCTION: u32 = 1 << 7;
const W_PERSON_VERB: u32 = 1 << 8;
const W_SUFFIX: u32 = 1 << 9;
const W_DESC_HEAD: u32 = 1 << 10;
const L_FIRST_M: u32 = 1 << 11;
const L_FIRST_F: u32 = 1 << 12;
const L_FIRST_U: u32 = 1 << 13;
const L_SURNAME: u32 = 1 << 14;
const L_PLACE: u32 = 1 << 15;
const L_KNOWN_ORG: u32 = 1 << 16;
const L_LEGAL: u32 = 1 << 17;
/// Number of flags (each a bit below this).
const N_FLAGS: u32 = 18;
const L_FIRST: u32 = L_FIRST_M | L_FIRST_F | L_FIRST_U;
/// Flags worth reporting for neighbours two tokens away.
const FAR_FLAGS: u32 =
    W_TITLE | W_ORG_HEAD | W_ORG_CUE | L_FIRST | L_LEGAL | W_PERSON_VERB | W_ORG_START;
/// Flags of a run's last word.
const LAST_FLAGS: u32 =
    W_ORG_HEAD | L_LEGAL | L_SURNAME | L_PLACE | W_SUFFIX | L_KNOWN_ORG | L_FIRST;
/// Flags of a run's first word.
const FIRST_FLAGS: u32 =
    L_FIRST | W_TITLE | W_ORG_START | L_PLACE | W_FUNCTION | L_KNOWN_ORG | W_MONTH;

// Capitalisation classes.
const C_LOWER: u8 = 0;
const C_CAP: u8 = 1;
const C_ALLCAPS: u8 = 2;
const C_NUMBER: u8 = 3;
const C_PUNCT: u8 = 4;
const C_OTHER: u8 = 5;

// Sentence modes.
const M_NORMAL: u8 = 0;
const M_LOWER: u8 = 1;
const M_TITLE: u8 = 2;
const M_ALLCAPS: u8 = 3;

/// Letters of an all-caps word that may be an acronym (`EU` to `UNESCO`; longer is shouting).
const ACRONYM_LETTERS: std::ops::RangeInclusive<u8> = 2..=7;
/// A count from which a word's use elsewhere in the document is "many" rather than "some".
const MANY: u16 = 3;

/// Feature ids of a document: token `t`'s features are `ids[offsets[t]..offsets[t + 1]]`.
#[derive(Clone, Debug, Default)]
pub struct DocFeatures {
    /// Start of each token's features in `ids`, plus the end.
    pub offsets: Vec<u32>,
    /// The feature ids.
    pub ids: Vec<u32>,
    /// Per token: hash of the lower-cased form and capitalisation class (for stacking).
    words: Vec<(u64, u8)>,
}

impl DocFeatures {
    /// Keeps only the feature ids for which `keep` is true (the trainer drops rare features).
    pub fn retain(&mut self, keep: impl Fn(u32) -> bool) {
        let mut ids = Vec::with_capacity(self.ids.len());
        let mut offsets = Vec::with_capacity(self.offsets.len());
        for t in 0..self.len() {
            offsets.push(ids.len() as u32);
            ids.extend(self.of(t).iter().copied().filter(|&x| keep(x)));
        }
        offsets.push(ids.len() as u32);
        self.ids = ids;
        self.offsets = offsets;
    }

    /// The features of token `t`.
    pub fn of(&self, t: usize) -> &[u32] {
        &self.ids[self.offsets[t] as usize..self.offsets[t + 1] as usize]
    }
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }
    /// No tokens.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What [`Extractor::stack`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stacked {
    /// `base` and the second-stage features after it, for each token.
    WithBase,
    /// Only the second-stage features: a stage's scores are sums over features, so scoring
    /// `base` and these together gives the same result with half the memory on long texts.
    ExtrasOnly,
}

/// Computes features. Holds the word lists as a hash map; build it once.
#[derive(Debug, Clone)]
pub struct Extractor {
    words: HashMap<&'static str, u32>,
    acronym_stop: HashSet<&'static str>,
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

impl Extractor {
    /// The extractor with the built-in word lists.
    pub fn new() -> Self {
        let words = crate::words::flags(&[
            (&TITLES, W_TITLE),
            (&ORG_HEADS, W_ORG_HEAD),
            (&ORG_STARTS, W_ORG_START),
            (&ORG_CUES, W_ORG_CUE),
            (&PARTICLES, W_PARTICLE),
            (&MONTHS_DAYS, W_MONTH),
            (&FUNCTION_WORDS, W_FUNCTION),
            (&PERSON_VERBS, W_PERSON_VERB),
            (&NAME_SUFFIXES, W_SUFFIX),
            (&DESCRIPTIVE_HEADS, W_DESC_HEAD),
        ]);
        Extractor {
            words,
            acronym_stop: ACRONYM_STOP.iter().collect(),
        }
    }

    /// Computes the features of every token of `doc`.
    pub fn extract(&self, text: &str, doc: &Doc, lx: &Lexicon, out: &mut DocFeatures) {
        out.offsets.clear();
        out.ids.clear();
        out.words.clear();
        let n = doc.tokens.len();
        if n == 0 {
            out.offsets.push(0);
            return;
        }
        let v = DocView::new(self, text, doc, lx);
        out.words.extend(v.infos.iter().map(|f| (f.lw, f.cap)));
        out.offsets.reserve(n + 1);
        out.ids.reserve(n * 48);
        token::push_all(&v, lx, out);
        out.offsets.push(out.ids.len() as u32);
        debug_assert_eq!(out.offsets.len(), n + 1, "every token is in a sentence");
    }

    /// Second-stage features: what a first pass (`tags1`, one tag a token) says about the
    /// document: the token's own tag and its neighbours', how the same word and the same name
    /// were tagged elsewhere, and whether the word is part of a longer name elsewhere; with a
    /// copy of `base` first or not ([`Stacked`]).
    pub fn stack(
        &self,
        text: &str,
        doc: &Doc,
        base: &DocFeatures,
        tags1: &[u8],
        out: &mut DocFeatures,
        what: Stacked,
    ) {
        stack::stack_into(text, doc, base, tags1, out, what == Stacked::WithBase);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_constraints() {
        assert_eq!(class_of(0), 0);
        assert_eq!(class_of(begin_of(2)), 2);
        assert_eq!(TAG_NAMES[inside_of(1)], "I-PER");
        assert!(!allowed(None, inside_of(1)));
        assert!(!allowed(Some(begin_of(2)), inside_of(1)));
        assert!(allowed(Some(begin_of(1)), inside_of(1)));
    }

    #[test]
    fn every_token_gets_features() {
        let text = "IACC President Bacchesi Luo (Robert Barchiesi) said so.\n\nALIBABA JOINS ALLIANCE\n\nJosé Núñez of Acme Inc. disagreed.";
        let doc = crate::segment::segment(text);
        let lx = Lexicon::default();
        let mut f = DocFeatures::default();
        Extractor::new().extract(text, &doc, &lx, &mut f);
        assert_eq!(f.len(), doc.tokens.len());
        assert!((0..f.len()).all(|t| f.of(t).len() >= 12));
        // Deterministic.
        let mut g = DocFeatures::default();
        Extractor::new().extract(text, &doc, &lx, &mut g);
        assert_eq!(f.ids, g.ids);
    }

    #[test]
    fn stacked_features_are_the_base_plus_the_extras() {
        let text = "IACC President Bacchesi Luo said so. Later, Bacchesi left IACC.\n\nJosé Núñez of Acme Inc. disagreed with Núñez.";
        let doc = crate::segment::segment(text);
        let lx = Lexicon::default();
        let x = Extractor::new();
        let mut base = DocFeatures::default();
        x.extract(text, &doc, &lx, &mut base);
        // A first pass that found a few names.
        let tags1: Vec<u8> = (0..doc.tokens.len())
            .map(|t| {
                if doc.tokens[t].cap {
                    begin_of(1 + t % 2) as u8
                } else {
                    0
                }
            })
            .collect();
        let (mut full, mut extras) = (DocFeatures::default(), DocFeatures::default());
        x.stack(text, &doc, &base, &tags1, &mut full, Stacked::WithBase);
        x.stack(text, &doc, &base, &tags1, &mut extras, Stacked::ExtrasOnly);
        assert_eq!(full.len(), extras.len());
        assert!(extras.ids.len() < full.ids.len());
        for t in 0..full.len() {
            let mut a = full.of(t).to_vec();
            let mut b = [base.of(t), extras.of(t)].concat();
            a.sort_unstable();
            b.sort_unstable();
            assert_eq!(a, b, "token {t}");
        }
    }

    #[test]
    fn known_names_are_read_where_they_stand() {
        use crate::lexicon::{kind, KeyHasher};
        let text = "Shares of Halvorsen Kjeldberg rose, said Ana Ruiz of al-Masri Group.";
        let doc = crate::segment::segment(text);
        let plain = Lexicon::default();
        let mut known = Lexicon::default();
        let names: HashMap<u64, u8> = [
            (KeyHasher::of("Halvorsen Kjeldberg"), kind::ORG),
            (KeyHasher::of("al Masri Group"), kind::ORG),
            // Never matched: it is written in lower case in the text.
            (KeyHasher::of("rose"), kind::MISC),
        ]
        .into_iter()
        .collect();
        known.set_entities(&names, 8);
        let x = Extractor::new();
        let (mut a, mut b) = (DocFeatures::default(), DocFeatures::default());
        x.extract(text, &doc, &plain, &mut a);
        x.extract(text, &doc, &known, &mut b);
        let changed: Vec<&str> = (0..doc.tokens.len())
            .filter(|&t| a.of(t) != b.of(t))
            .map(|t| doc.tok(text, t))
            .collect();
        // The names' tokens and their neighbours (which see a known name beside them).
        for t in ["Halvorsen", "Kjeldberg", "Masri", "Group", "rose", "of"] {
            assert!(changed.iter().any(|c| c.contains(t)), "{t}: {changed:?}");
        }
        for t in ["Shares", "said", "Ana", "Ruiz"] {
            assert!(!changed.contains(&t), "{t}: {changed:?}");
        }
    }
}
