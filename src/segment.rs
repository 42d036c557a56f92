//! The **segment** stage: paragraphs, sentences and tokens, with page furniture set aside.
//!
//! ## What it detects
//! - Paragraphs: the blocks of the [`layout`](crate::layout) stage (lines, or wrapped lines
//!   joined), furniture kept aside.
//! - Sentences: split after `.`, `!`, `?` and `…` (and any closing quotes or brackets after
//!   them), but not after abbreviations (`Mr.`, `Inc.`, `Jan.`), initials (`J. K.`) or dotted
//!   acronyms (`U.S.`). A paragraph that breaks off mid-sentence (it ends in `of`, `the`, a
//!   comma…) continues into the next one, as machine-translated text often does.
//! - Tokens: words (with inner apostrophes, hyphens and dots: `it's`, `anti-fake`, `U.S.`),
//!   numbers (`1,000`, `3.5`), and single punctuation characters.
//! - Headlines: a short paragraph without final punctuation, followed by more text.
//!
//! ## Known misses
//! A sentence that ends with an abbreviation (`… at Acme Inc. The next day`) is not split.
//!
//! ## Example
//! ```
//! let d = newsmark::segment::segment("Mr. Smith went to Washington. He said so.");
//! assert_eq!(d.sentences.len(), 2);
//! ```

use crate::layout::Block;
use crate::text::Span;
use crate::words::{ABBREV, DANGLING};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// Letters (maybe with digits, inner `'`, `-`, `.`).
    Word,
    /// Digits (maybe with inner `,`, `.`, `:`).
    Number,
    /// One character that is neither.
    Punct,
}

/// One token.
#[derive(Clone, Copy, Debug)]
pub struct Token {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub kind: TokKind,
    /// The first character (for punctuation, the character itself).
    pub first: char,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// Two or more letters, all upper case.
    pub all_caps: bool,
    /// Contains a digit.
    pub digit: bool,
    /// Whitespace comes right before it.
    pub space_before: bool,
}

/// One sentence: a run of tokens.
#[derive(Clone, Debug)]
pub struct Sentence {
    /// From its first token to its last.
    pub span: Span,
    /// Indices into [`Doc::tokens`].
    pub tokens: std::ops::Range<usize>,
    /// The paragraph it starts in.
    pub para: usize,
}

/// One paragraph: a block of the layout stage.
#[derive(Clone, Debug)]
pub struct Paragraph {
    /// The block without its surrounding whitespace.
    pub span: Span,
    /// Navigation, comment form, share line…: not article text.
    pub furniture: bool,
    /// A short line without final punctuation, followed by more text.
    pub headline: bool,
}

/// The segmented text.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    /// All tokens of article paragraphs, in order.
    pub tokens: Vec<Token>,
    /// Sentences of article paragraphs, in order.
    pub sentences: Vec<Sentence>,
    /// Every block, furniture included.
    pub paragraphs: Vec<Paragraph>,
    /// For each token, its sentence.
    pub sent_of: Vec<u32>,
    /// Every token lower-cased, one after another (see [`Doc::lower`]).
    lower: String,
    /// Where each token's lower-cased form starts in `lower`, and one more entry for the end.
    lower_at: Vec<u32>,
}

impl Doc {
    /// The text of token `i`.
    pub fn tok<'a>(&self, text: &'a str, i: usize) -> &'a str {
        let s = self.tokens[i].span;
        &text[s.start..s.end]
    }

    /// Token `i` lower-cased (`str::to_lowercase`), made once per document: the detectors
    /// compare tokens with their word lists in lower case hundreds of thousands of times on a
    /// long text, and lower-casing each time allocated a string each time.
    pub fn lower(&self, i: usize) -> &str {
        &self.lower[self.lower_at[i] as usize..self.lower_at[i + 1] as usize]
    }

    /// Fills the lower-cased forms of [`Doc::lower`] once the tokens are final.
    fn lower_tokens(&mut self, text: &str) {
        self.lower.clear();
        self.lower_at.clear();
        self.lower_at.reserve(self.tokens.len() + 1);
        for t in &self.tokens {
            self.lower_at.push(self.lower.len() as u32);
            let w = &text[t.span.start..t.span.end];
            if w.is_ascii() {
                self.lower
                    .extend(w.bytes().map(|b| b.to_ascii_lowercase() as char));
            } else {
                self.lower.push_str(&w.to_lowercase());
            }
        }
        self.lower_at.push(self.lower.len() as u32);
    }
}

/// Splits `text` into tokens (appending to `out`).
fn tokenize(text: &str, span: Span, out: &mut Vec<Token>) {
    let s = &text[span.start..span.end];
    let b = s.as_bytes();
    let mut it = s.char_indices().peekable();
    let mut space_before = true;
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            space_before = true;
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        let kind;
        if c.is_alphanumeric() {
            let numeric_start = c.is_ascii_digit();
            let mut all_digits = numeric_start;
            let mut seg_len = 1usize; // characters since the start or the last inner dot
            let mut dotted = false;
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphanumeric() || is_mark(d) {
                    if !d.is_ascii_digit() {
                        all_digits = false;
                    }
                    seg_len += 1;
                    end = j + d.len_utf8();
                    it.next();
                    continue;
                }
                // Inner punctuation continues the word when a letter or digit follows.
                let next_alnum = s[j + d.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
                let joins = match d {
                    '\'' | '-' | '&' => next_alnum && !(d == '&' && seg_len > 4),
                    '.' => next_alnum && (seg_len == 1 || all_digits),
                    ',' | ':' => {
                        all_digits
                            && s[j + 1..]
                                .chars()
                                .next()
                                .is_some_and(|x| x.is_ascii_digit())
                    }
                    _ => false,
                };
                if !joins {
                    break;
                }
                if d == '.' && !all_digits {
                    dotted = true;
                }
                seg_len = if d == '.' { 0 } else { seg_len + 1 };
                end = j + 1;
                it.next();
            }
            // A dotted acronym keeps its final dot: `U.S.`
            if dotted && b.get(end) == Some(&b'.') {
                end += 1;
                it.next();
            }
            kind = if all_digits {
                TokKind::Number
            } else {
                TokKind::Word
            };
        } else {
            kind = TokKind::Punct;
        }
        let t = &s[start..end];
        let letters = t.chars().filter(|c| c.is_alphabetic()).count();
        out.push(Token {
            span: Span::new(span.start + start, span.start + end),
            kind,
            first: c,
            cap: c.is_uppercase(),
            all_caps: letters >= 2 && t.chars().all(|c| !c.is_lowercase()),
            digit: t.bytes().any(|x| x.is_ascii_digit()),
            space_before,
        });
        space_before = false;
    }
}

fn is_mark(c: char) -> bool {
    // Combining marks continue a word (decomposed accents: "e\u{301}").
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '」' | '』' | ')' | ']' | '“'
    )
}

/// The **segment** stage on the blocks of the [`layout`](crate::layout) stage.
pub fn segment(text: &str) -> Doc {
    segment_blocks(text, &crate::layout::layout(text))
}

/// The **segment** stage: each block of `blocks` a paragraph; furniture is kept as a paragraph
/// but not tokenized.
pub fn segment_blocks(text: &str, blocks: &[Block]) -> Doc {
    let mut doc = Doc {
        paragraphs: blocks
            .iter()
            .map(|b| Paragraph {
                span: b.span,
                furniture: b.furniture,
                headline: false,
            })
            .collect(),
        ..Doc::default()
    };

    let mut pending_continue = false;
    for (pi, p) in doc.paragraphs.iter().enumerate() {
        if p.furniture {
            pending_continue = false;
            continue;
        }
        let first_tok = doc.tokens.len();
        tokenize(text, p.span, &mut doc.tokens);
        let toks = first_tok..doc.tokens.len();
        let mut start = toks.start;
        let mut i = toks.start;
        while i < toks.end {
            let t = doc.tokens[i];
            let mut end_here = false;
            let mut last = i;
            if t.kind == TokKind::Punct && matches!(t.first, '.' | '!' | '?' | '…') {
                // Swallow further terminal marks and closing quotes/brackets.
                while last + 1 < toks.end
                    && doc.tokens[last + 1].kind == TokKind::Punct
                    && !doc.tokens[last + 1].space_before
                    && (matches!(doc.tokens[last + 1].first, '.' | '!' | '?' | '…')
                        || is_closer(doc.tokens[last + 1].first))
                {
                    last += 1;
                }
                end_here = true;
                if t.first == '.' && i > toks.start {
                    let prev = doc.tokens[i - 1];
                    let w = &text[prev.span.start..prev.span.end];
                    if prev.kind == TokKind::Word && prev.span.end == t.span.start {
                        let lw = w.to_lowercase();
                        let initial = w.chars().count() == 1 && prev.cap;
                        if ABBREV.contains(lw.as_str()) || initial {
                            end_here = false;
                        }
                    }
                }
                if last + 1 < toks.end {
                    let n = doc.tokens[last + 1];
                    if !n.space_before {
                        end_here = false;
                    }
                }
            } else if t.kind == TokKind::Word
                && text[t.span.start..t.span.end].ends_with('.')
                && i + 1 < toks.end
            {
                // `U.S.` then a capitalised common sentence opener rarely happens; keep going.
            }
            if end_here || last + 1 == toks.end {
                let tr = start..last + 1;
                if pending_continue && !doc.sentences.is_empty() && start == toks.start {
                    let s = doc.sentences.last_mut().unwrap();
                    s.tokens.end = tr.end;
                    s.span.end = doc.tokens[tr.end - 1].span.end;
                } else {
                    doc.sentences.push(Sentence {
                        span: Span::new(
                            doc.tokens[tr.start].span.start,
                            doc.tokens[tr.end - 1].span.end,
                        ),
                        tokens: tr,
                        para: pi,
                    });
                }
                start = last + 1;
            }
            i = last + 1;
        }
        // Does this paragraph break off mid-sentence?
        pending_continue = false;
        if toks.end > toks.start {
            let lt = doc.tokens[toks.end - 1];
            let lw = text[lt.span.start..lt.span.end].to_lowercase();
            pending_continue =
                lt.first == ',' || (lt.kind == TokKind::Word && DANGLING.contains(lw.as_str()));
        }
    }
    // Headlines: short article lines without final punctuation.
    for si in 0..doc.sentences.len() {
        let s = &doc.sentences[si];
        let p = &doc.paragraphs[s.para];
        if s.span != p.span {
            continue;
        }
        let last = doc.tokens[s.tokens.end - 1];
        let words = s
            .tokens
            .clone()
            .filter(|&i| doc.tokens[i].kind == TokKind::Word)
            .count();
        // (an abbreviation's dot ends a sentence too: `… at about 9 p.m.`)
        let abbreviation =
            last.kind == TokKind::Word && text[last.span.start..last.span.end].ends_with('.');
        let final_mark = last.kind == TokKind::Punct
            && matches!(
                last.first,
                '.' | '!' | '?' | '…' | '"' | '”' | ':' | '»' | '’' | ')' | ';'
            );
        let ends_open = !(abbreviation || final_mark);
        if ends_open && words <= 20 && si + 1 < doc.sentences.len() {
            doc.paragraphs[s.para].headline = true;
        }
    }
    doc.sent_of = vec![0; doc.tokens.len()];
    for (si, s) in doc.sentences.iter().enumerate() {
        for t in s.tokens.clone() {
            doc.sent_of[t] = si as u32;
        }
    }
    doc.lower_tokens(text);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(t: &str) -> Vec<String> {
        let d = segment(t);
        d.sentences
            .iter()
            .map(|s| t[s.span.start..s.span.end].to_string())
            .collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sents("Mr. J. K. Smith of the U.S. Navy met Dr. Lee on Jan. 5. It rained."),
            vec![
                "Mr. J. K. Smith of the U.S. Navy met Dr. Lee on Jan. 5.",
                "It rained."
            ]
        );
    }

    #[test]
    fn quotes_close_sentences() {
        assert_eq!(
            sents("He said \"Go.\" She left!"),
            vec!["He said \"Go.\"", "She left!"]
        );
    }

    #[test]
    fn dangling_paragraph_continues() {
        let t = "Bacchesi, President of\n\nIACC, said so. Next one.";
        assert_eq!(
            sents(t),
            vec!["Bacchesi, President of\n\nIACC, said so.", "Next one."]
        );
    }

    #[test]
    fn short_unpunctuated_line_before_text_is_a_headline() {
        let d = segment("Title here\n\nBody text. More.");
        assert!(d.paragraphs[0].headline && !d.paragraphs[1].headline);
    }

    #[test]
    fn a_paragraph_ending_in_an_abbreviation_is_no_headline() {
        let d = segment("Police said the fire started at about 9 p.m.\n\nNobody was hurt.");
        assert!(!d.paragraphs[0].headline);
    }

    #[test]
    fn tokens_keep_inner_marks() {
        let t = "It's anti-fake, 1,000.5 U.S. e\u{301}t\u{e9}";
        let d = segment(t);
        let toks: Vec<&str> = (0..d.tokens.len()).map(|i| d.tok(t, i)).collect();
        assert_eq!(
            toks,
            vec![
                "It's",
                "anti-fake",
                ",",
                "1,000.5",
                "U.S.",
                "e\u{301}t\u{e9}"
            ]
        );
    }
}
