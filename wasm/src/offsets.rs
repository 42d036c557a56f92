//! Byte offsets (Rust) ⇄ UTF-16 code units (JavaScript), in one place.
//!
//! A JS string with lone surrogates reaches Rust with each one replaced by U+FFFD, which is
//! also one UTF-16 code unit: offsets computed here still slice the caller's own string.

/// Converts byte offsets of one text to UTF-16 offsets; linear overall for increasing offsets.
pub struct ToUtf16<'a> {
    text: &'a str,
    byte: usize,
    unit: usize,
}

impl<'a> ToUtf16<'a> {
    /// A converter for `text`.
    pub fn new(text: &'a str) -> Self {
        ToUtf16 {
            text,
            byte: 0,
            unit: 0,
        }
    }

    /// The UTF-16 offset of byte offset `b` (clamped to the text, moved back to a char
    /// boundary). Cheapest when called with increasing offsets.
    pub fn at(&mut self, b: usize) -> usize {
        let mut b = b.min(self.text.len());
        while !self.text.is_char_boundary(b) {
            b -= 1;
        }
        if b < self.byte {
            self.byte = 0;
            self.unit = 0;
        }
        self.unit += self.text[self.byte..b]
            .chars()
            .map(char::len_utf16)
            .sum::<usize>();
        self.byte = b;
        self.unit
    }
}

/// Converts many byte offsets at once (any order), in one pass over the text.
pub fn many_to_utf16(text: &str, offsets: &[usize]) -> std::collections::HashMap<usize, usize> {
    let mut sorted: Vec<usize> = offsets.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut c = ToUtf16::new(text);
    sorted.into_iter().map(|b| (b, c.at(b))).collect()
}

/// The byte offset of UTF-16 offset `u` in `text`: inside a surrogate pair it rounds down to
/// the character's start; past the end it is the end.
pub fn utf16_to_byte(text: &str, u: usize) -> usize {
    let mut units = 0;
    for (b, ch) in text.char_indices() {
        if units >= u {
            return b;
        }
        units += ch.len_utf16();
        if units > u {
            return b;
        }
    }
    text.len()
}

/// Converts every anchor of `list` from byte offsets of `text` to UTF-16 offsets.
pub fn corrections_to_utf16(text: &str, list: &mut [newsmark::Correction]) {
    let u = many_to_utf16(text, &newsmark::corrections::anchor_offsets(list));
    for c in list.iter_mut() {
        for a in c.anchors_mut() {
            a.start = u[&a.start];
            a.end = u[&a.end];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_and_accents() {
        let t = "a😀é b";
        let mut c = ToUtf16::new(t);
        assert_eq!(c.at(1), 1);
        assert_eq!(c.at(5), 3);
        assert_eq!(c.at(7), 4);
        assert_eq!(c.at(t.len()), 6);
        assert_eq!(utf16_to_byte(t, 3), 5);
        assert_eq!(utf16_to_byte(t, 2), 1);
        assert_eq!(utf16_to_byte(t, 99), t.len());
    }
}
