//! `cargo xtask train-claims --lab`: compares training settings by 5-fold cross-validation on
//! the training files, folds by debate ([`debate_folds`]): F1 at the best threshold and
//! average precision of the out-of-fold scores of the CheckThat! train sentences, split by
//! whether the ClaimBuster file holds the sentence too (those are labelled far more
//! consistently), and Platt scaling of those scores (how far from calibrated they are). It
//! then fits each setting on all the training sentences and scores the news dev sets the way
//! `score.py` does, without rebuilding the CLI: gum_news_full and the seed article, with and
//! without the per-document adaptation. CheckThat! dev is a test set: `train-claims` reports it
//! for the shipped model, the lab never shows it. A tool for choosing the shipped settings; it
//! writes nothing. `LAB_ONLY=NAME` runs the settings whose name contains NAME; `LAB_SHOW=NAME`
//! prints the seed article's sentences, scores and gold for them.

use crate::claims::{
    average_precision, debate_folds, framed_features, oof_scores, read_jsonl, training,
    with_frames, Fitting, FOLDS, FRAMES, FRAME_KINDS, FRAME_WEIGHT,
};
use crate::claims_train::{best_f1_threshold, TrainConfig};
use newsmark::claims::{adapt, ClaimModel};
use newsmark::Annotator;
use std::collections::HashSet;

/// A document: its candidate sentences (code points, features) and its gold claims.
pub struct Doc {
    pub cands: Vec<((usize, usize), Vec<String>)>,
    /// The candidates' text (for looking at errors).
    pub texts: Vec<String>,
    /// (start, end, optional)
    pub gold: Vec<(usize, usize, bool)>,
}

fn cp_of(text: &str) -> impl Fn(usize) -> usize + '_ {
    move |b: usize| text[..b].chars().count()
}

fn doc_of(
    a: &Annotator,
    text: &str,
    gold: Vec<(usize, usize, bool)>,
    ignore: &[(usize, usize)],
) -> Doc {
    let cp = cp_of(text);
    let (cands, texts): (Vec<_>, Vec<_>) = a
        .claim_candidates(text)
        .into_iter()
        .map(|(s, f)| {
            (
                ((cp(s.start), cp(s.end)), f),
                text[s.start..s.end].to_string(),
            )
        })
        .filter(|(((b, e), _), _)| !ignore.iter().any(|r| *b < r.1 && *e > r.0))
        .unzip();
    let gold = gold
        .into_iter()
        .filter(|(b, e, _)| !ignore.iter().any(|r| *b < r.1 && *e > r.0))
        .collect();
    Doc { cands, texts, gold }
}

fn spans(v: &serde_json::Value, key: &str) -> Vec<(usize, usize, bool)> {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| {
                    (
                        c["start"].as_u64().unwrap_or(0) as usize,
                        c["end"].as_u64().unwrap_or(0) as usize,
                        c["optional"].as_bool().unwrap_or(false),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn gold_doc(a: &Annotator, v: &serde_json::Value) -> Doc {
    let ignore: Vec<(usize, usize)> = spans(v, "ignore")
        .into_iter()
        .map(|(b, e, _)| (b, e))
        .collect();
    doc_of(
        a,
        v["text"].as_str().unwrap_or(""),
        spans(v, "claims"),
        &ignore,
    )
}

/// The news sets: (name, documents).
pub fn news_sets(a: &Annotator, shared: &str) -> Vec<(&'static str, Vec<Doc>)> {
    let gum: Vec<Doc> = std::fs::read_to_string(format!("{shared}/data/dev/gum_news_full.jsonl"))
        .expect("gum_news_full")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| gold_doc(a, &serde_json::from_str(l).expect("json")))
        .collect();
    let seed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{shared}/fixtures/seed/gold.json")).expect("seed"),
    )
    .expect("json");
    let ct: Vec<Doc> = read_jsonl(&format!("{shared}/data/claims/checkthat2024_en_dev.jsonl"))
        .into_iter()
        .map(|(t, l)| {
            let n = t.chars().count();
            doc_of(a, &t, if l { vec![(0, n, false)] } else { vec![] }, &[])
        })
        .collect();
    let mut sets = vec![
        ("checkthat", ct),
        ("gum_full", gum),
        ("seed", vec![gold_doc(a, &seed)]),
    ];
    {
        // CheckThat! dev as transcripts: 30 consecutive sentences a document, one a line.
        let rows = read_jsonl(&format!("{shared}/data/claims/checkthat2024_en_dev.jsonl"));
        let docs = rows
            .chunks(30)
            .map(|chunk| {
                let (mut text, mut gold) = (String::new(), vec![]);
                for (t, l) in chunk {
                    let start = text.chars().count();
                    text += t.trim();
                    if *l {
                        gold.push((start, text.chars().count(), false));
                    }
                    text += "\n";
                }
                doc_of(a, &text, gold, &[])
            })
            .collect();
        sets.push(("ct_as_docs", docs));
    }
    sets
}

/// tp, pred (less forgiven), gold, as score.py counts claims.
pub fn score(docs: &[Doc], decide: &dyn Fn(&Doc) -> Vec<bool>) -> (usize, usize, usize) {
    let (mut tp, mut pred, mut gold) = (0, 0, 0);
    for d in docs {
        let keep = decide(d);
        let preds: Vec<(usize, usize)> = d
            .cands
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(c, _)| c.0)
            .collect();
        let mut pairs = vec![];
        for (gi, g) in d.gold.iter().enumerate() {
            for (pi, p) in preds.iter().enumerate() {
                let o = g.1.min(p.1).saturating_sub(g.0.max(p.0));
                if o > 0 && o * 2 >= g.1 - g.0 {
                    pairs.push((o, gi, pi));
                }
            }
        }
        pairs.sort_by(|x, y| y.cmp(x));
        let (mut ug, mut up) = (HashSet::new(), HashSet::new());
        let (mut t, mut forgiven) = (0, 0);
        for (_, gi, pi) in pairs {
            if ug.contains(&gi) || up.contains(&pi) {
                continue;
            }
            ug.insert(gi);
            up.insert(pi);
            if d.gold[gi].2 {
                forgiven += 1
            } else {
                t += 1
            }
        }
        tp += t;
        pred += preds.len() - forgiven;
        gold += d.gold.iter().filter(|g| !g.2).count();
    }
    (tp, pred, gold)
}

pub fn f1((tp, pred, gold): (usize, usize, usize)) -> f64 {
    let p = tp as f64 / pred.max(1) as f64;
    let r = tp as f64 / gold.max(1) as f64;
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Which candidates the model keeps, as `claims::detect` decides.
pub fn decide(model: &ClaimModel, d: &Doc) -> Vec<bool> {
    let ps: Vec<f32> = d.cands.iter().map(|c| model.score(&c.1).0).collect();
    adapt(&ps, model.prior, model.adapt_alpha)
        .into_iter()
        .map(|p| p >= model.threshold)
        .collect()
}

fn report(name: &str, model: &ClaimModel, sets: &[(&str, Vec<Doc>)]) {
    let mut line = format!("{name:18}");
    for (set, docs) in sets {
        let s = score(docs, &|d: &Doc| decide(model, d));
        let p = s.0 as f64 / s.1.max(1) as f64;
        let r = s.0 as f64 / s.2.max(1) as f64;
        line += &format!("  {set} {:.3} (P {p:.2} R {r:.2})", f1(s));
    }
    eprintln!("{line}");
}

/// Prints each candidate of `d` with its score, adapted score and gold (`LAB_SHOW=NAME`).
fn show(model: &ClaimModel, d: &Doc) {
    let ps: Vec<f32> = d.cands.iter().map(|c| model.score(&c.1).0).collect();
    let ad = adapt(&ps, model.prior, model.adapt_alpha);
    for (i, c) in d.cands.iter().enumerate() {
        let g = d
            .gold
            .iter()
            .find(|g| {
                let o = g.1.min(c.0 .1).saturating_sub(g.0.max(c.0 .0));
                o > 0 && o * 2 >= g.1 - g.0
            })
            .map(|g| if g.2 { "opt" } else { "REQ" })
            .unwrap_or("-");
        let t: String = d.texts[i].chars().take(90).collect();
        eprintln!(
            "  {:.2} {:.2} {} {g:3} {t}",
            ps[i],
            ad[i],
            if ad[i] >= model.threshold { "*" } else { " " }
        );
        let mut contrib = model.score(&c.1).1;
        contrib.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
        let top: Vec<String> = contrib
            .iter()
            .take(8)
            .map(|(w, f)| format!("{f} {w:+.2}"))
            .collect();
        eprintln!("        {}", top.join(", "));
    }
}

pub fn run(shared: &str) {
    let a = Annotator::new();
    let t0 = std::time::Instant::now();
    let base = training(&a, shared);
    let folds = debate_folds(&base.ids, FOLDS);
    // Every frame of every training sentence, for the settings that frame more or fewer.
    let framed = framed_features(&a, &base.texts, FRAME_KINDS);
    // News dev only: CheckThat! dev is a test set, measured by `train-claims`, never here.
    let sets: Vec<(&str, Vec<Doc>)> = news_sets(&a, shared)
        .into_iter()
        .filter(|(n, _)| !n.starts_with("c"))
        .collect();
    eprintln!("lab: features in {:.1} s", t0.elapsed().as_secs_f64());
    let shipped = crate::claims::CONFIG;
    let prior = base.all.iter().filter(|e| e.label).count() as f32 / base.all.len() as f32;
    let only = std::env::var("LAB_ONLY").ok();
    let base_sets = sets;
    for (name, cfg) in lab_configs(shipped) {
        if only.as_ref().is_some_and(|o| !name.contains(o.as_str())) {
            continue;
        }
        let x = |f: &[String]| expand(f, name.contains("pairs"), name.contains("trigrams"));
        // `frames N xW`: N framed copies of each sentence, each weighing W; `no frames `: none.
        let (n_frames, frame_w) = match name.split_once("frames ") {
            Some((pre, _)) if pre.ends_with("no ") => (0, 0.0),
            Some((_, rest)) => (
                rest.split_whitespace()
                    .next()
                    .and_then(|x| x.parse().ok())
                    .unwrap_or(FRAMES),
                rest.split_once(" x")
                    .and_then(|(_, r)| r.split([' ', ',']).next()?.parse().ok())
                    .unwrap_or(FRAME_WEIGHT),
            ),
            None => (FRAMES, FRAME_WEIGHT),
        };
        let Fitting {
            all,
            mut weight,
            count: ct,
            fold: folds,
        } = with_frames(&base, &folds, &framed[..n_frames], frame_w);
        let all: Vec<_> = all
            .iter()
            .map(|e| crate::claims_train::Example {
                feats: x(&e.feats),
                label: e.label,
            })
            .collect();
        let in_cb: Vec<bool> = (0..all.len())
            .map(|i| i < base.all.len() && base.in_cb[i])
            .collect();
        let by_position: Vec<usize> = (0..all.len())
            .map(|i| (i % base.all.len()) % FOLDS)
            .collect();
        let sets: Vec<(&str, Vec<Doc>)> = base_sets
            .iter()
            .map(|(n, docs)| {
                (
                    *n,
                    docs.iter()
                        .map(|d| Doc {
                            cands: d.cands.iter().map(|(s, f)| (*s, x(f))).collect(),
                            texts: d.texts.clone(),
                            gold: d.gold.clone(),
                        })
                        .collect(),
                )
            })
            .collect();
        let cb_w: f32 = name
            .split_once("cb x")
            .and_then(|(_, r)| r.split(' ').next()?.parse().ok())
            .unwrap_or(1.0);
        for (w, &c) in weight.iter_mut().zip(&in_cb) {
            if c {
                *w = cb_w;
            }
        }
        let oof = oof_scores(&all, &weight, &ct, &folds, cfg, FOLDS);
        let (t, cv_f1) = best_f1_threshold(oof.clone());
        let mut detail = String::new();
        {
            // The same out-of-fold scores, split by whether ClaimBuster holds the sentence.
            let counted: Vec<usize> = (0..all.len()).filter(|&i| ct[i]).collect();
            let fr = &folds;
            let order: Vec<usize> = (0..FOLDS)
                .flat_map(|f| counted.iter().copied().filter(move |&i| fr[i] == f))
                .collect();
            for (label, want) in [("in ClaimBuster", true), ("CheckThat! only", false)] {
                let part: Vec<(f32, bool)> = order
                    .iter()
                    .zip(&oof)
                    .filter(|(&i, _)| in_cb[i] == want)
                    .map(|(_, s)| *s)
                    .collect();
                let at_t = part.iter().filter(|s| s.0 >= t && s.1).count() as f32 * 2.0
                    / (part.iter().filter(|s| s.0 >= t).count()
                        + part.iter().filter(|s| s.1).count())
                    .max(1) as f32;
                detail += &format!(
                    "   {label}: {} sentences, {:.2} check-worthy, F1 at {t:.3} {at_t:.3}, AP {:.3}\n",
                    part.len(),
                    part.iter().filter(|s| s.1).count() as f32 / part.len().max(1) as f32,
                    average_precision(part.clone())
                );
            }
        }
        let ap = average_precision(oof.clone());
        let (pa, pb) = crate::claims::platt(&oof);
        detail += &format!("   Platt scaling of the out-of-fold scores: a {pa:.3} b {pb:.3}");
        let pos_f1 = if name.contains("shipped") {
            format!(
                ", folds by position F1 {:.3}",
                best_f1_threshold(oof_scores(&all, &weight, &ct, &by_position, cfg, FOLDS)).1
            )
        } else {
            String::new()
        };
        let mut m = crate::claims_train::train_weighted(&all, &weight, cfg);
        m.threshold = t;
        m.prior = prior;
        let text = m.to_text(&[]);
        let mut gz = flate2::write::GzEncoder::new(vec![], flate2::Compression::best());
        std::io::Write::write_all(&mut gz, text.as_bytes()).expect("gzip");
        eprintln!(
            "{name}: debate-fold CV F1 {cv_f1:.3} AP {ap:.3} at {t:.3}{pos_f1}; model {} bytes, {} gzip",
            text.len(),
            gz.finish().expect("gzip").len()
        );
        eprintln!("{detail}");
        for alpha in [0.0, 10.0, crate::claims::ADAPT_ALPHA, 40.0, 80.0] {
            m.adapt_alpha = alpha;
            report(&format!("  adapt_alpha {alpha}"), &m, &sets);
        }
        if std::env::var("LAB_SHOW").is_ok_and(|v| name.contains(&v)) {
            m.adapt_alpha = crate::claims::ADAPT_ALPHA;
            show(&m, &sets[1].1[0]);
        }
    }
}

type ClusterTable = (Vec<usize>, std::collections::HashMap<String, [u32; 3]>);

/// Word clusters for the lab (`LAB_CLU=FILE:LEVELS`, e.g. `clusters.txt:0,1,2`): FILE as
/// `tools/claims_clusters.py` writes it (`c1024 c256 c64 word word ...` a line), LEVELS the
/// columns to use (0 = 64, 1 = 256, 2 = 1,024 clusters). Measured, not shipped (data/README.md).
fn clusters() -> &'static Option<ClusterTable> {
    static T: std::sync::OnceLock<Option<ClusterTable>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let spec = std::env::var("LAB_CLU").ok()?;
        let (path, levels) = spec.rsplit_once(':')?;
        let levels = levels
            .split(',')
            .map(|c| c.parse().expect("LAB_CLU level"))
            .collect();
        let mut m = std::collections::HashMap::new();
        let text = std::fs::read_to_string(path).expect("LAB_CLU file");
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let mut it = line.split(' ');
            let mut id = || {
                it.next()
                    .and_then(|x| x.parse().ok())
                    .expect("cluster numbers")
            };
            let (c1024, c256, c64) = (id(), id(), id());
            for w in it {
                m.insert(w.to_string(), [c64, c256, c1024]);
            }
        }
        eprintln!("lab: {} clustered words from {path}", m.len());
        Some((levels, m))
    })
}

/// Prototype features: pairs of designed features, word trigrams (from consecutive bigrams),
/// and each unigram's word clusters when `LAB_CLU` is set ([`clusters`]; `u:#LEVEL_ID`).
fn expand(f: &[String], pairs: bool, trigrams: bool) -> Vec<String> {
    let mut out = f.to_vec();
    if let Some((levels, m)) = clusters() {
        for w in f.iter().filter_map(|x| x.strip_prefix("u:")) {
            if let Some(ids) = m.get(w) {
                for &l in levels {
                    out.push(format!("u:#{l}_{}", ids[l]));
                }
            }
        }
    }
    if pairs {
        let d: Vec<&String> = f
            .iter()
            .filter(|x| !newsmark::claims::is_ngram(x))
            .collect();
        for i in 0..d.len() {
            for j in i + 1..d.len() {
                out.push(format!("b:x_{}_{}", d[i], d[j]));
            }
        }
    }
    if trigrams {
        let b: Vec<&str> = f.iter().filter_map(|x| x.strip_prefix("b:")).collect();
        for w in b.windows(2) {
            if let (Some((a, m)), Some((m2, c))) = (w[0].split_once('_'), w[1].split_once('_')) {
                if m == m2 {
                    out.push(format!("b:{a}_{m}_{c}"));
                }
            }
        }
    }
    out
}

/// The settings the lab compares, each one change from the shipped ones. A name holding
/// `pairs` or `trigrams` adds those prototype features ([`expand`]); `cb xN` weighs the
/// sentences that the ClaimBuster file holds too N times.
fn lab_configs(shipped: TrainConfig) -> Vec<(&'static str, TrainConfig)> {
    vec![
        ("shipped", shipped),
        (
            "last weights, not averaged",
            TrainConfig {
                averaged: false,
                ..shipped
            },
        ),
        (
            "10000 n-grams",
            TrainConfig {
                max_words: 10_000,
                ..shipped
            },
        ),
        (
            "l2 on words 3e-5",
            TrainConfig {
                l2_words: 3e-5,
                ..shipped
            },
        ),
        (
            "l2 on words 3e-4",
            TrainConfig {
                l2_words: 3e-4,
                ..shipped
            },
        ),
        (
            "n-grams seen twice",
            TrainConfig {
                min_count: 2,
                ..shipped
            },
        ),
        (
            "30 epochs",
            TrainConfig {
                epochs: 30,
                ..shipped
            },
        ),
        (
            "raw n-gram counts",
            TrainConfig {
                ngram_norm: false,
                ..shipped
            },
        ),
        ("pairs of designed features", shipped),
        ("word trigrams", shipped),
        ("cb x2", shipped),
        ("frames 1 x0.5", shipped),
        ("frames 1 x1", shipped),
        ("frames 2 x0.5", shipped),
        ("frames 2 x1", shipped),
        ("frames 4 x0.5", shipped),
        ("shuffle seed 8", TrainConfig { seed: 8, ..shipped }),
        ("shuffle seed 9", TrainConfig { seed: 9, ..shipped }),
        (
            "frames 1 x0.5, shuffle seed 8",
            TrainConfig { seed: 8, ..shipped },
        ),
        (
            "frames 1 x0.5, shuffle seed 9",
            TrainConfig { seed: 9, ..shipped },
        ),
        (
            "5 shuffles averaged",
            TrainConfig {
                shuffles: 5,
                ..shipped
            },
        ),
        (
            "frames 1 x0.5, 5 shuffles averaged",
            TrainConfig {
                shuffles: 5,
                ..shipped
            },
        ),
        (
            "naive-Bayes scaled words",
            TrainConfig {
                nb_scale: true,
                ..shipped
            },
        ),
        (
            "naive-Bayes scaled words, l2 1e-3",
            TrainConfig {
                nb_scale: true,
                l2_words: 1e-3,
                ..shipped
            },
        ),
        (
            "naive-Bayes scaled words, l2 1e-5",
            TrainConfig {
                nb_scale: true,
                l2_words: 1e-5,
                ..shipped
            },
        ),
    ]
}
