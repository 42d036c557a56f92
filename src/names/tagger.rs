//! The names tagger: a linear model over hashed features ([`super::features`]) with Viterbi
//! decoding over BIO tags for PER, ORG, LOC and MISC (LOC and MISC are helper classes: the
//! detector does not show them, but learning them keeps places and works out of PER and ORG).
//!
//! The model is an averaged structured perceptron trained by `cargo xtask train-names`
//! (see `data/README.md`). Its file, `data/names.model`, is a UTF-8 header followed by the
//! weights:
//!
//! ```text
//! # free-text comment lines: the command, the data files, the licence
//! newsmark-names 2
//! bits 22                      feature ids keep their top `bits` bits (the row)
//! codes ans                    (optional) the codes are entropy coded ([`super::codes`])
//! stage                        then, for each stage (one or two):
//! scale 0.0123                   weight = code * scale
//! trans <90 numbers>             start row, then one row per previous tag, 9 numbers each
//! rows 81234                     number of stored rows
//! shared 31053                   (second stage only, optional) rows that are also the
//!                                previous stage's rows
//! data
//! per stage: <its sorted row numbers><9 planes of i8 codes, one per tag>
//!            (with `codes ans`: <block length, LEB128><the planes as one coded block>)
//! ```
//!
//! A stage's row numbers are LEB128 gaps between sorted row numbers (the first one from zero).
//! A stage with a `shared` line has instead a bitmap over the previous stage's rows (one bit
//! per row, in order, least significant bit first; `shared` bits set) followed by its other
//! rows as gaps; its codes follow the merged, sorted rows. The two stages of a model share
//! most rows, so the bitmap saves about 27 KB of the gzipped file. The trainer writes the codes
//! entropy coded (about 58 KB less under gzip); [`recode`] turns a file from one form into
//! the other (`cargo xtask pack-names [--plain]`), and the loader reads either.

use super::features::{allowed, DocFeatures, Extractor, N_TAGS};
use crate::lexicon::Lexicon;
use crate::segment::Doc;

/// Errors from loading a names model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The header is not UTF-8 or lacks a line.
    #[error("the names model has a bad header: {0}")]
    BadHeader(String),
    /// The weights are cut short or have bytes left over.
    #[error("the names model's weights are truncated or malformed")]
    BadData,
}

/// Transition weights: row 0 is the start of a sentence, row `1 + p` follows tag `p`.
pub type Transitions = [[f32; N_TAGS]; N_TAGS + 1];

const EMPTY: u32 = u32::MAX;

/// At most two stages ([`Extractor::stack`]).
const MAX_STAGES: usize = 2;

/// The weights of every stage in one open-addressing table, from row number to eight-bit
/// codes (stage 1's tags, then stage 2's). The stages share most rows, and the second stage
/// reads all of the first one's features again: one lookup per feature serves both, so the
/// second stage only looks up its extra features ([`Tagger::tag`]). Keys sit apart from the
/// codes, as most features looked up are not in the model and only read a key.
///
/// A code is stored plus 128 (0 to 255), so that a row's 18 codes sum as two or four at a time
/// in the 16-bit lanes of a 64-bit integer ([`Weights::add`]): wasm has no vector
/// instructions the page can rely on, and this needs 8 additions a row instead of 18 (about
/// 10% faster in V8 on brown_press).
#[derive(Clone, Debug)]
struct Weights {
    keys: Vec<u32>,
    codes: Vec<[u8; MAX_STAGES * N_TAGS]>,
    shift: u32,
}

/// The even bytes of a 64-bit integer, each in a 16-bit lane.
const EVEN_BYTES: u64 = 0x00FF_00FF_00FF_00FF;

impl Weights {
    /// `stages`: each stage's sorted row numbers and its codes, one plane per tag.
    fn new(stages: &[(Vec<u32>, Vec<u8>)]) -> Self {
        let mut all: Vec<u32> = stages.iter().flat_map(|(k, _)| k.iter().copied()).collect();
        all.sort_unstable();
        all.dedup();
        let cap = (all.len() * 2).next_power_of_two().max(2);
        let shift = 32 - cap.trailing_zeros();
        let mut w = Weights {
            keys: vec![EMPTY; cap],
            codes: vec![[128; MAX_STAGES * N_TAGS]; cap],
            shift,
        };
        for &k in &all {
            let mut slot = slot_of(k, shift);
            while w.keys[slot] != EMPTY {
                slot = (slot + 1) & (cap - 1);
            }
            w.keys[slot] = k;
        }
        for (st, (keys, codes)) in stages.iter().enumerate() {
            let rows = keys.len();
            for (r, &k) in keys.iter().enumerate() {
                let slot = w.slot(k).expect("every key was inserted");
                for t in 0..N_TAGS {
                    w.codes[slot][st * N_TAGS + t] = codes[t * rows + r] ^ 0x80;
                }
            }
        }
        w
    }

    /// The slot of row `k`, if the model has it.
    #[inline]
    fn slot(&self, k: u32) -> Option<usize> {
        let mask = self.keys.len() - 1;
        let mut slot = slot_of(k, self.shift);
        loop {
            match self.keys[slot] {
                key if key == k => return Some(slot),
                EMPTY => return None,
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// Adds the codes of the features `ids` for the stages `FROM..TO` to `out[FROM..TO]`.
    #[inline]
    fn add<const FROM: usize, const TO: usize>(
        &self,
        bits: u32,
        ids: &[u32],
        out: &mut [[i32; N_TAGS]; MAX_STAGES],
    ) {
        // At most 256 rows a round, so that no 16-bit lane (255 at most a row) overflows.
        for round in ids.chunks(256) {
            // Codes 0..16 of a row, as two 64-bit words: their even and odd bytes summed in
            // 16-bit lanes; codes 16 and 17 on their own.
            let (mut even, mut odd) = ([0u64; 2], [0u64; 2]);
            let (mut c16, mut c17) = (0u32, 0u32);
            let mut hits = 0i32;
            for &id in round {
                if let Some(slot) = self.slot(id >> (32 - bits)) {
                    let w = &self.codes[slot];
                    for h in 0..2 {
                        let x = u64::from_le_bytes(w[8 * h..8 * h + 8].try_into().unwrap());
                        even[h] += x & EVEN_BYTES;
                        odd[h] += (x >> 8) & EVEN_BYTES;
                    }
                    c16 += w[16] as u32;
                    c17 += w[17] as u32;
                    hits += 1;
                }
            }
            let bias = 128 * hits;
            let lane = |v: u64, k: usize| ((v >> (16 * k)) & 0xFFFF) as i32;
            let code = |j: usize| -> i32 {
                match j {
                    16 => c16 as i32,
                    17 => c17 as i32,
                    _ if j % 2 == 0 => lane(even[j / 8], (j % 8) / 2),
                    _ => lane(odd[j / 8], (j % 8) / 2),
                }
            };
            for st in FROM..TO {
                for t in 0..N_TAGS {
                    out[st][t] += code(st * N_TAGS + t) - bias;
                }
            }
        }
    }
}

/// One stage's own settings: weight = code * scale, and its transitions.
#[derive(Clone, Debug)]
struct Stage {
    scale: f32,
    trans: Transitions,
    rows: usize,
}

/// Decodes each sentence of `doc` over the token scores `scores`.
fn decode(doc: &Doc, trans: &Transitions, scores: &[[f32; N_TAGS]], tags: &mut Vec<u8>) {
    tags.clear();
    tags.resize(doc.tokens.len(), 0);
    let mut path = Vec::new();
    for s in &doc.sentences {
        viterbi(&scores[s.tokens.clone()], trans, &mut path);
        tags[s.tokens.clone()].copy_from_slice(&path);
    }
}

/// A loaded names model: one or two stages (the second reads the first one's tags over the
/// whole document, see [`Extractor::stack`]).
#[derive(Clone, Debug)]
pub struct Tagger {
    bits: u32,
    stages: Vec<Stage>,
    weights: Weights,
    header: String,
    extractor: Extractor,
}

impl Default for Tagger {
    fn default() -> Self {
        Self::empty()
    }
}

/// The tagger's output for a document.
#[derive(Clone, Debug, Default)]
pub struct Tagged {
    /// One tag index per token of the document (see [`super::features::TAG_NAMES`]).
    pub tags: Vec<u8>,
    /// Each token's score for each tag, before transitions.
    pub scores: Vec<[f32; N_TAGS]>,
}

/// One stage of a model being written: transitions and rows `(row number, weight per tag)`.
pub struct StageWeights<'a> {
    /// Transition weights.
    pub trans: &'a Transitions,
    /// Rows of feature weights.
    pub rows: &'a [(u32, [f32; N_TAGS])],
}

impl Tagger {
    /// A model without weights: it tags nothing.
    pub fn empty() -> Self {
        Tagger {
            bits: 22,
            stages: vec![],
            weights: Weights::new(&[]),
            header: String::new(),
            extractor: Extractor::new(),
        }
    }

    /// Loads a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let file = parse(bytes)?;
        let mut tables = Vec::with_capacity(file.stages.len());
        let mut planes = Vec::with_capacity(file.stages.len());
        for st in file.stages {
            tables.push(st.stage);
            planes.push((st.keys, st.codes));
        }
        Ok(Tagger {
            bits: file.bits,
            stages: tables,
            weights: Weights::new(&planes),
            header: file.header.to_string(),
            extractor: Extractor::new(),
        })
    }

    /// The model file's header (command, data files, licence).
    pub fn header(&self) -> &str {
        &self.header
    }

    /// Number of weight rows, over all stages.
    pub fn rows(&self) -> usize {
        self.stages.iter().map(|s| s.rows).sum()
    }

    /// The feature extractor.
    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    /// Tags a segmented document.
    pub fn tag(&self, text: &str, doc: &Doc, lx: &Lexicon) -> Tagged {
        let mut feats = DocFeatures::default();
        self.extractor.extract(text, doc, lx, &mut feats);
        let n = doc.tokens.len();
        let mut out = Tagged::default();
        let Some(first) = self.stages.first() else {
            out.tags = vec![0; n];
            out.scores = vec![[0.0; N_TAGS]; n];
            return out;
        };
        // Stage 1 scores every token; the same lookups give the second stage's codes for the
        // same features (its score is a sum over these and its extra, stacked features).
        let mut second_codes = Vec::with_capacity(if self.stages.len() > 1 { n } else { 0 });
        out.scores.reserve(n);
        for t in 0..n {
            let mut c = [[0i32; N_TAGS]; MAX_STAGES];
            if self.stages.len() > 1 {
                self.weights.add::<0, 2>(self.bits, feats.of(t), &mut c);
                second_codes.push(c[1]);
            } else {
                self.weights.add::<0, 1>(self.bits, feats.of(t), &mut c);
            }
            out.scores.push(c[0].map(|x| x as f32 * first.scale));
        }
        decode(doc, &first.trans, &out.scores, &mut out.tags);
        if let Some(second) = self.stages.get(1) {
            let mut extras = DocFeatures::default();
            self.extractor.stack(
                text,
                doc,
                &feats,
                &out.tags,
                &mut extras,
                super::features::Stacked::ExtrasOnly,
            );
            for (t, codes) in second_codes.into_iter().enumerate() {
                let mut c = [[0i32; N_TAGS]; MAX_STAGES];
                c[1] = codes;
                self.weights.add::<1, 2>(self.bits, extras.of(t), &mut c);
                out.scores[t] = c[1].map(|x| x as f32 * second.scale);
            }
            decode(doc, &second.trans, &out.scores, &mut out.tags);
        }
        out
    }
}

/// A model file as read: the header, and each stage's weights with the bytes that store its
/// row numbers (which [`recode`] copies as they are).
struct ModelFile<'a> {
    header: &'a str,
    bits: u32,
    /// Whether the codes are entropy coded (`codes ans`).
    coded: bool,
    stages: Vec<StoredStage<'a>>,
}

/// One stage of a [`ModelFile`].
struct StoredStage<'a> {
    stage: Stage,
    /// Its sorted row numbers.
    keys: Vec<u32>,
    /// The bytes that store them (a bitmap over the previous stage's, then gaps).
    stored_keys: &'a [u8],
    /// Its codes, one plane per tag, as the plain file stores them.
    codes: Vec<u8>,
}

/// Reads and checks a model file (the format is at the top of this module).
fn parse(bytes: &[u8]) -> Result<ModelFile<'_>, ModelError> {
    let marker = b"\ndata\n";
    let end = bytes
        .windows(marker.len())
        .position(|w| w == marker)
        .ok_or_else(|| ModelError::BadHeader("no `data` line".into()))?;
    let header = std::str::from_utf8(&bytes[..end])
        .map_err(|_| ModelError::BadHeader("not UTF-8".into()))?;
    let mut data = &bytes[end + marker.len()..];
    let bad = |what: &str| ModelError::BadHeader(format!("bad `{what}` line"));
    let (mut version, mut bits, mut coded) = (false, None, false);
    // Per stage: scale, transitions, rows, rows shared with the previous stage.
    let mut stages: Vec<Stored> = vec![];
    for line in header.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (k, v) = line.split_once(' ').unwrap_or((line, ""));
        let v = v.trim();
        match k {
            "newsmark-names" => version = v == "2",
            // The planes of every stage are entropy coded ([`super::codes`]).
            "codes" => {
                if v != "ans" {
                    return Err(bad("codes"));
                }
                coded = true;
            }
            "bits" => {
                bits = Some(
                    v.parse::<u32>()
                        .ok()
                        .filter(|b| (8..=30).contains(b))
                        .ok_or_else(|| bad("bits"))?,
                )
            }
            "stage" => stages.push(Stored::default()),
            "scale" | "trans" | "rows" | "shared" => {
                let st = stages.last_mut().ok_or_else(|| bad(k))?;
                match k {
                    "scale" => {
                        st.scale = Some(
                            v.parse::<f32>()
                                .ok()
                                .filter(|s| s.is_finite())
                                .ok_or_else(|| bad("scale"))?,
                        )
                    }
                    "rows" | "shared" => {
                        let n = v
                            .parse::<usize>()
                            .ok()
                            .filter(|&r| r <= 1 << 24)
                            .ok_or_else(|| bad(k))?;
                        if k == "rows" {
                            st.rows = Some(n);
                        } else {
                            st.shared = Some(n);
                        }
                    }
                    _ => {
                        let nums: Vec<f32> = v
                            .split_whitespace()
                            .map(str::parse)
                            .collect::<Result<_, _>>()
                            .map_err(|_| bad("trans"))?;
                        if nums.len() != N_TAGS * (N_TAGS + 1)
                            || nums.iter().any(|x| !x.is_finite())
                        {
                            return Err(bad("trans"));
                        }
                        let mut t = [[0.0; N_TAGS]; N_TAGS + 1];
                        for (i, x) in nums.into_iter().enumerate() {
                            t[i / N_TAGS][i % N_TAGS] = x;
                        }
                        st.trans = Some(t);
                    }
                }
            }
            _ => {}
        }
    }
    if !version {
        return Err(ModelError::BadHeader(
            "not a `newsmark-names 2` model".into(),
        ));
    }
    let bits = bits.ok_or_else(|| ModelError::BadHeader("no `bits` line".into()))?;
    if stages.len() > MAX_STAGES {
        return Err(bad("stage"));
    }
    let mut out: Vec<StoredStage> = Vec::with_capacity(stages.len());
    for st in stages {
        let stored_from = data;
        let (Some(scale), Some(trans), Some(rows)) = (st.scale, st.trans, st.rows) else {
            return Err(ModelError::BadHeader(
                "a stage lacks its `scale`, `trans` or `rows` line".into(),
            ));
        };
        let shared = st.shared.unwrap_or(0);
        let mut keys = Vec::with_capacity(rows);
        if st.shared.is_some() {
            let prev: &Vec<u32> = match out.last() {
                Some(p) => &p.keys,
                None => return Err(bad("shared")),
            };
            if shared > rows || shared > prev.len() {
                return Err(bad("shared"));
            }
            let len = prev.len().div_ceil(8);
            if data.len() < len {
                return Err(ModelError::BadData);
            }
            let (map, rest) = data.split_at(len);
            data = rest;
            keys.extend(
                prev.iter()
                    .enumerate()
                    .filter(|(i, _)| map[i / 8] >> (i % 8) & 1 == 1)
                    .map(|(_, &k)| k),
            );
            // Exactly `shared` bits, none past the previous stage's rows.
            let set: u32 = map.iter().map(|b| b.count_ones()).sum();
            if keys.len() != shared || set as usize != shared {
                return Err(ModelError::BadData);
            }
        }
        let mut own = read_keys(&mut data, rows - shared, bits)?;
        if shared > 0 {
            own.extend_from_slice(&keys);
            own.sort_unstable();
            if own.windows(2).any(|w| w[0] == w[1]) {
                return Err(ModelError::BadData);
            }
        }
        let keys = own;
        let stored_keys = &stored_from[..stored_from.len() - data.len()];
        let codes = if coded {
            let len = read_leb128(&mut data)
                .and_then(|l| usize::try_from(l).ok())
                .filter(|&l| l <= data.len())
                .ok_or(ModelError::BadData)?;
            let (block, rest) = data.split_at(len);
            data = rest;
            super::codes::decode(block, rows).ok_or(ModelError::BadData)?
        } else {
            if data.len() < rows * N_TAGS {
                return Err(ModelError::BadData);
            }
            let (codes, rest) = data.split_at(rows * N_TAGS);
            data = rest;
            codes.to_vec()
        };
        out.push(StoredStage {
            stage: Stage { scale, trans, rows },
            keys,
            stored_keys,
            codes,
        });
    }
    if !data.is_empty() {
        return Err(ModelError::BadData);
    }
    Ok(ModelFile {
        header,
        bits,
        coded,
        stages: out,
    })
}

#[inline]
fn slot_of(k: u32, shift: u32) -> usize {
    (k.wrapping_mul(0x9E37_79B1) >> shift) as usize
}

pub(super) fn read_leb128(data: &mut &[u8]) -> Option<u64> {
    let mut v: u64 = 0;
    for i in 0..10 {
        let (&b, rest) = data.split_first()?;
        *data = rest;
        v |= ((b & 0x7f) as u64) << (7 * i);
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// A stage's header lines as read.
#[derive(Default)]
struct Stored {
    scale: Option<f32>,
    trans: Option<Transitions>,
    rows: Option<usize>,
    shared: Option<usize>,
}

/// Reads `n` sorted row numbers below `1 << bits`, stored as LEB128 gaps.
fn read_keys(data: &mut &[u8], n: usize, bits: u32) -> Result<Vec<u32>, ModelError> {
    let mut keys = Vec::with_capacity(n);
    let mut key: u64 = 0;
    for i in 0..n {
        let gap = read_leb128(data).ok_or(ModelError::BadData)?;
        key = key.checked_add(gap).ok_or(ModelError::BadData)?;
        if key >= 1 << bits || (i > 0 && gap == 0) {
            return Err(ModelError::BadData);
        }
        keys.push(key as u32);
    }
    Ok(keys)
}

/// Writes sorted row numbers as LEB128 gaps.
fn write_keys(out: &mut Vec<u8>, keys: impl Iterator<Item = u32>) {
    let mut prev = 0u64;
    for k in keys {
        write_leb128(out, k as u64 - prev);
        prev = k as u64;
    }
}

pub(super) fn write_leb128(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// The best tag sequence for one sentence: `unary[i][t]` is token `i`'s score for tag `t`;
/// an I tag only continues a name of its class.
pub fn viterbi(unary: &[[f32; N_TAGS]], trans: &Transitions, out: &mut Vec<u8>) {
    out.clear();
    let n = unary.len();
    if n == 0 {
        return;
    }
    let mut back: Vec<[u8; N_TAGS]> = vec![[0; N_TAGS]; n];
    // The transitions with the moves a BIO sequence may not make at minus infinity, so that
    // the inner loop has no branch but the comparison (a sum with minus infinity never wins,
    // as the predecessors skipped before); predecessors are still tried in order and a later
    // one only wins when strictly better, so ties break as they always did.
    let mut moves = [[f32::NEG_INFINITY; N_TAGS]; N_TAGS];
    for p in 0..N_TAGS {
        for t in 0..N_TAGS {
            if allowed(Some(p), t) {
                moves[p][t] = trans[1 + p][t];
            }
        }
    }
    let mut cur = [f32::NEG_INFINITY; N_TAGS];
    for t in 0..N_TAGS {
        if allowed(None, t) {
            cur[t] = unary[0][t] + trans[0][t];
        }
    }
    for i in 1..n {
        let mut best = [f32::NEG_INFINITY; N_TAGS];
        let mut arg = [0u8; N_TAGS];
        for p in 0..N_TAGS {
            for t in 0..N_TAGS {
                let s = cur[p] + moves[p][t];
                if s > best[t] {
                    best[t] = s;
                    arg[t] = p as u8;
                }
            }
        }
        for t in 0..N_TAGS {
            cur[t] = best[t] + unary[i][t];
        }
        back[i] = arg;
    }
    let mut best = 0;
    for t in 1..N_TAGS {
        if cur[t] > cur[best] {
            best = t;
        }
    }
    out.resize(n, 0);
    out[n - 1] = best as u8;
    for i in (1..n).rev() {
        out[i - 1] = back[i][out[i] as usize];
    }
}

/// Rewrites a model file with its codes entropy coded (`coded`: the form [`write_model`]
/// writes, `codes ans`) or stored plainly, one byte each (the form
/// `tools/requantize_names.py` reads and writes). The weights are the same bit for bit; a file
/// already in the asked form is returned as it is.
pub fn recode(bytes: &[u8], coded: bool) -> Result<Vec<u8>, ModelError> {
    let file = parse(bytes)?;
    if file.coded == coded {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for line in file.header.lines() {
        if line.trim() == "codes ans" {
            continue;
        }
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
        if coded && line.trim().starts_with("bits ") {
            out.extend_from_slice(b"codes ans\n");
        }
    }
    out.extend_from_slice(b"data\n");
    for st in &file.stages {
        out.extend_from_slice(st.stored_keys);
        if coded {
            let block = super::codes::encode(&st.codes, st.stage.rows);
            write_leb128(&mut out, block.len() as u64);
            out.extend_from_slice(&block);
        } else {
            out.extend_from_slice(&st.codes);
        }
    }
    Ok(out)
}

/// Writes a model file: `comments` (lines without the leading `# `), the feature-table width
/// and one or two stages. Each stage's weights are quantized to eight bits with one scale;
/// rows whose weights all round to zero are left out.
/// Writes a model file. Each weight is an 8-bit code, a multiple of the stage's scale, with
/// `levels` codes on each side of zero (at most 127): fewer levels make a smaller file after
/// gzip (the codes' entropy falls by about a bit each time `levels` halves) at some precision.
pub fn write_model(comments: &str, bits: u32, stages: &[StageWeights], levels: u8) -> Vec<u8> {
    let levels = levels.clamp(1, 127) as f32;
    let mut out = Vec::new();
    for line in comments.lines() {
        out.extend_from_slice(format!("# {line}\n").trim_end().as_bytes());
        out.push(b'\n');
    }
    out.extend_from_slice(format!("newsmark-names 2\nbits {bits}\ncodes ans\n").as_bytes());
    let mut data = Vec::new();
    let mut prev_keys: Option<Vec<u32>> = None;
    for st in stages {
        let max = st
            .rows
            .iter()
            .flat_map(|(_, w)| w.iter())
            .fold(0f32, |m, &x| m.max(x.abs()));
        let scale = if max > 0.0 { max / levels } else { 1.0 };
        let mut kept: Vec<(u32, [i8; N_TAGS])> = st
            .rows
            .iter()
            .map(|(k, w)| {
                (
                    *k,
                    w.map(|x| (x / scale).round().clamp(-levels, levels) as i8),
                )
            })
            .filter(|(_, q)| q.iter().any(|&x| x != 0))
            .collect();
        kept.sort_by_key(|(k, _)| *k);
        kept.dedup_by_key(|(k, _)| *k);
        out.extend_from_slice(format!("stage\nscale {scale:e}\ntrans").as_bytes());
        for row in st.trans {
            for x in row {
                out.extend_from_slice(format!(" {x:.4}").as_bytes());
            }
        }
        out.extend_from_slice(format!("\nrows {}\n", kept.len()).as_bytes());
        let keys: Vec<u32> = kept.iter().map(|(k, _)| *k).collect();
        match &prev_keys {
            None => write_keys(&mut data, keys.iter().copied()),
            Some(prev) => {
                // A bitmap over the previous stage's rows, then this stage's other rows.
                let mut map = vec![0u8; prev.len().div_ceil(8)];
                let mut shared = 0;
                for (i, k) in prev.iter().enumerate() {
                    if keys.binary_search(k).is_ok() {
                        map[i / 8] |= 1 << (i % 8);
                        shared += 1;
                    }
                }
                out.extend_from_slice(format!("shared {shared}\n").as_bytes());
                data.extend_from_slice(&map);
                let own = keys.iter().filter(|k| prev.binary_search(k).is_err());
                write_keys(&mut data, own.copied());
            }
        }
        prev_keys = Some(keys);
        let mut codes = Vec::with_capacity(kept.len() * N_TAGS);
        for t in 0..N_TAGS {
            codes.extend(kept.iter().map(|(_, w)| w[t] as u8));
        }
        let block = super::codes::encode(&codes, kept.len());
        write_leb128(&mut data, block.len() as u64);
        data.extend_from_slice(&block);
    }
    out.extend_from_slice(b"data\n");
    out.extend_from_slice(&data);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_respects_bio() {
        // Token 0 prefers I-PER, which cannot start a sentence: B-PER wins.
        let mut u = [[0.0; N_TAGS]; 2];
        u[0][2] = 5.0;
        u[0][1] = 1.0;
        u[1][2] = 3.0;
        let trans = [[0.0; N_TAGS]; N_TAGS + 1];
        let mut out = vec![];
        viterbi(&u, &trans, &mut out);
        assert_eq!(out, vec![1, 2]);
    }

    #[test]
    fn round_trip() {
        let mut trans = [[0.0; N_TAGS]; N_TAGS + 1];
        trans[0][1] = 0.5;
        let rows = vec![
            (7u32, [1.0, -2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5]),
            (3, [0.0; N_TAGS]),
            (1 << 20, [0.0, 0.0, 4.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]),
        ];
        let bytes = write_model(
            "made by a test\nlicence: none",
            22,
            &[StageWeights {
                trans: &trans,
                rows: &rows,
            }],
            127,
        );
        let m = Tagger::from_bytes(&bytes).expect("loads");
        assert_eq!(m.rows(), 2);
        assert!(m.header().contains("made by a test"));
        let mut c = [[0; N_TAGS]; MAX_STAGES];
        m.weights
            .add::<0, 1>(22, &[7 << 10, 3 << 10, (1 << 20) << 10], &mut c);
        assert_eq!(c[0][1], -64);
        assert_eq!(c[0][2], 127);
        // Sums of many rows are exact: the 16-bit lanes never overflow, whatever the count.
        let many: Vec<u32> = [7u32 << 10, (1 << 20) << 10].repeat(700);
        let mut c = [[0; N_TAGS]; MAX_STAGES];
        m.weights.add::<0, 1>(22, &many, &mut c);
        assert_eq!(
            (c[0][0], c[0][1], c[0][2]),
            (700 * 32, -700 * 64, 700 * 127)
        );
        assert!(Tagger::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Tagger::from_bytes(b"nonsense").is_err());
    }

    type Rows = Vec<(u32, [f32; N_TAGS])>;

    fn two_stages<'a>(
        trans: &'a Transitions,
        first: &'a Rows,
        second: &'a Rows,
    ) -> [StageWeights<'a>; 2] {
        [
            StageWeights { trans, rows: first },
            StageWeights {
                trans,
                rows: second,
            },
        ]
    }

    #[test]
    fn two_stages_share_one_table_and_keep_their_own_weights() {
        let trans = [[0.0; N_TAGS]; N_TAGS + 1];
        let one_hot = |t: usize, x: f32| {
            let mut w = [0.0; N_TAGS];
            w[t] = x;
            w
        };
        // Row 5 in both stages, row 9 in the first only, row 12 in the second only.
        let first = vec![(5u32, one_hot(1, 1.0)), (9, one_hot(2, -1.0))];
        let second = vec![(5u32, one_hot(3, 0.5)), (12, one_hot(4, 1.0))];
        let bytes = write_model("t", 22, &two_stages(&trans, &first, &second), 127);
        let m = Tagger::from_bytes(&bytes).expect("loads");
        assert_eq!(m.rows(), 4);
        let ids = |rows: &[u32]| rows.iter().map(|r| r << 10).collect::<Vec<u32>>();
        let mut c = [[0; N_TAGS]; MAX_STAGES];
        m.weights.add::<0, 2>(22, &ids(&[5, 9, 12, 77]), &mut c);
        let scaled = |st: usize, t: usize| c[st][t] as f32 * m.stages[st].scale;
        assert!((scaled(0, 1) - 1.0).abs() < 0.01 && (scaled(0, 2) + 1.0).abs() < 0.01);
        assert_eq!(
            (c[0][3], c[0][4]),
            (0, 0),
            "stage 1 has no weights of stage 2's rows"
        );
        assert!((scaled(1, 3) - 0.5).abs() < 0.01 && (scaled(1, 4) - 1.0).abs() < 0.01);
        assert_eq!(
            (c[1][1], c[1][2]),
            (0, 0),
            "stage 2 has no weights of stage 1's rows"
        );
        // The second stage alone adds only its own codes.
        let mut d = [[0; N_TAGS]; MAX_STAGES];
        m.weights.add::<1, 2>(22, &ids(&[5, 9]), &mut d);
        assert_eq!(d[0], [0; N_TAGS]);
        assert_eq!((d[1][3], d[1][4]), (c[1][3], 0));
    }

    #[test]
    fn a_second_stage_is_stored_against_the_first_and_a_bad_bitmap_is_refused() {
        let trans = [[0.0; N_TAGS]; N_TAGS + 1];
        let w = |x: f32| [x; N_TAGS];
        // Rows 1..=20 in the first stage; the second has 3, 7 and 20 of them and 25, 40 of its own.
        let first: Vec<(u32, [f32; N_TAGS])> = (1..=20).map(|r| (r, w(1.0))).collect();
        let second: Vec<(u32, [f32; N_TAGS])> =
            [3, 7, 20, 25, 40].iter().map(|&r| (r, w(-1.0))).collect();
        let st = two_stages(&trans, &first, &second);
        let bytes = write_model("t", 22, &st, 127);
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("rows 5\nshared 3\n"), "{text}");
        let m = Tagger::from_bytes(&bytes).expect("loads");
        let mut c = [[0; N_TAGS]; MAX_STAGES];
        let ids: Vec<u32> = [3u32, 25, 40, 41].iter().map(|r| r << 10).collect();
        m.weights.add::<1, 2>(22, &ids, &mut c);
        assert_eq!(
            c[1][0],
            -3 * 127,
            "rows 3, 25 and 40 are the second stage's"
        );
        // The bitmap: 20 rows in 3 bytes after the first stage's keys (20 one-byte gaps) and
        // its coded block (its length, then the block).
        let data = bytes.windows(6).position(|x| x == b"\ndata\n").unwrap() + 6;
        let mut at = &bytes[data + 20..];
        let block = read_leb128(&mut at).unwrap() as usize;
        let map = bytes.len() - at.len() + block;
        assert_eq!(bytes[map], 0b0100_0100, "rows 3 and 7: bits 2 and 6");
        for (at, bit) in [(map, 0b1), (map + 2, 0b1000_0000)] {
            let mut bad = bytes.clone();
            bad[at] |= bit; // one row too many, or a bit past the first stage's rows
            assert_eq!(Tagger::from_bytes(&bad).unwrap_err(), ModelError::BadData);
        }
        // A first stage cannot be stored against anything.
        let lone = String::from_utf8_lossy(&write_model("t", 22, &st[..1], 127))
            .replace("rows 20\n", "rows 20\nshared 0\n");
        assert!(Tagger::from_bytes(lone.as_bytes()).is_err());
    }

    #[test]
    fn the_shipped_model_recodes_both_ways_with_the_same_weights() {
        let coded = crate::NAMES_MODEL;
        let plain = recode(coded, false).expect("the shipped model loads");
        assert!(!String::from_utf8_lossy(&plain[..2000]).contains("codes ans"));
        assert!(
            plain.len() > coded.len() * 3 / 2,
            "{} plain, {} coded",
            plain.len(),
            coded.len()
        );
        assert_eq!(
            recode(&plain, true).unwrap(),
            coded,
            "coding is deterministic"
        );
        assert_eq!(recode(&plain, false).unwrap(), plain, "already plain");
        let (a, b) = (
            Tagger::from_bytes(coded).unwrap(),
            Tagger::from_bytes(&plain).unwrap(),
        );
        assert_eq!(a.weights.keys, b.weights.keys);
        assert!(
            a.weights.codes == b.weights.codes,
            "the same codes, row for row"
        );
        // A coded block cut short or changed is refused, never misread as weights.
        let data = coded.windows(6).position(|x| x == b"\ndata\n").unwrap() + 6;
        assert!(Tagger::from_bytes(&coded[..coded.len() - 1]).is_err());
        let mut bad = coded.to_vec();
        let last = bad.len() - 2;
        bad[last] ^= 0x5a;
        assert!(Tagger::from_bytes(&bad).is_err_and(|e| e == ModelError::BadData));
        assert!(recode(&coded[..data + 100], true).is_err());
    }

    #[test]
    fn fewer_levels_make_a_coarser_smaller_model() {
        let trans = [[0.0; N_TAGS]; N_TAGS + 1];
        let rows: Vec<(u32, [f32; N_TAGS])> = (0..500u32)
            .map(|r| {
                let mut w = [0.0; N_TAGS];
                w[(r % 9) as usize] = (r as f32 - 250.0) / 25.0;
                (r * 7, w)
            })
            .collect();
        let st = [StageWeights {
            trans: &trans,
            rows: &rows,
        }];
        let coarse = Tagger::from_bytes(&write_model("t", 22, &st, 31)).expect("loads");
        let code = |m: &Tagger, r: u32| {
            let mut c = [[0; N_TAGS]; MAX_STAGES];
            m.weights.add::<0, 1>(22, &[(r * 7) << 10], &mut c);
            c[0]
        };
        for r in 0..500u32 {
            let c = code(&coarse, r);
            assert!(c.iter().all(|x| x.abs() <= 31), "row {r}: {c:?}");
            // The weight read back is within half a step of the weight written.
            let t = (r % 9) as usize;
            let back = c[t] as f32 * coarse.stages[0].scale;
            assert!((back - rows[r as usize].1[t]).abs() <= coarse.stages[0].scale / 2.0 + 1e-4);
        }
    }
}
