//! `cargo xtask train-claims`: trains the check-worthiness model (data/claims.model).
//!
//! Reads the CheckThat! 2024 English train file and the ClaimBuster sentences from
//! `../shared/data/claims` (their licence allows training a small feature-weighted scorer;
//! their text is never shipped), deduplicates them by text and leaves out every sentence of
//! the CheckThat! dev file (most of which are ClaimBuster sentences too), trains a logistic
//! model over the features the annotator computes (`Annotator::claim_features`), picks the
//! threshold on 5-fold out-of-fold scores of the CheckThat! train sentences, and prints claims
//! F1 on CheckThat! dev, gum_news_full and the seed article, each document annotated as the
//! CLI does. Deterministic: the same data gives the same file. `--lab` compares settings.

use crate::claims_train::{best_f1_threshold, train_weighted, Example, TrainConfig};
use std::collections::HashSet;
use std::io::{BufRead, BufReader};

pub fn read_jsonl(path: &str) -> Vec<(String, bool)> {
    read_rows(path)
        .into_iter()
        .map(|(_, t, l)| (t, l))
        .collect()
}

/// The rows of a claims file: (id, text, label). Ids are ClaimBuster sentence ids, numbered
/// in debate order (1960 to 2016), in both training files.
pub fn read_rows(path: &str) -> Vec<(u64, String, bool)> {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let r: Box<dyn std::io::Read> = if path.ends_with(".gz") {
        Box::new(flate2::read::GzDecoder::new(f))
    } else {
        Box::new(f)
    };
    BufReader::new(r)
        .lines()
        .map(|l| l.expect("line"))
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l).expect("json");
            (
                v["id"]
                    .as_str()
                    .and_then(|i| i.parse().ok())
                    .or_else(|| v["id"].as_u64())
                    .unwrap_or(0),
                v["text"].as_str().expect("text").to_string(),
                v["label"].as_i64() == Some(1),
            )
        })
        .collect()
}

/// `cargo xtask train-claims [--shared DIR] [--lab]`.
pub fn main(args: &[String]) {
    let mut shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared").to_string();
    let mut lab = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--shared" => shared = it.next().cloned().unwrap_or_else(|| usage()),
            "--lab" => lab = true,
            _ => usage(),
        }
    }
    if lab {
        crate::claims_lab::run(&shared)
    } else {
        run(&shared)
    }
}

fn usage() -> ! {
    eprintln!("usage: cargo xtask train-claims [--shared DIR] [--lab]");
    std::process::exit(2)
}

/// The shipped settings, chosen with `--lab` (see data/README.md).
pub const CONFIG: TrainConfig = TrainConfig {
    epochs: 16,
    rate: 0.1,
    l2: 1e-5,
    l2_words: 1e-4,
    min_count: 3,
    max_words: 5000,
    seed: 7,
    ngram_norm: true,
    averaged: true,
    nb_scale: false,
    shuffles: 1,
};

/// Weight of the training share of claims against a document's own (see `claims::adapt`).
pub const ADAPT_ALPHA: f32 = 20.0;

/// How many framed copies of each training sentence are trained on ([`quote_frame`]: the
/// first `FRAMES` frames), and what each weighs against the sentence itself. None: the lab
/// finds no gain beyond the noise of the shuffle seed (see data/README.md).
pub const FRAMES: usize = 0;
pub const FRAME_WEIGHT: f32 = 0.5;

/// Folds for choosing the threshold.
pub const FOLDS: usize = 5;

pub fn run(shared: &str) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    std::env::set_current_dir(root).expect("repository root");
    let a = newsmark::Annotator::new();
    let base = training(&a, shared);
    let prior = base.all.iter().filter(|e| e.label).count() as f32 / base.all.len() as f32;
    let framed = framed_features(&a, &base.texts, FRAMES);
    let Fitting {
        all,
        weight,
        count: is_ct,
        fold,
    } = with_frames(
        &base,
        &debate_folds(&base.ids, FOLDS),
        &framed,
        FRAME_WEIGHT,
    );
    let cfg = CONFIG;
    let mut model = train_weighted(&all, &weight, cfg);
    let oof = oof_scores(&all, &weight, &is_ct, &fold, cfg, FOLDS);
    let ap = average_precision(oof.clone());
    let (t, cv_f1) = best_f1_threshold(oof);
    model.threshold = (t * 1000.0).round() / 1000.0;
    model.prior = (prior * 1000.0).round() / 1000.0;
    model.adapt_alpha = ADAPT_ALPHA;
    eprintln!(
        "train-claims: {} training sentences ({} from CheckThat! train) and {} framed as quotes; \
         threshold {:.3} ({FOLDS}-fold cross-validation by debate on \
         CheckThat! train: F1 {cv_f1:.3}, average precision {ap:.3}); prior {:.3}",
        base.all.len(),
        is_ct.iter().filter(|c| **c).count(),
        all.len() - base.all.len(),
        model.threshold,
        model.prior
    );
    for (set, docs) in crate::claims_lab::news_sets(&a, shared) {
        let s = crate::claims_lab::score(&docs, &|d| crate::claims_lab::decide(&model, d));
        eprintln!(
            "train-claims: {set:9} claims F1 {:.3} (P {:.3} R {:.3}; documents as the CLI annotates them)",
            crate::claims_lab::f1(s),
            s.0 as f64 / s.1.max(1) as f64,
            s.0 as f64 / s.2.max(1) as f64
        );
    }
    let mut header = vec![
        "newsmark claim model: logistic regression over the features of newsmark::claims::features".to_string(),
        "generated by `cargo xtask train-claims`; do not edit by hand".to_string(),
        "trained on claims/checkthat2024_en_train.jsonl.gz and claims/claimbuster_2.5xNCS.jsonl.gz of ../shared/data, deduplicated by text, without any sentence of checkthat2024_en_dev.jsonl".to_string(),
        "their licence allows training a small feature-weighted scorer only; no text of them is in this file beyond single words and word pairs as feature names".to_string(),
        format!("threshold: best F1 over the out-of-fold scores of the CheckThat! train sentences, {FOLDS} folds by debate (id order); prior: share of check-worthy training sentences"),
        format!("config: epochs {} rate {} l2 {} l2_words {} min_count {} max_words {} seed {} ngram_norm {} averaged {} adapt_alpha {ADAPT_ALPHA}", cfg.epochs, cfg.rate, cfg.l2, cfg.l2_words, cfg.min_count, cfg.max_words, cfg.seed, cfg.ngram_norm, cfg.averaged),
    ];
    if !framed.is_empty() {
        header.push(format!("each training sentence is also trained on framed as a quote ({FRAMES} frames, same label, weight {FRAME_WEIGHT})"));
    }
    std::fs::write("data/claims.model", model.to_text(&header)).expect("write data/claims.model");
    eprintln!("train-claims: wrote data/claims.model");
}

/// The training sentences, deduplicated by text.
pub struct Training {
    /// Features and labels.
    pub all: Vec<Example>,
    /// Whether each comes from CheckThat! train.
    pub ct: Vec<bool>,
    /// Its ClaimBuster id (debate order).
    pub ids: Vec<u64>,
    /// Whether the ClaimBuster 2.5xNCS file holds it too.
    pub in_cb: Vec<bool>,
    /// Its text.
    pub texts: Vec<String>,
}

/// The training sentences. The dev sentences are never trained on (706 of them are also
/// ClaimBuster sentences).
pub fn training(a: &newsmark::Annotator, shared: &str) -> Training {
    let cb_file = format!("{shared}/data/claims/claimbuster_2.5xNCS.jsonl.gz");
    let cb: HashSet<String> = read_jsonl(&cb_file).into_iter().map(|(t, _)| t).collect();
    let mut seen: HashSet<String> =
        read_jsonl(&format!("{shared}/data/claims/checkthat2024_en_dev.jsonl"))
            .into_iter()
            .map(|(t, _)| t)
            .collect();
    let (mut all, mut ct, mut ids, mut in_cb, mut texts) = (vec![], vec![], vec![], vec![], vec![]);
    for f in [
        "claims/checkthat2024_en_train.jsonl.gz",
        "claims/claimbuster_2.5xNCS.jsonl.gz",
    ] {
        for (id, text, label) in read_rows(&format!("{shared}/data/{f}")) {
            if !seen.insert(text.clone()) {
                continue;
            }
            all.push(Example {
                feats: a.claim_features(&text),
                label,
            });
            ct.push(f.contains("checkthat"));
            ids.push(id);
            in_cb.push(cb.contains(&text));
            texts.push(text);
        }
    }
    Training {
        all,
        ct,
        ids,
        in_cb,
        texts,
    }
}

/// Speakers for [`quote_frame`]: invented people, a pronoun and descriptions, as news names
/// its sources.
const SPEAKERS: [&str; 12] = [
    "Laura Bennett",
    "David Okoro",
    "Maria Santos",
    "Thomas Keller",
    "Anna Novak",
    "Peter Lindqvist",
    "Sarah Whitfield",
    "Michael Osei",
    "she",
    "he",
    "a spokesperson",
    "the minister",
];

/// A training sentence as news reports it, `k`-th of `frames` ways: said directly (`X said:
/// "S"`, `"S," X said.`), then indirectly (`X said that s`, `According to X, s`). A debate
/// sentence is someone speaking; news quotes people the same way, and whether the words are
/// check-worthy does not depend on the frame around them (the guidelines: a claim can sit
/// inside a quote, an opinion stays an opinion), so each framed copy keeps the sentence's label.
pub fn quote_frame(text: &str, k: usize, frames: usize) -> String {
    let s = text.trim();
    let speaker = SPEAKERS[(k / frames.max(1)) % SPEAKERS.len()];
    let cap = |w: &str| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    let first = s.split(' ').next().unwrap_or("");
    let lower = if matches!(
        first,
        "The"
            | "We"
            | "It"
            | "They"
            | "He"
            | "She"
            | "You"
            | "This"
            | "That"
            | "There"
            | "And"
            | "But"
            | "So"
            | "Our"
            | "My"
            | "A"
            | "An"
            | "In"
            | "If"
            | "When"
            | "What"
            | "Now"
    ) {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_lowercase().chain(c).collect::<String>())
            .unwrap_or_default()
    } else {
        s.to_string()
    };
    match k % frames.max(1) {
        0 => format!("{} said: \"{s}\"", cap(speaker)),
        1 => match s.strip_suffix('.') {
            Some(body) => format!("\"{body},\" {speaker} said."),
            None => format!("\"{s}\" {speaker} said."),
        },
        2 => format!("{} said that {lower}", cap(speaker)),
        _ => format!("According to {speaker}, {lower}"),
    }
}

/// Cross-validation folds by debate: the sentences sorted by id (debate order) and cut into `k`
/// runs of equal size, so each fold holds whole stretches of debates that the model trained
/// for it never saw (sentences of one debate share topics, names and phrasing; folds by
/// position would put them on both sides and flatter word features).
pub fn debate_folds(ids: &[u64], k: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by_key(|&i| (ids[i], i));
    let mut fold = vec![0; ids.len()];
    for (rank, &i) in order.iter().enumerate() {
        fold[i] = rank * k / ids.len().max(1);
    }
    fold
}

/// Out-of-fold scores: for each fold, a model trained on the other folds scores it.
/// Returns (score, label) for the examples marked in `count`.
pub fn oof_scores(
    all: &[Example],
    weight: &[f32],
    count: &[bool],
    fold: &[usize],
    cfg: TrainConfig,
    k: usize,
) -> Vec<(f32, bool)> {
    let mut scored: Vec<(f32, bool)> = vec![];
    for f in 0..k {
        let (part, part_w): (Vec<Example>, Vec<f32>) = all
            .iter()
            .zip(weight)
            .zip(fold)
            .filter(|(_, &g)| g != f)
            .map(|((e, w), _)| (e.clone(), *w))
            .unzip();
        let m = train_weighted(&part, &part_w, cfg);
        for (i, e) in all.iter().enumerate() {
            if fold[i] == f && count[i] {
                scored.push((m.score(&e.feats).0, e.label));
            }
        }
    }
    scored
}

/// Average precision of `(score, label)` pairs: the ranking's quality, free of any threshold.
pub fn average_precision(mut scored: Vec<(f32, bool)>) -> f32 {
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let pos = scored.iter().filter(|s| s.1).count().max(1) as f32;
    let (mut tp, mut ap) = (0f32, 0f32);
    for (k, &(_, y)) in scored.iter().enumerate() {
        if y {
            tp += 1.0;
            ap += tp / (k + 1) as f32;
        }
    }
    ap / pos
}

/// Platt scaling: the `(a, b)` for which `sigmoid(a * logit(p) + b)` best fits the labels of
/// `(p, label)` pairs (log loss, Newton's method). (1, 0) leaves scores as they are.
pub fn platt(scored: &[(f32, bool)]) -> (f32, f32) {
    let xs: Vec<(f64, f64)> = scored
        .iter()
        .map(|&(p, y)| {
            let p = (p as f64).clamp(1e-6, 1.0 - 1e-6);
            ((p / (1.0 - p)).ln(), if y { 1.0 } else { 0.0 })
        })
        .collect();
    let (mut a, mut b) = (1.0f64, 0.0f64);
    for _ in 0..50 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 1e-9, 0.0, 1e-9);
        for &(x, y) in &xs {
            let q = 1.0 / (1.0 + (-(a * x + b)).exp());
            let (g, h) = (q - y, q * (1.0 - q));
            ga += g * x;
            gb += g;
            haa += h * x * x;
            hab += h * x;
            hbb += h;
        }
        let det = haa * hbb - hab * hab;
        if det.abs() < 1e-12 {
            break;
        }
        let (da, db) = ((hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det);
        a -= da;
        b -= db;
        if da.abs() + db.abs() < 1e-9 {
            break;
        }
    }
    (a as f32, b as f32)
}

/// The features of `n` framed copies of each text: `out[k][i]` is text `i` in frame `k` of
/// [`quote_frame`], each text with its own speaker.
pub fn framed_features(
    a: &newsmark::Annotator,
    texts: &[String],
    n: usize,
) -> Vec<Vec<Vec<String>>> {
    (0..n)
        .map(|k| {
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| a.claim_features(&quote_frame(t, i * FRAME_KINDS + k, FRAME_KINDS)))
                .collect()
        })
        .collect()
}

/// How many ways [`quote_frame`] frames a sentence.
pub const FRAME_KINDS: usize = 4;

/// What a model is fitted on: the training sentences and their framed copies.
pub struct Fitting {
    pub all: Vec<Example>,
    /// Each example's weight: 1 for a sentence, the frame weight for a copy.
    pub weight: Vec<f32>,
    /// Whether cross-validation counts the example: the CheckThat! train sentences, never a copy.
    pub count: Vec<bool>,
    /// Its cross-validation fold: a copy is in its sentence's fold, so no model scores a
    /// sentence whose copy it trained on.
    pub fold: Vec<usize>,
}

/// The training sentences and each copy of `framed` (one `Vec` of features a sentence per
/// frame), a copy weighing `w`.
pub fn with_frames(t: &Training, fold: &[usize], framed: &[Vec<Vec<String>>], w: f32) -> Fitting {
    let mut f = Fitting {
        all: t.all.clone(),
        weight: vec![1.0; t.all.len()],
        count: t.ct.clone(),
        fold: fold.to_vec(),
    };
    for copy in framed {
        for (i, feats) in copy.iter().enumerate() {
            f.all.push(Example {
                feats: feats.clone(),
                label: t.all[i].label,
            });
            f.weight.push(w);
            f.count.push(false);
            f.fold.push(fold[i]);
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_frames_keep_the_words_and_vary_the_speaker() {
        let s = "We cut taxes in 2019.";
        assert_eq!(
            quote_frame(s, 0, 4),
            "Laura Bennett said: \"We cut taxes in 2019.\""
        );
        assert_eq!(
            quote_frame(s, 1, 4),
            "\"We cut taxes in 2019,\" Laura Bennett said."
        );
        assert_eq!(
            quote_frame(s, 2, 4),
            "Laura Bennett said that we cut taxes in 2019."
        );
        assert_eq!(
            quote_frame(s, 3, 4),
            "According to Laura Bennett, we cut taxes in 2019."
        );
        assert_eq!(
            quote_frame(s, 4, 4),
            "David Okoro said: \"We cut taxes in 2019.\""
        );
        assert_eq!(quote_frame("Why?", 9 * 4 + 1, 4), "\"Why?\" he said.");
        assert_eq!(
            quote_frame("Obama won.", 8 * 4, 4),
            "She said: \"Obama won.\""
        );
    }

    #[test]
    fn framed_copies_share_their_sentence_fold_and_are_not_counted() {
        let ex = |f: &str, label| Example {
            feats: vec![f.to_string()],
            label,
        };
        let t = Training {
            all: vec![ex("a", true), ex("b", false)],
            ct: vec![true, true],
            ids: vec![1, 2],
            in_cb: vec![false, false],
            texts: vec!["A.".into(), "B.".into()],
        };
        let framed = vec![vec![vec!["a2".to_string()], vec!["b2".to_string()]]];
        let f = with_frames(&t, &[0, 1], &framed, 0.5);
        assert_eq!(f.all.len(), 4);
        assert_eq!(f.fold, vec![0, 1, 0, 1]);
        assert_eq!(f.count, vec![true, true, false, false]);
        assert_eq!(f.weight, vec![1.0, 1.0, 0.5, 0.5]);
        assert!(f.all[2].label && !f.all[3].label);
    }
}
