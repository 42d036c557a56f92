//! Spans and the **normalize** stage: the text the detectors read, with a map back to the
//! original.
//!
//! ## What it does
//! Pasted text arrives with CRLF or lone CR line ends, no-break and other exotic spaces,
//! zero-width characters, control characters, typographic apostrophes inside words and a zoo
//! of dashes. The detectors should not each learn all of them, so [`normalize`] rewrites them
//! to one form (`\n`, a space, `'`, `-`) and records where each rewrite happened. Quotation
//! marks are *not* folded: which mark opens and which closes is information the quote detector
//! needs. Every span a detector finds in the normalized text is mapped back to the original
//! with [`Normalized::to_original`], so offsets always point into the text the user gave.

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into a text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// Length in bytes.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }
    /// True when the span holds no byte.
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// True when the two spans share at least one byte.
    pub const fn overlaps(&self, o: &Span) -> bool {
        self.start < o.end && o.start < self.end
    }
    /// True when `o` lies inside this span.
    pub const fn contains(&self, o: &Span) -> bool {
        self.start <= o.start && o.end <= self.end
    }
    /// Bytes the two spans share.
    pub fn overlap(&self, o: &Span) -> usize {
        self.end.min(o.end).saturating_sub(self.start.max(o.start))
    }
}

/// The normalized text and the map back to the original.
#[derive(Clone, Debug)]
pub struct Normalized {
    /// The normalized text the detectors read.
    pub text: String,
    /// Checkpoints `(normalized offset, original offset)`, sorted, one after every rewrite;
    /// between two checkpoints the texts agree byte for byte.
    map: Vec<(usize, usize)>,
    /// Where the original text has characters that the normalized text dropped (a `\r`
    /// before `\n`, a zero-width space): `(normalized offset, original offset of the first
    /// dropped character)`, sorted. A span that ends there ends before them.
    drops: Vec<(usize, usize)>,
    orig_len: usize,
}

impl Normalized {
    /// Maps a byte offset of the normalized text to the original text. Offsets inside a
    /// rewritten character map to its start; the end of the text maps to the end.
    pub fn to_original(&self, pos: usize) -> usize {
        if pos >= self.text.len() {
            return self.orig_len;
        }
        let i = self.map.partition_point(|&(n, _)| n <= pos);
        if i == 0 {
            return pos;
        }
        let (n, o) = self.map[i - 1];
        o + (pos - n)
    }

    /// Removes the byte ranges `cut` (sorted, disjoint, on character boundaries) from the
    /// normalized text, keeping the map back to the original: a later stage's rewrite, such as
    /// joining a word split by a hyphen at a line end.
    pub fn remove(&mut self, cut: &[Span]) {
        if cut.is_empty() {
            return;
        }
        let mut text = String::with_capacity(self.text.len());
        let mut map = Vec::with_capacity(self.map.len() + cut.len());
        let mut old = self.map.iter().copied().peekable();
        let mut from = 0;
        let mut removed = 0;
        for c in cut.iter().chain(std::iter::once(&Span::new(
            self.text.len(),
            self.text.len(),
        ))) {
            // Checkpoints in the kept stretch `from..c.start` move back by what was removed.
            while let Some(&(n, o)) = old.peek() {
                if n > c.start {
                    break;
                }
                if n >= from {
                    map.push((n - removed, o));
                }
                old.next();
            }
            text.push_str(&self.text[from..c.start]);
            if c.end > c.start {
                map.push((c.start - removed, self.to_original(c.end)));
                removed += c.end - c.start;
            }
            from = c.end;
        }
        // Two checkpoints at one place: the later one (further on in the original) holds.
        map.dedup_by(|later, earlier| {
            later.0 == earlier.0 && {
                earlier.1 = later.1;
                true
            }
        });
        // Dropped characters move back by what was cut before them; those inside a cut go
        // with it.
        let mut cuts = cut.iter().peekable();
        let mut before = 0;
        self.drops.retain_mut(|(n, _)| {
            while let Some(c) = cuts.peek().filter(|c| c.end <= *n) {
                before += c.end - c.start;
                cuts.next();
            }
            if cuts.peek().is_some_and(|c| c.start < *n) {
                return false;
            }
            *n -= before;
            true
        });
        // A run dropped just before a cut and one just after it now sit at one offset: a span
        // ending there ends before the first.
        self.drops.dedup_by_key(|d| d.0);
        self.text = text;
        self.map = map;
    }

    /// Maps a span of the normalized text to the original text. Its end stays before the
    /// characters normalization dropped after it (`said.\r\n` ends at the full stop, not
    /// after the `\r`); its start is after those before it.
    pub fn span_to_original(&self, s: Span) -> Span {
        let start = self.to_original(s.start);
        if s.end <= s.start {
            return Span::new(start, start);
        }
        let end = match self.drops.binary_search_by_key(&s.end, |&(n, _)| n) {
            Ok(i) => self.drops[i].1,
            Err(_) => self.to_original(s.end),
        };
        Span::new(start, end.max(start))
    }

    /// Maps a byte offset of the original text to the normalized text (the first normalized
    /// offset whose original position is at or after `pos`).
    pub fn from_original(&self, pos: usize) -> usize {
        let i = self.map.partition_point(|&(_, o)| o <= pos);
        let (n, o) = if i == 0 { (0, 0) } else { self.map[i - 1] };
        let cand = n + (pos - o);
        // Inside a rewritten character the straight mapping can run past the next checkpoint.
        match self.map.get(i) {
            Some(&(next_n, _)) if cand > next_n => next_n,
            _ => cand.min(self.text.len()),
        }
    }
}

/// What one original character becomes.
enum Rewrite {
    Keep,
    Drop,
    To(char),
}

fn rewrite(c: char, prev: Option<char>, next: Option<char>) -> Rewrite {
    match c {
        '\r' => {
            if next == Some('\n') {
                Rewrite::Drop
            } else {
                Rewrite::To('\n')
            }
        }
        '\n' | '\t' => Rewrite::Keep,
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Rewrite::To(' '),
        '\u{2028}' | '\u{2029}' | '\u{0085}' => Rewrite::To('\n'),
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {
            // Zero-width joiners inside emoji sequences are kept; elsewhere they are noise.
            if c == '\u{200D}' && !prev.is_some_and(char::is_alphanumeric) {
                Rewrite::Keep
            } else {
                Rewrite::Drop
            }
        }
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' => Rewrite::To('-'),
        '\u{2019}' | '\u{02BC}' | '\u{2032}'
            if prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphabetic) =>
        {
            Rewrite::To('\'')
        }
        // Typewriter double quotes (wire copy, old corpora): `''` closes and ``` `` ``` opens a
        // quote; each pair becomes one `"` (the closing pair keeps its last character, so a
        // span that ends with the mark ends after both, and the opening pair its first).
        '\'' if next == Some('\'') && prev != Some('\'') => Rewrite::Drop,
        '\'' if prev == Some('\'') => Rewrite::To('"'),
        '`' if next == Some('`') && prev != Some('`') => Rewrite::To('"'),
        '`' if prev == Some('`') => Rewrite::Drop,
        c if c.is_control() => Rewrite::To(' '),
        '\u{FFFD}' => Rewrite::To(' '),
        _ => Rewrite::Keep,
    }
}

/// The **normalize** stage: folds line ends, spaces, invisible characters, in-word apostrophes,
/// typewriter double quotes (`''`, ``` `` ```) and hyphens to one form each, keeping a map back
/// to the original offsets.
///
/// ```
/// let n = newsmark::text::normalize("It\u{2019}s\r\nhere\u{00A0}now");
/// assert_eq!(n.text, "It's\nhere now");
/// assert_eq!(n.to_original(n.text.find("here").unwrap()), "It\u{2019}s\r\n".len());
/// ```
pub fn normalize(orig: &str) -> Normalized {
    let mut text = String::with_capacity(orig.len());
    let mut map = Vec::new();
    let mut drops: Vec<(usize, usize)> = Vec::new();
    let mut chars = orig.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, c)| c);
        match rewrite(c, prev, next) {
            Rewrite::Keep => text.push(c),
            Rewrite::Drop => {
                // The first of a run of dropped characters says where a span before it ends.
                if drops.last().map(|&(n, _)| n) != Some(text.len()) {
                    drops.push((text.len(), i));
                }
                map.push((text.len(), i + c.len_utf8()))
            }
            Rewrite::To(r) => {
                text.push(r);
                map.push((text.len(), i + c.len_utf8()));
            }
        }
        prev = Some(c);
    }
    Normalized {
        text,
        map,
        drops,
        orig_len: orig.len(),
    }
}

/// Converts increasing byte offsets of one text into code-point offsets in linear time overall.
pub struct CodePoints<'a> {
    text: &'a str,
    byte: usize,
    cp: usize,
}

impl<'a> CodePoints<'a> {
    /// A converter for `text`.
    pub fn new(text: &'a str) -> Self {
        CodePoints {
            text,
            byte: 0,
            cp: 0,
        }
    }
    /// The code-point offset of byte offset `b` (a char boundary). Cheapest when offsets come
    /// in increasing order; a smaller offset restarts from the beginning.
    pub fn at(&mut self, b: usize) -> usize {
        if b < self.byte {
            self.byte = 0;
            self.cp = 0;
        }
        self.cp += self.text[self.byte..b].chars().count();
        self.byte = b;
        self.cp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_ends_before_the_characters_dropped_after_it() {
        let orig = "He said so.\r\nAnn\u{200B} Lee\u{200B}\u{FEFF} came.\r\n";
        let n = normalize(orig);
        assert_eq!(n.text, "He said so.\nAnn Lee came.\n");
        let slice = |w: &str| {
            let s = n.text.find(w).unwrap();
            let o = n.span_to_original(Span::new(s, s + w.len()));
            &orig[o.start..o.end]
        };
        assert_eq!(slice("He said so."), "He said so.");
        assert_eq!(slice("Ann Lee"), "Ann\u{200B} Lee");
        assert_eq!(slice("came."), "came.");
        assert_eq!(slice("Ann"), "Ann");
        // After a later stage cuts a range, the dropped characters move with the text.
        let mut n = normalize("inter-\nnational\u{200B} day");
        let hy = n.text.find('-').unwrap();
        n.remove(&[Span::new(hy, hy + 2)]);
        assert_eq!(n.text, "international day");
        let o = n.span_to_original(Span::new(0, "international".len()));
        assert_eq!(o, Span::new(0, "inter-\nnational".len()));
    }

    #[test]
    fn typewriter_double_quotes_become_one_mark_each() {
        let orig = "``DRM is dead,'' he said. \"MP3 wins.''";
        let n = normalize(orig);
        assert_eq!(n.text, "\"DRM is dead,\" he said. \"MP3 wins.\"");
        let s = n.text.find("DRM").unwrap();
        let o = n.span_to_original(Span::new(s, s + "DRM is dead,".len()));
        assert_eq!(&orig[o.start..o.end], "DRM is dead,");
        // A sentence that ends with the closing pair takes both of its characters.
        let e = n.text.len();
        let o = n.span_to_original(Span::new(n.text.find("\"MP3").unwrap(), e));
        assert_eq!(&orig[o.start..o.end], "\"MP3 wins.''");
        // One apostrophe stays one.
        assert_eq!(normalize("the players' union").text, "the players' union");
    }

    #[test]
    fn removed_ranges_map_back() {
        let orig = "a\u{00A0}inter-\nnational\nb\r\nc";
        let mut n = normalize(orig);
        assert_eq!(n.text, "a inter-\nnational\nb\nc");
        let hy = n.text.find('-').unwrap();
        n.remove(&[Span::new(hy, hy + 2)]);
        assert_eq!(n.text, "a international\nb\nc");
        let w = n.text.find("international").unwrap();
        let s = n.span_to_original(Span::new(w, w + "international".len()));
        assert_eq!(&orig[s.start..s.end], "inter-\nnational");
        let b = n.text.find('b').unwrap();
        assert_eq!(&orig[n.to_original(b)..], "b\r\nc");
        assert_eq!(n.to_original(n.text.len()), orig.len());
        // Whatever is cut, every offset still maps inside the original, in order.
        let mut last = 0;
        for i in 0..=n.text.len() {
            let o = n.to_original(i);
            assert!(o >= last && o <= orig.len());
            last = o;
        }
    }

    #[test]
    fn crlf_and_lone_cr_become_newlines() {
        let n = normalize("a\r\nb\rc");
        assert_eq!(n.text, "a\nb\nc");
        assert_eq!(n.to_original(2), 3);
        assert_eq!(n.to_original(4), 5);
        assert_eq!(n.to_original(n.text.len()), 6);
    }

    #[test]
    fn offsets_round_trip_through_rewrites() {
        let orig =
            "Jos\u{00E9}\u{00A0}N\u{00FA}\u{00F1}ez\u{200B} said it\u{2019}s \u{201C}fine\u{201D}.";
        let n = normalize(orig);
        assert_eq!(
            n.text,
            "Jos\u{00E9} N\u{00FA}\u{00F1}ez said it's \u{201C}fine\u{201D}."
        );
        let f = n.text.find("fine").unwrap();
        let o = n.to_original(f);
        assert_eq!(&orig[o..o + 4], "fine");
        assert_eq!(n.from_original(o), f);
    }

    #[test]
    fn control_characters_are_spaces() {
        assert_eq!(normalize("a\u{0}b\u{7}c").text, "a b c");
    }

    #[test]
    fn code_points_count_increasingly() {
        let s = "a\u{1F600}b\u{00E9}c";
        let mut cp = CodePoints::new(s);
        assert_eq!(cp.at(1), 1);
        assert_eq!(cp.at(5), 2);
        assert_eq!(cp.at(s.len()), 5);
        assert_eq!(cp.at(0), 0);
    }
}
