//! Training the claim model: logistic regression by stochastic gradient descent over the
//! features `newsmark::claims::features` makes, and the F1-best threshold. The model it
//! returns is written with `ClaimModel::to_text` and read by the core's `ClaimModel::from_bytes`.

use newsmark::claims::{is_ngram, ngram_value, ClaimModel};
use std::collections::HashMap;

/// One training sentence: its features and whether it is check-worthy.
#[derive(Clone, Debug)]
pub struct Example {
    /// Binary features, as `newsmark::claims::features` makes them.
    pub feats: Vec<String>,
    /// Check-worthy.
    pub label: bool,
}

/// An example as the fitting loop reads it: (feature index, value) pairs, label, weight.
type Row = (Vec<(usize, f32)>, f32, f32);

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
    /// See `ClaimModel::ngram_norm`.
    pub ngram_norm: bool,
    /// Ship the average of the weights over every step (averaged SGD, Polyak and Juditsky
    /// 1992) instead of the last ones: steadier, and less swayed by the last examples seen.
    pub averaged: bool,
    /// Scale each word feature by its naive-Bayes log-count ratio before fitting (NBSVM's
    /// logistic variant, Wang and Manning 2012); the scale is folded into the weights written.
    pub nb_scale: bool,
    /// Fit this many times, each with its own shuffle (seeds `seed`, `seed + 1000`, …), and
    /// keep the mean of the weights: a model less swayed by the order of the examples.
    pub shuffles: u64,
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
            ngram_norm: false,
            averaged: false,
            nb_scale: false,
            shuffles: 1,
        }
    }
}

/// Trains a logistic model by stochastic gradient descent with L2, deterministically.
/// The threshold is left at 0.5; see [`best_threshold`]. (The tools train with weights:
/// [`train_weighted`].)
#[cfg(test)]
pub fn train(examples: &[Example], cfg: TrainConfig) -> ClaimModel {
    train_weighted(examples, &vec![1.0; examples.len()], cfg)
}

/// [`train`] with a weight for each example: its gradient counts that many times.
pub fn train_weighted(examples: &[Example], weight: &[f32], cfg: TrainConfig) -> ClaimModel {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for e in examples {
        for f in &e.feats {
            *count.entry(f.as_str()).or_default() += 1;
        }
    }
    let keep = |f: &str| !is_ngram(f) || count.get(f).copied().unwrap_or(0) >= cfg.min_count;
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut names: Vec<&str> = count.keys().copied().filter(|f| keep(f)).collect();
    names.sort_unstable();
    for (i, n) in names.iter().enumerate() {
        index.insert(n, i);
    }
    // Naive-Bayes log-count ratios of the word features (1 for designed features and when off).
    let mut scale = vec![1f32; names.len()];
    if cfg.nb_scale {
        let (mut pc, mut nc) = (vec![1f64; names.len()], vec![1f64; names.len()]);
        for (e, &wt) in examples.iter().zip(weight) {
            for f in &e.feats {
                if let Some(&i) = index.get(f.as_str()) {
                    if e.label {
                        pc[i] += wt as f64;
                    } else {
                        nc[i] += wt as f64;
                    }
                }
            }
        }
        let (ps, ns): (f64, f64) = (pc.iter().sum(), nc.iter().sum());
        for i in 0..names.len() {
            if is_ngram(names[i]) {
                scale[i] = ((pc[i] / ps) / (nc[i] / ns)).ln() as f32;
            }
        }
    }
    let data: Vec<Row> = examples
        .iter()
        .zip(weight)
        .map(|(e, &wt)| {
            let v = ngram_value(
                cfg.ngram_norm,
                e.feats.iter().filter(|f| is_ngram(f)).count(),
            );
            (
                e.feats
                    .iter()
                    .filter_map(|f| {
                        index
                            .get(f.as_str())
                            .map(|&i| (i, if is_ngram(f) { v * scale[i] } else { 1.0 }))
                    })
                    .collect(),
                if e.label { 1.0 } else { 0.0 },
                wt,
            )
        })
        .collect();
    let is_word: Vec<bool> = names.iter().map(|n| is_ngram(n)).collect();
    let runs = cfg.shuffles.max(1);
    let (mut mean_w, mut mean_b) = (vec![0f32; names.len()], 0f32);
    for run in 0..runs {
        let (w, b) = fit(&data, &is_word, cfg, cfg.seed + 1000 * run);
        for (m, x) in mean_w.iter_mut().zip(&w) {
            *m += x / runs as f32;
        }
        mean_b += b / runs as f32;
    }
    let (mut w, b) = (mean_w, mean_b);
    for (wi, si) in w.iter_mut().zip(&scale) {
        *wi *= si;
    }
    // Keep every designed feature and the strongest word features.
    let mut words: Vec<(usize, f32)> = (0..names.len())
        .filter(|&i| is_word[i])
        .map(|i| (i, w[i]))
        .collect();
    words.sort_by(|a, c| c.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&c.0)));
    let kept_words: std::collections::HashSet<usize> =
        words.iter().take(cfg.max_words).map(|&(i, _)| i).collect();
    let weights = (0..names.len())
        .filter(|&i| (!is_word[i] || kept_words.contains(&i)) && w[i].abs() >= 1e-3)
        .map(|i| (names[i].to_string(), (w[i] * 1000.0).round() / 1000.0))
        .collect();
    let mut model = ClaimModel::from_weights((b * 1000.0).round() / 1000.0, weights, 0.5);
    model.ngram_norm = cfg.ngram_norm;
    model
}

/// One SGD fit with the shuffles of `seed`: the weights and the bias.
fn fit(data: &[Row], is_word: &[bool], cfg: TrainConfig, seed: u64) -> (Vec<f32>, f32) {
    let mut w = vec![0f32; is_word.len()];
    let mut b = 0f32;
    // For averaging: each change made at step t is also added t times to `u`; the average
    // over T steps is then w - u/T (Daume 2006), with no pass over every weight per step.
    let mut u = vec![0f32; is_word.len()];
    let mut ub = 0f32;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = seed.max(1);
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
            let (x, y, wt) = &data[k];
            let z = b + x.iter().map(|&(i, v)| w[i] * v).sum::<f32>();
            let p = 1.0 / (1.0 + (-z).exp());
            let lr = cfg.rate / (1.0 + t / n);
            let g = (p - y) * wt;
            t += 1.0;
            b -= lr * g;
            ub -= t * lr * g;
            for &(i, v) in x {
                let l2 = if is_word[i] { cfg.l2_words } else { cfg.l2 };
                let d = lr * (g * v + l2 * w[i]);
                w[i] -= d;
                u[i] -= t * d;
            }
        }
    }
    if cfg.averaged && t > 0.0 {
        for (wi, ui) in w.iter_mut().zip(&u) {
            *wi -= ui / t;
        }
        b -= ub / t;
    }
    (w, b)
}

/// The threshold that maximizes F1 of the positive class on `examples`, and that F1 (the
/// tests check training with it; the tools sweep out-of-fold scores with [`best_f1_threshold`]).
#[cfg(test)]
pub fn best_threshold(model: &ClaimModel, examples: &[Example]) -> (f32, f32) {
    best_f1_threshold(
        examples
            .iter()
            .map(|e| (model.score(&e.feats).0, e.label))
            .collect(),
    )
}

/// The score threshold that maximizes F1 of the positive class over `(score, label)` pairs,
/// and that F1.
pub fn best_f1_threshold(mut scored: Vec<(f32, bool)>) -> (f32, f32) {
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let pos = scored.iter().filter(|s| s.1).count() as f32;
    let (mut tp, mut best) = (0f32, (0.5f32, 0f32));
    for (k, &(s, y)) in scored.iter().enumerate() {
        if y {
            tp += 1.0;
        }
        let f1 = 2.0 * tp / ((k + 1) as f32 + pos);
        if f1 > best.1 {
            best = (s, f1);
        }
    }
    best
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

    #[test]
    fn normalized_ngrams_train_and_round_trip() {
        let mut data = vec![];
        for i in 0..200 {
            let long: Vec<String> = (0..30).map(|k| format!("u:filler{k}")).collect();
            let mut pos = vec!["num".to_string(), "u:rose".to_string()];
            let mut neg = vec!["opinion".to_string(), "u:think".to_string()];
            if i % 3 == 0 {
                pos.extend(long.iter().cloned());
                neg.extend(long.iter().cloned());
            }
            data.push(Example {
                feats: pos,
                label: true,
            });
            data.push(Example {
                feats: neg,
                label: false,
            });
        }
        let cfg = TrainConfig {
            min_count: 1,
            ngram_norm: true,
            ..TrainConfig::default()
        };
        let mut m = train(&data, cfg);
        assert!(m.ngram_norm);
        assert!(m.score(&data[0].feats).0 > 0.8 && m.score(&data[1].feats).0 < 0.2);
        m.prior = 0.25;
        m.adapt_alpha = 20.0;
        let text = m.to_text(&[]);
        assert!(text.contains("ngram_norm 1") && text.contains("adapt_alpha 20"));
        let round = ClaimModel::from_bytes(text.as_bytes()).unwrap();
        assert_eq!(round.to_text(&[]), text);
        assert_eq!(round.score(&data[0].feats).0, m.score(&data[0].feats).0);
    }
}
