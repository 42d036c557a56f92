//! `cargo +nightly fuzz run annotate`: annotate never panics, every span sits on character
//! boundaries inside the text, annotations are sorted, and entity and speaker references are
//! consistent. Crashes found are kept in `fuzz/regressions/` and replayed by a stable test
//! (`tests/main.rs`, `fuzz_regressions_replay`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn annotator() -> &'static newsmark::Annotator {
    static A: OnceLock<newsmark::Annotator> = OnceLock::new();
    A.get_or_init(newsmark::Annotator::new)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let a = annotator().annotate(&text);
    if let Err(e) = newsmark::check::invariants(&text, &a) {
        panic!("{e}");
    }
});
