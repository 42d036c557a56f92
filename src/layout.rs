//! The **layout** stage: the article's blocks (paragraphs, headlines, page furniture) in the
//! text as it was pasted, between normalize and segment.
//!
//! ## What it does
//! - **Lines become blocks.** A blank line always ends a block. In hard-wrapped text (a press
//!   release copied from a PDF, an e-mail, a wire feed: the line lengths cluster just under one
//!   width), a line that is full, so that the next line's first word would not have fitted on
//!   it, continues into the next line; a short line ends its paragraph. Text that is not
//!   wrapped (one paragraph per line, lists, verse, addresses) keeps one block a line.
//! - **Furniture** is set aside: navigation, comment forms, share and cookie lines, which the
//!   detectors do not read. In a whole web page (enough blocks, page-only lines), a classifier
//!   ([`model`], fitted on invented pages of shippable text: `data/README.md`) gives each block
//!   its probability of being article text from its own shape and its neighbours'; the article
//!   is the heaviest stretches of blocks weighted by that, with the prose next to them. In an
//!   article pasted alone, only page-only lines and the sections after the story are.
//!
//! Blocks are spans of the normalized text; a line break inside a block is a space to every
//! later stage.
//!
//! ## Example
//! ```
//! let text = "The council met on Monday and agreed that the new bridge over the\n\
//!             river would open in May, two years later than planned, because the\n\
//!             steel had come late.\n\
//!             The mayor was pleased that the work could at last begin.";
//! let blocks = newsmark::layout::layout(text);
//! assert_eq!(blocks.len(), 2, "one wrapped paragraph, then one line");
//! assert!(text[blocks[0].span.start..blocks[0].span.end].ends_with("come late."));
//! ```

pub mod model;
pub use model::{features, Model, CONTEXT_FEATURES, FEATURES, N_FEATURES};

use crate::text::Span;
use crate::words::{ARTICLE_ENDERS, COMMENT_HEADINGS, FURNITURE, NAV_WORDS};

/// One block of the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// From its first character to its last (surrounding whitespace left out).
    pub span: Span,
    /// Navigation, comment form, share line…: not article text.
    pub furniture: bool,
}

/// One non-blank line: its trimmed span, its length in characters, and whether a blank line
/// (or the start of the text) comes before it.
#[derive(Clone, Copy, Debug)]
struct Line {
    span: Span,
    chars: usize,
    after_blank: bool,
}

/// Fewest lines for wrapping to be judged: a few lines say nothing about a width.
const MIN_LINES_FOR_WRAP: usize = 4;
/// Narrowest and widest wrap widths looked for (characters): e-mail wraps at 72–78, PDFs
/// at 60–100, wire feeds at 64–80.
const WRAP_WIDTHS: std::ops::RangeInclusive<usize> = 30..=160;
/// Share of the lines that must end near the wrap width (within [`WRAP_SLACK`]) for the text
/// to count as wrapped; in wrapped prose most lines do, in one-paragraph-a-line text few do.
const MIN_FULL_SHARE: f64 = 0.5;
/// How far short of the width a wrapped line may end (the next word did not fit).
const WRAP_SLACK: usize = 20;
/// The width is the line length this share of the lines stays at or under (a few lines may
/// run over it: a long URL, a word longer than the width).
const WIDTH_QUANTILE: f64 = 0.95;

/// The **layout** stage: the blocks of normalized text `text`, in order.
pub fn layout(text: &str) -> Vec<Block> {
    layout_with(text, Model::shipped())
}

/// The blocks of normalized text `text`, with its furniture read by `model` (the tools that
/// fit a model measure it with this).
pub fn layout_with(text: &str, model: &Model) -> Vec<Block> {
    let lines = lines(text);
    let width = wrap_width(&lines);
    let mut blocks: Vec<Block> = Vec::with_capacity(lines.len());
    for (k, line) in lines.iter().enumerate() {
        let joins = k > 0
            && !line.after_blank
            && width.is_some_and(|w| continues(text, &lines[k - 1], line, w));
        match blocks.last_mut() {
            Some(b) if joins => b.span.end = line.span.end,
            _ => blocks.push(Block {
                span: line.span,
                furniture: false,
            }),
        }
    }
    mark_furniture(text, &mut blocks, model);
    blocks
}

/// Words of a legal line after the article ([`article_text`]).
const MAX_LEGAL_WORDS: usize = 40;

/// The article part of `text`, the main content a reader-mode extractor took from a web page:
/// `text` up to the first heading of a section that follows the article (comments, related
/// stories; see [`article_end`]) and without the legal lines after its last paragraph
/// (`© 2031 …`, `All rights reserved.`). What such an extractor keeps from the article's
/// container beyond the article itself.
pub fn article_text(text: &str) -> &str {
    let blocks: Vec<Block> = layout(text);
    let shapes: Vec<Shape> = blocks
        .iter()
        .map(|b| read_block(&text[b.span.start..b.span.end]).shape)
        .collect();
    let mut end = article_end(text, &blocks, &shapes);
    while end > 0 {
        let t = text[blocks[end - 1].span.start..blocks[end - 1].span.end].trim();
        let l = t.to_lowercase();
        let legal = l.trim_start_matches('(').starts_with('©')
            || l.starts_with("copyright")
            || l.contains("all rights reserved");
        if !legal || t.split_whitespace().count() > MAX_LEGAL_WORDS {
            break;
        }
        end -= 1;
    }
    match blocks.get(end) {
        Some(b) => text[..b.span.start].trim_end(),
        None => text,
    }
}

/// The non-blank lines of `text`.
fn lines(text: &str) -> Vec<Line> {
    let mut out = vec![];
    let mut pos = 0;
    let mut after_blank = true;
    for line in text.split_inclusive('\n') {
        let lead = line.len() - line.trim_start().len();
        let t = line.trim();
        if t.is_empty() {
            after_blank = true;
        } else {
            let s = pos + lead;
            out.push(Line {
                span: Span::new(s, s + t.len()),
                chars: line.trim_end().chars().count(),
                after_blank,
            });
            after_blank = false;
        }
        pos += line.len();
    }
    out
}

/// The width the text is hard-wrapped at, if it is.
fn wrap_width(lines: &[Line]) -> Option<usize> {
    if lines.len() < MIN_LINES_FOR_WRAP {
        return None;
    }
    let mut lens: Vec<usize> = lines.iter().map(|l| l.chars).collect();
    lens.sort_unstable();
    let at = ((lens.len() - 1) as f64 * WIDTH_QUANTILE).round() as usize;
    let width = lens[at];
    if !WRAP_WIDTHS.contains(&width) {
        return None;
    }
    // Lines that end a paragraph (before a blank line or at the end) are short by nature;
    // judge the others.
    let inner: Vec<&Line> = lines
        .iter()
        .enumerate()
        .filter(|(k, _)| lines.get(k + 1).is_some_and(|n| !n.after_blank))
        .map(|(_, l)| l)
        .collect();
    if inner.len() < MIN_LINES_FOR_WRAP - 1 {
        return None;
    }
    let full = inner
        .iter()
        .filter(|l| l.chars + WRAP_SLACK >= width && l.chars <= width + WRAP_SLACK)
        .count();
    (full as f64 >= MIN_FULL_SHARE * inner.len() as f64).then_some(width)
}

/// In text wrapped at `width`, does `next` continue the paragraph of `prev`? It does when the
/// first word of `next` would not have fitted at the end of `prev`, and `next` does not open a
/// list item.
fn continues(text: &str, prev: &Line, next: &Line, width: usize) -> bool {
    let body = &text[next.span.start..next.span.end];
    let first_word = body.split_whitespace().next().unwrap_or("");
    let prev_text = &text[prev.span.start..prev.span.end];
    // `inter-` / `national`: a word split at the line end goes on, whatever its length.
    let split_word = prev_text
        .strip_suffix('-')
        .is_some_and(|p| p.ends_with(char::is_alphabetic))
        && first_word.starts_with(char::is_lowercase);
    !opens_list_item(text, prev, first_word)
        && (split_word || prev.chars + 1 + first_word.chars().count() > width)
}

/// Does a line whose first word is `first_word`, after `prev`, open a list item? A bullet
/// always does; a dash or a number (`-`, `2.`, `3)`) only after a line that ends an item or
/// introduces the list (a dash or a year can also be wrapped onto a line in running text).
fn opens_list_item(text: &str, prev: &Line, first_word: &str) -> bool {
    if first_word.starts_with(['•', '*', '‣', '◦', '▪', '►']) {
        return true;
    }
    let prev_ends_item = text[prev.span.start..prev.span.end].ends_with(['.', ';', ':', '!', '?']);
    let dash = matches!(first_word, "-" | "–" | "—");
    let number = first_word.ends_with(['.', ')'])
        && (1..=3).contains(&first_word.len())
        && first_word[..first_word.len() - 1]
            .chars()
            .all(|c| c.is_ascii_digit());
    prev_ends_item && (dash || number)
}

/// Where a line break inside a wrapped block splits a word, what to cut so that it reads as
/// one word again: `inter-\nnational` loses the hyphen and the break when `known` says the
/// joined word is a word (`international`); `anti-\nfake` keeps its hyphen (`anti-fake`).
/// The ranges are sorted and disjoint, for [`Normalized::remove`](crate::text::Normalized::remove).
pub fn split_words(text: &str, blocks: &[Block], known: impl Fn(&str) -> bool) -> Vec<Span> {
    let mut cut = vec![];
    for b in blocks.iter().filter(|b| !b.furniture) {
        let body = &text[b.span.start..b.span.end];
        for (i, _) in body.match_indices('\n') {
            let nl = b.span.start + i;
            let before = text[..nl].trim_end_matches([' ', '\t']);
            let Some(left) = before.strip_suffix('-') else {
                continue;
            };
            let hyphen = left.len();
            let after = text[nl + 1..].trim_start_matches([' ', '\t']);
            let next = nl + 1 + (text.len() - (nl + 1) - after.len());
            let right_word: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
            let left_word: String = {
                let mut w: Vec<char> = left
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphabetic())
                    .collect();
                w.reverse();
                w.into_iter().collect()
            };
            if left_word.is_empty() || !right_word.starts_with(char::is_lowercase) {
                continue;
            }
            let joined = format!("{left_word}{right_word}").to_lowercase();
            let from = if known(&joined) { hyphen } else { hyphen + 1 };
            cut.push(Span::new(from, next));
        }
    }
    cut
}

/// Moves block spans to where they are after the ranges `cut` (sorted, disjoint) are removed
/// from the text. Linear: block spans and cuts are both in text order.
pub fn shift(blocks: &mut [Block], cut: &[Span]) {
    let mut k = 0;
    let mut removed = 0;
    let mut moved = |p: usize| {
        while k < cut.len() && cut[k].end <= p {
            removed += cut[k].len();
            k += 1;
        }
        // A position inside a cut moves to the cut's start.
        let inside = cut.get(k).map_or(0, |c| p.saturating_sub(c.start));
        p - removed - inside
    };
    for b in blocks.iter_mut() {
        let start = moved(b.span.start);
        let end = moved(b.span.end);
        b.span = Span::new(start, end);
    }
}

/// Line `l` without the bullets, dashes and spaces that open it (`• Home`, `- Contact us`).
fn unbulleted(l: &str) -> &str {
    l.trim_start_matches(|c: char| is_bullet(c) || c == '-' || c.is_whitespace())
}

fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '·' | '*' | '‣' | '◦' | '▪' | '►' | '»' | '|' | '>')
}

/// What a block's own shape says, before its neighbours are read (after jusText: Pomikálek,
/// "Removing Boilerplate and Duplicate Content from Web Corpora", 2011).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    /// Long prose: many function words, sentence punctuation.
    Good,
    /// Prose, but short or a little thin: half the weight of good prose.
    NearGood,
    /// Too short to tell: costs the stretch it sits in a little, unless it is a sentence.
    Short,
    /// Menus, link lists, share lines, legal lines, bylines of teasers.
    Bad,
}

/// Characters under which a block is too short to judge on its own.
const LENGTH_LOW: usize = 70;
/// Characters over which prose with enough function words is article text on its own.
const LENGTH_HIGH: usize = 100;
/// Share of function words under which a block is not prose.
const STOPWORDS_LOW: f64 = 0.25;
/// Share of function words over which a long block is prose.
const STOPWORDS_HIGH: f64 = 0.30;
/// Words a sentence thin in function words needs to read as prose (`Dominating defense,
/// balanced scoring and another double-digit victory.`).
const MIN_THIN_SENTENCE_WORDS: usize = 8;
/// Fewest blocks for a text to be read as a whole web page; shorter texts (an article, a
/// sentence, a post) are all article.
const MIN_PAGE_BLOCKS: usize = 8;

/// Furniture phrase that opens a block: share and cookie lines, comment forms, legal lines
/// (`data/words.txt`), in a block of at most this many words (a paragraph may quote one).
const MAX_PHRASE_BLOCK_WORDS: usize = 14;

/// What [`read_block`] reads of a block.
#[derive(Clone, Debug)]
struct Read {
    /// The block's shape.
    shape: Shape,
    /// Whether it is a page-only line ([`is_page_cue`]).
    cue: bool,
    /// What its characters count: words, function words, capitals…
    counts: model::Counts,
    /// The block trimmed and lower-cased, for the classifier's features.
    lower: String,
}

/// A block's shape, whether it is a page-only line ([`is_page_cue`]) and what its characters
/// count ([`model::scan`]).
fn read_block(text: &str) -> Read {
    let t = text.trim();
    let lower = t.to_lowercase();
    let l = unbulleted(&lower);
    let counts = model::scan(t);
    let words = counts.unbulleted_words;
    let cue = is_page_cue(l, words);
    let shape = if words == 0 || !l.chars().any(char::is_alphanumeric) || cue {
        Shape::Bad
    } else {
        // A block of as many characters as bytes is ASCII, and so is its lower case.
        shape(l, words, counts.stop, counts.chars == t.len())
    };
    Read {
        shape,
        cue,
        counts,
        lower,
    }
}

/// The shape of lower-cased block `l` of `words` words, `stop` of them function words, not a
/// page-only line; `ascii` when `l` is all ASCII.
fn shape(l: &str, words: usize, stop: usize, ascii: bool) -> Shape {
    let stop = stop as f64 / words as f64;
    let chars = if ascii { l.len() } else { l.chars().count() };
    if chars < LENGTH_LOW {
        Shape::Short
    } else if stop >= STOPWORDS_HIGH {
        if chars >= LENGTH_HIGH {
            Shape::Good
        } else {
            Shape::NearGood
        }
    } else if stop >= STOPWORDS_LOW
        || (ends_sentence(l) && (chars >= LENGTH_HIGH || words >= MIN_THIN_SENTENCE_WORDS))
    {
        // Long prose thin in function words (names, figures, translated text) still reads
        // as prose beside prose.
        Shape::NearGood
    } else {
        Shape::Bad
    }
}

fn ends_sentence(l: &str) -> bool {
    l.trim_end_matches(['"', '”', '’', '\'', ')'])
        .ends_with(['.', '!', '?', '…'])
}

/// A line only a web page has: a furniture phrase opening a short line (share, sign in,
/// cookies, copyright: `data/words.txt`), or a menu (`News | Sport | Weather`). `l` is the
/// lower-cased line without its bullet, `words` its word count.
fn is_page_cue(l: &str, words: usize) -> bool {
    FURNITURE.openers(l).any(|(f, _)| {
        words <= MAX_PHRASE_BLOCK_WORDS || f.starts_with("your email") || f.contains("cookie")
    }) || (l.as_bytes().contains(&b'|') && l.bytes().filter(|&b| b == b'|').count() >= 2)
        || (words <= MAX_NAV_LINE_WORDS && {
            let mut ws = l
                .split(|c: char| c.is_whitespace() || c == '|' || c == '/')
                .filter(|w| !w.is_empty())
                .peekable();
            ws.peek().is_some() && ws.all(|w| NAV_WORDS.contains(w))
        })
}

/// Words of a menu line made of menu words (`Contact us`, `Most read`).
const MAX_NAV_LINE_WORDS: usize = 4;

/// Fewest page-only lines ([`is_page_cue`]) for a text to be read as a whole web page, whose
/// furniture is then set aside; an article pasted alone has none.
const MIN_PAGE_CUES: usize = 2;

/// Fewest labels (short lines that are not sentences) for a text with one page-only line to
/// be read as a whole web page, when they also outnumber its paragraphs of prose
/// [`LABELS_PER_PROSE`] to one. An article pasted alone has a headline, a byline, a few
/// subheads; a page has its menus and link lists (measured on the train split of
/// `../shared/data/pages`: 3 of 131 pages, and no gold article body, change; 10 to 20 and
/// 1 to 3 per paragraph all give the same).
const MIN_PAGE_LABELS: usize = 20;
/// See [`MIN_PAGE_LABELS`].
const LABELS_PER_PROSE: usize = 2;

/// The stretch of `weights[lo..hi]` with the largest sum: that sum, and the stretch.
fn heaviest_run(weights: &[i64], lo: usize, hi: usize) -> (i64, (usize, usize)) {
    let (mut best, mut run) = (i64::MIN, (lo, lo));
    let (mut sum, mut start) = (0i64, lo);
    for (k, &w) in weights.iter().enumerate().take(hi).skip(lo) {
        if sum <= 0 {
            sum = 0;
            start = k;
        }
        sum += w;
        if sum > best {
            best = sum;
            run = (start, k + 1);
        }
    }
    (best, run)
}

/// Another stretch is article text too when it weighs at least this share of the heaviest
/// (as a fraction NUM/DEN).
const REGION_SHARE_NUM: i64 = 1;
const REGION_SHARE_DEN: i64 = 4;

/// Short lines between a stretch of the article and prose next to it that still join the
/// prose to the stretch.
const MAX_SHORT_BEFORE_PROSE: usize = 2;

/// Most stretches an article is read in; it bounds the work on hostile input (each stretch
/// found costs a pass over the blocks) and no page cuts its article into more.
const MAX_ARTICLE_STRETCHES: usize = 8;

/// Words of a heading that ends the article ([`ARTICLE_ENDERS`]): `Comments (12)`,
/// `Related stories`, `Thanks for your comments - this feedback is now closed`.
const MAX_ENDER_WORDS: usize = 10;

/// Characters of good prose before such a heading for it to end the article: one in a menu
/// above the story (`Most read`) does not.
const MIN_PROSE_BEFORE_END: usize = 400;

/// The index of the block where the article ends: the first heading of a section that follows
/// an article on its page (comments, related and latest stories) after some good prose, or
/// the number of blocks.
fn article_end(text: &str, blocks: &[Block], shapes: &[Shape]) -> usize {
    let good = |k: usize| {
        if shapes[k] == Shape::Good {
            blocks[k].span.end - blocks[k].span.start
        } else {
            0
        }
    };
    let total: usize = (0..blocks.len()).map(good).sum();
    let mut prose = 0;
    for (k, b) in blocks.iter().enumerate() {
        let t = &text[b.span.start..b.span.end];
        prose += good(k);
        // A section heading with more of the article's prose after it than before is inside
        // the article (a box of links between its paragraphs, a comments button by its
        // byline).
        if prose >= MIN_PROSE_BEFORE_END && total - prose < prose && is_heading(t, &ARTICLE_ENDERS)
        {
            return k;
        }
    }
    blocks.len()
}

/// Words that may come before a comment heading's phrase: `There are 13 comments`,
/// `View all comments`, `Show 2 comments`.
const COMMENT_LEAD: [&str; 8] = ["there", "are", "is", "show", "view", "read", "see", "all"];

/// Whether block `l` (trimmed and lower-cased) is the heading of the readers' comments
/// ([`COMMENT_HEADINGS`]), maybe after a count or a verb of the button that opens them.
fn is_comment_heading_lower(l: &str) -> bool {
    let mut rest = l;
    for _ in 0..3 {
        let w = rest.split_whitespace().next().unwrap_or("");
        if !w.is_empty() && (COMMENT_LEAD.contains(&w) || w.chars().all(|c| c.is_ascii_digit())) {
            rest = rest.trim_start()[w.len()..].trim_start();
        } else {
            break;
        }
    }
    is_heading_lower(unbulleted(rest.trim()), &COMMENT_HEADINGS)
}

/// Words after a heading phrase and a colon that make the line a link to one story.
const MIN_TEASER_WORDS: usize = 3;

/// Whether block `t` is a heading that opens with a phrase of `list` ([`ARTICLE_ENDERS`],
/// [`COMMENT_HEADINGS`]): a short line, not a sentence.
fn is_heading(t: &str, list: &crate::words::List) -> bool {
    is_heading_lower(&unbulleted(t.trim()).to_lowercase(), list)
}

/// [`is_heading`] of a block already trimmed, lower-cased and without its bullet.
fn is_heading_lower(l: &str, list: &crate::words::List) -> bool {
    // The phrase first: few blocks open with one, and the word count is a pass over the block.
    list.openers(l).any(|(_, rest)| {
        // `Related: Bridge plan shelved again` is a link to one story, not a heading.
        let teaser = rest
            .trim_start()
            .strip_prefix(':')
            .is_some_and(|t| t.split_whitespace().count() >= MIN_TEASER_WORDS);
        !rest.starts_with(|c: char| c.is_alphanumeric()) && !teaser
    }) && !ends_sentence(l)
        && (1..=MAX_ENDER_WORDS).contains(&l.split_whitespace().count())
}

/// Sets aside the blocks that are page furniture. In a whole web page (enough blocks, with
/// page-only lines and some good prose), everything outside the heaviest stretches of prose;
/// in an article pasted alone, only its page-only lines and leading breadcrumbs.
fn mark_furniture(text: &str, blocks: &mut [Block], model: &Model) {
    let read = model::read_blocks(text, blocks);
    let (shapes, cue): (Vec<Shape>, Vec<bool>) = read.iter().map(|r| (r.shape, r.cue)).unzip();
    let cues = cue.iter().filter(|&&c| c).count();
    // A page with few page-only lines that a phrase names (`Sign up for the Courier
    // newsletter` is not in the list) still shows itself by its shape: far more labels
    // (short lines that are not sentences: menu items, link titles) than paragraphs of prose.
    let labels = (0..blocks.len())
        .filter(|&k| {
            shapes[k] == Shape::Short
                && !ends_sentence(&text[blocks[k].span.start..blocks[k].span.end])
        })
        .count();
    let prose = shapes
        .iter()
        .filter(|s| matches!(s, Shape::Good | Shape::NearGood))
        .count();
    let label_page = cues >= 1 && labels >= MIN_PAGE_LABELS && labels >= LABELS_PER_PROSE * prose;
    if blocks.len() < MIN_PAGE_BLOCKS
        || (cues < MIN_PAGE_CUES && !label_page)
        || !shapes.contains(&Shape::Good)
    {
        // An article pasted alone: only its page-only lines, the bulleted breadcrumbs before
        // its first paragraph and the sections after it (comments, related stories) are set
        // aside.
        let end = article_end(text, blocks, &shapes);
        let mut lead = true;
        for (k, b) in blocks.iter_mut().enumerate() {
            lead &= text[b.span.start..b.span.end].starts_with(is_bullet);
            b.furniture = (lead && shapes[k] != Shape::Good) || cue[k] || k >= end;
        }
        return;
    }
    // The article is the stretch of blocks the classifier reads as article text most surely
    // (a maximum-sum run over the blocks' weights: the log-odds' sign times the length) and
    // the other stretches that weigh a good share of it (cut apart by a chart, a gallery, a box
    // of links); inside them, the blocks the classifier still reads as furniture are set aside.
    let p = model.probability_read(text, blocks, &read);
    // A block's span is trimmed, so its characters are the ones its counts count.
    let weights: Vec<i64> = read
        .iter()
        .zip(&p)
        .map(|(r, &p)| ((2.0 * p - 1.0) * r.counts.chars as f32).round() as i64)
        .collect();
    let n = blocks.len();
    let (best, run) = heaviest_run(&weights, 0, n);
    let mut runs = vec![run];
    let mut todo = vec![(0, run.0), (run.1, n)];
    while let Some((lo, hi)) = todo.pop() {
        if lo >= hi {
            continue;
        }
        let (w, r) = heaviest_run(&weights, lo, hi);
        if w * REGION_SHARE_DEN >= best * REGION_SHARE_NUM
            && w > 0
            && runs.len() < MAX_ARTICLE_STRETCHES
        {
            runs.push(r);
            todo.push((lo, r.0));
            todo.push((r.1, hi));
        }
    }
    // Prose next to a stretch, past a few short lines (a byline, a date, a photo credit),
    // belongs to it when the classifier does not read it as furniture: the lede and the
    // standfirst above the body, a last paragraph after an inserted box. So do, whatever the
    // classifier says (`kept`), a numbered list that a sentence of the article introduces
    // (`The overall rankings were as follows:` / `1. Finland` …), whose short items it reads
    // as a menu, and the good prose right before a stretch: its lede, which the headline and
    // the byline around it make the classifier doubt.
    let prose =
        |k: usize| matches!(shapes[k], Shape::Good | Shape::NearGood) && p[k] >= MIN_ARTICLE_P;
    let (mut list_from, mut list_to) = (vec![None; n + 1], vec![None; n + 1]);
    for (a, b) in introduced_lists(text, blocks, &read) {
        list_from[a] = Some(b);
        list_to[b] = Some(a);
    }
    let mut kept = vec![false; n];
    for r in runs.iter_mut() {
        let mut lede = true;
        'back: loop {
            let mut k = r.0;
            for skipped in 0..=MAX_SHORT_BEFORE_PROSE {
                if let Some(a) = list_to[k] {
                    kept[a..k].fill(true);
                    r.0 = a;
                    continue 'back;
                }
                if skipped == MAX_SHORT_BEFORE_PROSE || k == 0 || shapes[k - 1] != Shape::Short {
                    break;
                }
                k -= 1;
            }
            if lede && r.0 > 0 && shapes[r.0 - 1] == Shape::Good {
                r.0 -= 1;
                kept[r.0] = true;
                lede = false;
                continue;
            }
            if k == 0 || !prose(k - 1) {
                break;
            }
            r.0 = k - 1;
        }
        'forward: loop {
            let mut k = r.1;
            for skipped in 0..=MAX_SHORT_BEFORE_PROSE {
                if let Some(b) = list_from[k] {
                    kept[k..b].fill(true);
                    r.1 = b;
                    continue 'forward;
                }
                if skipped == MAX_SHORT_BEFORE_PROSE || k >= n || shapes[k] != Shape::Short {
                    break;
                }
                k += 1;
            }
            if k >= n || !prose(k) {
                break;
            }
            r.1 = k + 1;
        }
    }
    let in_article = |k: usize| runs.iter().any(|r| (r.0..r.1).contains(&k));
    let mut lead = true;
    for (k, b) in blocks.iter_mut().enumerate() {
        // Bulleted lines before the first paragraph: breadcrumbs.
        lead &= text[b.span.start..b.span.end].starts_with(is_bullet);
        b.furniture = lead || !in_article(k) || (p[k] < MIN_ARTICLE_P && !kept[k]);
    }
}

/// The number that opens a list item (`1. Finland`, `2) Norway`).
fn item_number(t: &str) -> Option<u32> {
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = t[digits..].strip_prefix(['.', ')'])?;
    if !(1..=MAX_ITEM_DIGITS).contains(&digits) || !rest.starts_with(char::is_whitespace) {
        return None;
    }
    t[..digits].parse().ok()
}

/// Digits of a list item's number.
const MAX_ITEM_DIGITS: usize = 3;

/// Fewest items of a list that [`introduced_lists`] finds.
const MIN_LIST_ITEMS: usize = 3;

/// Fewest words of a sentence that introduces a list (`Cities that top the list:`); a menu's
/// heading is shorter (`Most read:`, `Follow us:`).
const MIN_LIST_INTRO_WORDS: usize = 4;

/// The numbered lists that a sentence ending with a colon introduces, each as the blocks from
/// that sentence to its last item: items numbered upwards, one short line between two of them
/// allowed (`4, 5. (tied) Moncton, Kitchener`). A news page's numbered boxes of most-read
/// stories have a heading of a word or two, not a sentence.
fn introduced_lists(text: &str, blocks: &[Block], read: &[Read]) -> Vec<(usize, usize)> {
    let t = |k: usize| text[blocks[k].span.start..blocks[k].span.end].trim();
    let n = blocks.len();
    let mut out = vec![];
    let mut k = 0;
    while k < n {
        if !t(k).ends_with(':')
            || read[k].cue
            || read[k].counts.unbulleted_words < MIN_LIST_INTRO_WORDS
        {
            k += 1;
            continue;
        }
        let (mut j, mut last, mut items) = (k + 1, 0, 0);
        while j < n {
            match item_number(t(j)) {
                Some(m) if m > last => {
                    (last, items) = (m, items + 1);
                    j += 1;
                }
                _ if items > 0
                    && read[j].shape == Shape::Short
                    && j + 1 < n
                    && item_number(t(j + 1)).is_some_and(|m| m > last) =>
                {
                    j += 1;
                }
                _ => break,
            }
        }
        if items >= MIN_LIST_ITEMS {
            out.push((k, j));
            k = j;
        } else {
            k += 1;
        }
    }
    out
}

/// Inside a stretch of the article, a block the classifier gives less than this probability
/// of being article text is furniture (an `Advertisement` line, a caption's credit).
const MIN_ARTICLE_P: f32 = 0.2;

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        layout(t)
            .iter()
            .map(|b| &t[b.span.start..b.span.end])
            .collect()
    }

    /// Greedy wrap at `width`, as an e-mail client does.
    fn wrap(text: &str, width: usize) -> String {
        let mut out = String::new();
        for para in text.split('\n') {
            let mut col = 0;
            for (i, w) in para.split(' ').enumerate() {
                if i > 0 && col + 1 + w.chars().count() > width {
                    out.push('\n');
                    col = 0;
                } else if i > 0 {
                    out.push(' ');
                    col += 1;
                }
                out.push_str(w);
                col += w.chars().count();
            }
            out.push('\n');
        }
        out
    }

    const RELEASE: &str = "The harbour board of Port Elling said on Tuesday that it would \
        spend 40 million euros on a new container terminal, the largest investment in the \
        port's history, and that work would start in the spring.\n\
        \"We have waited for this for twenty years,\" said Mira Tanaka, who chairs the board. \
        \"The ships are bigger every year and our quays are not.\"\n\
        The terminal is expected to open in 2029 and to employ about 300 people when it is \
        running at full capacity, according to the board's own estimates.";

    #[test]
    fn wrapped_paragraphs_are_joined_and_paragraph_ends_kept() {
        for width in [60, 72, 100] {
            let wrapped = wrap(RELEASE, width);
            let unwrapped: Vec<String> = RELEASE.split('\n').map(str::to_string).collect();
            let got: Vec<String> = texts(&wrapped)
                .iter()
                .map(|b| b.replace('\n', " "))
                .collect();
            assert_eq!(got, unwrapped, "width {width}:\n{wrapped}");
        }
    }

    #[test]
    fn one_paragraph_a_line_and_lists_stay_as_they_are() {
        assert_eq!(texts(RELEASE).len(), 3);
        let list = "Ingredients:\n- two eggs;\n- a cup of flour;\n- some milk.\nMix well.";
        assert_eq!(texts(list).len(), 5);
        let verse = "Roses are red,\nviolets are blue,\nsugar is sweet,\nand so are you.";
        assert_eq!(texts(verse).len(), 4);
    }

    #[test]
    fn wrapped_list_items_start_new_blocks() {
        let t = "The board listed three reasons for the decision on the terminal plan:\n\
                 1. the ships calling at the port are larger every year and need deeper\n\
                 water at the quays than the old terminal has;\n\
                 2. the rail link is already in place and can carry twice the freight\n\
                 it carries today without any new track.";
        let got = texts(t);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[1].starts_with("1.") && got[2].starts_with("2."));
    }

    #[test]
    fn words_split_at_line_ends_are_joined() {
        let t = "The ministry said on Monday that the new deal would make the port an inter-\n\
                 national hub for grain, for cattle and for timber, and that its anti-\n\
                 fraud unit would grow by a third next year, as had been promised to the\n\
                 unions in the spring when the first talks about the harbour were held.";
        let blocks = layout(t);
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        let cut = split_words(t, &blocks, |w| w == "international");
        let mut n = crate::text::normalize(t);
        n.remove(&cut);
        assert!(n.text.contains("an international hub"), "{}", n.text);
        assert!(n.text.contains("its anti-fraud unit"), "{}", n.text);
        let mut moved = blocks.clone();
        shift(&mut moved, &cut);
        assert_eq!(moved[0].span, Span::new(0, n.text.len()));
    }

    /// A whole page as select-all and copy gives it (invented).
    const PAGE: &str = "Skip to main content\n\
        News | Sport | Weather | Business\n\
        Home\nWorld\nPolitics\nSign in\n\
        Harbour town votes to keep its ferry\n\
        By Lena Ortiz\n\
        The council of Port Elling voted on Monday to keep the island ferry running through the winter, \
        after a campaign by residents who said the service was their only link to the hospital on the mainland.\n\
        \"Without the boat we are cut off for months,\" said Tomas Berg, who led the campaign. \
        The vote was nine to four, and the council will pay for the extra crossings from its reserve fund.\n\
        The ferry company said it would need two more crew members to run the service in bad weather, \
        and that it had already begun to look for them in the region.\n\
        Share this article\n\
        Related stories\n\
        Bridge plan shelved again\n\
        Fishing quotas cut by a fifth\n\
        Most read\n\
        Copyright 2031 The Coast Courier. All rights reserved.\n\
        Privacy policy\nCookie policy";

    #[test]
    fn a_whole_page_keeps_its_article_and_sets_aside_the_rest() {
        let blocks = layout(PAGE);
        let article: Vec<&str> = blocks
            .iter()
            .filter(|b| !b.furniture)
            .map(|b| &PAGE[b.span.start..b.span.end])
            .collect();
        assert_eq!(article.len(), 3, "{article:#?}");
        assert!(article[0].starts_with("The council of Port Elling"));
        assert!(article[1].contains("said Tomas Berg"));
        assert!(article[2].starts_with("The ferry company"));
    }

    /// A numbered list that a sentence of the story introduces is part of it, though its
    /// items are as short as a menu's; a numbered box of most-read stories after the story,
    /// under a heading that is no sentence, is not (invented).
    #[test]
    fn a_list_the_story_introduces_is_kept_and_a_numbered_box_of_links_is_not() {
        let page = PAGE
            .replace(
                "The ferry company said",
                "The council listed the crossings that it will add this winter:\n\
                 1. Monday at dawn\n2. Wednesday at noon\n3. Friday at dusk\n4. Sunday evening\n\
                 The ferry company said",
            )
            .replace(
                "Most read\n",
                "Most read\n1. Bridge plan shelved again\n2. Fishing quotas cut\n3. School roof mended\n",
            );
        let blocks = layout(&page);
        let kept = |line: &str| {
            let b = blocks
                .iter()
                .find(|b| page[b.span.start..b.span.end].starts_with(line))
                .unwrap();
            !b.furniture
        };
        for line in [
            "The council listed",
            "1. Monday",
            "2. Wednesday",
            "4. Sunday",
            "The ferry company",
        ] {
            assert!(kept(line), "{line}");
        }
        for line in ["1. Bridge plan", "3. School roof", "Most read"] {
            assert!(!kept(line), "{line}");
        }
    }

    /// The paragraph of good prose right before the article's first stretch is its lede,
    /// whatever the classifier says of it: here a classifier that doubts paragraphs whose
    /// words are capitalised, as a wire lede's first words are (`DAN SHITTU and …`), and
    /// the headline's (invented).
    #[test]
    fn the_lede_before_the_stretch_is_kept_whatever_the_classifier_says() {
        let weight = |name: &str| match name {
            "bias" => -4.0,
            "good" => 8.0,
            "capitals" => -12.0,
            _ => 0.0,
        };
        let mut spec = String::new();
        for name in FEATURES {
            spec += &format!("stage1 {name} {}\n", weight(name));
        }
        for name in FEATURES.iter().chain(CONTEXT_FEATURES) {
            spec += &format!("stage2 {name} {}\n", weight(name));
        }
        let model = Model::parse(&spec).unwrap();
        let lede = PAGE.lines().find(|l| l.starts_with("The council")).unwrap();
        let capitalised: Vec<String> = lede
            .split(' ')
            .map(|w| w[..w.len().min(1)].to_uppercase() + &w[w.len().min(1)..])
            .collect();
        let page = PAGE.replace(lede, &capitalised.join(" "));
        let blocks = layout_with(&page, &model);
        let p = model.article_probability(&page, &blocks);
        let lede = blocks
            .iter()
            .position(|b| page[b.span.start..].starts_with("The Council Of"))
            .unwrap();
        assert!(p[lede] < MIN_ARTICLE_P, "{}", p[lede]);
        assert!(!blocks[lede].furniture);
        assert!(blocks[lede - 1].furniture, "the byline");
    }

    /// The classifier itself, before the stretches are read: the article's paragraphs are
    /// article text, the menus, share, teaser and legal lines around them are not (invented;
    /// a model fitted wrongly, or whose features drift from the trainer's, fails here).
    #[test]
    fn the_classifier_reads_paragraphs_as_article_and_page_lines_as_furniture() {
        let blocks = layout(PAGE);
        let p = Model::shipped().article_probability(PAGE, &blocks);
        for (b, p) in blocks.iter().zip(p) {
            let t = &PAGE[b.span.start..b.span.end];
            let paragraph = t.len() > 100;
            let headline_or_byline = t.starts_with("Harbour town") || t.starts_with("By ");
            if paragraph {
                assert!(p > 0.5, "{p:.2} {t}");
            } else if !headline_or_byline {
                assert!(p < 0.5, "{p:.2} {t}");
            }
        }
    }

    /// The readers' comments after an article are prose too, and may outweigh its last
    /// stretch; a box of related links between two of its paragraphs does not end it
    /// (invented).
    #[test]
    fn comments_after_the_article_are_set_aside_and_a_related_box_inside_it_is_not_an_end() {
        let comment = "I have taken that ferry every week for thirty years and I can tell you that             the council has never once asked the people who use it what they think of the timetable.";
        let page = PAGE.replace(
            "Share this article\n",
            &format!(
                "Related\nBridge plan shelved again\n\
                 The ferry will run twice a day until March, the council said, and the timetable \
                 for the spring will be agreed with the residents at a meeting in February.\n\
                 The island's two shops, its school and its doctor's surgery all depend on the \
                 crossing, and the residents' association said it would go on campaigning for a \
                 service that runs every day of the year, not only in the winter months.\n\
                 Share this article\nThere are 2 comments\nAnna K · March 3 at 9:12\n{comment}\n\
                 Reply\nPeter Lund · March 3 at 10:40\n{comment} {comment}\nReply\n"
            ),
        );
        let blocks = layout(&page);
        let article: Vec<&str> = blocks
            .iter()
            .filter(|b| !b.furniture)
            .map(|b| &page[b.span.start..b.span.end])
            .collect();
        assert!(
            article
                .iter()
                .any(|a| a.starts_with("The ferry will run twice")),
            "{article:#?}"
        );
        assert!(
            !article.iter().any(|a| a.starts_with("I have taken")),
            "{article:#?}"
        );
        assert!(is_comment_heading_lower("there are 13 comments"));
        assert!(is_comment_heading_lower("comments (4)"));
        assert!(!is_comment_heading_lower(
            "commentators said the vote was close."
        ));
        assert!(is_heading("Related stories", &ARTICLE_ENDERS));
        assert!(!is_heading(
            "Related: Bridge plan shelved again",
            &ARTICLE_ENDERS
        ));
        assert!(!is_heading(
            "Related to this, the council said it would wait.",
            &ARTICLE_ENDERS
        ));
    }

    #[test]
    fn an_article_pasted_alone_loses_nothing() {
        // Titles, datelines, captions and short paragraphs of a clean article are all kept:
        // without page-only lines (menus, share and legal lines) nothing is furniture.
        let t = "Harbour town votes to keep its ferry\n\nMonday, March 3, 2031\n\n\
                 The council of Port Elling voted on Monday to keep the island ferry running.\n\n\
                 The ferry at the quay. Image: Lena Ortiz.\n\n\
                 \"We are cut off without it,\" said Tomas Berg.\n\nSources\n\n\
                 \"Ferry saved\" - The Coast Courier, March 3, 2031\n\nIn brief\n\nMore later.";
        assert!(layout(t).iter().all(|b| !b.furniture));
    }

    /// Two paragraphs of an invented article, for the page tests below.
    const FERRY: &str = "The council of Port Elling voted on Monday to keep the island ferry \
        running for another year, after a long debate in which the mayor and most of the \
        councillors said the island could not do without it.\n\
        The ferry company said it would need two more crew members to run the service in bad \
        weather, and that it was already looking for them.\n";

    /// A page whose menus no phrase names, with one page-only line: its labels far outnumber
    /// its prose, so it is read as a page; the same article with a long list in it and no
    /// page-only line keeps every line (invented).
    #[test]
    fn a_page_of_labels_with_one_page_only_line_is_a_page() {
        let menu: String = (1..=24).map(|i| format!("Section {i} stories\n")).collect();
        let body = FERRY;
        let page = format!(
            "{menu}Ferry saved for a year\n{body}Copyright 2031 The Coast Courier.\n{menu}"
        );
        let blocks = layout(&page);
        let kept: Vec<&str> = blocks
            .iter()
            .filter(|b| !b.furniture)
            .map(|b| &page[b.span.start..b.span.end])
            .collect();
        assert!(kept.iter().all(|k| !k.starts_with("Section")), "{kept:#?}");
        assert!(
            kept.iter().any(|k| k.starts_with("The ferry company")),
            "{kept:#?}"
        );
        // Without the copyright line it is an article with a long list: nothing is furniture.
        let article = page.replace("Copyright 2031 The Coast Courier.\n", "");
        assert!(layout(&article).iter().all(|b| !b.furniture));
    }

    #[test]
    fn share_follow_and_account_lines_are_page_only_lines() {
        // An article copied with the buttons around it (too few blocks to be a whole page):
        // only its page-only lines are set aside, and these are.
        let body = FERRY;
        let text = format!(
            "My account\nFerry saved for a year\nFacebook Twitter WhatsApp\n{body}Back to top\n\
             Get the app\n"
        );
        let furniture: Vec<&str> = layout(&text)
            .iter()
            .map(|b| (b.furniture, &text[b.span.start..b.span.end]))
            .filter(|(f, t)| {
                let page_only = [
                    "My account",
                    "Facebook Twitter WhatsApp",
                    "Back to top",
                    "Get the app",
                ];
                *f != page_only.contains(t)
            })
            .map(|(_, t)| t)
            .collect();
        assert!(furniture.is_empty(), "misread: {furniture:#?}");
    }

    #[test]
    fn furniture_is_set_aside() {
        let t = "• Home\n• News\nTitle here\n\nBody text. More.\n\nLeave a Reply\n\nYour email address will not be published.";
        let f: Vec<bool> = layout(t).iter().map(|b| b.furniture).collect();
        assert_eq!(f, vec![true, true, false, false, true, true]);
    }
}
