//! Times the layout stage alone on the whole pages of `../shared/data/pages` (`*.page.txt`),
//! and prints a checksum of the blocks it finds there and in the gold and bench sets, so that
//! a change made for speed can show it changes no block:
//!
//!     cargo run --release --example layout_time -- [PASSES]
use std::hash::{Hash, Hasher};

fn jsonl_texts(path: &str) -> Vec<String> {
    let Ok(data) = std::fs::read_to_string(path) else {
        return vec![];
    };
    data.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect()
}

fn main() {
    let passes: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");
    let dir = format!("{shared}/data/pages");
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .expect("../shared/data/pages")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".page.txt"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    pages.sort();
    let norms: Vec<String> = pages
        .iter()
        .map(|d| newsmark::text::normalize(d).text)
        .collect();
    let mut times = Vec::new();
    let mut blocks = 0;
    for _ in 0..passes {
        let t = std::time::Instant::now();
        blocks = 0;
        for d in &norms {
            blocks += std::hint::black_box(newsmark::layout::layout(d)).len();
        }
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{} pages, {blocks} blocks, layout median {:.2} ms a pass",
        norms.len(),
        times[times.len() / 2] * 1e3
    );
    // The checksum: every block's span and furniture flag, over the pages and the other sets,
    // as pasted and hard-wrapped at 72 columns.
    let mut all = norms;
    for set in [
        "data/bench/brown_press.jsonl",
        "data/dev/gum_news_full.jsonl",
        "data/dev/uner_ewt_dev.jsonl",
        "data/dev/wikigold_dev20.jsonl",
        "fixtures/seed/seed.jsonl",
    ] {
        for t in jsonl_texts(&format!("{shared}/{set}")) {
            let n = newsmark::text::normalize(&t).text;
            all.push(wrap(&n, 72));
            all.push(n);
        }
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let (mut count, mut furniture) = (0, 0);
    for t in &all {
        for b in newsmark::layout::layout(t) {
            (b.span.start, b.span.end, b.furniture).hash(&mut h);
            count += 1;
            furniture += usize::from(b.furniture);
        }
    }
    println!(
        "{} texts, {count} blocks, {furniture} furniture, checksum {:016x}",
        all.len(),
        h.finish()
    );
}

/// `t` with the spaces of each line turned into line breaks at `width` columns.
fn wrap(t: &str, width: usize) -> String {
    let mut out = String::with_capacity(t.len());
    let mut col = 0;
    for c in t.chars() {
        if c == '\n' {
            col = 0;
        } else if c == ' ' && col >= width {
            out.push('\n');
            col = 0;
            continue;
        } else {
            col += 1;
        }
        out.push(c);
    }
    out
}
