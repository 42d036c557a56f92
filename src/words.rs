//! Every word list the detectors read, from one data file, `data/words.txt`, where each list
//! says what it is for and where its words come from. A list is parsed the first time it is
//! read; `@other` inside a list takes in every word of `other`.

use foldhash::{HashMap, HashSet};
use std::sync::OnceLock;

/// The lists of `data/words.txt`, without its comment lines (`build.rs`).
pub const WORDS: &str = include_str!(concat!(env!("OUT_DIR"), "/words.txt"));

/// A list longer than this is looked up by hashing; a shorter one by scanning.
const SCAN_UP_TO: usize = 8;

/// One named word list.
pub struct List {
    name: &'static str,
    cell: OnceLock<Entries>,
    /// The short entries as numbers ([`List::contains_ascii_lower`]), made on first use.
    packed: OnceLock<Packed>,
}

struct Entries {
    words: Vec<&'static str>,
    set: HashSet<&'static str>,
    /// The entries in the order of their first bytes, and where those of each first byte
    /// are in it: a text opens only with entries that share its first byte.
    by_first: Vec<&'static str>,
    first: [(usize, usize); 256],
    /// For each first byte, a bit for each length in bytes (63 for 63 or more) an entry has:
    /// most words fail this test and are not hashed.
    lengths: [u64; 256],
}

impl List {
    /// The list called `name` in `data/words.txt`.
    pub const fn new(name: &'static str) -> Self {
        List {
            name,
            cell: OnceLock::new(),
            packed: OnceLock::new(),
        }
    }

    fn entries(&self) -> &Entries {
        self.cell.get_or_init(|| {
            let mut words = vec![];
            expand(
                WORD_SECTIONS.get_or_init(|| sections(WORDS)),
                self.name,
                &mut words,
            );
            let set = words.iter().copied().collect();
            let mut by_first = words.clone();
            by_first.sort_by_key(|w| w.as_bytes().first().copied());
            let mut first = [(0, 0); 256];
            let mut lengths = [0u64; 256];
            for (k, w) in by_first.iter().enumerate() {
                if let Some(&b) = w.as_bytes().first() {
                    lengths[usize::from(b)] |= 1 << w.len().min(63);
                    let range = &mut first[usize::from(b)];
                    if range.1 == 0 {
                        range.0 = k;
                    }
                    range.1 = k + 1;
                }
            }
            Entries {
                words,
                set,
                by_first,
                first,
                lengths,
            }
        })
    }

    /// Is `w` (exactly as given) in the list?
    pub fn contains(&self, w: &str) -> bool {
        let e = self.entries();
        let length_seen = w
            .as_bytes()
            .first()
            .is_some_and(|&b| e.lengths[usize::from(b)] & (1 << w.len().min(63)) != 0);
        if !length_seen {
            false
        } else if e.words.len() <= SCAN_UP_TO {
            e.words.contains(&w)
        } else {
            e.set.contains(w)
        }
    }

    /// Is `w`, with its ASCII letters lower-cased, in the list? The same as
    /// `contains(&w.to_ascii_lowercase())` for UTF-8 bytes, without making the string: a
    /// word of at most [`PACKED_MAX`] bytes is one number, looked up in an open-addressed
    /// table, where a string set hashes and compares its bytes (several times faster; the
    /// layout stage asks this of every word of a page).
    pub fn contains_ascii_lower(&self, w: &[u8]) -> bool {
        if w.len() > PACKED_MAX {
            return std::str::from_utf8(w).is_ok_and(|w| self.contains(&w.to_ascii_lowercase()));
        }
        let p = self.packed.get_or_init(|| Packed::new(self));
        let first = w.first().map_or(0, u8::to_ascii_lowercase);
        p.lengths[usize::from(first)] & (1 << w.len()) != 0
            && packed_key(w).is_some_and(|key| p.contains(key))
    }

    /// Might `text` open with an entry? False when no entry begins with its first byte
    /// (entries are never empty), so that a caller testing many texts against every phrase of
    /// a list skips most of them at once.
    pub fn may_open(&self, text: &str) -> bool {
        let e = self.entries();
        text.as_bytes()
            .first()
            .is_some_and(|&b| e.first[usize::from(b)].1 > 0)
    }

    /// The entries `text` opens with, each with the rest of `text` after it. Only the entries
    /// that share its first byte are compared: a caller may test many texts against a list of
    /// phrases.
    pub fn openers<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (&'static str, &'a str)> {
        let e = self.entries();
        let (from, to) = text
            .as_bytes()
            .first()
            .map_or((0, 0), |&b| e.first[usize::from(b)]);
        e.by_first[from..to]
            .iter()
            .filter_map(move |&p| text.strip_prefix(p).map(|rest| (p, rest)))
    }

    /// The entries, in the order the file gives them.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries().words.iter().copied()
    }

    /// The list's name in the file.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

/// Entries of at most this many bytes are [`packed_key`]s.
const PACKED_MAX: usize = 15;

/// Word `w` of 1 to [`PACKED_MAX`] bytes as one number, its ASCII letters lower-cased: its
/// bytes, then its length in the top byte, so that no two words share a key and no key is 0.
fn packed_key(w: &[u8]) -> Option<u128> {
    if w.is_empty() || w.len() > PACKED_MAX {
        return None;
    }
    let (head, tail) = w.split_at(w.len().min(8));
    let bytes = |part: &[u8]| {
        part.iter()
            .rev()
            .fold(0u64, |x, &b| (x << 8) | u64::from(b))
    };
    let (lo, mut hi) = (bytes(head), bytes(tail));
    hi |= (w.len() as u64) << 56;
    Some(u128::from(ascii_lower(lo)) | (u128::from(ascii_lower(hi)) << 64))
}

/// The eight bytes of `x` with each ASCII capital made small (a byte of 0x80 or more, part
/// of a longer character, is left as it is), all at once.
fn ascii_lower(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low7 = x & (0x7f * ONES);
    // A byte's top bit set by the first sum when it is `A` or more, by the second when it is
    // past `Z`; neither sum carries into the next byte.
    let from_a = low7 + (0x80 - u64::from(b'A')) * ONES;
    let past_z = low7 + (0x80 - u64::from(b'Z') - 1) * ONES;
    let capital = from_a & !past_z & !x & (0x80 * ONES);
    x | (capital >> 2)
}

/// The entries of a list that are [`packed_key`]s of themselves (at most [`PACKED_MAX`]
/// bytes, no capital ASCII letter), in an open-addressed table at most a quarter full.
struct Packed {
    slots: Vec<u128>,
    shift: u32,
    /// The farthest any key is from the slot its search starts at.
    reach: usize,
    /// For each first byte, a bit for each length an entry of that first byte has: most
    /// words fail this test and are not looked up.
    lengths: [u16; 256],
}

impl Packed {
    fn new(list: &List) -> Packed {
        let keys: Vec<u128> = list
            .iter()
            .filter(|w| !w.bytes().any(|b| b.is_ascii_uppercase()))
            .filter_map(|w| packed_key(w.as_bytes()))
            .collect();
        let bits = (keys.len() * 4)
            .max(16)
            .next_power_of_two()
            .trailing_zeros();
        let mut p = Packed {
            slots: vec![0; 1 << bits],
            shift: 64 - bits,
            reach: 0,
            lengths: [0; 256],
        };
        let mask = p.slots.len() - 1;
        for key in keys {
            p.lengths[(key & 0xff) as usize] |= 1 << (key >> 120);
            let start = p.slot(key);
            let mut k = start;
            while p.slots[k] != 0 && p.slots[k] != key {
                k = (k + 1) & mask;
            }
            p.slots[k] = key;
            p.reach = p.reach.max(k.wrapping_sub(start) & mask);
        }
        p
    }

    /// Where `key`'s search starts: a multiplicative hash of its two halves.
    fn slot(&self, key: u128) -> usize {
        let mixed = (key as u64) ^ ((key >> 64) as u64).rotate_left(31);
        (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Is `key` in the table? Every slot within [`Packed::reach`] of its start is compared,
    /// without stopping at the first: whether a word is in a list is a coin toss to the
    /// processor, and a fixed few comparisons cost less than a guess it gets wrong.
    fn contains(&self, key: u128) -> bool {
        let (start, mask) = (self.slot(key), self.slots.len() - 1);
        (0..=self.reach).fold(false, |hit, d| {
            hit | (self.slots[(start + d) & mask] == key)
        })
    }
}

/// Each word of the lists of `pairs` with the bits of the lists that hold it: one lookup a
/// word, where a detector reads many lists.
pub fn flags(pairs: &[(&List, u32)]) -> HashMap<&'static str, u32> {
    let mut m: HashMap<&'static str, u32> = HashMap::default();
    for &(list, bit) in pairs {
        for w in list.iter() {
            *m.entry(w).or_insert(0) |= bit;
        }
    }
    m
}

/// The entries of list `name` in `file`, with `@other` lists taken in; an unknown name gives
/// none (the test `every_list_is_in_the_file` checks that each list here is in the file).
pub fn entries(file: &'static str, name: &str) -> Vec<&'static str> {
    let mut out = vec![];
    expand(&sections(file), name, &mut out);
    out
}

/// The lines of each `[list]` of `file` (entries and `@other` includes), read in one pass.
fn sections(file: &'static str) -> HashMap<&'static str, Vec<&'static str>> {
    let mut out: HashMap<&'static str, Vec<&'static str>> = HashMap::default();
    let mut current: Option<&'static str> = None;
    for line in file.lines() {
        let line = line.trim();
        if let Some(n) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = Some(n);
            out.entry(n).or_default();
        } else if let Some(n) = current.filter(|_| !line.is_empty() && !line.starts_with('#')) {
            out.entry(n).or_default().push(line);
        }
    }
    out
}

/// Appends the entries of list `name` to `out`, taking in its `@other` lists.
fn expand(
    sections: &HashMap<&'static str, Vec<&'static str>>,
    name: &str,
    out: &mut Vec<&'static str>,
) {
    for &line in sections.get(name).map_or(&[][..], Vec::as_slice) {
        match line.strip_prefix('@') {
            Some(other) if other != name => expand(sections, other, out),
            Some(_) => {}
            None => out.push(line),
        }
    }
}

/// The sections of `data/words.txt`, read once for every list.
static WORD_SECTIONS: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();

macro_rules! lists {
    ($($id:ident = $name:literal;)*) => {
        $(
            #[doc = concat!("The list `", $name, "` of `data/words.txt`.")]
            pub static $id: List = List::new($name);
        )*
        /// Every list, for tests and tools.
        pub static ALL: &[&List] = &[$(&$id),*];
    };
}

lists! {
    FACT_VERBS = "fact_verbs";
    CAUSAL = "causal";
    HEDGES = "hedges";
    OPINION = "opinion";
    FIRST_PERSON = "first_person";
    COMPARATIVES = "comparatives";
    SUPERLATIVES = "superlatives";
    DATE_WORDS = "date_words";
    MONTHS = "months";
    MONTH_ABBREVIATIONS = "month_abbreviations";
    DAYS = "days";
    DAY_ABBREVIATIONS = "day_abbreviations";
    WEEKDAYS = "weekdays";
    SPEECH_VERBS = "speech_verbs";
    REPORTED_CUES = "reported_cues";
    NOT_ORG_CUE_BEFORE = "not_org_cue_before";
    CONSTITUENCY_TITLES = "constituency_titles";
    SAINT_WORDS = "saint_words";
    NAMING_VERBS = "naming_verbs";
    CURRENCY_SIGNS = "currency_signs";
    CURRENCY_WORDS = "currency_words";
    CONDITIONALS = "conditionals";
    NEGATIONS = "negations";
    IMPERATIVE_OPENERS = "imperative_openers";
    GREETING_OPENERS = "greeting_openers";
    NAV_WORDS = "nav_words";
    ARTICLE_ENDERS = "article_enders";
    COMMENT_HEADINGS = "comment_headings";
    TITLE_CUES = "title_cues";
    NOUN_DETERMINERS = "noun_determiners";
    NOT_PAST_ED = "not_past_ed";
    LOCATIVES = "locatives";
    NAME_ABBREVIATIONS = "name_abbreviations";
    NOT_IN_DESCRIPTIVE_NAMES = "not_in_descriptive_names";
    NUMBER_WORDS = "number_words";
    IRREGULAR_PAST = "irregular_past";
    PAST_FORMS = "past_forms";
    TITLES = "titles";
    ORG_HEADS = "org_heads";
    ORG_STARTS = "org_starts";
    ORG_CUES = "org_cues";
    DESCRIPTIVE_HEADS = "descriptive_heads";
    ACRONYM_STOP = "acronym_stop";
    MONTHS_DAYS = "months_days";
    PARTICLES = "particles";
    NAME_SUFFIXES = "name_suffixes";
    FUNCTION_WORDS = "function_words";
    PERSON_VERBS = "person_verbs";
    COMPANY_HEADS = "company_heads";
    IRREGULAR_DEMONYMS = "irregular_demonyms";
    CRAFT_WORDS = "craft_words";
    CRAFT_WORDS_CAPITALISED = "craft_words_capitalised";
    FACILITY_HEADS = "facility_heads";
    VENUE_HEADS = "venue_heads";
    EVENT_HEADS = "event_heads";
    NEWSPAPER_WORDS = "newspaper_words";
    GROUP_WORDS = "group_words";
    AREA_HEADS = "area_heads";
    PETS = "pets";
    POSTNOMINALS = "postnominals";
    PLACE_OF = "place_of";
    PLACE_NOUNS = "place_nouns";
    RESULT_VERBS = "result_verbs";
    RESULT_PARTICIPLES = "result_participles";
    NOT_TEAM_PLURALS = "not_team_plurals";
    SPORT_WORDS = "sport_words";
    ORG_CUE_NOUNS = "org_cue_nouns";
    MEMBER_NOUNS = "member_nouns";
    EMPLOYER_ROLES = "employer_roles";
    COMPANY_NOUNS = "company_nouns";
    PROFESSIONS_AT = "professions_at";
    SPOKESPEOPLE = "spokespeople";
    ROLE_MODIFIERS = "role_modifiers";
    CUE_VERBS = "cue_verbs";
    INDIRECT_VERBS = "indirect_verbs";
    THAT_VERBS = "that_verbs";
    FRONTED_PARTICIPLES = "fronted_participles";
    SECOND_REPORT_PARTICIPLES = "second_report_participles";
    TO_LISTENER_VERBS = "to_listener_verbs";
    SUBORDINATORS = "subordinators";
    NOUN_CUES = "noun_cues";
    ISSUING_VERBS = "issuing_verbs";
    ORG_NOUNS = "org_nouns";
    PERSON_NOUNS = "person_nouns";
    SOURCE_NOUNS = "source_nouns";
    VEHICLE_NOUNS = "vehicle_nouns";
    TIME_WORDS = "time_words";
    SAID_WHEN = "said_when";
    SAID_WHEN_PARTS = "said_when_parts";
    BARE_SPEAKER_NOUNS = "bare_speaker_nouns";
    UNNAMED_SOURCE_HEADS = "unnamed_source_heads";
    UNNAMED_SOURCE_LINKS = "unnamed_source_links";
    DETERMINERS = "determiners";
    PREPOSITIONS = "prepositions";
    DISCOURSE_ADVERBS = "discourse_adverbs";
    TITLE_WORDS = "title_words";
    PRONOUNS = "pronouns";
    AUX = "aux";
    NOT_VERBS = "not_verbs";
    NOT_COMPANY = "not_company";
    ABBREV = "abbrev";
    FURNITURE = "furniture";
    DANGLING = "dangling";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lookup_lower_cased_on_the_fly_agrees_with_one_of_the_lower_cased_string() {
        for l in ALL {
            for w in l.iter() {
                let forms = [
                    w.to_string(),
                    w.to_ascii_uppercase(),
                    format!("{w}s"),
                    w[..w.len() - w.chars().last().map_or(0, char::len_utf8)].to_string(),
                    format!("Q{w}"),
                ];
                for f in forms {
                    assert_eq!(
                        l.contains_ascii_lower(f.as_bytes()),
                        l.contains(&f.to_ascii_lowercase()),
                        "{}: {f:?}",
                        l.name()
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn eight_bytes_lower_cased_at_once_as_one_at_a_time(x: u64) {
            let mut one = x.to_le_bytes();
            one.make_ascii_lowercase();
            proptest::prop_assert_eq!(ascii_lower(x), u64::from_le_bytes(one));
        }
    }

    #[test]
    fn every_list_is_in_the_file() {
        for l in ALL {
            assert!(
                l.iter().count() > 0,
                "list {} is missing or empty",
                l.name()
            );
        }
    }

    #[test]
    fn every_list_in_the_file_is_read() {
        let read: HashSet<&str> = ALL.iter().map(|l| l.name()).collect();
        for line in WORDS.lines() {
            if let Some(n) = line
                .trim()
                .strip_prefix('[')
                .and_then(|l| l.strip_suffix(']'))
            {
                assert!(
                    read.contains(n),
                    "list {n} is in data/words.txt but nothing reads it"
                );
            }
        }
    }

    #[test]
    fn the_lists_without_comments_are_the_lists_of_the_file() {
        let file = include_str!("../data/words.txt");
        assert!(WORDS.len() < file.len() && !WORDS.lines().any(|l| l.trim().starts_with('#')));
        assert_eq!(sections(WORDS), sections(file));
    }

    #[test]
    fn includes_take_in_other_lists() {
        let file = "[a]\nx\n@b\n[b]\n# note\ny z\n";
        assert_eq!(entries(file, "a"), vec!["x", "y z"]);
        assert_eq!(entries(file, "c"), Vec::<&str>::new());
    }
}
