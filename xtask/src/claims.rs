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

use crate::claims_train::{best_f1_threshold, train, train_weighted, Example, TrainConfig};
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
};

/// Weight of the training share of claims against a document's own (see `claims::adapt`).
pub const ADAPT_ALPHA: f32 = 20.0;

/// Folds for choosing the threshold.
pub const FOLDS: usize = 5;

pub fn run(shared: &str) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    std::env::set_current_dir(root).expect("repository root");
    let a = newsmark::Annotator::new();
    let Training {
        all,
        ct: is_ct,
        ids,
        ..
    } = training(&a, shared);
    let cfg = CONFIG;
    let mut model = train(&all, cfg);
    let oof = oof_scores(
        &all,
        &vec![1.0; all.len()],
        &is_ct,
        &debate_folds(&ids, FOLDS),
        cfg,
        FOLDS,
    );
    let ap = average_precision(oof.clone());
    let (t, cv_f1) = best_f1_threshold(oof);
    model.threshold = (t * 1000.0).round() / 1000.0;
    model.prior = ((all.iter().filter(|e| e.label).count() as f32 / all.len() as f32) * 1000.0)
        .round()
        / 1000.0;
    model.adapt_alpha = ADAPT_ALPHA;
    eprintln!(
        "train-claims: {} training sentences ({} from CheckThat! train); threshold {:.3} \
         ({FOLDS}-fold cross-validation by debate on CheckThat! train: F1 {cv_f1:.3}, average \
         precision {ap:.3}); prior {:.3}",
        all.len(),
        is_ct.iter().filter(|c| **c).count(),
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
    let header = vec![
        "newsmark claim model: logistic regression over the features of newsmark::claims::features".to_string(),
        "generated by `cargo xtask train-claims`; do not edit by hand".to_string(),
        "trained on claims/checkthat2024_en_train.jsonl.gz and claims/claimbuster_2.5xNCS.jsonl.gz of ../shared/data, deduplicated by text, without any sentence of checkthat2024_en_dev.jsonl".to_string(),
        "their licence allows training a small feature-weighted scorer only; no text of them is in this file beyond single words and word pairs as feature names".to_string(),
        format!("threshold: best F1 over the out-of-fold scores of the CheckThat! train sentences, {FOLDS} folds by debate (id order); prior: share of check-worthy training sentences"),
        format!("config: epochs {} rate {} l2 {} l2_words {} min_count {} max_words {} seed {} ngram_norm {} averaged {} adapt_alpha {ADAPT_ALPHA}", cfg.epochs, cfg.rate, cfg.l2, cfg.l2_words, cfg.min_count, cfg.max_words, cfg.seed, cfg.ngram_norm, cfg.averaged),
    ];
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
    let (mut all, mut ct, mut ids, mut in_cb) = (vec![], vec![], vec![], vec![]);
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
        }
    }
    Training {
        all,
        ct,
        ids,
        in_cb,
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
