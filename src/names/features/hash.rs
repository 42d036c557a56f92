//! Feature ids: a template ([`T`]) and a value hashed into 32 bits.
//!
//! The constants below are the shipped model's keys: changing any of them changes every
//! feature id, and the model in `data/names.model` would have to be trained again.

use super::N_FLAGS;

/// Feature templates: what kind of feature a value is of. The discriminants are hashed into
/// the ids, so a new template goes at the end.
#[derive(Clone, Copy)]
#[repr(u8)]
pub(super) enum T {
    Bias = 1,
    W0,
    W0Cap,
    Wm1,
    Wp1,
    Wm2,
    Wp2,
    BiM1,
    BiP1,
    Sh0,
    ShM1,
    ShP1,
    ShTri,
    Pre2,
    Pre3,
    Suf2,
    Suf3,
    Suf4,
    Initial,
    ModeSh,
    ModeW,
    Flag0,
    FlagM1,
    FlagP1,
    FlagM2,
    FlagP2,
    Common,
    Len,
    RunPos,
    RunLast,
    RunFirst,
    RunPrevW,
    RunNextW,
    RunKnown,
    RunShape,
    RunOfAfter,
    RunOfBefore,
    RunParen,
    Doc,
    DocAcro,
    Dot,
    WpCapM1,
    Poss,
    SOwn,
    SPrev,
    SNext,
    SWord,
    SMajor,
    SSurf,
    SPart,
    SAcro,
    Known,
    KnownNear,
}

/// MurmurHash3's 64-bit finaliser multipliers: every input bit reaches every output bit.
const MIX_MUL1: u64 = 0xff51_afd7_ed55_8ccd;
const MIX_MUL2: u64 = 0xc4ce_b9fe_1a85_ec53;
/// The shift of MurmurHash3's finaliser.
const MIX_SHIFT: u32 = 33;
/// FNV-1a's 64-bit offset basis and prime (the hash of word forms and shapes, and of known
/// names' keys: [`crate::lexicon::KeyHasher`]).
pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
pub(crate) const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// 2⁶⁴ / φ: spreads the small template numbers over all 64 bits before mixing.
const TEMPLATE_SPREAD: u64 = 0x9E37_79B9_7F4A_7C15;
/// PCG's multiplier, added to a pair's second value so that (a, b) and (b, a) differ.
const PAIR_SALT: u64 = 0x5851_f42d_4c95_7f2d;
/// Rotation of a pair's first value, for the same reason.
const PAIR_ROT: u32 = 23;
/// A feature id is the top half of the mixed 64-bit hash.
const ID_SHIFT: u32 = 32;

/// MurmurHash3's 64-bit finaliser.
#[inline]
fn mix(mut h: u64) -> u64 {
    h ^= h >> MIX_SHIFT;
    h = h.wrapping_mul(MIX_MUL1);
    h ^= h >> MIX_SHIFT;
    h = h.wrapping_mul(MIX_MUL2);
    h ^= h >> MIX_SHIFT;
    h
}

/// FNV-1a of `b`.
#[inline]
pub(super) fn hash_bytes(b: &[u8]) -> u64 {
    let mut h: u64 = FNV_OFFSET;
    for &x in b {
        h = (h ^ x as u64).wrapping_mul(FNV_PRIME);
    }
    h
}

/// The id of template `t` with value `v`.
#[inline]
pub(super) fn feat(t: T, v: u64) -> u32 {
    (mix(v ^ (t as u64).wrapping_mul(TEMPLATE_SPREAD)) >> ID_SHIFT) as u32
}

/// The id of template `t` with the pair of values `a`, `b`.
#[inline]
pub(super) fn feat2(t: T, a: u64, b: u64) -> u32 {
    feat(t, a.rotate_left(PAIR_ROT) ^ mix(b.wrapping_add(PAIR_SALT)))
}

/// One feature of template `t` for each word-list flag set in `flags`, with context `ctx`.
pub(super) fn push_flags(ids: &mut Vec<u32>, t: T, flags: u32, ctx: u64) {
    let mut fl = flags;
    while fl != 0 {
        let b = fl.trailing_zeros();
        fl &= fl - 1;
        debug_assert!(b < N_FLAGS);
        ids.push(feat(t, b as u64 | ctx << 8));
    }
}
