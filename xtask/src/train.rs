//! The averaged structured perceptron (Collins 2002) over the core's hashed features.

use newsmark::names::features::{class_of, DocFeatures, N_TAGS};
use newsmark::names::tagger::{viterbi, Transitions};

/// Weights and their running sums for averaging.
pub struct Perceptron {
    pub bits: u32,
    w: Vec<[f32; N_TAGS]>,
    u: Vec<[f32; N_TAGS]>,
    tw: Transitions,
    tu: Transitions,
    c: f32,
    /// Update weight when gold and guess are both O, LOC or MISC (helper classes).
    pub helper_weight: f32,
}

/// One training document: its features, the sentences as token ranges, gold tags, weight.
pub struct Example<'a> {
    pub feats: &'a DocFeatures,
    pub sentences: Vec<std::ops::Range<usize>>,
    pub gold: &'a [u8],
    pub weight: f32,
}

/// A small deterministic random number generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

impl Perceptron {
    pub fn new(bits: u32) -> Self {
        let n = 1usize << bits;
        Perceptron {
            bits,
            w: vec![[0.0; N_TAGS]; n],
            u: vec![[0.0; N_TAGS]; n],
            tw: [[0.0; N_TAGS]; N_TAGS + 1],
            tu: [[0.0; N_TAGS]; N_TAGS + 1],
            c: 1.0,
            helper_weight: 1.0,
        }
    }

    #[inline]
    fn row(&self, id: u32) -> usize {
        (id >> (32 - self.bits)) as usize
    }

    fn scores(
        &self,
        feats: &DocFeatures,
        range: std::ops::Range<usize>,
        out: &mut Vec<[f32; N_TAGS]>,
    ) {
        out.clear();
        for t in range {
            let mut s = [0.0f32; N_TAGS];
            for &id in feats.of(t) {
                let r = &self.w[self.row(id)];
                for k in 0..N_TAGS {
                    s[k] += r[k];
                }
            }
            out.push(s);
        }
    }

    fn bump(&mut self, id: u32, tag: usize, d: f32) {
        let r = self.row(id);
        self.w[r][tag] += d;
        self.u[r][tag] += self.c * d;
    }

    fn bump_trans(&mut self, from: usize, to: usize, d: f32) {
        self.tw[from][to] += d;
        self.tu[from][to] += self.c * d;
    }

    /// One pass over the examples in the given order; returns (token errors, tokens).
    pub fn epoch(&mut self, examples: &[Example], order: &[usize]) -> (usize, usize) {
        let mut unary = Vec::new();
        let mut path = Vec::new();
        let (mut errors, mut total) = (0, 0);
        for &e in order {
            let ex = &examples[e];
            for r in &ex.sentences {
                self.scores(ex.feats, r.clone(), &mut unary);
                viterbi(&unary, &self.tw, &mut path);
                let gold = &ex.gold[r.clone()];
                total += gold.len();
                if path.as_slice() != gold {
                    let d = ex.weight;
                    for (k, (&p, &g)) in path.iter().zip(gold).enumerate() {
                        if p != g {
                            errors += 1;
                            let helper = |t: u8| !matches!(class_of(t as usize), 1 | 2);
                            let d = if helper(p) && helper(g) {
                                d * self.helper_weight
                            } else {
                                d
                            };
                            for &id in ex.feats.of(r.start + k) {
                                self.bump(id, g as usize, d);
                                self.bump(id, p as usize, -d);
                            }
                        }
                        let (pp, pg) = if k == 0 {
                            (0, 0)
                        } else {
                            (1 + path[k - 1] as usize, 1 + gold[k - 1] as usize)
                        };
                        if (pp, p) != (pg, g) {
                            self.bump_trans(pg, g as usize, d);
                            self.bump_trans(pp, p as usize, -d);
                        }
                    }
                }
                self.c += 1.0;
            }
        }
        (errors, total)
    }

    /// Replaces the weights by their average over the updates (and forgets the sums).
    pub fn into_average(mut self) -> Self {
        for (w, u) in self.w.iter_mut().zip(self.u.iter_mut()) {
            for k in 0..N_TAGS {
                w[k] -= u[k] / self.c;
                u[k] = 0.0;
            }
        }
        self.tw = self.averaged_trans();
        self.tu = [[0.0; N_TAGS]; N_TAGS + 1];
        self.c = 1.0;
        self
    }

    /// Adds `s` times another model's (already averaged) weights: for averaging several runs.
    pub fn add_scaled(&mut self, o: &Perceptron, s: f32) {
        for (w, x) in self.w.iter_mut().zip(&o.w) {
            for k in 0..N_TAGS {
                w[k] += s * x[k];
            }
        }
        for i in 0..=N_TAGS {
            for k in 0..N_TAGS {
                self.tw[i][k] += s * o.tw[i][k];
            }
        }
    }

    /// Multiplies the weights by `s`.
    pub fn scale(&mut self, s: f32) {
        for w in self.w.iter_mut() {
            for x in w.iter_mut() {
                *x *= s;
            }
        }
        for row in self.tw.iter_mut() {
            for x in row.iter_mut() {
                *x *= s;
            }
        }
    }

    /// Tags an example's sentences with the averaged weights.
    pub fn predict(&self, ex: &Example, out: &mut Vec<u8>) {
        out.clear();
        out.resize(ex.gold.len(), 0);
        let mut unary = Vec::new();
        let mut path = Vec::new();
        let t = self.averaged_trans();
        for r in &ex.sentences {
            unary.clear();
            for tok in r.clone() {
                let mut s = [0.0f32; N_TAGS];
                for &id in ex.feats.of(tok) {
                    let i = self.row(id);
                    let (w, u) = (&self.w[i], &self.u[i]);
                    for k in 0..N_TAGS {
                        s[k] += w[k] - u[k] / self.c;
                    }
                }
                unary.push(s);
            }
            viterbi(&unary, &t, &mut path);
            out[r.clone()].copy_from_slice(&path);
        }
    }

    fn averaged_trans(&self) -> Transitions {
        let mut t = [[0.0; N_TAGS]; N_TAGS + 1];
        for i in 0..=N_TAGS {
            for k in 0..N_TAGS {
                t[i][k] = self.tw[i][k] - self.tu[i][k] / self.c;
            }
        }
        t
    }

    /// The averaged weights: rows with any non-zero weight, and the transitions.
    pub fn averaged(&self) -> (Vec<(u32, [f32; N_TAGS])>, Transitions) {
        let mut rows = vec![];
        for (i, (w, u)) in self.w.iter().zip(&self.u).enumerate() {
            let a: [f32; N_TAGS] = std::array::from_fn(|k| w[k] - u[k] / self.c);
            if a.iter().any(|&x| x != 0.0) {
                rows.push((i as u32, a));
            }
        }
        (rows, self.averaged_trans())
    }
}

/// Keeps the `max_rows` rows with the largest weights (by the largest absolute weight).
pub fn prune(mut rows: Vec<(u32, [f32; N_TAGS])>, max_rows: usize) -> Vec<(u32, [f32; N_TAGS])> {
    if rows.len() <= max_rows {
        return rows;
    }
    let mag = |w: &[f32; N_TAGS]| w.iter().fold(0f32, |m, &x| m.max(x.abs()));
    rows.sort_by(|a, b| mag(&b.1).total_cmp(&mag(&a.1)).then(a.0.cmp(&b.0)));
    rows.truncate(max_rows);
    rows.sort_by_key(|r| r.0);
    rows
}
