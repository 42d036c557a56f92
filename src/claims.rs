//! The **detect** stage for claims: check-worthy sentences, scored from 0 to 1 with reasons.
//!
//! ## What it detects
//! Each article sentence (not a headline, question or furniture) gets binary features:
//! numbers, percentages, money, dates and years, ordinals and superlatives, comparatives,
//! people and organizations from the names layer, factual and reporting verbs, causal
//! connectives, hedges and opinion words, first and second person, being inside a quote, and
//! its word unigrams and bigrams. A logistic model ([`ClaimModel`], trained by
//! `cargo xtask train-claims`) turns them into a score; sentences at or over the model's
//! threshold are claims. The features that pushed the score up most become the reasons, in
//! words an editor reads; the words and word pairs count as one reason, their summed push,
//! quoting the strongest of them ("words typical of check-worthy claims: “percent”").
//!
//! ## Known misses
//! Claims are whole sentences; a sentence holding a claim and an opinion is one unit.
//!
//! ## Example
//! ```
//! let a = newsmark::Annotator::new();
//! let r = a.annotate("Unemployment fell to 4.1% in March, the lowest rate since 2001.");
//! let c = r.annotations.iter().find(|x| x.kind == newsmark::Kind::Claim).unwrap();
//! assert!(c.claim.as_ref().unwrap().reasons.iter().any(|r| r.contains("statistic")));
//! ```

use crate::names::{NameKind, NameMention};
use crate::segment::{Doc, TokKind};
use crate::text::Span;
use crate::words::{
    CAUSAL, COMPARATIVES, CONDITIONALS, CURRENCY_SIGNS, CURRENCY_WORDS, DATE_WORDS, FACT_VERBS,
    FIRST_PERSON, FUNCTION_WORDS, GREETING_OPENERS, HEDGES, IMPERATIVE_OPENERS, IRREGULAR_PAST,
    NEGATIONS, NOT_PAST_ED, NUMBER_WORDS, OPINION, REPORTED_CUES, SUPERLATIVES,
};
use foldhash::{HashMap, HashMapExt, HashSet};

/// A logistic check-worthiness model: weights over named binary features.
#[derive(Clone, Debug)]
pub struct ClaimModel {
    bias: f32,
    weights: HashMap<String, f32>,
    /// Score at or above which a sentence is a claim.
    pub threshold: f32,
    /// Word and bigram features count `NGRAM_SCALE / sqrt(n)` each, n being how many the
    /// sentence has (so a long sentence does not win on its length alone).
    pub ngram_norm: bool,
    /// The share of check-worthy sentences in the training data.
    pub prior: f32,
    /// How many sentences' worth of weight the training prior keeps when a document's own
    /// prior is estimated ([`adapt`]); 0 turns the adaptation off.
    pub adapt_alpha: f32,
}

/// See [`ClaimModel::ngram_norm`].
const NGRAM_SCALE: f32 = 4.0;

/// Word and bigram features (kept by count and weight), as opposed to designed ones.
pub fn is_ngram(f: &str) -> bool {
    f.starts_with("u:") || f.starts_with("b:")
}

/// The value of each n-gram feature in a sentence with `n` of them.
pub fn ngram_value(norm: bool, n: usize) -> f32 {
    if norm {
        NGRAM_SCALE / (n.max(1) as f32).sqrt()
    } else {
        1.0
    }
}

/// Errors from loading a claim model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The bytes are not UTF-8.
    #[error("the claim model is not UTF-8")]
    NotUtf8,
    /// A line that is not `threshold X`, `bias X`, `ngram_norm 0|1` or `w FEATURE X`.
    #[error("the claim model has a malformed line {0}")]
    BadLine(usize),
}

impl ClaimModel {
    /// Parses the text format: `#` comments, `threshold X`, `bias X`, `w FEATURE WEIGHT`,
    /// and weights front-coded in feature order as [`ClaimModel::to_text`] writes them: a
    /// line `DREST WEIGHT`, where the digit `D` says how many leading bytes the feature
    /// shares with the one on the line before and `REST` is the rest of it (the features are
    /// sorted, so this packs the file smaller under gzip, for the page's size budget).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let text = std::str::from_utf8(bytes).map_err(|_| ModelError::NotUtf8)?;
        let mut m = ClaimModel {
            bias: 0.0,
            weights: HashMap::new(),
            threshold: 0.5,
            ngram_norm: false,
            prior: 0.5,
            adapt_alpha: 0.0,
        };
        // The feature of the last front-coded line.
        let mut feature = String::new();
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let num = |s: &str| s.parse::<f32>().map_err(|_| ModelError::BadLine(n + 1));
            if let Some(d @ b'0'..=b'9') = line.bytes().next() {
                let shared = usize::from(d - b'0');
                let (rest, x) = line[1..]
                    .split_once(' ')
                    .ok_or(ModelError::BadLine(n + 1))?;
                if !feature.is_char_boundary(shared) {
                    return Err(ModelError::BadLine(n + 1));
                }
                feature.truncate(shared);
                feature.push_str(rest);
                m.weights.insert(feature.clone(), num(x)?);
                continue;
            }
            let f: Vec<&str> = line.split(' ').collect();
            match f.as_slice() {
                ["threshold", x] => m.threshold = num(x)?,
                ["bias", x] => m.bias = num(x)?,
                ["ngram_norm", x] => m.ngram_norm = *x == "1",
                ["prior", x] => m.prior = num(x)?.clamp(0.01, 0.99),
                ["adapt_alpha", x] => m.adapt_alpha = num(x)?.max(0.0),
                ["w", name, x] => {
                    m.weights.insert((*name).to_string(), num(x)?);
                }
                _ => return Err(ModelError::BadLine(n + 1)),
            }
        }
        Ok(m)
    }

    /// Builds a model from weights (for training).
    pub fn from_weights(bias: f32, weights: HashMap<String, f32>, threshold: f32) -> Self {
        ClaimModel {
            bias,
            weights,
            threshold,
            ngram_norm: false,
            prior: 0.5,
            adapt_alpha: 0.0,
        }
    }

    /// The probability that a sentence with these features is check-worthy, and each
    /// feature's contribution.
    pub fn score<'f>(&self, feats: &'f [String]) -> (f32, Vec<(f32, &'f str)>) {
        self.score_names(feats.iter().map(String::as_str))
    }

    /// [`ClaimModel::score`] of a sentence's [`Feats`].
    pub fn score_feats<'f>(&self, feats: &'f Feats) -> (f32, Vec<(f32, &'f str)>) {
        self.score_names(feats.iter())
    }

    fn score_names<'f>(
        &self,
        feats: impl Iterator<Item = &'f str> + Clone,
    ) -> (f32, Vec<(f32, &'f str)>) {
        let v = ngram_value(
            self.ngram_norm,
            feats.clone().filter(|f| is_ngram(f)).count(),
        );
        let mut z = self.bias;
        let mut contrib = Vec::new();
        for f in feats {
            if let Some(&w) = self.weights.get(f) {
                let w = if is_ngram(f) { w * v } else { w };
                z += w;
                contrib.push((w, f));
            }
        }
        (1.0 / (1.0 + (-z).exp()), contrib)
    }
}

/// A past-tense (or past participle) verb: a reported event.
fn is_past(l: &str) -> bool {
    IRREGULAR_PAST.contains(l)
        || l.len() >= 5
            && l.ends_with("ed")
            && l.chars().all(|c| c.is_ascii_lowercase())
            && !NOT_PAST_ED.contains(l)
}

const B_CURRENCY: u32 = 1;
const B_DATE: u32 = 1 << 1;
const B_NUMBER: u32 = 1 << 2;
const B_SUPERLATIVE: u32 = 1 << 3;
const B_COMPARATIVE: u32 = 1 << 4;
const B_FACT_VERB: u32 = 1 << 5;
const B_CAUSAL: u32 = 1 << 6;
const B_HEDGE: u32 = 1 << 7;
const B_OPINION: u32 = 1 << 8;
const B_FIRST_PERSON: u32 = 1 << 9;
const B_REPORTED: u32 = 1 << 10;
const B_CONDITIONAL: u32 = 1 << 11;
const B_NEGATION: u32 = 1 << 12;

/// Which of the word lists the claim features read hold lower-cased word `l`, as bits: one
/// lookup a word instead of one a list.
fn word_bits(l: &str) -> u32 {
    static BITS: std::sync::OnceLock<HashMap<&'static str, u32>> = std::sync::OnceLock::new();
    let map = BITS.get_or_init(|| {
        crate::words::flags(&[
            (&CURRENCY_WORDS, B_CURRENCY),
            (&DATE_WORDS, B_DATE),
            (&NUMBER_WORDS, B_NUMBER),
            (&SUPERLATIVES, B_SUPERLATIVE),
            (&COMPARATIVES, B_COMPARATIVE),
            (&FACT_VERBS, B_FACT_VERB),
            (&CAUSAL, B_CAUSAL),
            (&HEDGES, B_HEDGE),
            (&OPINION, B_OPINION),
            (&FIRST_PERSON, B_FIRST_PERSON),
            (&REPORTED_CUES, B_REPORTED),
            (&CONDITIONALS, B_CONDITIONAL),
            (&NEGATIONS, B_NEGATION),
        ])
    });
    map.get(l).copied().unwrap_or(0)
}

/// Human-readable reasons for the features that can push a claim over the line.
pub fn reason_text(f: &str) -> Option<&'static str> {
    Some(match f {
        "num" => "contains a number",
        "pct" => "contains a statistic",
        "money" => "mentions an amount of money",
        "year" | "date" => "dated event",
        "superlative" => "ranking or superlative",
        "comparative" => "comparison or quantity",
        "person" => "about a named person",
        "org" => "about a named organization",
        "fact_verb" => "reports an action or event",
        "causal" => "states a cause",
        "numword" => "states a quantity",
        "in_quote" => "a quoted statement",
        "reported" => "attributed statement",
        "past" => "reports a past event",
        _ => return None,
    })
}

/// The binary features of a stretch of text (a sentence) given the names found in it.
pub fn features(
    words: &[&str],
    has_person: bool,
    has_org: bool,
    in_quote: bool,
    question: bool,
) -> Vec<String> {
    let mut f = Feats::default();
    features_into(&mut f, words, has_person, has_org, in_quote, question);
    f.to_vec()
}

/// A sentence's features, each once, in the order first added: their names in one buffer
/// (not a string each), reused from sentence to sentence.
#[derive(Clone, Debug, Default)]
pub struct Feats {
    buf: String,
    /// Where each name ends in `buf` (it starts where the one before ends).
    ends: Vec<usize>,
    /// Each name's hash ([`name_hash`]).
    hashes: Vec<u64>,
    seen: HashSet<u64>,
}

impl Feats {
    fn clear(&mut self) {
        self.buf.clear();
        self.ends.clear();
        self.hashes.clear();
        self.seen.clear();
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// No features.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.buf[start..self.ends[i]]
    }

    /// The features' names, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + Clone + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The features as strings.
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }

    /// Adds the feature named by `parts` joined, unless it is there already. Names are
    /// compared in full only when their hashes agree.
    fn add(&mut self, parts: &[&str]) {
        let start = self.buf.len();
        for p in parts {
            self.buf.push_str(p);
        }
        let h = name_hash(&self.buf[start..]);
        if !self.seen.insert(h)
            && (0..self.len()).any(|i| self.hashes[i] == h && self.get(i) == &self.buf[start..])
        {
            self.buf.truncate(start);
            return;
        }
        self.ends.push(self.buf.len());
        self.hashes.push(h);
    }
}

/// [`features`] into `f` (cleared first).
fn features_into(
    f: &mut Feats,
    words: &[&str],
    has_person: bool,
    has_org: bool,
    in_quote: bool,
    question: bool,
) {
    f.clear();
    let n_words = word_features(f, words, in_quote);
    opening_features(f, words);
    for (on, name) in [
        (question, "question"),
        (has_person, "person"),
        (has_org, "org"),
        (in_quote, "in_quote"),
    ] {
        if on {
            set(f, name);
        }
    }
    set(
        f,
        match n_words {
            0..=4 => "len_tiny",
            5..=9 => "len_short",
            10..=30 => "len_mid",
            _ => "len_long",
        },
    );
    ngram_features(f, words);
}

/// Adds feature `name` once.
fn set(f: &mut Feats, name: &str) {
    f.add(&[name]);
}

/// Years a four-digit number may be.
const YEARS: std::ops::RangeInclusive<u32> = 1800..=2100;

/// What the sentence's words say: numbers, dates, amounts, comparisons, verbs of fact,
/// opinion and saying, hedges, negation, tense. Returns how many words it has.
fn word_features(f: &mut Feats, words: &[&str], in_quote: bool) -> usize {
    let mut n_words = 0;
    let mut lower = String::new();
    for (i, w) in words.iter().enumerate() {
        lower_into(w, &mut lower);
        let l = lower.as_str();
        if w.chars().any(|c| c.is_alphabetic()) {
            n_words += 1;
        }
        if w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            set(f, "num");
            if w.len() == 4 && w.parse::<u32>().is_ok_and(|y| YEARS.contains(&y)) {
                set(f, "year");
            }
            if w.ends_with("th") || w.ends_with("st") || w.ends_with("nd") || w.ends_with("rd") {
                set(f, "date");
            }
        }
        if *w == "%"
            || l == "percent"
            || l == "per"
                && words
                    .get(i + 1)
                    .is_some_and(|n| n.eq_ignore_ascii_case("cent"))
        {
            set(f, "pct");
        }
        let bits = word_bits(l);
        let has = |b: u32| bits & b != 0;
        if CURRENCY_SIGNS.contains(w) || has(B_CURRENCY) {
            set(f, "money");
        }
        if has(B_DATE) {
            set(f, "date");
        }
        if has(B_NUMBER) {
            set(f, "numword");
        }
        if has(B_SUPERLATIVE) || l.ends_with("est") && l.len() > 5 {
            set(f, "superlative");
        }
        for (b, name) in [
            (B_COMPARATIVE, "comparative"),
            (B_FACT_VERB, "fact_verb"),
            (B_CAUSAL, "causal"),
            (B_HEDGE, "hedge"),
            (B_OPINION, "opinion"),
            (B_FIRST_PERSON, "first_person"),
        ] {
            if has(b) {
                set(f, name);
            }
        }
        // A verb of saying makes a reported fact, unless what is said is a direct quote:
        // then the quoted words are judged on their own.
        if !in_quote && has(B_REPORTED) {
            set(f, "reported");
        }
        if has(B_CONDITIONAL) {
            set(f, "conditional");
        }
        if has(B_NEGATION) {
            set(f, "negation");
        }
        if is_past(l) {
            set(f, "past");
        }
    }
    n_words
}

/// How the sentence opens: a request or command, a greeting.
fn opening_features(f: &mut Feats, words: &[&str]) {
    if let Some(first) = words.first() {
        let l = first.to_lowercase();
        if IMPERATIVE_OPENERS.contains(&l) {
            set(f, "imperative");
        }
        if GREETING_OPENERS.contains(&l) {
            set(f, "greeting");
        }
    }
}

/// Word unigrams and bigrams (lower case, digits as `0`); the model keeps those that earn
/// their bytes.
fn ngram_features(f: &mut Feats, words: &[&str]) {
    // Every word normalized into one buffer (`None` for punctuation), not a string a word.
    let mut buf = String::with_capacity(words.iter().map(|w| w.len()).sum());
    let norm: Vec<Option<std::ops::Range<usize>>> = words
        .iter()
        .map(|w| {
            let start = buf.len();
            ngram_word(w, &mut buf).then_some(start..buf.len())
        })
        .collect();
    let word = |r: &Option<std::ops::Range<usize>>| r.clone().map(|r| &buf[r]);
    for w in norm.iter().filter_map(word) {
        if w.chars().all(char::is_alphabetic) && w.len() > 1 {
            f.add(&["u:", w]);
        }
    }
    let mut prev = "<s>";
    for w in norm
        .iter()
        .map(|r| word(r).unwrap_or("<p>"))
        .chain(["</s>"])
    {
        if !(prev == "<p>" && w == "<p>") {
            f.add(&["b:", prev, "_", w]);
        }
        prev = w;
    }
}

fn name_hash(name: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(name)
}

/// `w` lower-cased (`str::to_lowercase`) into `out`, which is cleared first.
fn lower_into(w: &str, out: &mut String) {
    out.clear();
    if w.is_ascii() {
        out.extend(w.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.push_str(&w.to_lowercase());
    }
}

/// Appends token `w` as n-gram features see it to `out`: lower case, each run of digits as
/// `0`; returns false (and appends nothing) for punctuation other than `%`, `$` and `?`.
fn ngram_word(w: &str, out: &mut String) -> bool {
    if !w
        .chars()
        .any(|c| c.is_alphanumeric() || matches!(c, '%' | '$' | '?'))
    {
        return false;
    }
    let mut digits = false;
    for c in w.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_digit() {
            if !digits {
                out.push('0');
            }
            digits = true;
        } else {
            digits = false;
            if !matches!(c, '.' | ',') {
                out.push(c);
            }
        }
    }
    true
}

/// A claim found in the text.
#[derive(Clone, Debug)]
pub struct ClaimFound {
    /// The sentence (normalized text).
    pub span: Span,
    /// Probability of being check-worthy.
    pub score: f32,
    /// Why, most important first.
    pub reasons: Vec<String>,
}

/// An article sentence that may be a claim: its features and the names in it.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The sentence (normalized text).
    pub span: Span,
    /// Its binary features, as [`features`] makes them.
    pub feats: Feats,
    /// The first person named in it.
    pub person: Option<Span>,
    /// The first organization named in it.
    pub org: Option<Span>,
}

/// Every article sentence (headlines left out) with its features.
pub fn candidates(text: &str, doc: &Doc, names: &[NameMention], quotes: &[Span]) -> Vec<Candidate> {
    let mut out = Vec::with_capacity(doc.sentences.len());
    each_candidate(text, doc, names, quotes, |c| out.push(c.clone()));
    out
}

/// Calls `f` with each article sentence (headlines left out) and its features, in order; one
/// candidate's buffers are reused for the next, so a long text never holds them all.
fn each_candidate(
    text: &str,
    doc: &Doc,
    names: &[NameMention],
    quotes: &[Span],
    mut f: impl FnMut(&Candidate),
) {
    let (mut ni, mut qi) = (0, 0);
    let mut c = Candidate {
        span: Span::new(0, 0),
        feats: Feats::default(),
        person: None,
        org: None,
    };
    let mut words: Vec<&str> = Vec::new();
    for s in &doc.sentences {
        if doc.paragraphs[s.para].headline {
            continue;
        }
        words.clear();
        words.extend(s.tokens.clone().map(|i| doc.tok(text, i)));
        let last = doc.tokens[s.tokens.end - 1];
        let question = words.iter().rev().take(3).any(|w| *w == "?") && last.kind == TokKind::Punct;
        while ni < names.len() && names[ni].span.end <= s.span.start {
            ni += 1;
        }
        let in_s = || names[ni..].iter().take_while(|m| m.span.start < s.span.end);
        let person = in_s().find(|m| m.kind == NameKind::Person).map(|m| m.span);
        let org = in_s().find(|m| m.kind == NameKind::Org).map(|m| m.span);
        while qi < quotes.len() && quotes[qi].end <= s.span.start {
            qi += 1;
        }
        let in_quote = quotes[qi..]
            .iter()
            .take_while(|q| q.start < s.span.end)
            .any(|q| q.overlap(&s.span) * 3 > s.span.len());
        let (has_person, has_org) = (person.is_some(), org.is_some());
        features_into(
            &mut c.feats,
            &words,
            has_person,
            has_org,
            in_quote,
            question,
        );
        (c.span, c.person, c.org) = (s.span, person, org);
        f(&c);
    }
}

/// One reason a sentence scored high, before it is put in words (see [`reason_keys`]).
#[derive(Clone, Debug, PartialEq)]
enum ReasonKey {
    /// A designed feature's reason ([`reason_text`]).
    Feature(&'static str),
    /// A person or an organization named in the sentence.
    Named(Span),
    /// The words and word pairs that pushed the score up most, strongest first.
    Wording(Vec<String>),
}

/// How many words or word pairs a wording reason quotes.
const WORDING_SHOWN: usize = 2;

/// A word or word-pair feature as a reader sees it (`b:interest_rates` → `interest rates`);
/// `None` for those with a sentence boundary, punctuation or a number, or made of function
/// words only (`of`, `in the`), which tell a reader nothing.
fn ngram_shown(f: &str) -> Option<String> {
    let w = f.strip_prefix("u:").or_else(|| f.strip_prefix("b:"))?;
    if w.contains('<')
        || w.chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '%' | '$' | '?'))
        || w.split('_').all(|x| FUNCTION_WORDS.contains(x))
    {
        return None;
    }
    Some(w.replace('_', " "))
}

/// What pushed a score up, strongest first: each designed feature's reason (a person or an
/// organization by its name), and the sentence's wording, ranked by the summed push of its
/// words and word pairs and quoting the strongest of them. Only features that fired with a
/// positive weight count, so every reason shown is true of the score.
fn reason_keys(c: &Candidate, contrib: Vec<(f32, &str)>) -> Vec<ReasonKey> {
    let mut ranked: Vec<(f32, ReasonKey)> = vec![];
    let mut words: Vec<(f32, &str)> = vec![];
    let mut words_sum = 0.0;
    for (w, f) in contrib.into_iter().filter(|(w, _)| *w > 0.0) {
        if is_ngram(f) {
            words_sum += w;
            words.push((w, f));
            continue;
        }
        let key = match (f, c.person, c.org) {
            ("person", Some(m), _) | ("org", _, Some(m)) => Some(ReasonKey::Named(m)),
            _ => reason_text(f).map(ReasonKey::Feature),
        };
        if let Some(k) = key {
            ranked.push((w, k));
        }
    }
    words.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let shown: Vec<String> = words
        .iter()
        .filter_map(|(_, f)| ngram_shown(f))
        .take(WORDING_SHOWN)
        .collect();
    if !shown.is_empty() {
        ranked.push((words_sum, ReasonKey::Wording(shown)));
    }
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked.into_iter().map(|(_, k)| k).collect()
}

/// How many reasons a claim shows: enough to say why, few enough to read at a glance.
pub const MAX_REASONS: usize = 3;

/// The (at most [`MAX_REASONS`]) reasons in words, a named person or organization by its name.
fn reasons_in_words(text: &str, keys: &[ReasonKey]) -> Vec<String> {
    let mut reasons: Vec<String> = vec![];
    for k in keys {
        let r = match k {
            ReasonKey::Feature(r) => r.to_string(),
            ReasonKey::Named(m) => format!("about {}", &text[m.start..m.end]),
            ReasonKey::Wording(ws) => {
                let quoted: Vec<String> = ws.iter().map(|w| format!("“{w}”")).collect();
                format!(
                    "words typical of check-worthy claims: {}",
                    quoted.join(", ")
                )
            }
        };
        if !reasons.contains(&r) {
            reasons.push(r);
        }
        if reasons.len() == MAX_REASONS {
            break;
        }
    }
    reasons
}

/// Scores every article sentence, adapts the scores to the document ([`adapt`]) and keeps
/// the sentences at or over the threshold.
pub fn detect(
    text: &str,
    doc: &Doc,
    names: &[NameMention],
    quotes: &[Span],
    model: &ClaimModel,
) -> Vec<ClaimFound> {
    let mut scored: Vec<(Span, f32, Vec<ReasonKey>)> = Vec::with_capacity(doc.sentences.len());
    each_candidate(text, doc, names, quotes, |c| {
        let (score, contrib) = model.score_feats(&c.feats);
        let keys = reason_keys(c, contrib);
        scored.push((c.span, score, keys));
    });
    let raw: Vec<f32> = scored.iter().map(|s| s.1).collect();
    scored
        .into_iter()
        .zip(adapt(&raw, model.prior, model.adapt_alpha))
        .filter(|(_, p)| *p >= model.threshold)
        .map(|((span, _, keys), score)| ClaimFound {
            span,
            score,
            reasons: reasons_in_words(text, &keys),
        })
        .collect()
}

/// Moves a document's sentence scores to the share of claims that the document itself
/// appears to have (the EM prior adjustment of Saerens, Latinne and Decaestecker, 2002).
///
/// The model's scores assume the training share of check-worthy sentences (`prior`, about a
/// quarter in debates). A news article has far more of them, a speech fewer. EM estimates the
/// document's share from the scores, and each score is reweighed by the ratio of the two
/// shares. The training share weighs as `alpha` extra sentences, so a one-sentence text keeps
/// nearly the training share and a long article finds its own. `alpha` 0 returns the scores.
pub fn adapt(scores: &[f32], prior: f32, alpha: f32) -> Vec<f32> {
    if alpha <= 0.0 || scores.is_empty() {
        return scores.to_vec();
    }
    let prior = prior.clamp(0.01, 0.99);
    let mut q = prior;
    let mut out = scores.to_vec();
    for _ in 0..100 {
        let (a, b) = (q / prior, (1.0 - q) / (1.0 - prior));
        for (o, &p) in out.iter_mut().zip(scores) {
            let d = a * p + b * (1.0 - p);
            *o = if d > 0.0 { a * p / d } else { p };
        }
        let nq = ((out.iter().sum::<f32>() + alpha * prior) / (out.len() as f32 + alpha))
            .clamp(0.01, 0.99);
        let done = (nq - q).abs() < 1e-5;
        q = nq;
        if done {
            break;
        }
    }
    out
}

impl ClaimModel {
    /// The model in its text format, after `header` lines (each written as a `#` comment).
    pub fn to_text(&self, header: &[String]) -> String {
        let mut s = String::new();
        for h in header {
            s += &format!("# {h}\n");
        }
        s += &format!("threshold {}\nbias {}\n", self.threshold, self.bias);
        if self.ngram_norm {
            s += "ngram_norm 1\n";
        }
        if self.adapt_alpha > 0.0 {
            s += &format!("prior {}\nadapt_alpha {}\n", self.prior, self.adapt_alpha);
        }
        let mut ws: Vec<(&String, &f32)> = self.weights.iter().collect();
        ws.sort_by(|a, b| a.0.cmp(b.0));
        let mut prev = "";
        for (f, w) in ws {
            // (front-coded: see [`ClaimModel::from_bytes`])
            let shared = (0..=f.len().min(prev.len()).min(9))
                .rev()
                .find(|&k| f.is_char_boundary(k) && prev.as_bytes()[..k] == f.as_bytes()[..k])
                .unwrap_or(0);
            s += &format!("{shared}{} {w}\n", &f[shared..]);
            prev = f;
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_coded_weights_read_as_plain_ones_and_a_bad_prefix_is_refused() {
        let plain = ClaimModel::from_bytes(
            b"bias 1\nw b:rate_of 2\nw b:rate_up 3\nw u:r\xc3\xa9 4\nw u:r\xc3\xa9s 5\n",
        )
        .unwrap();
        let coded =
            ClaimModel::from_bytes(b"bias 1\n0b:rate_of 2\n7up 3\n0u:r\xc3\xa9 4\n5s 5\n").unwrap();
        assert_eq!(plain.to_text(&[]), coded.to_text(&[]));
        // what it writes is front-coded, and reads back the same
        let text = plain.to_text(&["h".into()]);
        assert!(
            text.contains("\n7up 3\n") && text.contains("\n5s 5\n"),
            "{text}"
        );
        assert_eq!(
            ClaimModel::from_bytes(text.as_bytes())
                .unwrap()
                .to_text(&[]),
            plain.to_text(&[])
        );
        // more shared bytes than the feature before has, or inside a character
        assert_eq!(
            ClaimModel::from_bytes(b"0ab 1\n3c 2\n").err(),
            Some(ModelError::BadLine(2))
        );
        assert_eq!(
            ClaimModel::from_bytes(b"0\xc3\xa9 1\n1x 2\n").err(),
            Some(ModelError::BadLine(2))
        );
        assert_eq!(
            ClaimModel::from_bytes(b"0ab\n").err(),
            Some(ModelError::BadLine(1))
        );
    }

    #[test]
    fn the_shipped_model_is_written_as_to_text_writes_it() {
        let text = std::str::from_utf8(crate::CLAIM_MODEL).unwrap();
        let body: String = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(
            ClaimModel::from_bytes(crate::CLAIM_MODEL)
                .unwrap()
                .to_text(&[]),
            body
        );
    }

    #[test]
    fn reasons_are_the_features_that_pushed_the_score_up() {
        let m = ClaimModel::from_bytes(
            b"bias -1\nw num 0.5\nw opinion -2\nw u:unemployment 3\nw b:the_rate 1\nw u:of 4\nw b:rate_<s> 5\nw u:think -1\n",
        )
        .unwrap();
        let feats: Vec<String> = [
            "num",
            "opinion",
            "u:unemployment",
            "b:the_rate",
            "u:of",
            "u:think",
            "u:unknown",
        ]
        .iter()
        .map(|f| f.to_string())
        .collect();
        let mut c = Candidate {
            span: Span { start: 0, end: 10 },
            feats: Feats::default(),
            person: None,
            org: None,
        };
        for f in &feats {
            set(&mut c.feats, f);
        }
        assert_eq!(c.feats.to_vec(), feats, "each once, in order");
        set(&mut c.feats, "num");
        assert_eq!(c.feats.len(), feats.len(), "a feature is added once");
        let (_, contrib) = m.score(&feats);
        assert_eq!(m.score_feats(&c.feats).1, contrib);
        let keys = reason_keys(&c, contrib);
        // Words pushed most (3 + 1 + 4), then the number; nothing that pushed down is a reason.
        assert_eq!(
            keys,
            vec![
                ReasonKey::Wording(vec!["unemployment".into(), "the rate".into()]),
                ReasonKey::Feature("contains a number"),
            ]
        );
        assert_eq!(
            reasons_in_words("", &keys),
            vec![
                "words typical of check-worthy claims: “unemployment”, “the rate”",
                "contains a number"
            ]
        );
        // Function words alone, boundaries and numbers are never quoted.
        assert_eq!(ngram_shown("u:of"), None);
        assert_eq!(ngram_shown("b:rate_<s>"), None);
        assert_eq!(ngram_shown("b:0_percent"), None);
        assert_eq!(
            ngram_shown("b:interest_rates").as_deref(),
            Some("interest rates")
        );
    }

    #[test]
    fn adaptation_follows_the_document_and_spares_single_sentences() {
        // Off: unchanged.
        assert_eq!(adapt(&[0.2, 0.7], 0.25, 0.0), vec![0.2, 0.7]);
        assert!(adapt(&[], 0.25, 20.0).is_empty());
        // One sentence barely moves.
        let one = adapt(&[0.3], 0.25, 20.0)[0];
        assert!((one - 0.3).abs() < 0.03, "{one}");
        // An article where most sentences look factual: every score goes up, order kept.
        let news: Vec<f32> = (0..40)
            .map(|i| if i % 4 == 0 { 0.1 } else { 0.45 })
            .collect();
        let up = adapt(&news, 0.25, 20.0);
        assert!(up.iter().zip(&news).all(|(a, b)| a > b));
        assert!(up[0] < up[1]);
        // A speech of mostly non-factual sentences: scores go down.
        let speech: Vec<f32> = (0..40)
            .map(|i| if i % 10 == 0 { 0.4 } else { 0.03 })
            .collect();
        let down = adapt(&speech, 0.25, 20.0);
        assert!(down.iter().zip(&speech).all(|(a, b)| a < b));
        // Degenerate scores stay in [0, 1].
        let edge = adapt(&[0.0, 1.0, f32::MIN_POSITIVE, 1.0], 0.25, 20.0);
        assert!(edge.iter().all(|p| (0.0..=1.0).contains(p)));
    }
}
