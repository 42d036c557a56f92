//! The **detect** stage for claims: check-worthy sentences, scored from 0 to 1 with reasons.
//!
//! ## What it detects
//! Each article sentence (not a headline, question or furniture) gets binary features:
//! numbers, percentages, money, dates and years, ordinals and superlatives, comparatives,
//! people and organizations from the names layer, factual and reporting verbs, causal
//! connectives, hedges and opinion words, first and second person, being inside a quote, and
//! its word unigrams. A logistic model ([`ClaimModel`], trained by `cargo xtask train-claims`)
//! turns them into a score; sentences at or over the model's threshold are claims. The
//! features that pushed the score up most become the reasons, in words an editor reads.
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
use std::collections::HashMap;

/// A logistic check-worthiness model: weights over named binary features.
#[derive(Clone, Debug)]
pub struct ClaimModel {
    bias: f32,
    weights: HashMap<String, f32>,
    /// Score at or above which a sentence is a claim.
    pub threshold: f32,
}

/// Errors from loading a claim model.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModelError {
    /// The bytes are not UTF-8.
    NotUtf8,
    /// A line that is not `threshold X`, `bias X` or `w FEATURE X`.
    BadLine(usize),
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelError::NotUtf8 => write!(f, "the claim model is not UTF-8"),
            ModelError::BadLine(n) => write!(f, "the claim model has a malformed line {n}"),
        }
    }
}

impl std::error::Error for ModelError {}

impl ClaimModel {
    /// Parses the text format: `#` comments, `threshold X`, `bias X`, `w FEATURE WEIGHT`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let text = std::str::from_utf8(bytes).map_err(|_| ModelError::NotUtf8)?;
        let mut m = ClaimModel {
            bias: 0.0,
            weights: HashMap::new(),
            threshold: 0.5,
        };
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split(' ').collect();
            let num = |s: &str| s.parse::<f32>().map_err(|_| ModelError::BadLine(n + 1));
            match f.as_slice() {
                ["threshold", x] => m.threshold = num(x)?,
                ["bias", x] => m.bias = num(x)?,
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
        }
    }

    /// The probability that a sentence with these features is check-worthy, and each
    /// feature's contribution.
    pub fn score<'f>(&self, feats: &'f [String]) -> (f32, Vec<(f32, &'f str)>) {
        let mut z = self.bias;
        let mut contrib = Vec::with_capacity(feats.len());
        for f in feats {
            if let Some(&w) = self.weights.get(f.as_str()) {
                z += w;
                contrib.push((w, f.as_str()));
            }
        }
        (1.0 / (1.0 + (-z).exp()), contrib)
    }
}

/// Words that state facts or events (a named actor doing something checkable).
const FACT_VERBS: &[&str] = &[
    "announced",
    "joined",
    "won",
    "lost",
    "killed",
    "died",
    "increased",
    "decreased",
    "rose",
    "fell",
    "grew",
    "dropped",
    "signed",
    "passed",
    "voted",
    "approved",
    "rejected",
    "launched",
    "reported",
    "received",
    "withdrew",
    "arrested",
    "charged",
    "sentenced",
    "elected",
    "appointed",
    "resigned",
    "fired",
    "hired",
    "paid",
    "spent",
    "raised",
    "cut",
    "banned",
    "built",
    "opened",
    "closed",
    "acquired",
    "bought",
    "sold",
    "invested",
    "founded",
    "created",
    "discovered",
    "found",
    "released",
    "published",
    "filed",
    "sued",
    "agreed",
    "accepted",
    "declined",
    "doubled",
    "tripled",
    "reached",
    "exceeded",
    "injured",
    "attacked",
    "destroyed",
    "held",
    "visited",
    "met",
    "awarded",
    "confirmed",
    "denied",
    "admitted",
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "became",
    "become",
    "produced",
    "employs",
    "employed",
    "owns",
    "owned",
    "costs",
    "cost",
    "earned",
    "earns",
    "lists",
];
const CAUSAL: &[&str] = &[
    "because",
    "caused",
    "causes",
    "due",
    "result",
    "led",
    "leads",
    "thanks",
    "since",
    "therefore",
    "consequently",
];
const HEDGES: &[&str] = &[
    "may", "might", "could", "perhaps", "possibly", "maybe", "probably", "seems", "appears",
    "likely", "would", "should", "hope", "hopes", "wish",
];
const OPINION: &[&str] = &[
    "think",
    "believe",
    "feel",
    "wrong",
    "right",
    "good",
    "bad",
    "great",
    "terrible",
    "wonderful",
    "awful",
    "beautiful",
    "love",
    "hate",
    "disgrace",
    "shame",
    "best",
    "worst",
    "important",
    "should",
    "must",
    "need",
    "needs",
    "wonderful",
    "amazing",
    "happy",
    "sad",
    "proud",
    "glad",
    "sorry",
    "thank",
    "thanks",
    "congratulations",
    "welcome",
    "hope",
    "great",
    "opinion",
    "strategy",
    "determination",
    "believe",
    "feelings",
    "minds",
];
const FIRST_PERSON: &[&str] = &[
    "i", "we", "me", "us", "my", "our", "i'm", "we're", "i've", "we've", "let's", "you", "your",
];
const COMPARATIVES: &[&str] = &[
    "more", "less", "fewer", "higher", "lower", "larger", "smaller", "bigger", "greater", "than",
    "increase", "decrease", "percent", "twice", "half", "double", "triple", "million", "billion",
    "thousand", "hundred", "dozens", "majority", "average",
];
const SUPERLATIVES: &[&str] = &[
    "largest", "biggest", "highest", "lowest", "smallest", "most", "least", "first", "last",
    "only", "record", "best", "worst", "fastest", "oldest", "youngest", "top", "leading",
];
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "tomorrow",
    "week",
    "month",
    "year",
    "years",
    "decade",
    "century",
    "ago",
    "last",
    "since",
];
const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion",
    "trillion", "dozen",
];

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
    let mut f: Vec<String> = Vec::with_capacity(words.len() + 16);
    let mut set = |name: &str| {
        if !f.iter().any(|x| x == name) {
            f.push(name.to_string());
        }
    };
    let mut n_words = 0;
    for (i, w) in words.iter().enumerate() {
        let l = w.to_lowercase();
        let l = l.as_str();
        if w.chars().any(|c| c.is_alphabetic()) {
            n_words += 1;
        }
        if w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            set("num");
            if w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y)) {
                set("year");
            }
            if w.ends_with("th") || w.ends_with("st") || w.ends_with("nd") || w.ends_with("rd") {
                set("date");
            }
        }
        if *w == "%"
            || l == "percent"
            || l == "per"
                && words
                    .get(i + 1)
                    .is_some_and(|n| n.eq_ignore_ascii_case("cent"))
        {
            set("pct");
        }
        if matches!(*w, "$" | "£" | "€" | "¥")
            || matches!(l, "dollars" | "euros" | "pounds" | "yuan" | "usd")
        {
            set("money");
        }
        if MONTHS.contains(&l) {
            set("date");
        }
        if NUMBER_WORDS.contains(&l) {
            set("numword");
        }
        if SUPERLATIVES.contains(&l) || l.ends_with("est") && l.len() > 5 {
            set("superlative");
        }
        if COMPARATIVES.contains(&l) {
            set("comparative");
        }
        if FACT_VERBS.contains(&l) {
            set("fact_verb");
        }
        if CAUSAL.contains(&l) {
            set("causal");
        }
        if HEDGES.contains(&l) {
            set("hedge");
        }
        if OPINION.contains(&l) {
            set("opinion");
        }
        if FIRST_PERSON.contains(&l) {
            set("first_person");
        }
        if matches!(
            l,
            "said" | "says" | "told" | "according" | "reported" | "announced"
        ) {
            set("reported");
        }
        if matches!(l, "if" | "unless" | "whether") {
            set("conditional");
        }
        if matches!(l, "not" | "no" | "never" | "n't") {
            set("negation");
        }
    }
    if let Some(first) = words.first() {
        let l = first.to_lowercase();
        if matches!(
            l.as_str(),
            "please" | "let" | "thank" | "thanks" | "imagine" | "look" | "listen" | "remember"
        ) {
            set("imperative");
        }
        if matches!(
            l.as_str(),
            "hello"
                | "hi"
                | "good"
                | "welcome"
                | "congratulations"
                | "well"
                | "yes"
                | "no"
                | "okay"
                | "ok"
        ) {
            set("greeting");
        }
    }
    if question {
        set("question");
    }
    if has_person {
        set("person");
    }
    if has_org {
        set("org");
    }
    if in_quote {
        set("in_quote");
    }
    set(match n_words {
        0..=4 => "len_tiny",
        5..=9 => "len_short",
        10..=30 => "len_mid",
        _ => "len_long",
    });
    // Word unigrams (lower case), the model keeps those that earn their bytes.
    for w in words {
        if w.chars().all(char::is_alphabetic) && w.len() > 1 {
            let name = format!("u:{}", w.to_lowercase());
            if !f.contains(&name) {
                f.push(name);
            }
        }
    }
    f
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

/// Scores every article sentence and keeps those at or over the threshold.
pub fn detect(
    text: &str,
    doc: &Doc,
    names: &[NameMention],
    quotes: &[Span],
    model: &ClaimModel,
) -> Vec<ClaimFound> {
    let mut out = vec![];
    let (mut ni, mut qi) = (0, 0);
    for s in &doc.sentences {
        if doc.paragraphs[s.para].headline {
            continue;
        }
        let words: Vec<&str> = s.tokens.clone().map(|i| doc.tok(text, i)).collect();
        let last = doc.tokens[s.tokens.end - 1];
        let question = words.iter().rev().take(3).any(|w| *w == "?") && last.kind == TokKind::Punct;
        while ni < names.len() && names[ni].span.end <= s.span.start {
            ni += 1;
        }
        let in_s: Vec<&NameMention> = names[ni..]
            .iter()
            .take_while(|m| m.span.start < s.span.end)
            .collect();
        let has_person = in_s.iter().any(|m| m.kind == NameKind::Person);
        let has_org = in_s.iter().any(|m| m.kind == NameKind::Org);
        while qi < quotes.len() && quotes[qi].end <= s.span.start {
            qi += 1;
        }
        let in_quote = quotes[qi..]
            .iter()
            .take_while(|q| q.start < s.span.end)
            .any(|q| q.overlap(&s.span) * 2 > s.span.len());
        let feats = features(&words, has_person, has_org, in_quote, question);
        let (p, contrib) = model.score(&feats);
        if p >= model.threshold {
            let mut c: Vec<(f32, &str)> = contrib
                .into_iter()
                .filter(|(w, f)| *w > 0.0 && reason_text(f).is_some())
                .collect();
            c.sort_by(|a, b| b.0.total_cmp(&a.0));
            let mut reasons: Vec<String> = vec![];
            for (_, f) in c {
                let r = match f {
                    "person" | "org" => {
                        let kind = if f == "person" {
                            NameKind::Person
                        } else {
                            NameKind::Org
                        };
                        match in_s.iter().find(|m| m.kind == kind) {
                            Some(m) => format!("about {}", &text[m.span.start..m.span.end]),
                            None => reason_text(f).unwrap_or_default().to_string(),
                        }
                    }
                    _ => reason_text(f).unwrap_or_default().to_string(),
                };
                if !reasons.contains(&r) {
                    reasons.push(r);
                }
                if reasons.len() == 3 {
                    break;
                }
            }
            out.push(ClaimFound {
                span: s.span,
                score: p,
                reasons,
            });
        }
    }
    out
}

/// One training sentence: its features and whether it is check-worthy.
#[derive(Clone, Debug)]
pub struct Example {
    /// Binary features, as [`features`] makes them.
    pub feats: Vec<String>,
    /// Check-worthy.
    pub label: bool,
}

/// Settings for [`train`].
#[derive(Clone, Copy, Debug)]
pub struct TrainConfig {
    /// Passes over the data.
    pub epochs: usize,
    /// Learning rate at the start (it decays as 1/(1 + t/n)).
    pub rate: f32,
    /// L2 penalty per example on the designed features.
    pub l2: f32,
    /// L2 penalty per example on word features (stronger: words carry the training
    /// domain, debates, more than the designed features do).
    pub l2_words: f32,
    /// Word features seen fewer times than this are dropped.
    pub min_count: usize,
    /// At most this many word features are kept (largest weights first).
    pub max_words: usize,
    /// Seed for the deterministic shuffle.
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 8,
            rate: 0.2,
            l2: 1e-5,
            l2_words: 1e-5,
            min_count: 5,
            max_words: 300,
            seed: 7,
        }
    }
}

/// Trains a logistic model by stochastic gradient descent with L2, deterministically.
/// The threshold is left at 0.5; see [`best_threshold`].
pub fn train(examples: &[Example], cfg: TrainConfig) -> ClaimModel {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for e in examples {
        for f in &e.feats {
            *count.entry(f.as_str()).or_default() += 1;
        }
    }
    let keep =
        |f: &str| !f.starts_with("u:") || count.get(f).copied().unwrap_or(0) >= cfg.min_count;
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut names: Vec<&str> = count.keys().copied().filter(|f| keep(f)).collect();
    names.sort_unstable();
    for (i, n) in names.iter().enumerate() {
        index.insert(n, i);
    }
    let data: Vec<(Vec<usize>, f32)> = examples
        .iter()
        .map(|e| {
            (
                e.feats
                    .iter()
                    .filter_map(|f| index.get(f.as_str()).copied())
                    .collect(),
                if e.label { 1.0 } else { 0.0 },
            )
        })
        .collect();
    let is_word: Vec<bool> = names.iter().map(|n| n.starts_with("u:")).collect();
    let mut w = vec![0f32; names.len()];
    let mut b = 0f32;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = cfg.seed.max(1);
    let mut t = 0f32;
    let n = data.len().max(1) as f32;
    for _ in 0..cfg.epochs {
        // Fisher-Yates with a xorshift generator: the same seed gives the same model.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &k in &order {
            let (x, y) = &data[k];
            let z = b + x.iter().map(|&i| w[i]).sum::<f32>();
            let p = 1.0 / (1.0 + (-z).exp());
            let lr = cfg.rate / (1.0 + t / n);
            let g = p - y;
            b -= lr * g;
            for &i in x {
                let l2 = if is_word[i] { cfg.l2_words } else { cfg.l2 };
                w[i] -= lr * (g + l2 * w[i]);
            }
            t += 1.0;
        }
    }
    // Keep every designed feature and the strongest word features.
    let mut words: Vec<(usize, f32)> = (0..names.len())
        .filter(|&i| names[i].starts_with("u:"))
        .map(|i| (i, w[i]))
        .collect();
    words.sort_by(|a, c| c.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&c.0)));
    let kept_words: std::collections::HashSet<usize> =
        words.iter().take(cfg.max_words).map(|&(i, _)| i).collect();
    let weights = (0..names.len())
        .filter(|&i| (!names[i].starts_with("u:") || kept_words.contains(&i)) && w[i].abs() >= 1e-3)
        .map(|i| (names[i].to_string(), (w[i] * 1000.0).round() / 1000.0))
        .collect();
    ClaimModel {
        bias: (b * 1000.0).round() / 1000.0,
        weights,
        threshold: 0.5,
    }
}

/// The threshold that maximizes F1 of the positive class on `examples`, and that F1.
pub fn best_threshold(model: &ClaimModel, examples: &[Example]) -> (f32, f32) {
    let mut scored: Vec<(f32, bool)> = examples
        .iter()
        .map(|e| (model.score(&e.feats).0, e.label))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let pos = scored.iter().filter(|s| s.1).count() as f32;
    let (mut tp, mut best) = (0f32, (0.5f32, 0f32));
    for (k, &(s, y)) in scored.iter().enumerate() {
        if y {
            tp += 1.0;
        }
        let pred = (k + 1) as f32;
        let f1 = if tp > 0.0 {
            2.0 * tp / (pred + pos)
        } else {
            0.0
        };
        if f1 > best.1 {
            best = (s, f1);
        }
    }
    best
}

impl ClaimModel {
    /// The model in its text format, after `header` lines (each written as a `#` comment).
    pub fn to_text(&self, header: &[String]) -> String {
        let mut s = String::new();
        for h in header {
            s += &format!("# {h}\n");
        }
        s += &format!("threshold {}\nbias {}\n", self.threshold, self.bias);
        let mut ws: Vec<(&String, &f32)> = self.weights.iter().collect();
        ws.sort_by(|a, b| a.0.cmp(b.0));
        for (f, w) in ws {
            s += &format!("w {f} {w}\n");
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(words: &[&str], label: bool) -> Example {
        Example {
            feats: words.iter().map(|w| w.to_string()).collect(),
            label,
        }
    }

    #[test]
    fn training_is_deterministic_and_learns() {
        let mut data = vec![];
        for i in 0..200 {
            data.push(ex(
                &[
                    "num",
                    "fact_verb",
                    if i % 2 == 0 { "u:rose" } else { "u:fell" },
                ],
                true,
            ));
            data.push(ex(&["opinion", "first_person", "u:think"], false));
        }
        let cfg = TrainConfig {
            min_count: 1,
            ..TrainConfig::default()
        };
        let a = train(&data, cfg);
        let b = train(&data, cfg);
        assert_eq!(a.to_text(&[]), b.to_text(&[]));
        assert!(a.score(&data[0].feats).0 > 0.9);
        assert!(a.score(&data[1].feats).0 < 0.1);
        let (t, f1) = best_threshold(&a, &data);
        assert!(f1 > 0.99 && t > 0.0);
        let round = ClaimModel::from_bytes(a.to_text(&["test".into()]).as_bytes()).unwrap();
        assert_eq!(round.to_text(&[]), a.to_text(&[]));
    }
}
