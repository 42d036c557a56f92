//! Known entity names (`data/knowledge.txt`): every name the shippable NER files tag, with the
//! kinds it is tagged as, and the organizations and places of the shippable gazetteers. The
//! names tagger reads them as features ([`newsmark::lexicon::Lexicon::entity`]), never as
//! overrides: a known name is a hint the model weighs against the context.
//!
//! Built from the same files as the model, so the trainer must not let a training sentence
//! see its own file's names (the feature would be right every time in training and the model
//! would trust it blindly): [`Knowledge::without`] gives the names as known to every other
//! source, and each training file's sentences are featurised with that view.

use crate::data;
use newsmark::lexicon::{kind, KeyHasher, Lexicon};
use std::collections::HashMap;
use std::path::Path;

/// A kind is kept for a name when at least this share of the name's tags are of it (`Jordan`
/// is a person and a place; a name tagged once as a place among twenty person tags is not).
const KIND_SHARE: f32 = 0.25;
/// A one-token name needs this many tags: single words are the noisiest entries.
const MIN_SINGLE: u32 = 2;
/// One-token names also common in lower case (`apple`, `may`) are left out: the lexicon's
/// lower-case count at which a word is common.
const COMMON_LOWER: u32 = 20;
/// Longest name kept, in tokens (the core looks names up over at most 8).
pub const MAX_TOKENS: usize = 8;
/// Longest name kept, in letters and digits.
const MAX_CHARS: u32 = 60;
/// The source names of the gazetteers (never left out of what a training file sees).
const UNIVERSITIES: &str = "universities";
const GOVERNMENT: &str = "government";
const PLACES: &str = "places";
const GAZETTEERS: [&str; 3] = [UNIVERSITIES, GOVERNMENT, PLACES];

/// Tag counts of one name, per source.
#[derive(Default)]
struct Entry {
    /// The form it was seen in most (the first one seen, for ties).
    name: String,
    tokens: usize,
    /// Per source: counts of PER, ORG, LOC, MISC.
    counts: Vec<(&'static str, [u32; 4])>,
}

/// Every known name.
#[derive(Default)]
pub struct Knowledge {
    entries: HashMap<u64, Entry>,
    /// Sources left out altogether (`--knowledge-skip`, for measuring what each brings).
    skip: Vec<String>,
    /// Kinds kept (`--knowledge-kinds`; all by default).
    kinds: u8,
}

impl Knowledge {
    /// Reads every shippable NER file of `shared/data/train/ner` (whatever its training
    /// weight: a file too unlike news to train on still knows names) and the gazetteers.
    pub fn build(shared: &Path, skip: &[String], kinds: u8) -> Knowledge {
        let mut k = Knowledge {
            skip: skip.to_vec(),
            kinds,
            ..Knowledge::default()
        };
        let ner = shared.join("data/train/ner");
        for set in data::SETS {
            let path = ner.join(set.path);
            let mut sents =
                data::read_bio(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for s in &mut sents {
                data::clean(s, set.group, false);
                for (c, a, b) in data::spans(&s.tags) {
                    k.add(&s.toks[a..b].join(" "), b - a, c - 1, set.group);
                }
            }
        }
        let g = shared.join("data/gazetteers");
        for line in lines(&g.join("orgs/universities.tsv")) {
            let name = line.split('\t').next().unwrap_or_default();
            k.add(name, words(name), 1, UNIVERSITIES);
        }
        for name in lines(&g.join("orgs/us_gov_orgs_dotgov.txt")) {
            k.add(&name, words(&name), 1, GOVERNMENT);
        }
        for line in lines(&g.join("places/countries.tsv")).skip(1) {
            let mut f = line.split('\t');
            for name in [f.next(), f.nth(1)].into_iter().flatten() {
                k.add(name, words(name), 2, PLACES);
            }
        }
        for name in lines(&g.join("places/us_states.txt")) {
            k.add(&name, words(&name), 2, PLACES);
        }
        k
    }

    fn add(&mut self, name: &str, tokens: usize, class: usize, source: &'static str) {
        if self.skip.iter().any(|s| s == source) {
            return;
        }
        let name = name.trim();
        let key = KeyHasher::of(name);
        if name.is_empty() || class > 3 {
            return;
        }
        let e = self.entries.entry(key).or_default();
        if e.name.is_empty() {
            e.name = name.to_string();
            e.tokens = tokens;
        }
        match e.counts.iter_mut().find(|(s, _)| *s == source) {
            Some((_, c)) => c[class] += 1,
            None => {
                let mut c = [0; 4];
                c[class] = 1;
                e.counts.push((source, c));
            }
        }
    }

    /// The kind bits of entry `e` counting every source but `skip`, or 0 when it is not kept.
    fn kinds(&self, e: &Entry, skip: Option<&str>, lx: &Lexicon) -> u8 {
        let mut c = [0u32; 4];
        for (s, n) in &e.counts {
            if Some(*s) != skip {
                for i in 0..4 {
                    c[i] += n[i];
                }
            }
        }
        let total: u32 = c.iter().sum();
        let chars = e.name.chars().filter(|c| c.is_alphanumeric()).count() as u32;
        if total == 0 || e.tokens > MAX_TOKENS || !(2..=MAX_CHARS).contains(&chars) {
            return 0;
        }
        if e.tokens == 1 {
            let gazetteer = e.counts.iter().any(|(s, _)| GAZETTEERS.contains(s));
            if !gazetteer && total < MIN_SINGLE {
                return 0;
            }
            if lx.lower_count(&e.name.to_lowercase()) >= COMMON_LOWER {
                return 0;
            }
        }
        let bits = [kind::PER, kind::ORG, kind::LOC, kind::MISC];
        (0..4)
            .filter(|&i| c[i] as f32 >= KIND_SHARE * total as f32)
            .fold(0, |a, i| a | bits[i])
            & self.kinds
    }

    /// The known names as every source but `skip` knows them (`None`: all of them), for
    /// [`Lexicon::set_entities`].
    pub fn without(&self, skip: Option<&str>, lx: &Lexicon) -> HashMap<u64, u8> {
        self.entries
            .iter()
            .filter_map(|(&key, e)| {
                let k = self.kinds(e, skip, lx);
                (k != 0).then_some((key, k))
            })
            .collect()
    }

    /// The knowledge file ([`newsmark::knowledge`]) of every known name, and how many names
    /// it holds.
    pub fn file(&self, lx: &Lexicon) -> (Vec<u8>, usize) {
        let names: Vec<(u32, u8)> = self
            .without(None, lx)
            .into_iter()
            .map(|(k, b)| (newsmark::knowledge::short_key(k), b))
            .collect();
        (newsmark::knowledge::encode(&names, MAX_TOKENS), names.len())
    }
}

/// Words of a gazetteer name (split at white space).
fn words(name: &str) -> usize {
    name.split_whitespace().count()
}

/// The non-blank lines of a text file.
fn lines(path: &Path) -> impl Iterator<Item = String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect::<Vec<_>>()
        .into_iter()
}
