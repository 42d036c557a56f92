//! Resident memory per pipeline stage on a text file (Linux, from /proc/self/status):
//!
//!     cargo run --release --example memory_stages -- FILE
//!
//! Prints, for each stage, the resident size after it and the peak reached during it, in
//! bytes per input byte (freed memory the allocator keeps still counts as resident). A tool for finding where memory goes on very long texts (issue 5 measured
//! the whole pipeline's peak in the browser; this says which stage holds it).

use newsmark::{names, quotes, resolve, segment, text, Annotator};

/// (resident, peak resident) of this process in bytes, from /proc/self/status (Linux).
fn rss() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
            * 1024.0
    };
    (kb("VmRSS:"), kb("VmHWM:"))
}

/// Resets the peak resident size (Linux: writing 5 to clear_refs).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: memory_stages FILE");
    let input = std::fs::read_to_string(&path).expect("read");
    let a = Annotator::new();
    let n = input.len() as f64;
    let mut last = rss().0;
    let mut stage = |name: &str| {
        let (live, peak) = rss();
        println!(
            "{name:10} resident {:7.1} B/byte (+{:6.1})   peak during {:7.1} B/byte",
            live / n,
            (live - last) / n,
            peak / n
        );
        last = live;
        reset_peak();
    };
    stage("start");
    let norm = text::normalize(&input);
    stage("normalize");
    let t = norm.text.as_str();
    let doc = segment::segment(t);
    stage("segment");
    let found = names::detect(t, &doc, a.lexicon(), a.names_model());
    stage("names");
    let qs = quotes::detect(t, &doc, &found, a.lexicon());
    stage("quotes");
    let clusters = resolve::cluster(t, &found, a.lexicon());
    stage("resolve");
    drop((norm, doc, found, qs, clusters));
    let r = a.annotate(&input);
    stage("annotate"); // the whole pipeline again, claims and output included
    println!("{} annotations", r.annotations.len());
}
