//! `cargo xtask train-claims --lab`: fits claim models under several settings and scores each
//! one the way `score.py` does on whole documents, without rebuilding the CLI: CheckThat! dev
//! sentences as one-sentence documents (`checkthat`), gum_news_full, the seed article, and
//! CheckThat! dev again as transcripts of 30 sentences a document (`ct_as_docs`, to see what
//! the per-document adaptation does to speech). A tool for choosing the shipped settings; it
//! writes nothing. `LAB_SHOW=NAME` prints the seed's sentences, scores and gold for the
//! settings whose name contains NAME.

use crate::claims::{cv_threshold, read_jsonl, training};
use crate::claims_train::{train, TrainConfig};
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

fn oracle(model: &ClaimModel, sets: &[(&str, Vec<Doc>)]) {
    let mut line = String::from("   best threshold per set:");
    for (set, docs) in sets {
        let mut best = (0.0, 0.0);
        for k in 1..100 {
            let t = k as f32 / 100.0;
            let f = f1(score(docs, &|d: &Doc| {
                d.cands.iter().map(|c| model.score(&c.1).0 >= t).collect()
            }));
            if f > best.1 {
                best = (t, f);
            }
        }
        line += &format!("  {set} {:.3} at {:.2}", best.1, best.0);
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
    let (all, ct) = training(&a, shared);
    let sets = news_sets(&a, shared);
    eprintln!("lab: features in {:.1} s", t0.elapsed().as_secs_f64());
    let shipped = crate::claims::CONFIG;
    let configs: Vec<(&str, TrainConfig)> = vec![
        (
            "300 n-grams, raw (last model's size)",
            TrainConfig {
                max_words: 300,
                ngram_norm: false,
                epochs: 8,
                rate: 0.2,
                l2_words: 1e-5,
                min_count: 5,
                ..shipped
            },
        ),
        (
            "5000 n-grams, raw",
            TrainConfig {
                ngram_norm: false,
                ..shipped
            },
        ),
        ("5000 n-grams, normalized (shipped)", shipped),
        (
            "10000 n-grams, normalized",
            TrainConfig {
                max_words: 10_000,
                ..shipped
            },
        ),
    ];
    let prior = all.iter().filter(|e| e.label).count() as f32 / all.len() as f32;
    for (name, cfg) in configs {
        let mut m = train(&all, cfg);
        m.threshold = cv_threshold(&all, &ct, cfg, 5).0;
        m.prior = prior;
        let text = m.to_text(&[]);
        let mut gz = flate2::write::GzEncoder::new(vec![], flate2::Compression::best());
        std::io::Write::write_all(&mut gz, text.as_bytes()).expect("gzip");
        eprintln!(
            "{name}: threshold {:.3}, model {} bytes, {} gzip",
            m.threshold,
            text.len(),
            gz.finish().expect("gzip").len()
        );
        for alpha in [0.0, 10.0, crate::claims::ADAPT_ALPHA, 40.0] {
            m.adapt_alpha = alpha;
            report(&format!("  adapt_alpha {alpha}"), &m, &sets);
        }
        oracle(&m, &sets);
        if std::env::var("LAB_SHOW").is_ok_and(|v| name.contains(&v)) {
            m.adapt_alpha = crate::claims::ADAPT_ALPHA;
            show(&m, &sets[2].1[0]);
        }
    }
}
