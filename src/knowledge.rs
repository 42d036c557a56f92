//! The file of known entity names (`data/knowledge.bin`, written by `cargo xtask
//! build-knowledge`): which names the shippable NER files and gazetteers know, and as what.
//!
//! Only a short hash of each name is kept, not its text: [`KEY_BITS`] bits of its
//! [`KeyHasher`](crate::lexicon::KeyHasher) key. The sorted keys are stored as gaps in a
//! Golomb-Rice code (about 13 bits a name instead of the 20-odd bytes of its text), then one
//! 4-bit [`kind`](crate::lexicon::kind) set per name. A text that is not a known name matches
//! one by chance with a probability of about names / 2^[`KEY_BITS`] (1 in 1,500 for 90,000
//! names): the tagger reads a match as a hint, weighed against everything else, so such a
//! false hint costs little.
//!
//! Layout: `newsmark-knowledge 1\ntokens T\nnames N\nrice K\ndata\n`, then the Rice-coded
//! gaps (each gap `g`: `g >> K` in unary as ones ended by a zero, then the low `K` bits, most
//! significant first; bits fill each byte from its top), padded to a byte, then the kinds, two
//! a byte (low nibble first).

use foldhash::{HashMap, HashMapExt};

/// Bits of a name's key that are kept.
pub const KEY_BITS: u32 = 27;

/// Errors from reading a knowledge file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KnowledgeError {
    /// The header is not a knowledge file's, or says something impossible.
    #[error("not a newsmark knowledge file: {0}")]
    Header(String),
    /// The data ends before every name is read.
    #[error("the knowledge file is cut short")]
    Truncated,
}

/// The short key of a full 64-bit name key.
pub fn short_key(key: u64) -> u32 {
    (key >> (64 - KEY_BITS)) as u32
}

/// Known names: short key -> kind bits, and the most tokens a name spans.
pub type Known = (HashMap<u32, u8>, usize);

/// Writes `names` (short key, kind bits; keys may repeat: their kinds are joined) as a
/// knowledge file for names of at most `max_tokens` tokens.
pub fn encode(names: &[(u32, u8)], max_tokens: usize) -> Vec<u8> {
    let mut joined: Vec<(u32, u8)> = names.to_vec();
    joined.sort_unstable();
    let mut merged: Vec<(u32, u8)> = Vec::with_capacity(joined.len());
    for (k, b) in joined {
        match merged.last_mut() {
            Some(last) if last.0 == k => last.1 |= b,
            _ => merged.push((k, b)),
        }
    }
    let n = merged.len();
    let rice = rice_parameter(n);
    let mut out =
        format!("newsmark-knowledge 1\ntokens {max_tokens}\nnames {n}\nrice {rice}\ndata\n")
            .into_bytes();
    let mut bits = BitWriter::default();
    let mut prev = 0u32;
    for &(k, _) in &merged {
        let gap = k - prev;
        prev = k;
        for _ in 0..(gap >> rice) {
            bits.push(true);
        }
        bits.push(false);
        for i in (0..rice).rev() {
            bits.push(gap >> i & 1 == 1);
        }
    }
    out.extend(bits.finish());
    for pair in merged.chunks(2) {
        let lo = pair[0].1 & 0xf;
        let hi = pair.get(1).map_or(0, |p| p.1 & 0xf);
        out.push(lo | hi << 4);
    }
    out
}

/// Reads a knowledge file.
pub fn decode(bytes: &[u8]) -> Result<Known, KnowledgeError> {
    let mut rest = bytes;
    let mut field = |name: &str| -> Result<String, KnowledgeError> {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| KnowledgeError::Header(format!("no {name} line")))?;
        let line = std::str::from_utf8(&rest[..end])
            .map_err(|_| KnowledgeError::Header("not UTF-8".into()))?
            .to_string();
        rest = &rest[end + 1..];
        match line.strip_prefix(name) {
            Some(v) => Ok(v.trim().to_string()),
            None => Err(KnowledgeError::Header(format!(
                "expected {name}, found {line:?}"
            ))),
        }
    };
    let num = |v: String, what: &str| -> Result<usize, KnowledgeError> {
        v.parse()
            .map_err(|_| KnowledgeError::Header(format!("bad {what} {v:?}")))
    };
    if field("newsmark-knowledge")? != "1" {
        return Err(KnowledgeError::Header("unknown version".into()));
    }
    let tokens = num(field("tokens")?, "tokens")?;
    let n = num(field("names")?, "names")?;
    let rice = num(field("rice")?, "rice")?;
    field("data")?;
    if rice > 31 || n > (1 << KEY_BITS) {
        return Err(KnowledgeError::Header("impossible sizes".into()));
    }
    // Each name takes at least `rice + 1` bits: a header claiming more names than the data
    // can hold is refused before anything is allocated for them.
    if n > rest.len() * 8 / (rice + 1) {
        return Err(KnowledgeError::Truncated);
    }
    let mut bits = BitReader::new(rest);
    let mut keys = Vec::with_capacity(n);
    let mut prev = 0u64;
    for _ in 0..n {
        let mut q = 0u64;
        while bits.next().ok_or(KnowledgeError::Truncated)? {
            q += 1;
            if q > 1 << KEY_BITS {
                return Err(KnowledgeError::Truncated);
            }
        }
        let mut low = 0u64;
        for _ in 0..rice {
            low = low << 1 | bits.next().ok_or(KnowledgeError::Truncated)? as u64;
        }
        prev += q << rice | low;
        if prev >= 1 << KEY_BITS {
            return Err(KnowledgeError::Header("a key out of range".into()));
        }
        keys.push(prev as u32);
    }
    let kinds = &rest[bits.bytes_read()..];
    if kinds.len() < n.div_ceil(2) {
        return Err(KnowledgeError::Truncated);
    }
    let mut map = HashMap::with_capacity(n);
    for (i, k) in keys.into_iter().enumerate() {
        let b = kinds[i / 2] >> (4 * (i % 2)) & 0xf;
        map.insert(k, b);
    }
    Ok((map, tokens))
}

/// The Rice parameter for `n` keys spread over the key space: about log2 of the mean gap.
fn rice_parameter(n: usize) -> u32 {
    let mean = (1u64 << KEY_BITS) / (n as u64).max(1);
    (63 - mean.max(1).leading_zeros()).min(30)
}

#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    used: u32,
}

impl BitWriter {
    fn push(&mut self, bit: bool) {
        if self.used % 8 == 0 {
            self.bytes.push(0);
        }
        if bit {
            let last = self.bytes.len() - 1;
            self.bytes[last] |= 0x80 >> (self.used % 8);
        }
        self.used += 1;
    }
    fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

struct BitReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> BitReader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        BitReader { bytes, pos: 0 }
    }
    fn next(&mut self) -> Option<bool> {
        let b = *self.bytes.get(self.pos / 8)?;
        let bit = b & (0x80 >> (self.pos % 8)) != 0;
        self.pos += 1;
        Some(bit)
    }
    /// Bytes started so far (the bit stream is padded to a byte).
    fn bytes_read(&self) -> usize {
        self.pos.div_ceil(8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        let mut names: Vec<(u32, u8)> = (0..5000u32)
            .map(|i| {
                (
                    short_key((i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
                    (i % 15 + 1) as u8,
                )
            })
            .collect();
        names.push((names[7].0, 8)); // a repeated key joins its kinds
        let bytes = encode(&names, 6);
        let (map, tokens) = decode(&bytes).expect("reads back");
        assert_eq!(tokens, 6);
        assert_eq!(map.len(), 5000);
        for (i, &(k, b)) in names.iter().enumerate().take(5000) {
            let want = if i == 7 { b | 8 } else { b };
            assert_eq!(map[&k], want);
        }
        // Compact: under 3 bytes a name (the fewer the names, the longer the gaps).
        assert!(bytes.len() < 5000 * 3, "{} bytes", bytes.len());
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        let bytes = encode(&[(5, 1), (900, 2), (70_000, 4)], 3);
        for cut in 0..bytes.len() {
            let _ = decode(&bytes[..cut]);
        }
        assert!(decode(b"hello").is_err());
        // A header that claims far more names than its data holds: refused at once.
        let claim = b"newsmark-knowledge 1\ntokens 8\nnames 100000000\nrice 0\ndata\n\x00\x00";
        assert_eq!(decode(claim), Err(KnowledgeError::Truncated));
        assert!(decode(&bytes[..bytes.len() - 1]).is_err());
        let mut flipped = bytes.clone();
        for i in 0..flipped.len() {
            flipped[i] ^= 0xff;
            let _ = decode(&flipped);
            flipped[i] ^= 0xff;
        }
        assert_eq!(decode(&encode(&[], 0)).map(|k| k.0.len()), Ok(0));
    }
}
