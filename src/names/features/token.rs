//! The first-stage features of each token, by what they describe: the word and its shape,
//! the word-list flags of the token and its neighbours, the capitalised run it is in, and
//! what the rest of the document says about the word.

use super::doc::{DocView, Run, KB_INSIDE, KB_LAST, KB_POS_MASK, KB_POS_SHIFT, KB_WHOLE};
use super::hash::{feat, feat2, hash_bytes, push_flags, T};
use super::info::{prefix_chars, strip_poss, suffix_chars, Info};
use super::{
    DocFeatures, ACRONYM_LETTERS, C_ALLCAPS, FAR_FLAGS, FIRST_FLAGS, LAST_FLAGS, MANY, M_NORMAL,
    W_ACR_STOP, W_ORG_START,
};
use crate::lexicon::Lexicon;
use crate::segment::Doc;
use std::ops::Range;

/// Rotation of the middle shape in the shape trigram, so that `X·Y·Z` and `Z·Y·X` differ.
const TRI_ROT: u32 = 7;
/// Rotation between the words' shapes in a run's shape, for the same reason.
const RUN_SHAPE_ROT: u32 = 11;
/// Longest all-caps length told apart: longer words are headlines or shouting, not acronyms.
const ALLCAPS_LEN_CAP: u8 = 8;
/// Longest run length told apart: longer runs are all titles or headlines alike.
const RUN_LEN_CAP: usize = 5;
/// Words of a run whose shapes make up the run's shape (the rest adds little but sparsity).
const RUN_SHAPE_WORDS: usize = 5;

// A token's position in its run (`pos` in the run features).
const POS_ALONE: u64 = 0;
const POS_FIRST: u64 = 1;
const POS_MIDDLE: u64 = 2;
const POS_LAST: u64 = 3;

// Values of `RunKnown`: what the whole run spells.
const KNOWN_ORG: u64 = 1;
const KNOWN_PLACE: u64 = 2;
// Values of `RunParen`: where the parenthesis is.
const PAREN_AFTER: u64 = 1;
const PAREN_BEFORE: u64 = 2;
// Values of `DocAcro`.
/// The run's initials are an all-caps word of the document.
const ACRO_OF_RUN: u64 = 1;
/// The all-caps word is the initials of a run of the document.
const ACRO_OF_WORDS: u64 = 2;
/// The all-caps word is on the list of all-caps words that are not acronyms of names.
const ACRO_STOP: u64 = 3;

/// Appends the first-stage features of every token of the document to `out`, one token
/// after another.
pub(super) fn push_all(v: &DocView, lx: &Lexicon, out: &mut DocFeatures) {
    let pads = (hash_bytes(b"<s>"), hash_bytes(b"</s>"));
    for (si, s) in v.doc.sentences.iter().enumerate() {
        for i in s.tokens.clone() {
            out.offsets.push(out.ids.len() as u32);
            let tok = Tok {
                v,
                i,
                f: &v.infos[i],
                sent: s.tokens.clone(),
                m: v.mode[si] as u64,
                cap: v.infos[i].cap as u64,
                init: v.initial_pos[i] as u64,
                pads,
            };
            tok.push(lx, &mut out.ids);
        }
    }
}

/// One token in its sentence, with what most of its features are conditioned on.
struct Tok<'v, 'a> {
    v: &'v DocView<'a>,
    /// The token.
    i: usize,
    f: &'v Info,
    /// The sentence's tokens.
    sent: Range<usize>,
    /// The sentence's mode.
    m: u64,
    /// The token's capitalisation class.
    cap: u64,
    /// 1 if the token opens its sentence or a clause.
    init: u64,
    /// What stands for the words before and after the sentence.
    pads: (u64, u64),
}

impl Tok<'_, '_> {
    /// All of the token's features, in the order the model was trained with.
    fn push(&self, lx: &Lexicon, ids: &mut Vec<u32>) {
        self.word_and_shape(ids);
        self.neighbour_flags(ids);
        if let Some((ri, r)) = self.v.run(self.i) {
            let pos = self.run_pos(r);
            self.run_shape_and_edges(r, pos, ids);
            self.run_surroundings(r, pos, ids);
            self.run_as_a_whole(lx, ri, r, pos, ids);
        }
        self.acronym(ids);
        self.elsewhere_in_doc(ids);
        self.known_name(ids);
    }

    /// The known entity name the token is part of (its kinds and its position in it), with
    /// the token's capitalisation and the sentence's mode; and the kinds of the names its
    /// neighbours are part of when they are not the same name.
    fn known_name(&self, ids: &mut Vec<u32>) {
        let k = self.v.known[self.i];
        if k != 0 {
            let whole = k & KB_WHOLE != 0;
            let k = (k & !KB_WHOLE) as u64 | (whole as u64) << 8;
            ids.push(feat(T::Known, k));
            ids.push(feat2(T::Known, k, self.cap | self.m << 4));
        }
        for d in [-1isize, 1] {
            let j = self.i as isize + d;
            if j < self.sent.start as isize || j >= self.sent.end as isize {
                continue;
            }
            let kj = self.v.known[j as usize];
            let same = k != 0 && kj != 0 && {
                let (a, b) = (
                    k >> KB_POS_SHIFT & KB_POS_MASK,
                    kj >> KB_POS_SHIFT & KB_POS_MASK,
                );
                if d < 0 {
                    a == KB_INSIDE || a == KB_LAST
                } else {
                    b == KB_INSIDE || b == KB_LAST
                }
            };
            if kj != 0 && !same {
                ids.push(feat(
                    T::KnownNear,
                    (kj & 0xf) as u64 | ((d + 1) as u64) << 4,
                ));
            }
        }
    }

    fn doc(&self) -> &Doc {
        self.v.doc
    }

    /// The token `k` places away in the sentence.
    fn at(&self, k: isize) -> Option<&Info> {
        let j = self.i as isize + k;
        (j >= 0 && self.sent.contains(&(j as usize))).then(|| &self.v.infos[j as usize])
    }

    /// The pad standing for a token `k` places away outside the sentence.
    fn pad(&self, k: isize) -> u64 {
        if k < 0 {
            self.pads.0
        } else {
            self.pads.1
        }
    }

    /// The lower-cased form of the token `k` places away (or a pad).
    fn lw_at(&self, k: isize) -> u64 {
        self.at(k).map_or(self.pad(k), |x| x.lw)
    }

    /// The shape of the token `k` places away (or a pad).
    fn sh_at(&self, k: isize) -> u64 {
        self.at(k).map_or(self.pad(k), |x| x.shape)
    }

    /// The word, its neighbours' words and the shapes, affixes, how common the word is,
    /// possessive, position, sentence mode.
    fn word_and_shape(&self, ids: &mut Vec<u32>) {
        let (f, cap, init, m) = (self.f, self.cap, self.init, self.m);
        ids.push(feat(T::Bias, 0));
        ids.push(feat(T::W0, f.lw));
        ids.push(feat2(T::W0Cap, f.lw, cap | init << 4 | m << 8));
        ids.push(feat(T::Wm1, self.lw_at(-1)));
        ids.push(feat(T::Wp1, self.lw_at(1)));
        ids.push(feat(T::Wm2, self.lw_at(-2)));
        ids.push(feat(T::Wp2, self.lw_at(2)));
        ids.push(feat2(T::BiM1, self.lw_at(-1), f.lw));
        ids.push(feat2(T::BiP1, f.lw, self.lw_at(1)));
        ids.push(feat(T::Sh0, f.shape));
        ids.push(feat(T::ShM1, self.sh_at(-1)));
        ids.push(feat(T::ShP1, self.sh_at(1)));
        ids.push(feat2(
            T::ShTri,
            self.sh_at(-1),
            f.shape.rotate_left(TRI_ROT) ^ self.sh_at(1),
        ));
        ids.push(feat2(T::WpCapM1, self.lw_at(-1), cap));
        if f.word {
            self.affixes_and_frequency(ids);
        }
        if f.poss {
            ids.push(feat(T::Poss, cap));
        }
        ids.push(feat(T::Initial, init | cap << 4 | m << 8));
        ids.push(feat(T::ModeSh, f.shape ^ m << 56));
        if m != M_NORMAL as u64 {
            ids.push(feat2(T::ModeW, f.lw, m));
        }
    }

    /// A word's prefixes and suffixes (of a word longer than them), how common it is in
    /// lower case, and the length of an all-caps word.
    fn affixes_and_frequency(&self, ids: &mut Vec<u32>) {
        let (f, cap, init, m) = (self.f, self.cap, self.init, self.m);
        let low = &self.v.lows[f.low.0 as usize..f.low.1 as usize];
        let nch = low.chars().count();
        let pre = |n| hash_bytes(prefix_chars(low, n).as_bytes());
        let suf = |n| hash_bytes(suffix_chars(low, n).as_bytes());
        if nch > 2 {
            ids.push(feat(T::Pre2, pre(2)));
            ids.push(feat(T::Suf2, suf(2)));
        }
        if nch > 3 {
            ids.push(feat(T::Pre3, pre(3)));
            ids.push(feat(T::Suf3, suf(3)));
        }
        if nch > 4 {
            ids.push(feat(T::Suf4, suf(4)));
        }
        ids.push(feat(
            T::Common,
            f.common as u64 | cap << 4 | init << 8 | m << 12,
        ));
        if f.cap == C_ALLCAPS {
            ids.push(feat(T::Len, f.letters.min(ALLCAPS_LEN_CAP) as u64 | m << 8));
        }
    }

    /// Word-list flags of the token and its neighbours (only the telling ones two tokens
    /// away), and a dot right after the token (`Inc.`, `J.`).
    fn neighbour_flags(&self, ids: &mut Vec<u32>) {
        let (f, cap) = (self.f, self.cap);
        push_flags(ids, T::Flag0, f.flags, cap | self.m << 4 | self.init << 8);
        if let Some(x) = self.at(-1) {
            push_flags(ids, T::FlagM1, x.flags, x.cap as u64 | cap << 4);
        }
        if let Some(x) = self.at(1) {
            push_flags(ids, T::FlagP1, x.flags, x.cap as u64 | cap << 4);
        }
        if let Some(x) = self.at(-2) {
            push_flags(ids, T::FlagM2, x.flags & FAR_FLAGS, x.cap as u64);
        }
        if let Some(x) = self.at(2) {
            push_flags(ids, T::FlagP2, x.flags & FAR_FLAGS, x.cap as u64);
        }
        let next = self.i + 1;
        if next < self.sent.end
            && self.doc().tokens[next].first == '.'
            && !self.doc().tokens[next].space_before
        {
            ids.push(feat(T::Dot, cap | (f.initial as u64) << 4));
        }
    }

    /// The token's position in run `r`.
    fn run_pos(&self, r: Run) -> u64 {
        if r.len() == 1 {
            POS_ALONE
        } else if self.i == r.start {
            POS_FIRST
        } else if self.i + 1 == r.end {
            POS_LAST
        } else {
            POS_MIDDLE
        }
    }

    /// The run's length and the token's position in it, the flags of its first and last
    /// words, and the words right before and after it.
    fn run_shape_and_edges(&self, r: Run, pos: u64, ids: &mut Vec<u32>) {
        let infos = &self.v.infos;
        let len = r.len().min(RUN_LEN_CAP) as u64;
        ids.push(feat(
            T::RunPos,
            len | pos << 4 | self.m << 8 | self.init << 12,
        ));
        let last = r.last_word(self.doc());
        push_flags(
            ids,
            T::RunLast,
            infos[last].flags & LAST_FLAGS,
            pos | (infos[last].cap as u64) << 4,
        );
        push_flags(
            ids,
            T::RunFirst,
            infos[r.start].flags & FIRST_FLAGS,
            pos | (infos[r.start].cap as u64) << 4,
        );
        let prev = if r.start > self.sent.start {
            infos[r.start - 1].lw
        } else {
            self.pads.0
        };
        ids.push(feat2(T::RunPrevW, prev, pos));
        let next = if r.end < self.sent.end {
            infos[r.end].lw
        } else {
            self.pads.1
        };
        ids.push(feat2(T::RunNextW, next, pos));
    }

    /// A connector and a capitalised word after or before the run (`of` + `Europe`,
    /// `Bank` + `of`), and a parenthesis after or before it.
    fn run_surroundings(&self, r: Run, pos: u64, ids: &mut Vec<u32>) {
        let (v, infos, doc) = (self.v, &self.v.infos, self.doc());
        let (a, b) = (self.sent.start, self.sent.end);
        let org_start = |t: usize| (infos[t].flags & W_ORG_START != 0) as u64;
        if r.end + 1 < b && is_connector(v.text, doc, r.end) && infos[r.end + 1].is_name_word() {
            ids.push(feat2(
                T::RunOfAfter,
                infos[r.end].lw,
                pos | org_start(r.start) << 4,
            ));
        }
        if r.start >= a + 2
            && is_connector(v.text, doc, r.start - 1)
            && infos[r.start - 2].is_name_word()
        {
            let before = v.run(r.start - 2).map_or(0, |(_, q)| org_start(q.start));
            ids.push(feat2(
                T::RunOfBefore,
                infos[r.start - 1].lw,
                pos | before << 4,
            ));
        }
        if r.end + 1 < b && doc.tokens[r.end].first == '(' {
            ids.push(feat(T::RunParen, pos | PAREN_AFTER << 4));
        }
        if r.start > a && doc.tokens[r.start - 1].first == '(' {
            ids.push(feat(T::RunParen, pos | PAREN_BEFORE << 4));
        }
    }

    /// What the whole run (index `ri`) is: a known organization or place, its shape, and
    /// whether its initials are an acronym of the document.
    fn run_as_a_whole(&self, lx: &Lexicon, ri: usize, r: Run, pos: u64, ids: &mut Vec<u32>) {
        let (v, doc) = (self.v, self.doc());
        let span = &v.text[doc.tokens[r.start].span.start..doc.tokens[r.end - 1].span.end];
        let span = strip_poss(span.trim_end_matches('.'));
        if r.len() >= 2 {
            if lx.is_known_org(span) {
                ids.push(feat(T::RunKnown, KNOWN_ORG | pos << 4));
            }
            if lx.is_place(span) {
                ids.push(feat(T::RunKnown, KNOWN_PLACE | pos << 4));
            }
        }
        let mut shape = 0u64;
        for t in r.start..r.end.min(r.start + RUN_SHAPE_WORDS) {
            shape = shape.rotate_left(RUN_SHAPE_ROT) ^ v.infos[t].shape;
        }
        ids.push(feat2(T::RunShape, shape, pos));
        let initials = v.run_initials[ri];
        if initials != 0 && v.acronyms.contains(&initials) {
            ids.push(feat(T::DocAcro, ACRO_OF_RUN | pos << 4));
        }
    }

    /// An all-caps word that is the initials of a run elsewhere, or that is not an acronym.
    fn acronym(&self, ids: &mut Vec<u32>) {
        let f = self.f;
        if f.cap != C_ALLCAPS {
            return;
        }
        if ACRONYM_LETTERS.contains(&f.letters) {
            let w = strip_poss(self.doc().tok(self.v.text, self.i));
            if self.v.initials_of_runs.contains(&hash_bytes(w.as_bytes())) {
                ids.push(feat(T::DocAcro, ACRO_OF_WORDS));
            }
        }
        if f.flags & W_ACR_STOP != 0 {
            ids.push(feat(T::DocAcro, ACRO_STOP));
        }
    }

    /// What the rest of the document says about this word: each of its counts (without this
    /// occurrence) that is not 0, and whether it is many.
    fn elsewhere_in_doc(&self, ids: &mut Vec<u32>) {
        let f = self.f;
        if !f.word || f.letters == 0 {
            return;
        }
        let Some(st) = self.v.stats.get(&f.lw) else {
            return;
        };
        let own = self.v.own[self.i].counts();
        let ctx = self.cap | self.init << 4 | self.m << 8;
        for (k, (total, mine)) in st.counts().into_iter().zip(own).enumerate() {
            let c = total.saturating_sub(mine);
            if c > 0 {
                let key = k as u64 + 1;
                ids.push(feat(T::Doc, key | ctx << 8 | ((c >= MANY) as u64) << 20));
            }
        }
    }
}

/// `of`, `for`, `and`, `&`: words that join two capitalised runs into one organization name.
fn is_connector(text: &str, doc: &Doc, i: usize) -> bool {
    matches!(
        doc.tok(text, i),
        "of" | "for" | "and" | "&" | "de" | "du" | "des"
    )
}
