//! Project tasks.
//!
//! ```text
//! cargo xtask train-claims [--shared ../shared] [--lab]
//! cargo xtask pack-names [--plain] [data/names.model]   (entropy-codes a names model in place, or
//!                         with --plain stores its codes plainly, for tools/requantize_names.py)
//! cargo xtask train-names [--shared ../shared] [--stages 2] [--folds 4] [--epochs 8]
//!                         [--epochs2 8] [--runs 1] [--min-count 3] [--bits 22]
//!                         [--max-rows N] [--max-rows2 N] [--weight GROUP=W]...
//!                         [--doc-sentences 15] [--seed 5] [--drop-misc] [--helper-weight 1]
//!                         [--out data/names.model] [--no-write] [--eval-each]
//! ```
//!
//! `train-names` reads the shippable NER files of `../shared/data/train/ner` (the list is in
//! `data.rs`; `--weight GROUP=0` leaves a group out), writes each training sentence as text,
//! runs the core's own segmenter and feature extractor over it, trains a two-stage averaged
//! perceptron (the second stage on jackknifed first-stage tags), prunes and quantizes it, prints dev scores (names overlap and exact F1 on seed,
//! gum_ni, uner, wikigold) and writes `data/names.model`. Deterministic: the same inputs and
//! options give the same bytes.

mod claims;
mod claims_lab;
mod claims_train;
mod data;
mod eval;
mod knowledge;
mod train;

use newsmark::lexicon::Lexicon;
use newsmark::names::features::{DocFeatures, Extractor, Stacked};
use newsmark::names::tagger::{write_model, StageWeights};
use newsmark::Annotator;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

/// Default weight of each group of training files. Decided by measurement (see
/// data/README.md): the tweets and the lower-cased MultiCoNER sets are left out.
const DEFAULT_WEIGHTS: &[(&str, f32)] = &[
    ("gum", 1.0),
    ("uner", 1.0),
    ("wikigold", 1.0),
    ("redocred", 1.0),
    ("crossner", 1.0),
    ("re3d", 1.0),
    ("multiner", 1.0),
    ("litbank", 1.0),
    ("btc", 0.0),
    ("wnut", 0.0),
    ("multiconer", 0.0),
];

struct Opts {
    shared: PathBuf,
    epochs: usize,
    bits: u32,
    max_rows: usize,
    max_rows2: usize,
    stages: usize,
    folds: usize,
    weights: Vec<(String, f32)>,
    doc_sentences: usize,
    seed: u64,
    out: PathBuf,
    write: bool,
    eval_each: bool,
    helper_weight: f32,
    drop_misc: bool,
    runs: usize,
    min_count: u32,
    epochs2: usize,
    knowledge: bool,
    knowledge_skip: Vec<String>,
    knowledge_kinds: u8,
    levels: u8,
}

fn usage() -> ! {
    eprintln!(
        "usage: cargo xtask train-names [--shared DIR] [--stages 1|2] [--folds K] [--epochs N] [--epochs2 N] [--runs R] [--min-count C] [--bits B] [--max-rows N] [--max-rows2 N] [--weight GROUP=W]... [--doc-sentences N] [--seed S] [--drop-misc] [--helper-weight W] [--out FILE] [--no-write] [--knowledge] [--knowledge-skip SOURCE,...] [--knowledge-kinds POLM] [--levels 1..127] [--eval-each]\n       cargo xtask train-claims [--shared DIR] [--lab]\n       cargo xtask pack-names [--plain] [FILE]\n       cargo xtask layout-features [--model FILE] FILE..."
    );
    std::process::exit(2)
}

fn parse(args: &[String]) -> Opts {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut o = Opts {
        shared: root.join("../shared"),
        epochs: 8,
        bits: 22,
        max_rows: 40_000,
        max_rows2: 40_000,
        stages: 2,
        folds: 4,
        weights: DEFAULT_WEIGHTS
            .iter()
            .map(|(g, w)| (g.to_string(), *w))
            .collect(),
        // Measured (data/README.md): pseudo-documents of 15 sentences and features seen in at
        // least 3 tokens beat 30 sentences and every feature by about 1 point of names F1.
        doc_sentences: 15,
        // Seeds move dev F1 by about ±0.015; 5 is the seed of the shipped model (data/README.md).
        seed: 5,
        out: root.join("data/names.model"),
        write: true,
        eval_each: false,
        helper_weight: 1.0,
        drop_misc: false,
        runs: 1,
        min_count: 3,
        epochs2: 8,
        // Known names are measured but not yet shipped (data/README.md): off unless asked for.
        knowledge: false,
        // With --knowledge: the settings measured best (data/README.md): no person names
        // (first-name and surname lists cover people), no US government bodies.
        knowledge_skip: vec!["government".to_string()],
        knowledge_kinds: 0b1110,
        levels: 127,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().cloned().unwrap_or_else(|| usage());
        match a.as_str() {
            "--shared" => o.shared = PathBuf::from(val()),
            "--epochs" => o.epochs = val().parse().unwrap_or_else(|_| usage()),
            "--bits" => {
                o.bits = val()
                    .parse()
                    .ok()
                    .filter(|b| (16..=26).contains(b))
                    .unwrap_or_else(|| usage())
            }
            "--max-rows" => o.max_rows = val().parse().unwrap_or_else(|_| usage()),
            "--max-rows2" => o.max_rows2 = val().parse().unwrap_or_else(|_| usage()),
            "--stages" => {
                o.stages = val()
                    .parse()
                    .ok()
                    .filter(|s| (1..=2).contains(s))
                    .unwrap_or_else(|| usage())
            }
            "--folds" => o.folds = val().parse().unwrap_or_else(|_| usage()),
            "--doc-sentences" => o.doc_sentences = val().parse().unwrap_or_else(|_| usage()),
            "--seed" => o.seed = val().parse().unwrap_or_else(|_| usage()),
            "--out" => o.out = PathBuf::from(val()),
            "--no-write" => o.write = false,
            "--knowledge" => o.knowledge = true,
            "--levels" => {
                o.levels = val()
                    .parse()
                    .ok()
                    .filter(|l| (1..=127).contains(l))
                    .unwrap_or_else(|| usage())
            }
            "--knowledge-skip" => {
                let v = val();
                o.knowledge_skip = v
                    .split(',')
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect();
            }
            "--knowledge-kinds" => {
                o.knowledge_kinds = val().chars().fold(0, |a, c| {
                    a | match c {
                        'P' => 1,
                        'O' => 2,
                        'L' => 4,
                        'M' => 8,
                        _ => usage(),
                    }
                })
            }
            "--eval-each" => o.eval_each = true,
            "--drop-misc" => o.drop_misc = true,
            "--epochs2" => o.epochs2 = val().parse().unwrap_or_else(|_| usage()),
            "--min-count" => o.min_count = val().parse().unwrap_or_else(|_| usage()),
            "--runs" => o.runs = val().parse().unwrap_or_else(|_| usage()),
            "--helper-weight" => o.helper_weight = val().parse().unwrap_or_else(|_| usage()),
            "--weight" => {
                let v = val();
                let (g, w) = v.split_once('=').unwrap_or_else(|| usage());
                let w: f32 = w.parse().unwrap_or_else(|_| usage());
                match o.weights.iter_mut().find(|(x, _)| x == g) {
                    Some(e) => e.1 = w,
                    None => {
                        eprintln!(
                            "unknown group {g}; groups: {}",
                            DEFAULT_WEIGHTS
                                .iter()
                                .map(|x| x.0)
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                        std::process::exit(2)
                    }
                }
            }
            _ => usage(),
        }
    }
    o
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("train-names") => train_names(&parse(&args[1..])),
        Some("train-claims") => claims::main(&args[1..]),
        Some("pack-names") => {
            let plain = args.iter().any(|a| a == "--plain");
            let file = args[1..].iter().find(|a| *a != "--plain");
            pack_names(file.map_or("data/names.model", String::as_str), !plain)
        }
        Some("layout-features") => layout_features(&args[1..]),
        _ => usage(),
    }
}

/// Prints, for each text file named, one JSON line: its layout blocks with their spans in code
/// points of the file's text and their classifier features (`newsmark::layout::FEATURES`), for
/// `scripts/train_layout.py`.
fn layout_features(args: &[String]) {
    use newsmark::layout::Model;
    use std::io::Write;
    let (model, files) = match args {
        [flag, path, files @ ..] if flag == "--model" => {
            let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
            (
                Model::parse(&src).unwrap_or_else(|e| panic!("{path}: {e}")),
                files,
            )
        }
        // A shipped model that no longer fits the features (while they change) reads every
        // block as article text: the features are still written, for the trainer.
        _ => (
            Model::parse(newsmark::layout::model::MODEL).unwrap_or_else(|e| {
                eprintln!("data/layout.model: {e}; writing features with a neutral model");
                Model::neutral()
            }),
            args,
        ),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for file in files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let norm = newsmark::text::normalize(&text);
        let blocks = newsmark::layout::layout_with(&norm.text, &model);
        let x = newsmark::layout::features(&norm.text, &blocks);
        let p = model.article_probability(&norm.text, &blocks);
        // byte offset -> code point offset in the original text
        let cp = |b: usize| text[..b].chars().count();
        let rows: Vec<serde_json::Value> = blocks
            .iter()
            .zip(x)
            .zip(p)
            .map(|((b, x), p)| {
                let s = norm.span_to_original(b.span);
                serde_json::json!({"start": cp(s.start), "end": cp(s.end), "furniture": b.furniture, "p": p, "x": x.to_vec()})
            })
            .collect();
        let line = serde_json::json!({"file": file, "blocks": rows});
        writeln!(out, "{line}").expect("stdout");
    }
}

/// Rewrites a names model in place in the entropy-coded form the trainer writes, or with
/// `--plain` with its codes stored plainly (what `tools/requantize_names.py` reads and
/// writes); the weights do not change.
fn pack_names(path: &str, coded: bool) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let packed =
        newsmark::names::tagger::recode(&bytes, coded).unwrap_or_else(|e| panic!("{path}: {e}"));
    std::fs::write(path, &packed).unwrap_or_else(|e| panic!("{path}: {e}"));
    eprintln!("{path}: {} -> {} bytes", bytes.len(), packed.len());
}

fn print_scores(a: &Annotator, sets: &[eval::DevSet]) -> Vec<(String, f64)> {
    let mut line = vec![];
    for s in sets {
        let sc = eval::score(a, s);
        eprintln!(
            "  {:9} overlap F1 {:.3} (P {:.3} R {:.3})  exact F1 {:.3} (P {:.3} R {:.3})  person {:.3}  org {:.3}",
            s.name,
            sc.overlap.f1(),
            sc.overlap.p(),
            sc.overlap.r(),
            sc.exact.f1(),
            sc.exact.p(),
            sc.exact.r(),
            sc.overlap_person.f1(),
            sc.overlap_org.f1()
        );
        line.push((s.name.to_string(), sc.overlap.f1()));
    }
    line
}

fn train_names(o: &Opts) {
    let t0 = Instant::now();
    HELPER_WEIGHT.with(|h| h.set(o.helper_weight));
    RUNS.with(|r| r.set(o.runs));
    let base = Annotator::new();
    let lx = base.lexicon();
    let ner = o.shared.join("data/train/ner");
    let mut instances = vec![];
    let mut groups: Vec<&'static str> = vec![];
    let mut used: Vec<(&str, &str, f32)> = vec![];
    for set in data::SETS {
        let w = o
            .weights
            .iter()
            .find(|(g, _)| g == set.group)
            .map_or(0.0, |x| x.1);
        if w <= 0.0 {
            continue;
        }
        let path = ner.join(set.path);
        let mut sents = data::read_bio(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for s in &mut sents {
            data::clean(s, set.group, o.drop_misc);
        }
        let n = sents.len();
        let before = instances.len();
        instances.extend(data::instances(&sents, w, o.doc_sentences));
        groups.resize(instances.len().max(before), set.group);
        used.push((set.path, set.group, w));
        eprintln!("read {} ({n} sentences, weight {w})", set.path);
    }
    // Known names (with --knowledge): each training file's sentences see the names every
    // other source knows (see xtask/src/knowledge.rs); the dev sets and the model see them all.
    let know = o
        .knowledge
        .then(|| knowledge::Knowledge::build(&o.shared, &o.knowledge_skip, o.knowledge_kinds));
    let knowledge_file = match &know {
        Some(k) => {
            let (f, n) = k.file(lx);
            eprintln!("known names: {n} ({} bytes)", f.len());
            f
        }
        None => newsmark::knowledge::encode(&[], 0),
    };
    let mut lexicons: HashMap<&str, Lexicon> = HashMap::new();
    for &g in &groups {
        lexicons.entry(g).or_insert_with(|| {
            let mut l = lx.clone();
            match &know {
                Some(k) => l.set_entities(&k.without(Some(g), lx), knowledge::MAX_TOKENS),
                None => l.set_entities(&HashMap::new(), 0),
            }
            l
        });
    }
    let ex = Extractor::new();
    let mut feats: Vec<DocFeatures> = instances
        .iter()
        .zip(&groups)
        .map(|(i, g)| {
            let mut f = DocFeatures::default();
            ex.extract(&i.text, &i.doc, &lexicons[*g], &mut f);
            f
        })
        .collect();
    drop_rare(&mut feats, o.bits, o.min_count);
    let tokens: usize = instances.iter().map(|i| i.doc.tokens.len()).sum();
    let nfeat: usize = feats.iter().map(|f| f.ids.len()).sum();
    eprintln!(
        "{} documents, {tokens} tokens, {:.1} features a token, prepared in {:.1} s",
        instances.len(),
        nfeat as f64 / tokens.max(1) as f64,
        t0.elapsed().as_secs_f64()
    );
    let sentences = |i: &data::Instance| {
        i.doc
            .sentences
            .iter()
            .map(|s| s.tokens.clone())
            .collect::<Vec<_>>()
    };
    let examples: Vec<train::Example> = instances
        .iter()
        .zip(&feats)
        .map(|(i, f)| train::Example {
            feats: f,
            sentences: sentences(i),
            gold: &i.gold,
            weight: i.weight,
        })
        .collect();
    let dev = eval::load(&o.shared);
    let comments = header(o, &used);

    // Stage 1 on everything.
    let mut rng = train::Rng::new(o.seed);
    let t = Instant::now();
    let p1 = train_stage(&examples, o.epochs, o.bits, &mut rng, None);
    let (rows1, trans1) = p1.averaged();
    let rows1 = train::prune(rows1, o.max_rows);
    drop(p1);
    eprintln!(
        "stage 1: {} rows kept, {:.1} s",
        rows1.len(),
        t.elapsed().as_secs_f64()
    );
    let stage1 = StageWeights {
        trans: &trans1,
        rows: &rows1,
    };
    let mut model = write_model(
        &comments,
        o.bits,
        &[StageWeights {
            trans: stage1.trans,
            rows: stage1.rows,
        }],
        o.levels,
    );
    if o.stages == 1 || o.eval_each {
        let a = Annotator::new()
            .with_knowledge(&knowledge_file)
            .and_then(|a| a.with_names_model(&model))
            .expect("the written model loads");
        eprintln!("stage 1 alone:");
        print_scores(&a, &dev);
    }
    if o.stages == 2 {
        // First-stage tags for every training document, each from a model that did not see it.
        let t = Instant::now();
        let k = o.folds.max(2);
        let mut fold_of: Vec<usize> = (0..examples.len()).collect();
        rng.shuffle(&mut fold_of);
        let mut tags1: Vec<Vec<u8>> = vec![vec![]; examples.len()];
        for f in 0..k {
            let train_part: Vec<usize> = (0..examples.len())
                .filter(|&i| fold_of[i] % k != f)
                .collect();
            let sub: Vec<train::Example> = train_part
                .iter()
                .map(|&i| train::Example {
                    feats: examples[i].feats,
                    sentences: examples[i].sentences.clone(),
                    gold: examples[i].gold,
                    weight: examples[i].weight,
                })
                .collect();
            let p = train_stage(&sub, o.epochs, o.bits, &mut rng, None);
            for i in (0..examples.len()).filter(|&i| fold_of[i] % k == f) {
                p.predict(&examples[i], &mut tags1[i]);
            }
        }
        let stacked: Vec<DocFeatures> = instances
            .iter()
            .zip(&feats)
            .zip(&tags1)
            .map(|((i, f), t1)| {
                let mut s = DocFeatures::default();
                ex.stack(&i.text, &i.doc, f, t1, &mut s, Stacked::WithBase);
                s
            })
            .collect();
        eprintln!(
            "jackknifed first-stage tags ({k} folds) in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        let examples2: Vec<train::Example> = instances
            .iter()
            .zip(&stacked)
            .map(|(i, f)| train::Example {
                feats: f,
                sentences: sentences(i),
                gold: &i.gold,
                weight: i.weight,
            })
            .collect();
        let mut on_epoch = |p: &train::Perceptron| {
            let (rows2, trans2) = p.averaged();
            let rows2 = train::prune(rows2, o.max_rows2);
            let m = write_model(
                &comments,
                o.bits,
                &[
                    StageWeights {
                        trans: &trans1,
                        rows: &rows1,
                    },
                    StageWeights {
                        trans: &trans2,
                        rows: &rows2,
                    },
                ],
                o.levels,
            );
            let a = Annotator::new()
                .with_knowledge(&knowledge_file)
                .and_then(|a| a.with_names_model(&m))
                .expect("the written model loads");
            eprintln!(
                "  stage 2: {} rows kept; model {} bytes",
                rows2.len(),
                m.len()
            );
            print_scores(&a, &dev);
            m
        };
        let p2 = train_stage(
            &examples2,
            o.epochs2,
            o.bits,
            &mut rng,
            if o.eval_each {
                Some(&mut on_epoch)
            } else {
                None
            },
        );
        model = on_epoch(&p2);
    }
    let t = Instant::now();
    let loaded = newsmark::names::Tagger::from_bytes(&model).expect("the model loads");
    eprintln!(
        "the model loads in {:.1} ms ({} rows)",
        t.elapsed().as_secs_f64() * 1000.0,
        loaded.rows()
    );
    if o.write {
        std::fs::write(&o.out, &model).unwrap_or_else(|e| panic!("{}: {e}", o.out.display()));
        let kf = o.out.with_file_name("knowledge.bin");
        std::fs::write(&kf, &knowledge_file).unwrap_or_else(|e| panic!("{}: {e}", kf.display()));
        eprintln!(
            "wrote {} ({} bytes) in {:.1} s",
            o.out.display(),
            model.len(),
            t0.elapsed().as_secs_f64()
        );
    }
}

/// Drops features whose row is seen in fewer than `min` tokens: they are mostly noise.
fn drop_rare(feats: &mut [DocFeatures], bits: u32, min: u32) {
    if min <= 1 {
        return;
    }
    let mut count = vec![0u8; 1 << bits];
    for f in feats.iter() {
        for &id in &f.ids {
            let r = (id >> (32 - bits)) as usize;
            count[r] = count[r].saturating_add(1);
        }
    }
    for f in feats.iter_mut() {
        f.retain(|id| count[(id >> (32 - bits)) as usize] as u32 >= min);
    }
}

thread_local! {
    static HELPER_WEIGHT: std::cell::Cell<f32> = const { std::cell::Cell::new(1.0) };
    static RUNS: std::cell::Cell<usize> = const { std::cell::Cell::new(1) };
}

type EpochHook<'a> = &'a mut dyn FnMut(&train::Perceptron) -> Vec<u8>;

/// Trains one stage: `epochs` passes in a shuffled order, `RUNS` times with different orders;
/// the result is the mean of the runs' averaged weights (less dependent on one order).
fn train_stage(
    examples: &[train::Example],
    epochs: usize,
    bits: u32,
    rng: &mut train::Rng,
    mut hook: Option<EpochHook>,
) -> train::Perceptron {
    let runs = RUNS.with(|r| r.get()).max(1);
    let mut acc: Option<train::Perceptron> = None;
    for run in 0..runs {
        let mut p = train::Perceptron::new(bits);
        p.helper_weight = HELPER_WEIGHT.with(|h| h.get());
        let mut order: Vec<usize> = (0..examples.len()).collect();
        for e in 0..epochs {
            let t = Instant::now();
            rng.shuffle(&mut order);
            let (err, total) = p.epoch(examples, &order);
            if let (Some(h), 0) = (hook.as_mut(), run) {
                eprintln!(
                    "epoch {}: {:.2}% token errors, {:.1} s",
                    e + 1,
                    100.0 * err as f64 / total.max(1) as f64,
                    t.elapsed().as_secs_f64()
                );
                h(&p);
            }
        }
        let p = p.into_average();
        match acc.as_mut() {
            None => acc = Some(p),
            Some(a) => a.add_scaled(&p, 1.0),
        }
    }
    let mut a = acc.expect("at least one run");
    a.scale(1.0 / runs as f32);
    a
}

/// The model header: command, options, data files, licence and attributions.
fn header(o: &Opts, used: &[(&str, &str, f32)]) -> String {
    let mut h = String::new();
    h.push_str("newsmark names model: averaged structured perceptron over hashed features, BIO tags for PER ORG LOC MISC.\n");
    h.push_str("Generated by `cargo xtask train-names` (xtask/src/main.rs); do not edit by hand. See data/README.md.\n");
    let w: Vec<String> = o.weights.iter().map(|(g, w)| format!("{g}={w}")).collect();
    h.push_str(&format!(
        "Options: stages={} folds={} epochs={} epochs2={} min-count={} runs={} bits={} max-rows={} max-rows2={} doc-sentences={} seed={} levels={} knowledge={} weights: {}\n",
        o.stages,
        o.folds,
        o.epochs,
        o.epochs2,
        o.min_count,
        o.runs,
        o.bits,
        o.max_rows,
        o.max_rows2,
        o.doc_sentences,
        o.seed,
        o.levels,
        o.knowledge,
        w.join(" ")
    ));
    h.push_str("Training files (../shared/data/train/ner, all marked shippable there):\n");
    for (path, _, wt) in used {
        h.push_str(&format!("  {path} (weight {wt})\n"));
    }
    h.push_str(if o.knowledge {
        "Lexicon features: data/lexicon.txt, data/orgs.txt and the known names of data/knowledge.bin (see data/README.md).\n"
    } else {
        "Lexicon features: data/lexicon.txt and data/orgs.txt (see data/README.md).\n"
    });
    h.push_str("Licence: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/): the model is trained on share-alike data.\n");
    h.push_str("Attributions:\n");
    let mut groups: Vec<&str> = used.iter().map(|u| u.1).collect();
    groups.dedup();
    for g in groups {
        h.push_str(&format!("  {}\n", data::attribution(g)));
    }
    h
}
