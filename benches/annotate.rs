//! Throughput of the whole pipeline on real press text.
//!
//! `cargo bench --bench annotate` reads `../shared/data/bench/brown_press.jsonl` (1 MB of
//! 1961 US press text; not shipped with the repo) and prints characters per second, plus the
//! ratios to the reference systems measured on the same file (see `../shared/toolchain.md`).
//! It also checks scaling: 16x the text should cost about 16x the time, and prints the layout
//! stage's share of the time.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::time::Instant;

fn load() -> Vec<String> {
    let path = std::env::var("NEWSMARK_BENCH").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/bench/brown_press.jsonl"
        )
        .to_string()
    });
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    data.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("json line")["text"]
                .as_str()
                .expect("text")
                .to_string()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let docs = load();
    let chars: usize = docs.iter().map(|d| d.chars().count()).sum();
    let a = newsmark::Annotator::new();
    // A direct measurement first, reported as characters per second and ratios: the median
    // of 5 passes after a warm-up pass (the first pass also pays for page faults, cold caches
    // and the word lists' first use, which a reader's second article does not).
    let mut n = 0;
    for d in &docs {
        n += a.annotate(d).annotations.len();
    }
    let mut passes: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            for d in &docs {
                std::hint::black_box(a.annotate(d));
            }
            t.elapsed().as_secs_f64()
        })
        .collect();
    passes.sort_by(f64::total_cmp);
    let secs = passes[2];
    let cps = chars as f64 / secs;
    println!(
        "brown_press: {chars} chars, {n} annotations, {secs:.3} s (median of 5 warm passes), {:.0} chars/s",
        cps
    );
    println!(
        "  vs spaCy sm NER only (46k chars/s): {:.1}x; vs compromise (110k chars/s): {:.1}x",
        cps / 46_000.0,
        cps / 110_000.0
    );

    // Scaling: one article vs the same article 16 times over.
    let one: String = docs
        .iter()
        .take(4)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n\n");
    let many = vec![one.clone(); 16].join("\n\n");
    let time = |s: &str| {
        let t = Instant::now();
        for _ in 0..3 {
            std::hint::black_box(a.annotate(s));
        }
        t.elapsed().as_secs_f64() / 3.0
    };
    let (t1, t16) = (time(&one), time(&many));
    println!("scaling: 16x the text costs {:.1}x the time", t16 / t1);

    // The layout stage's share of the pipeline (issue 21 budgets it at 5%): the same texts,
    // normalized and laid out only, against annotating them.
    let norms: Vec<String> = docs
        .iter()
        .map(|d| newsmark::text::normalize(d).text)
        .collect();
    let t = Instant::now();
    for _ in 0..5 {
        for d in &norms {
            std::hint::black_box(newsmark::layout::layout(d));
        }
    }
    let layout_secs = t.elapsed().as_secs_f64() / 5.0;
    println!(
        "layout stage: {layout_secs:.4} s, {:.1}% of annotate time",
        100.0 * layout_secs / secs
    );
    pages_layout_share(&a);

    let mut g = c.benchmark_group("annotate");
    g.throughput(Throughput::Bytes(docs.iter().map(|d| d.len() as u64).sum()));
    g.sample_size(10);
    g.bench_function("brown_press", |b| {
        b.iter(|| {
            for d in &docs {
                std::hint::black_box(a.annotate(d));
            }
        })
    });
    g.finish();
}

/// The layout stage's share on whole web pages pasted as text (`../shared/data/pages`, its
/// `*.page.txt`), where it runs its block classifier and most of the text is furniture that
/// annotate then skips: the stage's largest share.
fn pages_layout_share(a: &newsmark::Annotator) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/pages");
    let Ok(entries) = std::fs::read_dir(dir) else {
        println!("whole pages: {dir} not found, skipped");
        return;
    };
    let mut pages: Vec<String> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".page.txt"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    pages.sort();
    let norms: Vec<String> = pages
        .iter()
        .map(|d| newsmark::text::normalize(d).text)
        .collect();
    let median = |f: &dyn Fn()| {
        f();
        let mut t: Vec<f64> = (0..5)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .collect();
        t.sort_by(f64::total_cmp);
        t[2]
    };
    let annotate = median(&|| {
        for d in &pages {
            std::hint::black_box(a.annotate(d));
        }
    });
    let layout = median(&|| {
        for d in &norms {
            std::hint::black_box(newsmark::layout::layout(d));
        }
    });
    println!(
        "whole pages ({} pasted as text): annotate {:.1} ms, layout stage {:.1} ms, {:.1}% of it",
        pages.len(),
        annotate * 1e3,
        layout * 1e3,
        100.0 * layout / annotate
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
