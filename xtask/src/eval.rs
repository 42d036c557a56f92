//! Dev scores for names, computed the way `../shared/eval/score.py` computes them
//! (`names.overlap.all` and `names.exact.all`); `scripts/eval.sh SET` gives the official figures.

use newsmark::{Annotator, Kind};
use serde_json::Value;
use std::collections::HashSet;
use std::path::Path;

/// A gold document: text and person/org mentions in code points.
pub struct GoldDoc {
    pub text: String,
    pub mentions: Vec<(Kind, usize, usize)>,
    pub ignore: Vec<(usize, usize)>,
}

/// A named dev set.
pub struct DevSet {
    pub name: &'static str,
    pub docs: Vec<GoldDoc>,
}

fn parse_doc(v: &Value) -> Option<GoldDoc> {
    let text = v["text"].as_str()?.to_string();
    let span = |m: &Value| Some((m["start"].as_u64()? as usize, m["end"].as_u64()? as usize));
    let mut mentions = vec![];
    for m in v["mentions"].as_array()? {
        let kind = match m["kind"].as_str()? {
            "person" => Kind::Person,
            "org" => Kind::Org,
            _ => continue,
        };
        let (a, b) = span(m)?;
        mentions.push((kind, a, b));
    }
    let ignore = v
        .get("ignore")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(span).collect())
        .unwrap_or_default();
    Some(GoldDoc {
        text,
        mentions,
        ignore,
    })
}

fn read_jsonl(path: &Path) -> Vec<GoldDoc> {
    let s = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| parse_doc(&v))
        .collect()
}

/// The dev sets: seed, gum_ni and gum_news_full (tuning), uner and wikigold (test only).
pub fn load(shared: &Path) -> Vec<DevSet> {
    let dev = shared.join("data/dev");
    let seed: Value = serde_json::from_str(
        &std::fs::read_to_string(shared.join("fixtures/seed/gold.json")).expect("seed gold"),
    )
    .expect("seed json");
    let mut gum = read_jsonl(&dev.join("gum_news_interview_dev.jsonl"));
    gum.extend(read_jsonl(&dev.join("gum_news_interview_test.jsonl")));
    vec![
        DevSet {
            name: "seed",
            docs: parse_doc(&seed).into_iter().collect(),
        },
        DevSet {
            name: "gum_ni",
            docs: gum,
        },
        DevSet {
            name: "gum_full",
            docs: read_jsonl(&dev.join("gum_news_full.jsonl")),
        },
        DevSet {
            name: "uner",
            docs: read_jsonl(&dev.join("uner_ewt_dev.jsonl")),
        },
        DevSet {
            name: "wikigold",
            docs: read_jsonl(&dev.join("wikigold_dev20.jsonl")),
        },
    ]
}

/// True positives, predictions, gold.
#[derive(Default, Clone, Copy)]
pub struct Count {
    pub tp: usize,
    pub pred: usize,
    pub gold: usize,
}

impl Count {
    fn add(&mut self, tp: usize, pred: usize, gold: usize) {
        self.tp += tp;
        self.pred += pred;
        self.gold += gold;
    }
    pub fn p(&self) -> f64 {
        if self.pred == 0 {
            0.0
        } else {
            self.tp as f64 / self.pred as f64
        }
    }
    pub fn r(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.tp as f64 / self.gold as f64
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Scores of one set.
#[derive(Default, Clone, Copy)]
pub struct Scores {
    pub overlap: Count,
    pub exact: Count,
    pub overlap_person: Count,
    pub overlap_org: Count,
}

const EDGE: &str = " \t\r\n\"'“”‘’«»„‚‹›「」『』()[]{}.,;:!?·•-–—";

fn trim(text: &[char], mut b: usize, mut e: usize, leading_the: bool) -> (usize, usize) {
    let edge = |c: char| EDGE.contains(c);
    while b < e && edge(text[b]) {
        b += 1;
    }
    while e > b && edge(text[e - 1]) {
        e -= 1;
    }
    if leading_the
        && e - b > 4
        && text[b..b + 4].iter().collect::<String>().to_lowercase() == "the "
    {
        b += 4;
    }
    if e >= b + 2 && (text[e - 2..e] == ['\'', 's'] || text[e - 2..e] == ['’', 's']) {
        e -= 2;
    }
    while e > b && edge(text[e - 1]) {
        e -= 1;
    }
    (b, e)
}

fn greedy_overlap(g: &[(usize, usize)], p: &[(usize, usize)]) -> usize {
    let mut cands = vec![];
    for (gi, a) in g.iter().enumerate() {
        for (pi, b) in p.iter().enumerate() {
            let o = a.1.min(b.1).saturating_sub(a.0.max(b.0));
            if o > 0 {
                cands.push((o, gi, pi));
            }
        }
    }
    cands.sort_by(|x, y| y.cmp(x));
    let (mut ug, mut up, mut n) = (HashSet::new(), HashSet::new(), 0);
    for (_, gi, pi) in cands {
        if !ug.contains(&gi) && !up.contains(&pi) {
            ug.insert(gi);
            up.insert(pi);
            n += 1;
        }
    }
    n
}

/// Annotates every document of a set and scores the names.
pub fn score(a: &Annotator, set: &DevSet) -> Scores {
    let mut s = Scores::default();
    for d in &set.docs {
        let chars: Vec<char> = d.text.chars().collect();
        // Byte offset → code point offset.
        let mut cp = vec![0usize; d.text.len() + 1];
        let mut k = 0;
        for (i, c) in d.text.char_indices() {
            for x in &mut cp[i..i + c.len_utf8()] {
                *x = k;
            }
            k += 1;
        }
        cp[d.text.len()] = k;
        let ignored = |b: usize, e: usize| d.ignore.iter().any(|&(x, y)| b < y && e > x);
        let an = a.annotate(&d.text);
        for kind in [Kind::Person, Kind::Org] {
            let g: Vec<(usize, usize)> = d
                .mentions
                .iter()
                .filter(|m| m.0 == kind && !ignored(m.1, m.2))
                .map(|m| (m.1, m.2))
                .collect();
            let p: Vec<(usize, usize)> = an
                .annotations
                .iter()
                .filter(|x| x.kind == kind)
                .map(|x| (cp[x.span.start], cp[x.span.end]))
                .filter(|&(b, e)| !ignored(b, e))
                .collect();
            let lt = kind == Kind::Org;
            let gt: HashSet<(usize, usize)> =
                g.iter().map(|&(b, e)| trim(&chars, b, e, lt)).collect();
            let pt: HashSet<(usize, usize)> =
                p.iter().map(|&(b, e)| trim(&chars, b, e, lt)).collect();
            s.exact
                .add(gt.intersection(&pt).count(), pt.len(), gt.len());
            let o = greedy_overlap(&g, &p);
            s.overlap.add(o, p.len(), g.len());
            if kind == Kind::Person {
                &mut s.overlap_person
            } else {
                &mut s.overlap_org
            }
            .add(o, p.len(), g.len());
        }
    }
    s
}
