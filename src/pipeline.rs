//! The pipeline, stage by stage, in the order every text goes through it:
//!
//! 1. `limits`: the text is cut to [`MAX_TEXT_BYTES`]; empty and binary input is noted, and
//!    binary input without letters to read gets no tags (only the reader's own);
//! 2. normalize ([`text::normalize`]): detectors read one clean form of the text, mapped back;
//! 3. [`layout`](crate::layout): the blocks of the text as pasted (wrapped lines joined,
//!    furniture set aside);
//! 4. segment ([`segment::segment_blocks`]): paragraphs, sentences, tokens;
//! 5. `detect`: names ([`names`]), quotes ([`quotes`]), claims ([`claims`]);
//! 6. [`resolve`]: mentions become entities, speakers become entities, claims
//!    inside a quote are attributed to its speaker;
//! 7. `assemble`: spans mapped back to the original text, the [`Analysis`] built;
//! 8. the reader's lexicon ([`crate::user_lexicon`]): names their corrections taught, on any text;
//! 9. apply corrections ([`corrections::apply`]): a reader's edits, last, every time.

use crate::analysis::{
    Analysis, Annotation, ClaimInfo, Diagnostic, Entity, Kind, QuoteInfo, Speaker,
};
use crate::corrections::{self, Correction};
use crate::layout::Block;
use crate::names::{NameKind, NameMention};
use crate::quotes::QuoteFound;
use crate::segment::Doc;
use crate::text::{Normalized, Span};
use crate::{claims, layout, lexicon, names, quotes, resolve, segment, text};
use foldhash::HashMap;

/// Texts longer than this are annotated up to this many bytes, with a diagnostic.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// The diagnostic of binary input, which gets no tags.
const BINARY_TEXT: &str = "binary_text";

/// How many characters at the start of a text are read to tell binary data from an article.
const BINARY_SAMPLE_CHARS: usize = 4096;

/// The loaded lexicon and models that the stages read.
#[derive(Debug)]
pub(crate) struct Models {
    pub lexicon: lexicon::Lexicon,
    pub claims: claims::ClaimModel,
    pub names: names::Tagger,
}

/// What the detectors found in normalized text.
pub(crate) struct Found {
    pub doc: Doc,
    pub names: Vec<NameMention>,
    pub quotes: Vec<QuoteFound>,
}

/// Every stage, in order: the analysis of `text` with `corrections` applied.
pub(crate) fn run(
    models: &Models,
    text: &str,
    corrections: &[Correction],
    lexicon: &crate::UserLexicon,
) -> Analysis {
    let (work, diagnostics, readable) = limits(text);
    if !readable {
        // Binary data: tags on it would be noise (a `person` `Ѧ`, a claim of control
        // characters), so none are made; the reader's own tags are still applied.
        let mut analysis = Analysis {
            diagnostics,
            ..Analysis::default()
        };
        corrections::apply(text, &mut analysis, corrections, lexicon);
        return analysis;
    }
    let (norm, mut blocks) = prepare(models, work);
    keep_blocks(text, &norm, &mut blocks, corrections);
    // A long text is read section by section (whole blocks, about SECTION_BYTES each), so
    // that what the detectors hold at once stays bounded; an article is one section.
    let mut analysis = Analysis::default();
    let mut names: HashMap<(Kind, String), usize> = HashMap::default();
    for part in sections(&blocks, SECTION_BYTES) {
        let one = analyse(models, work, &norm, &blocks[part]);
        merge(&mut analysis, one, &mut names);
    }
    analysis.tidy();
    analysis.furniture = blocks
        .iter()
        .filter(|b| b.furniture)
        .map(|b| norm.span_to_original(b.span))
        .collect();
    let mut diagnostics = diagnostics;
    if !analysis.furniture.is_empty() {
        diagnostics.push(Diagnostic {
            code: "furniture_set_aside",
            message: format!(
                "{} {} of page furniture (menus, share and legal lines, links) {} not tagged.",
                analysis.furniture.len(),
                if analysis.furniture.len() == 1 {
                    "block"
                } else {
                    "blocks"
                },
                if analysis.furniture.len() == 1 {
                    "was"
                } else {
                    "were"
                },
            ),
            correction: None,
        });
    }
    analysis.diagnostics = diagnostics;
    lexicon.apply(work, &mut analysis);
    corrections::apply(text, &mut analysis, corrections, lexicon);
    analysis
}

/// Bytes of text a section of a long text holds at most (more when one block is longer):
/// the detectors' memory is bounded by a section's, and a 10 MB paste is read in about 40.
const SECTION_BYTES: usize = 256 * 1024;

/// The blocks of each section: runs of whole blocks of at most `max` bytes from the first's
/// start to the last's end (a longer block is a section alone).
fn sections(blocks: &[Block], max: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = vec![];
    let mut start = 0;
    for k in 1..=blocks.len() {
        let next_too_far = k < blocks.len() && blocks[k].span.end - blocks[start].span.start > max;
        if k == blocks.len() || next_too_far {
            out.push(start..k);
            start = k;
        }
    }
    out
}

/// Names, quotes, claims and entities of the normalized text `norm` in `blocks`.
///
/// Never inlined into [`run`]: a long text calls it once per section, and in a browser a
/// function is only re-compiled by the optimizing tier between calls (wasm has no on-stack
/// replacement), so a section loop inlined into one call would run a 10 MB paste entirely in
/// the baseline tier.
#[inline(never)]
fn analyse(models: &Models, work: &str, norm: &Normalized, blocks: &[Block]) -> Analysis {
    let t = norm.text.as_str();
    let found = detect(models, t, blocks);
    let claims = claims::detect(
        t,
        &found.doc,
        &found.names,
        &direct_spans(&found.quotes),
        &models.claims,
    );
    let resolved = resolve::resolve(t, &found.names, &found.quotes, claims, &models.lexicon);
    assemble(work, norm, &found, resolved)
}

/// Adds section analysis `one` to `all`, an entity of a later section joining the earlier
/// section's entity of its kind and name (`names` maps them to `all`'s entities). [`Analysis::tidy`] then sorts and renumbers.
fn merge(all: &mut Analysis, one: Analysis, names: &mut HashMap<(Kind, String), usize>) {
    // Within a section the resolver's entities stay as they are (two people may share a
    // name); an entity of a later section joins an earlier section's of that kind and name.
    let ids: Vec<usize> = one
        .entities
        .into_iter()
        .map(|e| match names.get(&(e.kind, e.name.clone())) {
            Some(&id) => id,
            None => {
                all.entities.push(e);
                all.entities.len() - 1
            }
        })
        .collect();
    for &id in &ids {
        let e = &all.entities[id];
        names.entry((e.kind, e.name.clone())).or_insert(id);
    }
    for mut a in one.annotations {
        a.entity = a.entity.map(|e| ids[e]);
        if let Some(sp) = a.quote.as_mut().and_then(|q| q.speaker.as_mut()) {
            sp.entity = sp.entity.map(|e| ids[e]);
        }
        all.annotations.push(a);
    }
}

/// The part of `text` that is annotated, and what the reader should know about it.
/// Returns the text to read, the diagnostics, and whether the text is readable at all: binary
/// data whose visible characters are mostly not letters is not (an article with control
/// characters or NUL padding around it still is, and is read with a diagnostic).
pub(crate) fn limits(text: &str) -> (&str, Vec<Diagnostic>, bool) {
    let mut readable = true;
    let mut diagnostics = vec![];
    let mut work = text;
    if work.len() > MAX_TEXT_BYTES {
        let mut cut = MAX_TEXT_BYTES;
        while !work.is_char_boundary(cut) {
            cut -= 1;
        }
        work = &work[..cut];
        diagnostics.push(Diagnostic {
            code: "text_truncated",
            message: format!(
                "The text is {:.1} MB; only the first {} MB were annotated.",
                text.len() as f64 / 1_048_576.0,
                MAX_TEXT_BYTES / 1_048_576
            ),
            correction: None,
        });
    }
    if work.trim().is_empty() {
        diagnostics.push(Diagnostic {
            code: "empty_text",
            message: "There is no text to annotate.".into(),
            correction: None,
        });
    } else {
        let sample: Vec<char> = work.chars().take(BINARY_SAMPLE_CHARS).collect();
        let odd = sample
            .iter()
            .filter(|c| (c.is_control() && !c.is_whitespace()) || **c == '\u{FFFD}')
            .count();
        // More than one character in ten that no article has: binary data.
        if odd * 10 > sample.len() {
            // Of the characters that show (neither control nor space; U+FFFD counts), how
            // many are letters: most in an article, few in random bytes.
            let shown = sample
                .iter()
                .filter(|c| !c.is_control() && !c.is_whitespace());
            let (letters, all) = shown.fold((0, 0), |(l, a), c| {
                (l + usize::from(c.is_alphabetic()), a + 1)
            });
            readable = letters * 2 > all;
            diagnostics.push(Diagnostic {
                code: BINARY_TEXT,
                message: if readable {
                    "This looks like binary data rather than an article; the results may be meaningless."
                } else {
                    "This looks like binary data rather than an article, so nothing was tagged."
                }
                .into(),
                correction: None,
            });
        }
    }
    (work, diagnostics, readable)
}

/// normalize and layout: the text the detectors read (a word split at a wrapped line's end
/// joined again), and its blocks.
pub(crate) fn prepare(models: &Models, work: &str) -> (Normalized, Vec<Block>) {
    let mut norm = text::normalize(work);
    let mut blocks = layout::layout(&norm.text);
    let cut = layout::split_words(&norm.text, &blocks, |w| {
        models.lexicon.lower_count(w) >= KNOWN_WORD_COUNT
    });
    if !cut.is_empty() {
        norm.remove(&cut);
        layout::shift(&mut blocks, &cut);
    }
    (norm, blocks)
}

/// The reader's [`Correction::Keep`]s: a block set aside as furniture that holds one is read
/// as article text.
fn keep_blocks(text: &str, norm: &Normalized, blocks: &mut [Block], corrections: &[Correction]) {
    for c in corrections {
        let Correction::Keep { target } = c else {
            continue;
        };
        let Some(s) = target.locate(text) else {
            continue;
        };
        let (a, b) = (norm.from_original(s.start), norm.from_original(s.end));
        for block in blocks.iter_mut() {
            if block.span.start <= b && a <= block.span.end {
                block.furniture = false;
            }
        }
    }
}

/// How often a joined word must be seen in lower case in the lexicon's corpus to be a word
/// (`international`), rather than two parts of a compound (`anti-fraud`).
pub(crate) const KNOWN_WORD_COUNT: u32 = 2;

/// segment, then names and quotes, of normalized text `t` in `blocks` (claims are detected by
/// the caller: training tools read claim features from this same front).
pub(crate) fn detect(models: &Models, t: &str, blocks: &[Block]) -> Found {
    let doc = segment::segment_blocks(t, blocks);
    let names = names::detect(t, &doc, &models.lexicon, &models.names);
    let quotes = quotes::detect(t, &doc, &names, &models.lexicon);
    Found { doc, names, quotes }
}

/// The spans of the direct quotes (claims inside them get the in-quote feature).
pub(crate) fn direct_spans(quotes: &[QuoteFound]) -> Vec<Span> {
    quotes.iter().filter(|q| q.direct).map(|q| q.span).collect()
}

/// Maps every span back to `orig` and builds the analysis: names with their entities, quotes
/// with their speakers, claims with their reasons.
fn assemble(orig: &str, norm: &Normalized, found: &Found, r: resolve::Resolved) -> Analysis {
    let orig_span = |s: Span| norm.span_to_original(s);
    let slice = |s: Span| orig[s.start..s.end].to_string();
    let entities: Vec<Entity> = r
        .clusters
        .iter()
        .map(|c| Entity {
            kind: match c.kind {
                NameKind::Person => Kind::Person,
                NameKind::Org => Kind::Org,
            },
            name: c.name.clone(),
            mentions: vec![],
        })
        .collect();
    let mut anns = Vec::with_capacity(found.names.len() + found.quotes.len() + r.claims.len());
    for (i, m) in found.names.iter().enumerate() {
        let s = orig_span(m.span);
        anns.push(Annotation {
            kind: entities[r.cluster_of[i]].kind,
            span: s,
            text: slice(s),
            entity: Some(r.cluster_of[i]),
            quote: None,
            claim: None,
            by_user: false,
        });
    }
    for (q, said) in found.quotes.iter().zip(r.speakers) {
        let s = orig_span(q.span);
        let speaker = q.speaker.as_ref().zip(said).map(|(sp, said)| {
            let ss = orig_span(sp.span);
            Speaker {
                span: Some(ss),
                text: slice(ss),
                entity: said.entity,
                name: said.name,
            }
        });
        anns.push(Annotation {
            kind: Kind::Quote,
            span: s,
            text: slice(s),
            entity: None,
            quote: Some(QuoteInfo {
                direct: q.direct,
                speaker,
            }),
            claim: None,
            by_user: false,
        });
    }
    for c in r.claims {
        let s = orig_span(c.span);
        anns.push(Annotation {
            kind: Kind::Claim,
            span: s,
            text: slice(s),
            entity: None,
            quote: None,
            claim: Some(ClaimInfo {
                score: c.score,
                reasons: c.reasons,
            }),
            by_user: false,
        });
    }
    let mut a = Analysis {
        annotations: anns,
        entities,
        diagnostics: vec![],
        furniture: vec![],
        orphans: vec![],
    };
    a.tidy();
    a
}

#[cfg(test)]
mod tests {
    use crate::{Anchor, Annotator, Correction, Kind};

    /// A whole page (invented): menus, an article, a teaser naming a person, legal lines.
    const PAGE: &str = "Skip to main content\nNews | Sport | Weather | Business\nHome\nSign in\n\
        The council of Port Elling voted on Monday to keep the island ferry running through the winter, \
        after a campaign by residents who said the service was their only link to the hospital.\n\
        \"Without the boat we are cut off for months,\" said Tomas Berg, who led the campaign. \
        The vote was nine to four, and the council will pay for the extra crossings itself.\n\
        The ferry company said it would need two more crew members to run the service in bad \
        weather, and that it had already begun to look for them in the region.\n\
        Share this article\nRelated stories\nIngrid Solheim named harbour master\n\
        Most read\nCopyright 2031 The Coast Courier. All rights reserved.\nPrivacy policy";

    fn people(a: &crate::Analysis) -> Vec<&str> {
        a.annotations
            .iter()
            .filter(|x| x.kind == Kind::Person)
            .map(|x| x.text.as_str())
            .collect()
    }

    /// A text longer than a section is read in sections: every tag still sits on its own
    /// text, a name found in every section is one entity, and the sections are cut between
    /// blocks (invented story, repeated).
    #[test]
    fn a_long_text_is_read_in_sections_with_one_entity_per_name() {
        let story = "Mayor Ingrid Solheim said on Monday that the harbour of Port Elling would             stay open all winter. \"We will not leave the island without a ferry,\" Solheim said.             The Kestrel Island Ferry Company said it would add two crossings a day.\n\n";
        let text = story.repeat(super::SECTION_BYTES / story.len() * 3);
        assert!(super::sections(&crate::layout::layout(&text), super::SECTION_BYTES).len() >= 3);
        let a = Annotator::new().annotate(&text);
        for x in &a.annotations {
            assert_eq!(x.text, text[x.span.start..x.span.end]);
        }
        let solheim: Vec<_> = a
            .entities
            .iter()
            .filter(|e| e.kind == Kind::Person && e.name.contains("Solheim"))
            .collect();
        assert_eq!(
            solheim.len(),
            1,
            "{:?}",
            solheim.iter().map(|e| &e.name).collect::<Vec<_>>()
        );
        // Every copy is read as the story alone is: no section loses or doubles a quote.
        let quotes = |a: &crate::Analysis| {
            a.annotations
                .iter()
                .filter(|x| x.kind == Kind::Quote)
                .count()
        };
        let alone = quotes(&Annotator::new().annotate(story));
        assert!(alone > 0);
        assert_eq!(
            quotes(&a),
            alone * text.matches("We will not leave").count()
        );
    }

    #[test]
    fn furniture_is_reported_and_a_keep_correction_brings_a_block_back() {
        let a = Annotator::new();
        let r = a.annotate(PAGE);
        assert!(people(&r).contains(&"Tomas Berg"), "{:?}", people(&r));
        assert!(
            !people(&r).iter().any(|p| p.contains("Solheim")),
            "{:?}",
            people(&r)
        );
        let teaser = PAGE.find("Ingrid Solheim").unwrap();
        assert!(
            r.furniture
                .iter()
                .any(|f| f.start <= teaser && teaser < f.end),
            "the teaser is reported as furniture: {:?}",
            r.furniture
        );
        assert!(r
            .diagnostics
            .iter()
            .any(|d| d.code == "furniture_set_aside"));
        let keep = Correction::Keep {
            target: Anchor::at(PAGE, teaser, teaser + "Ingrid Solheim".len()),
        };
        let r = a.annotate_with(PAGE, &[keep]);
        assert!(
            people(&r).iter().any(|p| p.contains("Solheim")),
            "{:?}",
            people(&r)
        );
        assert!(!r
            .furniture
            .iter()
            .any(|f| f.start <= teaser && teaser < f.end));
    }
}
