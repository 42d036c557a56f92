//! The block classifier of the layout stage: what each block of a whole web page is (article
//! text or page furniture), read from its own shape and its neighbours' by a logistic model
//! whose weights are fitted on invented pages made of shippable text (`data/layout.model`,
//! written by `python3 scripts/synth_pages.py && python3 scripts/train_layout.py`; the real
//! pages of `../shared/data/pages` only measure it: their licence forbids training on them).
//!
//! The features are plain measures of a block, the same for every site: its length, its share
//! of function words, capitalised words and digits, sentence punctuation, the page-only line
//! and heading tests of the layout stage, and the same few measures of the blocks around it
//! (jusText's neighbour smoothing, learned instead of hand-set).

use super::{
    ends_sentence, is_bullet, is_comment_heading_lower, is_heading_lower, read_block, unbulleted,
    Block, Read, Shape,
};
use crate::words::{ARTICLE_ENDERS, FUNCTION_WORDS};

/// What one block says of itself.
#[derive(Clone, Copy, Debug, Default)]
struct Own {
    chars: f32,
    log_chars: f32,
    log_words: f32,
    stop: f32,
    sentence: f32,
    cue: f32,
    good: f32,
    near_good: f32,
    short: f32,
    capitals: f32,
    digits: f32,
    bullet: f32,
    colon_end: f32,
    ender: f32,
    comment: f32,
    legal: f32,
    link: f32,
    sentences: f32,
    word_len: f32,
    all_caps: f32,
    quote: f32,
    title_case: f32,
    commas: f32,
    dateline: f32,
}

/// The names of the features, in the order [`features`] writes them and `data/layout.model`
/// gives their weights.
pub const FEATURES: &[&str] = &[
    "bias",
    "log_chars",
    "log_words",
    "stop",
    "sentence",
    "cue",
    "good",
    "near_good",
    "short",
    "capitals",
    "digits",
    "bullet",
    "colon_end",
    "ender",
    "comment",
    "legal",
    "link",
    "sentences",
    "word_len",
    "all_caps",
    "quote",
    "title_case",
    "commas",
    "dateline",
    "prev_log_chars",
    "prev_stop",
    "prev_sentence",
    "prev_good",
    "prev_short",
    "prev_cue",
    "next_log_chars",
    "next_stop",
    "next_sentence",
    "next_good",
    "next_short",
    "next_cue",
    "window_good",
    "window_stop",
    "window_short",
    "window_cue",
    "position",
    "prose_before",
    "after_ender",
    "after_comment",
    "near_good_dist",
    "page_good_share",
];

/// How many features a block has.
pub const N_FEATURES: usize = 46;

/// Words over which a block is neither an article ender's nor a comment heading (both allow
/// [`MAX_ENDER_WORDS`](super::MAX_ENDER_WORDS) after up to three lead words and a bullet).
const MAX_HEADING_WORDS: usize = super::MAX_ENDER_WORDS + 4;

/// Blocks on either side that the window features average over.
const WINDOW: usize = 3;

/// What block `text` says of itself, given what [`read_block`] read of it.
/// Whole pages have hundreds of blocks, so each is read in two passes: one over its
/// characters and one over its words.
fn own(text: &str, read: &Read) -> Own {
    let t = text.trim();
    let l = read.lower.as_str();
    let (shape, cue) = (read.shape, read.cue);
    let Counts {
        chars,
        letters,
        upper,
        digits,
        commas,
        sentences,
        words: n_words,
        capitals,
        long_words,
        long_capitalised,
        seen,
        ..
    } = read.counts;
    let (quote, copyright) = (seen & QUOTE != 0, seen & COPYRIGHT != 0);
    // Alphanumeric characters are never whitespace: all of them are in words.
    let word_chars = letters + digits;
    let n = n_words.max(1) as f32;
    let sentence = ends_sentence(l);
    let title_case = long_words > 0 && !sentence && long_capitalised == long_words;
    // Headings are short: longer blocks skip the tests.
    let short = n_words <= MAX_HEADING_WORDS;
    let bare = unbulleted(l);
    Own {
        chars: chars as f32,
        log_chars: ln_1p(chars) / 8.0,
        log_words: ln_1p(n_words) / 6.0,
        stop: read.counts.stop as f32 / n,
        sentence: f32::from(u8::from(sentence)),
        cue: f32::from(u8::from(cue)),
        good: f32::from(u8::from(shape == Shape::Good)),
        near_good: f32::from(u8::from(shape == Shape::NearGood)),
        short: f32::from(u8::from(shape == Shape::Short)),
        capitals: capitals as f32 / n,
        digits: digits as f32 / chars.max(1) as f32,
        bullet: f32::from(u8::from(t.starts_with(is_bullet))),
        colon_end: f32::from(u8::from(t.ends_with(':'))),
        ender: f32::from(u8::from(short && is_heading_lower(bare, &ARTICLE_ENDERS))),
        comment: f32::from(u8::from(short && is_comment_heading_lower(l))),
        legal: f32::from(u8::from(
            copyright || l.starts_with("copyright") || l.contains("all rights reserved"),
        )),
        link: f32::from(u8::from(
            l.contains("http") || l.contains("www.") || l.contains(".com"),
        )),
        sentences: ln_1p(sentences) / 3.0,
        word_len: word_chars as f32 / n / 10.0,
        all_caps: f32::from(u8::from(letters >= 4 && upper * 10 >= letters * 9)),
        quote: f32::from(u8::from(quote)),
        title_case: f32::from(u8::from(title_case)),
        commas: commas as f32 / n,
        dateline: f32::from(u8::from(dateline(t))),
    }
}

/// `(1 + n).ln()` in `f32`, from a table for the small counts most blocks have (a logarithm
/// costs about as much as reading a block's features otherwise); the same value either way.
fn ln_1p(n: usize) -> f32 {
    const SMALL: usize = 4096;
    static TABLE: std::sync::OnceLock<Vec<f32>> = std::sync::OnceLock::new();
    if n < SMALL {
        TABLE.get_or_init(|| (0..SMALL).map(|n| (1.0 + n as f32).ln()).collect())[n]
    } else {
        (1.0 + n as f32).ln()
    }
}

/// What one pass over a block's characters counts ([`scan`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Counts {
    /// Characters, spaces included.
    pub(super) chars: usize,
    /// Letters, and the capitals among them.
    letters: usize,
    upper: usize,
    /// Numeric characters that are not letters.
    digits: usize,
    /// `,` and `;`.
    commas: usize,
    /// Sentences of three words or more, as `split_inclusive(['.', '!', '?'])` cuts them and
    /// `split_whitespace` counts their words.
    sentences: usize,
    /// Words, as `split_whitespace` cuts them.
    words: usize,
    /// Words once the bullets that open the block are left out ([`unbulleted`]).
    pub(super) unbulleted_words: usize,
    /// Words that are function words, lower-cased and without the punctuation around them.
    pub(super) stop: usize,
    /// Words whose first alphanumeric character is a capital.
    capitals: usize,
    /// Words of four letters or more, and those among them whose first letter is a capital.
    long_words: usize,
    long_capitalised: usize,
    /// The class bits of every character, or-ed.
    seen: u8,
}

/// The class bits of the character at byte `i` of `t`, and its length in bytes.
#[inline(always)]
fn class_at(t: &str, i: usize) -> (u8, usize) {
    let b = t.as_bytes()[i];
    if b.is_ascii() {
        (ASCII_CLASS[usize::from(b)], 1)
    } else {
        let c = t[i..].chars().next().unwrap_or(' ');
        (char_class(c), c.len_utf8())
    }
}

/// What a character of class `k` adds to the counts of a word, packed in 16-bit lanes:
/// letters, capital letters, other numeric characters, commas. One addition a character
/// counts all four.
const PACK: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut k = 0;
    while k < 256 {
        let c = k as u8;
        let alpha = c & ALPHA != 0;
        let numeric = c & NUMERIC != 0;
        let capital = c & UPPER != 0;
        t[k] = (alpha as u64)
            | (((alpha && capital) as u64) << 16)
            | (((numeric && !alpha) as u64) << 32)
            | (((c & COMMA != 0) as u64) << 48);
        k += 1;
    }
    t
};

/// Characters after which a word's packed counts are added up, before a lane could overflow.
const PACK_RUN: usize = 0x8000;

/// Everything the layout stage counts in trimmed block `t`: whole pages have hundreds of
/// blocks and annotate runs on every keystroke. Blocks are short (a few dozen characters on
/// average), so plain loops over bytes beat vectorized ones, whose set-up costs more than the
/// block. The block is read a word at a time: a word is found by its end, then its
/// characters are counted, most of them by one table lookup a byte ([`ASCII_CLASS`],
/// [`PACK`]); a word with a character outside ASCII is read a character at a time.
pub(super) fn scan(t: &str) -> Counts {
    let bytes = t.as_bytes();
    let n = bytes.len();
    let mut c = Counts::default();
    let mut words = Words {
        bullets: n - unbulleted(t).len(),
        ..Words::default()
    };
    let mut i = 0;
    while i < n {
        let (k, w) = class_at(t, i);
        if k & SPACE != 0 {
            c.seen |= k;
            c.chars += 1;
            words.in_sentence_word = false;
            i += w;
            continue;
        }
        // A word, up to the next whitespace: while it is ASCII, each byte's class and
        // counts are read on the way to its end.
        let start = i;
        let (mut word_seen, mut packed) = (0u8, 0u64);
        while i < n && bytes[i].is_ascii() {
            let k = ASCII_CLASS[usize::from(bytes[i])];
            if k & SPACE != 0 {
                break;
            }
            word_seen |= k;
            packed = packed.wrapping_add(PACK[usize::from(k)]);
            i += 1;
        }
        if i < n && !bytes[i].is_ascii() {
            while i < n {
                let (k, w) = class_at(t, i);
                if k & SPACE != 0 {
                    break;
                }
                i += w;
            }
            words.unicode(&mut c, &t[start..i]);
        } else if i - start >= PACK_RUN {
            // Too long for the packed counts' lanes: counted again a run at a time.
            words.ascii(&mut c, &bytes[start..i], None);
        } else {
            words.ascii(&mut c, &bytes[start..i], Some((word_seen, packed)));
        }
        c.unbulleted_words += usize::from(i > words.bullets);
    }
    c.sentences += usize::from(words.sentence_words >= 3);
    c
}

/// What [`scan`] keeps from one word to the next.
#[derive(Default)]
struct Words {
    /// Bytes of the bullets that open the block ([`unbulleted`]).
    bullets: usize,
    /// Words of the sentence being read, and whether the last character was in one.
    sentence_words: usize,
    in_sentence_word: bool,
}

impl Words {
    /// Counts ASCII word `w`, one table lookup a byte; its edges (first letter, first and
    /// last alphanumeric character) are then looked up, and its characters read a second time
    /// for the sentence count only when it holds a `.`, `!` or `?`.
    /// `read` is the word's classes and packed counts when its reader has them.
    fn ascii(&mut self, c: &mut Counts, w: &[u8], read: Option<(u8, u64)>) {
        let (mut word_seen, mut word_letters) = (0u8, 0usize);
        match read {
            Some((seen, packed)) => {
                word_seen = seen;
                word_letters = c.add_packed(packed);
            }
            None => {
                for run in w.chunks(PACK_RUN) {
                    let mut packed = 0u64;
                    for &b in run {
                        let k = ASCII_CLASS[usize::from(b)];
                        word_seen |= k;
                        packed += PACK[usize::from(k)];
                    }
                    word_letters += c.add_packed(packed);
                }
            }
        }
        c.seen |= word_seen;
        c.chars += w.len();
        c.words += 1;
        if word_seen & (ALPHA | NUMERIC) != 0 {
            let alnum = |b: &u8| ASCII_CLASS[usize::from(*b)] & (ALPHA | NUMERIC) != 0;
            let first = w.iter().position(alnum).unwrap_or(0);
            let last = w.iter().rposition(alnum).unwrap_or(first);
            c.capitals += usize::from(w[first].is_ascii_uppercase());
            c.stop += usize::from(FUNCTION_WORDS.contains_ascii_lower(&w[first..=last]));
            if word_letters >= 4 {
                c.long_words += 1;
                let first_letter = w.iter().position(u8::is_ascii_alphabetic).unwrap_or(0);
                c.long_capitalised += usize::from(w[first_letter].is_ascii_uppercase());
            }
        }
        if word_seen & STOP == 0 {
            // A word with no sentence end in it is one word of the sentence being read.
            self.sentence_words += 1;
            self.in_sentence_word = true;
        } else {
            for &b in w {
                self.sentence_char(c, ASCII_CLASS[usize::from(b)]);
            }
        }
    }

    /// Counts word `w`, which has a character outside ASCII, a character at a time.
    fn unicode(&mut self, c: &mut Counts, w: &str) {
        let (mut first_alnum, mut capital_letter) = (false, None);
        let (mut packed, mut run, mut word_letters) = (0u64, 0usize, 0usize);
        for ch in w.chars() {
            let k = char_class(ch);
            c.seen |= k;
            c.chars += 1;
            packed += PACK[usize::from(k)];
            run += 1;
            if run == PACK_RUN {
                word_letters += c.add_packed(packed);
                (packed, run) = (0, 0);
            }
            if !first_alnum && k & (ALPHA | NUMERIC) != 0 {
                first_alnum = true;
                c.capitals += usize::from(k & UPPER != 0);
            }
            if capital_letter.is_none() && k & ALPHA != 0 {
                capital_letter = Some(k & UPPER != 0);
            }
            self.sentence_char(c, k);
        }
        word_letters += c.add_packed(packed);
        c.words += 1;
        if word_letters >= 4 {
            c.long_words += 1;
            c.long_capitalised += usize::from(capital_letter == Some(true));
        }
        c.stop += usize::from(
            first_alnum
                && FUNCTION_WORDS.contains(
                    w.to_lowercase()
                        .trim_matches(|c: char| !c.is_alphanumeric()),
                ),
        );
    }

    /// A character of class `k` in a word, for the count of sentences of three words or more
    /// (as `split_inclusive(['.', '!', '?'])` cuts them and `split_whitespace` counts words).
    fn sentence_char(&mut self, c: &mut Counts, k: u8) {
        if k & STOP != 0 {
            c.sentences +=
                usize::from(self.sentence_words + usize::from(!self.in_sentence_word) >= 3);
            (self.sentence_words, self.in_sentence_word) = (0, false);
        } else if !self.in_sentence_word {
            self.sentence_words += 1;
            self.in_sentence_word = true;
        }
    }
}

impl Counts {
    /// Adds the packed counts of a run of characters ([`PACK`]); returns its letters.
    fn add_packed(&mut self, packed: u64) -> usize {
        let letters = (packed & 0xffff) as usize;
        self.letters += letters;
        self.upper += ((packed >> 16) & 0xffff) as usize;
        self.digits += ((packed >> 32) & 0xffff) as usize;
        self.commas += (packed >> 48) as usize;
        letters
    }
}

/// What [`class_at`] says of a character, as bits: alphabetic, a capital, numeric, whitespace,
/// `,` or `;`, a double quotation mark, `.` `!` or `?`, `©`.
const ALPHA: u8 = 1;
const UPPER: u8 = 2;
const NUMERIC: u8 = 4;
const SPACE: u8 = 8;
const COMMA: u8 = 16;
const QUOTE: u8 = 32;
const STOP: u8 = 64;
const COPYRIGHT: u8 = 128;

/// The class of each ASCII character, worked out once (for ASCII, `char`'s Unicode
/// properties are its ASCII ones).
const ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8 as char;
        let mut k = marks(c);
        if c.is_ascii_alphabetic() {
            k |= ALPHA;
        } else if c.is_ascii_digit() {
            k |= NUMERIC;
        }
        if c.is_ascii_uppercase() {
            k |= UPPER;
        }
        // `char::is_whitespace` in ASCII.
        if matches!(c, ' ' | '\t'..='\r') {
            k |= SPACE;
        }
        t[b] = k;
        b += 1;
    }
    t
};

/// The class bits of character `c` from the Unicode properties `char` knows (what
/// [`ASCII_CLASS`] holds for ASCII).
fn char_class(c: char) -> u8 {
    let mut k = marks(c);
    if c.is_alphabetic() {
        k |= ALPHA;
    } else if c.is_numeric() {
        k |= NUMERIC;
    }
    if c.is_uppercase() {
        k |= UPPER;
    }
    if c.is_whitespace() {
        k |= SPACE;
    }
    k
}

/// The punctuation bits of character `c`.
const fn marks(c: char) -> u8 {
    match c {
        ',' | ';' => COMMA,
        '"' | '“' | '”' => QUOTE,
        '.' | '!' | '?' => STOP,
        '©' => COPYRIGHT,
        _ => 0,
    }
}

/// Characters of a block's start in which a dateline's dash or agency is looked for.
const DATELINE_REACH: usize = 48;

/// Does block `t` open with a news dateline: a place in capitals, then a dash or a wire
/// agency (`CHICAGO --`, `LAHORE, Pakistan —`, `HONOLULU (AP) --`)?
fn dateline(t: &str) -> bool {
    // The first word is in capitals and has three letters or more, so neither of the
    // first two characters is a small letter (the common case, tested first).
    if t.chars().take(2).any(char::is_lowercase) {
        return false;
    }
    let first = t.split([' ', ',', '(']).next().unwrap_or("");
    let caps = first.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !first.chars().any(char::is_lowercase);
    if !caps {
        return false;
    }
    let head = &t[..t
        .char_indices()
        .nth(DATELINE_REACH)
        .map_or(t.len(), |(i, _)| i)];
    [" -- ", " — ", " – ", "(AP)", "(Reuters)", "(AFP)"]
        .iter()
        .any(|m| head.contains(m))
}

/// The features of every block of `text`, in order ([`FEATURES`] names them).
pub fn features(text: &str, blocks: &[Block]) -> Vec<[f32; N_FEATURES]> {
    features_read(text, blocks, &read_blocks(text, blocks))
}

/// [`read_block`] of every block: its shape, whether it is a page-only line, its function
/// words and its lower-cased text.
pub(super) fn read_blocks(text: &str, blocks: &[Block]) -> Vec<Read> {
    blocks
        .iter()
        .map(|b| read_block(&text[b.span.start..b.span.end]))
        .collect()
}

/// [`features`], with each block's [`read_block`] already done.
fn features_read(text: &str, blocks: &[Block], read: &[Read]) -> Vec<[f32; N_FEATURES]> {
    let owns: Vec<Own> = blocks
        .iter()
        .zip(read)
        .map(|(b, r)| own(&text[b.span.start..b.span.end], r))
        .collect();
    let n = owns.len();
    let good_chars = |o: &Own| if o.good > 0.0 { o.chars } else { 0.0 };
    let total_good: f32 = owns.iter().map(good_chars).sum();
    let page_good_share = total_good / owns.iter().map(|o| o.chars).sum::<f32>().max(1.0);
    // Distance to the nearest good block, forward and backward passes.
    let mut dist = vec![n; n];
    let mut last = None;
    for k in 0..n {
        if owns[k].good > 0.0 {
            last = Some(k);
        }
        if let Some(j) = last {
            dist[k] = k - j;
        }
    }
    last = None;
    for k in (0..n).rev() {
        if owns[k].good > 0.0 {
            last = Some(k);
        }
        if let Some(j) = last {
            dist[k] = dist[k].min(j - k);
        }
    }
    let mut out = Vec::with_capacity(n);
    let mut prose = 0.0;
    let (mut after_ender, mut after_comment) = (false, false);
    let empty = Own::default();
    for k in 0..n {
        let o = &owns[k];
        let prev = if k > 0 { &owns[k - 1] } else { &empty };
        let next = owns.get(k + 1).unwrap_or(&empty);
        let (lo, hi) = (k.saturating_sub(WINDOW), (k + WINDOW + 1).min(n));
        let m = (hi - lo) as f32;
        let mean = |f: fn(&Own) -> f32| owns[lo..hi].iter().map(f).sum::<f32>() / m;
        let before = prose / total_good.max(1.0);
        out.push([
            1.0,
            o.log_chars,
            o.log_words,
            o.stop,
            o.sentence,
            o.cue,
            o.good,
            o.near_good,
            o.short,
            o.capitals,
            o.digits,
            o.bullet,
            o.colon_end,
            o.ender,
            o.comment,
            o.legal,
            o.link,
            o.sentences,
            o.word_len,
            o.all_caps,
            o.quote,
            o.title_case,
            o.commas,
            o.dateline,
            prev.log_chars,
            prev.stop,
            prev.sentence,
            prev.good,
            prev.short,
            prev.cue,
            next.log_chars,
            next.stop,
            next.sentence,
            next.good,
            next.short,
            next.cue,
            mean(|o| o.good),
            mean(|o| o.stop),
            mean(|o| o.short),
            mean(|o| o.cue),
            k as f32 / n as f32,
            before,
            f32::from(u8::from(after_ender)),
            f32::from(u8::from(after_comment)),
            ln_1p(dist[k]) / 3.0,
            page_good_share,
        ]);
        prose += good_chars(o);
        if prose > 0.0
            && o.ender > 0.0
            && !ends_sentence(&text[blocks[k].span.start..blocks[k].span.end])
        {
            after_ender = true;
        }
        if o.comment > 0.0 {
            after_comment = true;
        }
    }
    out
}

/// The features stage two adds to a block's own: stage one's log-odds (divided by
/// [`LOGIT_SCALE`]) of the block, of its neighbours, and averaged over windows around it and
/// over the blocks before and after it: what the page around a block is, as stage one read it.
pub const CONTEXT_FEATURES: &[&str] = &[
    "ctx_self",
    "ctx_prev",
    "ctx_next",
    "ctx_prev2",
    "ctx_next2",
    "ctx_window3",
    "ctx_window10",
    "ctx_before",
    "ctx_after",
];

/// How many context features stage two adds.
pub const N_CONTEXT: usize = 9;

/// Stage one's log-odds are divided by this before stage two reads them.
const LOGIT_SCALE: f32 = 5.0;

/// Probabilities are kept this far from 0 and 1 before their log-odds are taken.
const P_FLOOR: f32 = 1e-6;

/// The two weight vectors of `data/layout.model`.
pub struct Model {
    stage1: Vec<f32>,
    stage2: Vec<f32>,
}

/// The shipped model.
pub const MODEL: &str = include_str!("../../data/layout.model");

impl Model {
    /// Reads a model file: `stage1 NAME WEIGHT` and `stage2 NAME WEIGHT` lines in the order of
    /// [`FEATURES`] (then [`CONTEXT_FEATURES`] for stage two); `#` lines are comments.
    pub fn parse(src: &str) -> Result<Model, String> {
        let (mut stage1, mut stage2) = (vec![], vec![]);
        let mut names1 = FEATURES.iter();
        let mut names2 = FEATURES.iter().chain(CONTEXT_FEATURES);
        for (i, line) in src.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let parts: Vec<&str> = line.split_whitespace().collect();
            let [stage, name, value] = parts[..] else {
                return Err(format!("line {}: expected STAGE NAME WEIGHT", i + 1));
            };
            let (names, into) = match stage {
                "stage1" => (&mut names1 as &mut dyn Iterator<Item = &&str>, &mut stage1),
                "stage2" => (&mut names2 as &mut dyn Iterator<Item = &&str>, &mut stage2),
                _ => return Err(format!("line {}: unknown stage {stage}", i + 1)),
            };
            if names.next() != Some(&name) {
                return Err(format!("line {}: feature {name} out of order", i + 1));
            }
            into.push(
                value
                    .parse()
                    .map_err(|_| format!("line {}: bad weight {value}", i + 1))?,
            );
        }
        if stage1.len() != N_FEATURES || stage2.len() != N_FEATURES + N_CONTEXT {
            return Err("missing weights".into());
        }
        Ok(Model { stage1, stage2 })
    }

    /// A model that reads every block as even odds (for tools, while the features change).
    pub fn neutral() -> Model {
        Model {
            stage1: vec![0.0; N_FEATURES],
            stage2: vec![0.0; N_FEATURES + N_CONTEXT],
        }
    }

    /// The shipped model, read once.
    pub fn shipped() -> &'static Model {
        static M: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        M.get_or_init(|| Model::parse(MODEL).expect("data/layout.model"))
    }

    /// The probability that each block of `text` is article text.
    pub fn article_probability(&self, text: &str, blocks: &[Block]) -> Vec<f32> {
        self.probability_read(text, blocks, &read_blocks(text, blocks))
    }

    /// [`Model::article_probability`], with each block's [`read_block`] already done.
    pub(super) fn probability_read(&self, text: &str, blocks: &[Block], read: &[Read]) -> Vec<f32> {
        let x = features_read(text, blocks, read);
        let p1: Vec<f32> = x.iter().map(|x| logistic(dot(&self.stage1, x))).collect();
        let ctx = context(&p1);
        x.iter()
            .zip(ctx)
            .map(|(x, c)| {
                logistic(dot(&self.stage2[..N_FEATURES], x) + dot(&self.stage2[N_FEATURES..], &c))
            })
            .collect()
    }
}

fn dot(w: &[f32], x: &[f32]) -> f32 {
    w.iter().zip(x).map(|(a, b)| a * b).sum()
}

fn logistic(z: f32) -> f32 {
    1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp())
}

/// Stage two's context features of each block, from stage one's probabilities `p`.
pub fn context(p: &[f32]) -> Vec<[f32; N_CONTEXT]> {
    let n = p.len();
    let z: Vec<f32> = p
        .iter()
        .map(|&p| {
            let p = p.clamp(P_FLOOR, 1.0 - P_FLOOR);
            (p / (1.0 - p)).ln() / LOGIT_SCALE
        })
        .collect();
    // prefix sums for the window means
    let mut sum = vec![0.0f32; n + 1];
    for k in 0..n {
        sum[k + 1] = sum[k] + z[k];
    }
    let mean = |a: usize, b: usize| {
        let b = b.min(n);
        if b > a {
            (sum[b] - sum[a]) / (b - a) as f32
        } else {
            0.0
        }
    };
    let at = |k: isize| {
        if (0..n as isize).contains(&k) {
            z[k as usize]
        } else {
            0.0
        }
    };
    (0..n)
        .map(|k| {
            let i = k as isize;
            [
                z[k],
                at(i - 1),
                at(i + 1),
                at(i - 2),
                at(i + 2),
                mean(k.saturating_sub(3), k + 4),
                mean(k.saturating_sub(10), k + 11),
                mean(0, k),
                mean(k + 1, n),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_match_the_features_and_the_shipped_model_reads() {
        assert_eq!(FEATURES.len(), N_FEATURES);
        assert_eq!(CONTEXT_FEATURES.len(), N_CONTEXT);
        Model::parse(MODEL).unwrap();
    }

    #[test]
    fn the_ascii_table_agrees_with_char() {
        for b in 0..128u8 {
            let c = char::from(b);
            assert_eq!(ASCII_CLASS[usize::from(b)], char_class(c), "{b}");
            assert_eq!(class_at(&c.to_string(), 0), (char_class(c), 1), "{b}");
        }
    }

    /// [`scan`]'s counts as their definitions read them, one pass each, on the block as the
    /// layout stage read it before `scan` (lower-cased whole, then cut into words).
    fn counts_by_definition(t: &str) -> Counts {
        let lower = t.to_lowercase();
        let words = || t.split_whitespace();
        let first =
            |w: &str, f: fn(&char) -> bool| w.chars().find(f).is_some_and(char::is_uppercase);
        let long = || words().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4);
        Counts {
            chars: t.chars().count(),
            letters: t.chars().filter(|c| c.is_alphabetic()).count(),
            upper: t
                .chars()
                .filter(|c| c.is_alphabetic() && c.is_uppercase())
                .count(),
            digits: t
                .chars()
                .filter(|c| c.is_numeric() && !c.is_alphabetic())
                .count(),
            commas: t.chars().filter(|c| matches!(c, ',' | ';')).count(),
            sentences: t
                .split_inclusive(['.', '!', '?'])
                .filter(|s| s.split_whitespace().count() >= 3)
                .count(),
            words: words().count(),
            unbulleted_words: unbulleted(&lower).split_whitespace().count(),
            stop: unbulleted(&lower)
                .split_whitespace()
                .filter(|w| FUNCTION_WORDS.contains(w.trim_matches(|c: char| !c.is_alphanumeric())))
                .count(),
            capitals: words()
                .filter(|w| first(w, |c| c.is_alphanumeric()))
                .count(),
            long_words: long().count(),
            long_capitalised: long().filter(|w| first(w, |c| c.is_alphabetic())).count(),
            seen: t.chars().fold(0, |k, c| k | char_class(c)),
        }
    }

    fn word() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            prop::sample::select(vec![
                "The", "of", "AND", "“it", "(in", "We,", "İ", "•", "-the", "U.S."
            ])
            .prop_map(str::to_string),
            "[a-zA-Z0-9.,;!?•İΣσéÉ\"'()-]{1,7}",
        ]
    }

    #[test]
    fn a_word_longer_than_the_packed_counts_hold_is_counted_whole() {
        for unit in ["aB1,", "„é", "x"] {
            let t = format!("The {} of U.S. cars.", unit.repeat(PACK_RUN + 7));
            assert_eq!(scan(&t), counts_by_definition(&t), "{unit}");
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_counts_what_the_definitions_count(
            words in proptest::collection::vec(word(), 0..30),
            gaps in proptest::collection::vec(proptest::sample::select(vec![" ", "  ", "\n", "\u{2003}", " • "]), 30),
        ) {
            let text: String = words.iter().zip(&gaps).flat_map(|(w, g)| [w.as_str(), g]).collect();
            let t = text.trim();
            proptest::prop_assert_eq!(scan(t), counts_by_definition(t), "{:?}", t);
        }
    }

    #[test]
    fn a_model_with_its_weights_out_of_order_is_refused() {
        let swapped = MODEL.replacen("stage1 bias", "stage1 log_chars", 1);
        assert!(Model::parse(&swapped).is_err());
        assert!(Model::parse("stage1 bias x").is_err());
    }
}
