//! Annotates every `text` of a JSON-lines file N times (for profilers):
//! `cargo run --release --example annotate_file -- ../shared/data/bench/brown_press.jsonl 3`
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a JSON-lines file");
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let data = std::fs::read_to_string(&path).expect("read");
    let docs: Vec<String> = data
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("JSON")["text"]
                .as_str()
                .expect("text")
                .to_string()
        })
        .collect();
    let a = newsmark::Annotator::new();
    let t = std::time::Instant::now();
    let mut chars = 0;
    for _ in 0..n {
        for d in &docs {
            chars += d.chars().count();
            std::hint::black_box(a.annotate(d));
        }
    }
    let s = t.elapsed().as_secs_f64();
    eprintln!("{chars} chars in {s:.2} s: {:.0} chars/s", chars as f64 / s);
}
