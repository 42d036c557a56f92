//! Analyses as text for people: one annotation a line, offsets in code points.
//!
//! ```text
//! person  120..133  "Jane Smith"  = Jane Smith
//! quote   170..231  "We will not…"  direct  speaker=Jane Smith
//! claim   300..360  "Unemployment fell…"  score=0.91  (contains a statistic)
//! ```
//! The command line prints it with `--format text`, and the golden snapshots in
//! `tests/snapshots/` are written in it.

use crate::{Analysis, Kind};
use foldhash::HashMap;

/// Code-point offsets for many byte offsets of one text, in one pass.
pub fn code_points(text: &str, bytes: impl IntoIterator<Item = usize>) -> HashMap<usize, usize> {
    let mut v: Vec<usize> = bytes.into_iter().collect();
    v.sort_unstable();
    v.dedup();
    let mut cp = crate::text::CodePoints::new(text);
    v.into_iter().map(|b| (b, cp.at(b))).collect()
}

fn shorten(s: &str, n: usize) -> String {
    let s = s.replace('\n', "⏎");
    if s.chars().count() > n {
        format!("{}…", s.chars().take(n).collect::<String>())
    } else {
        s
    }
}

/// The analysis of `text` as lines.
pub fn lines(text: &str, a: &Analysis) -> String {
    let cp = code_points(
        text,
        a.annotations
            .iter()
            .flat_map(|x| [x.span.start, x.span.end]),
    );
    let mut s = String::new();
    for x in &a.annotations {
        s += &format!(
            "{:<7} {}..{}  \"{}\"",
            x.kind.as_str(),
            cp[&x.span.start],
            cp[&x.span.end],
            shorten(&x.text, 60)
        );
        if let Some(q) = &x.quote {
            s += if q.direct { "  direct" } else { "  indirect" };
            match &q.speaker {
                Some(sp) => s += &format!("  speaker={}", sp.name),
                None => s += "  speaker=?",
            }
        }
        if let Some(c) = &x.claim {
            s += &format!("  score={:.2}  ({})", c.score, c.reasons.join("; "));
        }
        if matches!(x.kind, Kind::Person | Kind::Org) {
            if let Some(e) = x.entity {
                s += &format!("  = {}", a.entities[e].name);
            }
        }
        if x.by_user {
            s += "  (corrected)";
        }
        s.push('\n');
    }
    for d in &a.diagnostics {
        s += &format!("note    {}: {}\n", d.code, d.message);
    }
    s
}
