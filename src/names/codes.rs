//! Entropy coding of the names model's weight codes (`codes ans` in the model header).
//!
//! A stage's weights are nine planes of i8 codes, one plane per tag, a code per row. Stored
//! as bytes they take 8 bits a code, and gzip (how the page is served) brings them to about
//! 4.2; their order-0 entropy is about 3.6 bits, so an entropy coder saves about 60 KB of the
//! page. Each plane gets its own static distribution (the planes differ: `O` is mostly
//! small negative codes, the rare tags mostly zero), quantized to 12 bits, and the nine planes
//! of a stage are one ANS stream ([`constriction`]'s "small" preset, decoded through a lookup
//! table: a few nanoseconds a code).
//!
//! A block, per stage: a checksum of the codes (64 bits, little-endian); for each plane, its
//! smallest code (one byte, as the plain file stores
//! it), the number `n` of codes from there up (LEB128), then `n` probabilities out of 4096
//! (LEB128 each, every one at least 1, summing to 4096); then the number of 16-bit words of
//! the stream (LEB128) and the words, little-endian.

use constriction::stream::model::{
    IterableEntropyModel, SmallContiguousCategoricalEntropyModel, SmallContiguousLookupDecoderModel,
};
use constriction::stream::stack::SmallAnsCoder;
use constriction::stream::Decode;

use super::tagger::{read_leb128, write_leb128};

/// Tags a row holds codes for (one plane each).
const PLANES: usize = super::features::N_TAGS;
/// Probabilities are out of `1 << PRECISION` (the "small" preset's precision).
const PRECISION: u32 = 12;

/// Codes `codes` (`PLANES` planes of `rows` codes each, as the plain file stores them) as
/// one block.
pub fn encode(codes: &[u8], rows: usize) -> Vec<u8> {
    assert_eq!(codes.len(), rows * PLANES, "one code per row and tag");
    let mut head = checksum(codes).to_le_bytes().to_vec();
    let mut models = Vec::with_capacity(PLANES);
    for plane in codes.chunks(rows.max(1)).take(PLANES) {
        let values = || plane.iter().map(|&b| b as i8 as i32);
        let lo = values().min().unwrap_or(0);
        // At least two symbols (a distribution over one is not representable): a plane of one
        // code also gets the next one, never used.
        let hi = values().max().unwrap_or(0);
        let (lo, hi) = match (lo, hi) {
            (127, 127) => (126, 127),
            (l, h) if l == h => (l, h + 1),
            lh => lh,
        };
        let mut counts = vec![0f64; (hi - lo + 1) as usize];
        for v in values() {
            counts[(v - lo) as usize] += 1.0;
        }
        let model =
            SmallContiguousCategoricalEntropyModel::from_floating_point_probabilities_perfect(
                &counts,
            )
            .expect("2 to 256 symbols fit in 12 bits");
        head.push(lo as i8 as u8);
        write_leb128(&mut head, counts.len() as u64);
        for (_, _, p) in model.symbol_table() {
            write_leb128(&mut head, u64::from(p.get()));
        }
        models.push((lo, model));
    }
    // ANS is a stack: the last plane goes in first, so that the first comes out first.
    let mut coder = SmallAnsCoder::new();
    for (plane, (lo, model)) in codes.chunks(rows.max(1)).zip(&models).rev() {
        coder
            .encode_iid_symbols_reverse(
                plane.iter().map(|&b| (b as i8 as i32 - lo) as usize),
                model,
            )
            .expect("every code is in its plane's range");
    }
    let words = coder.into_compressed().expect("a Vec never fails to grow");
    write_leb128(&mut head, words.len() as u64);
    for w in words {
        head.extend_from_slice(&w.to_le_bytes());
    }
    head
}

/// Decodes a block written by [`encode`] back to `rows` codes a plane; `None` when the block
/// is malformed (it is then never half-read: a model either loads whole or not at all).
pub fn decode(block: &[u8], rows: usize) -> Option<Vec<u8>> {
    let (sum, mut data) = block.split_first_chunk::<8>()?;
    let sum = u64::from_le_bytes(*sum);
    let data = &mut data;
    let mut models = Vec::with_capacity(PLANES);
    for _ in 0..PLANES {
        let (&lo, rest) = data.split_first()?;
        *data = rest;
        let n = usize::try_from(read_leb128(data)?).ok()?;
        // Codes are i8, so a plane has at most 256 of them, each with a probability > 0.
        if !(2..=256).contains(&n) || lo as i8 as i32 + n as i32 - 1 > i8::MAX as i32 {
            return None;
        }
        let mut probs = Vec::with_capacity(n);
        for _ in 0..n {
            let p = read_leb128(data)?;
            if p == 0 || p >= 1 << PRECISION {
                return None;
            }
            probs.push(p as u16);
        }
        if probs.iter().map(|&p| u32::from(p)).sum::<u32>() != 1 << PRECISION {
            return None;
        }
        let model = SmallContiguousLookupDecoderModel::from_nonzero_fixed_point_probabilities(
            &probs, false,
        )
        .ok()?;
        models.push((lo as i8, model));
    }
    let words = usize::try_from(read_leb128(data)?).ok()?;
    if data.len() != words.checked_mul(2)? {
        return None;
    }
    let words: Vec<u16> = data
        .chunks_exact(2)
        .map(|w| u16::from_le_bytes([w[0], w[1]]))
        .collect();
    let mut coder = SmallAnsCoder::from_compressed(words).ok()?;
    let mut out = Vec::with_capacity(rows.checked_mul(PLANES)?);
    for (lo, model) in &models {
        for s in coder.decode_iid_symbols(rows, model) {
            out.push((*lo as i32 + s.ok()? as i32) as i8 as u8);
        }
    }
    // Every word read, no more and no less, and the codes that were written: an ANS stream
    // resynchronises after a changed word, so a damaged file could otherwise decode to other
    // weights without a sign.
    (coder.is_empty() && checksum(&out) == sum).then_some(out)
}

/// FNV-1a over the codes, eight at a time.
fn checksum(codes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut chunks = codes.chunks_exact(8);
    for c in &mut chunks {
        h = (h ^ u64::from_le_bytes(c.try_into().expect("8 bytes"))).wrapping_mul(0x100_0000_01b3);
    }
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    h ^ codes.len() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planes(rows: usize, seed: u64) -> Vec<u8> {
        // A peaked distribution like the model's: mostly small codes, a few large ones.
        let mut x = seed | 1;
        (0..rows * PLANES)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let r = (x % 1000) as i32;
                let v = match r {
                    0..=380 => 0,
                    381..=900 => (r % 9) - 4,
                    _ => (r % 255) - 127,
                };
                v as i8 as u8
            })
            .collect()
    }

    #[test]
    fn round_trips_and_is_smaller() {
        for rows in [1, 2, 7, 1000, 20_000] {
            let codes = planes(rows, rows as u64);
            let block = encode(&codes, rows);
            assert_eq!(
                decode(&block, rows).as_deref(),
                Some(&codes[..]),
                "{rows} rows"
            );
            if rows >= 1000 {
                // Within 2% of each plane's order-0 entropy, plus the tables.
                let mut bits = 0f64;
                for plane in codes.chunks(rows) {
                    let mut n = [0f64; 256];
                    plane.iter().for_each(|&b| n[b as usize] += 1.0);
                    let r = rows as f64;
                    bits += n
                        .iter()
                        .filter(|&&c| c > 0.0)
                        .map(|c| -c * (c / r).log2())
                        .sum::<f64>();
                }
                let bound = bits / 8.0 * 1.02 + 9.0 * 256.0 * 2.0 + 16.0;
                assert!(
                    (block.len() as f64) < bound,
                    "{} bytes, bound {bound}",
                    block.len()
                );
                assert!(block.len() < codes.len() * 3 / 4);
            }
        }
        // Every code the same (one symbol a plane), and the whole i8 range.
        let same = vec![3u8; 9 * 50];
        assert_eq!(decode(&encode(&same, 50), 50), Some(same));
        let all: Vec<u8> = (0..9 * 256).map(|i| (i % 256) as u8).collect();
        assert_eq!(decode(&encode(&all, 256), 256), Some(all));
    }

    #[test]
    fn malformed_blocks_are_refused_not_misread() {
        let rows = 500;
        let codes = planes(rows, 42);
        let block = encode(&codes, rows);
        // Cut anywhere: refused.
        for cut in (0..block.len()).step_by(37) {
            assert_eq!(decode(&block[..cut], rows), None, "cut at {cut}");
        }
        // A byte more: refused.
        let mut longer = block.clone();
        longer.push(0);
        assert_eq!(decode(&longer, rows), None);
        // Asked for more or fewer rows than were written: refused (the stream does not end
        // where it should, and the checksum covers the length).
        assert_eq!(decode(&block, rows + 1), None);
        assert_eq!(decode(&block, rows - 1), None);
        // Any byte changed: refused (the checksum catches what the stream does not).
        for at in (0..block.len()).step_by(11) {
            let mut bad = block.clone();
            bad[at] ^= 0x24;
            assert_eq!(decode(&bad, rows), None, "byte {at} changed");
        }
        // Arbitrary bytes never panic.
        let mut x = 7u64;
        for len in 0..300 {
            let junk: Vec<u8> = (0..len)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (x >> 56) as u8
                })
                .collect();
            let _ = decode(&junk, 10);
        }
    }
}
