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
use crate::words::ARTICLE_ENDERS;

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
    // One pass over the characters: letters, capitals, digits, commas, quotation marks, the
    // sentences as `split_inclusive(['.', '!', '?'])` cuts them (counting those of three words
    // or more), and the words as `split_whitespace` cuts them (their function words are
    // [`read_block`]'s: a bullet it trims is none).
    let (mut chars, mut letters, mut upper, mut digits) = (0usize, 0usize, 0usize, 0usize);
    let (mut commas, mut sentences, mut sentence_words, mut in_sentence_word) =
        (0usize, 0, 0, false);
    let (mut n_words, mut capitals) = (0usize, 0usize);
    let (mut long_words, mut long_capitalised) = (0usize, 0usize);
    // The word being read: whether one is open, its letters so far, whether its first
    // alphanumeric and its first letter are still to come, and whether that letter is a
    // capital. Counted without branches: most characters only add to counts.
    let (mut open, mut word_letters, mut want_alnum, mut want_letter, mut capital_letter) =
        (false, 0usize, false, false, false);
    let mut seen = 0u8;
    let bytes = t.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let k = if bytes[i].is_ascii() {
            i += 1;
            ASCII_CLASS[usize::from(bytes[i - 1])]
        } else {
            let c = t[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            class(c)
        };
        seen |= k;
        chars += 1;
        let alpha = k & ALPHA != 0;
        let alnum = k & (ALPHA | NUMERIC) != 0;
        let capital = k & UPPER != 0;
        let space = k & SPACE != 0;
        letters += usize::from(alpha);
        upper += usize::from(alpha & capital);
        digits += usize::from(alnum & !alpha);
        commas += usize::from(k & COMMA != 0);
        // A word ends at whitespace after it (and at the end of the text, below).
        let long = open & space & (word_letters >= 4);
        long_words += usize::from(long);
        long_capitalised += usize::from(long & capital_letter);
        let start = !space & !open;
        n_words += usize::from(start);
        want_alnum |= start;
        want_letter |= start;
        capitals += usize::from(want_alnum & alnum & capital);
        want_alnum &= !alnum;
        capital_letter = (capital_letter & !start) | (want_letter & alpha & capital);
        want_letter &= !alpha;
        word_letters = if space {
            0
        } else {
            word_letters + usize::from(alpha)
        };
        open = !space;
        // Sentences: whitespace ends a word, `.` `!` `?` a sentence.
        sentence_words += usize::from(!space & !in_sentence_word);
        in_sentence_word = !space;
        if k & STOP != 0 {
            sentences += usize::from(sentence_words >= 3);
            (sentence_words, in_sentence_word) = (0, false);
        }
    }
    let (quote, copyright) = (seen & QUOTE != 0, seen & COPYRIGHT != 0);
    sentences += usize::from(sentence_words >= 3);
    if open && word_letters >= 4 {
        long_words += 1;
        long_capitalised += usize::from(capital_letter);
    }
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
        log_chars: (1.0 + chars as f32).ln() / 8.0,
        log_words: (1.0 + n_words as f32).ln() / 6.0,
        stop: read.stop as f32 / n,
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
        sentences: (1.0 + sentences as f32).ln() / 3.0,
        word_len: word_chars as f32 / n / 10.0,
        all_caps: f32::from(u8::from(letters >= 4 && upper * 10 >= letters * 9)),
        quote: f32::from(u8::from(quote)),
        title_case: f32::from(u8::from(title_case)),
        commas: commas as f32 / n,
        dateline: f32::from(u8::from(dateline(t))),
    }
}

/// What [`class`] says of a character, as bits: alphabetic, a capital, numeric, whitespace,
/// `,` or `;`, a double quotation mark, `.` `!` or `?`, `©`.
const ALPHA: u8 = 1;
const UPPER: u8 = 2;
const NUMERIC: u8 = 4;
const SPACE: u8 = 8;
const COMMA: u8 = 16;
const QUOTE: u8 = 32;
const STOP: u8 = 64;
const COPYRIGHT: u8 = 128;

/// [`class`] of each ASCII character, worked out once (for ASCII, `char`'s Unicode
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

/// The class bits of character `c` (a table for ASCII, which most text is).
#[inline]
fn class(c: char) -> u8 {
    if c.is_ascii() {
        ASCII_CLASS[c as usize]
    } else {
        char_class(c)
    }
}

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
    let mut dist = vec![n as f32; n];
    let mut last = None;
    for k in 0..n {
        if owns[k].good > 0.0 {
            last = Some(k);
        }
        if let Some(j) = last {
            dist[k] = (k - j) as f32;
        }
    }
    last = None;
    for k in (0..n).rev() {
        if owns[k].good > 0.0 {
            last = Some(k);
        }
        if let Some(j) = last {
            dist[k] = dist[k].min((j - k) as f32);
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
            (1.0 + dist[k]).ln() / 3.0,
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
            assert_eq!(class(c), char_class(c), "{b}");
        }
    }

    #[test]
    fn a_model_with_its_weights_out_of_order_is_refused() {
        let swapped = MODEL.replacen("stage1 bias", "stage1 log_chars", 1);
        assert!(Model::parse(&swapped).is_err());
        assert!(Model::parse("stage1 bias x").is_err());
    }
}
