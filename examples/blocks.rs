//! Prints the blocks the layout stage finds in a file, one a line: `A` article, `F` furniture,
//! with its length; for looking at what a pasted page becomes.
//!
//!     cargo run --release --example blocks -- FILE
fn main() {
    let path = std::env::args().nth(1).expect("usage: blocks FILE");
    let raw = std::fs::read_to_string(&path).expect("a UTF-8 file");
    let norm = newsmark::text::normalize(&raw);
    for b in newsmark::layout::layout(&norm.text) {
        let t = norm.text[b.span.start..b.span.end].replace('\n', "⏎");
        let short: String = t.chars().take(110).collect();
        println!(
            "{} {:5} {}",
            if b.furniture { 'F' } else { 'A' },
            t.chars().count(),
            short
        );
    }
}
