//! Quotation marks: which open and which close, paired into direct quotes (straight, curly and guillemets; nested; broken across paragraphs; a lost opening mark).

use super::*;

pub(super) fn is_open(c: char) -> bool {
    matches!(c, '“' | '«' | '„' | '「' | '『' | '‘' | '‹')
}

pub(super) fn is_close(c: char) -> bool {
    matches!(c, '”' | '»' | '」' | '』' | '’' | '›')
}

pub(super) fn is_straight(c: char) -> bool {
    c == '"'
}

/// Direction of one quotation mark in context.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Dir {
    Open,
    Close,
    Either,
}

pub(super) struct Mark {
    pub(super) pos: usize,
    pub(super) len: usize,
    pub(super) dir: Dir,
    pub(super) single: bool,
}

pub(super) fn marks_in(text: &str, span: Span) -> Vec<Mark> {
    let s = &text[span.start..span.end];
    let mut v = vec![];
    let mut prev: Option<char> = None;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let next = it.peek().map(|&(_, c)| c);
        let ws_before = prev
            .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | ':'));
        let ws_after = next.is_none_or(|n| {
            n.is_whitespace()
                || matches!(n, ')' | ']' | ',' | '.' | ';' | ':' | '!' | '?' | '—' | '–')
        });
        let single = matches!(c, '‘' | '’' | '‹' | '›' | '\'');
        let dir = if is_straight(c) && follows_cue(&text[..span.start + i]) {
            // `Wilkins said," [Warhol] liked …`: after a reporting verb a mark opens.
            Some(Dir::Open)
        } else if c == '\'' {
            // A straight single quote is a quote mark only after a reporting verb
            // (`says, 'Hey Frank'`) or when it closes one (see `pair_marks`).
            // (or when it opens the paragraph before a word: `'We will not wait,' she said.`,
            // as British copy pasted as plain text writes it)
            let opens_paragraph = prev.is_none_or(|p| p == '\n');
            if (follows_cue(&text[..span.start + i]) || opens_paragraph)
                && next.is_some_and(char::is_alphabetic)
            {
                Some(Dir::Open)
            } else if ws_after
                && !ws_before
                && prev.is_some_and(|p| matches!(p, '.' | ',' | '!' | '?'))
            {
                Some(Dir::Close)
            } else {
                None
            }
        } else if is_straight(c) {
            match (ws_before, ws_after) {
                (true, false) => Some(Dir::Open),
                (false, true) => Some(Dir::Close),
                _ => Some(Dir::Either),
            }
        } else if c == '’' {
            // An apostrophe (`don’t`, `members’`) is not a closing mark unless it ends a quote.
            if prev.is_some_and(char::is_alphanumeric)
                && (next.is_some_and(char::is_alphanumeric) || prev.is_some_and(|p| p == 's'))
            {
                None
            } else if ws_after {
                Some(Dir::Close)
            } else {
                None
            }
        } else if c == '‘' {
            if ws_before || prev.is_some_and(|p| is_open(p) || p == '"') {
                Some(Dir::Open)
            } else {
                None
            }
        } else if c == '“' {
            // `„…“` closes with `“`; elsewhere `“` opens.
            Some(if ws_after && !ws_before {
                Dir::Either
            } else {
                Dir::Open
            })
        } else if c == '»' {
            // `»…«` (German, Danish) opens with `»` when a letter follows and a space precedes.
            Some(if ws_before && !ws_after {
                Dir::Either
            } else {
                Dir::Close
            })
        } else if c == '«' {
            Some(if ws_after && !ws_before {
                Dir::Either
            } else {
                Dir::Open
            })
        } else if is_open(c) {
            Some(Dir::Open)
        } else if is_close(c) {
            Some(Dir::Close)
        } else {
            None
        };
        if let Some(dir) = dir {
            v.push(Mark {
                pos: span.start + i,
                len: c.len_utf8(),
                dir,
                single,
            });
        }
        prev = Some(c);
    }
    v
}

/// A raw quoted stretch before filtering: content span and whether its opening mark was lost.
pub(super) struct Raw {
    pub(super) content: Span,
    pub(super) lost_open: bool,
    pub(super) unclosed: bool,
}

pub(super) fn pair_marks(text: &str, doc: &Doc) -> Vec<Raw> {
    let mut out = vec![];
    // An open double quote carried across paragraphs: (content start).
    let mut open: Option<usize> = None;
    // Whether that mark was unambiguously an opening one (`“`, or `"` before a word).
    let mut open_clear = false;
    let article: Vec<Span> = doc
        .paragraphs
        .iter()
        .filter(|p| !p.furniture)
        .map(|p| p.span)
        .collect();
    for (k, &p) in article.iter().enumerate() {
        let marks = marks_in(text, p);
        let mut single_open: Option<usize> = None;
        for (mi, m) in marks.iter().enumerate() {
            if m.single {
                // Single marks: a quote of their own only outside double quotes.
                if open.is_some() {
                    continue;
                }
                match (m.dir, single_open) {
                    (Dir::Open, _) => single_open = Some(m.pos + m.len),
                    (Dir::Close, Some(s)) => {
                        out.push(Raw {
                            content: Span::new(s, m.pos),
                            lost_open: false,
                            unclosed: false,
                        });
                        single_open = None;
                    }
                    _ => {}
                }
                continue;
            }
            let at_para_start = text[p.start..m.pos].trim().is_empty();
            match (open, m.dir) {
                (None, Dir::Open) | (None, Dir::Either) => {
                    // A closing-looking `Either` with nothing open and no more marks in the
                    // paragraph is a closing mark whose opening was lost.
                    let more = marks[mi + 1..].iter().any(|x| !x.single);
                    if m.dir == Dir::Either && !more && !at_para_start && !ws_before(text, m.pos) {
                        out.extend(lost_opening(text, p, m.pos));
                    } else {
                        open = Some(m.pos + m.len);
                        open_clear = m.dir == Dir::Open;
                    }
                }
                (Some(s), Dir::Open) => {
                    if at_para_start && s < p.start {
                        // Multi-paragraph quote: the opening mark repeats at each paragraph.
                        continue;
                    }
                    // The earlier mark never closed: keep what it held up to here if it is
                    // a sentence, then start again.
                    if s < p.start && open_clear {
                        out.push(Raw {
                            content: Span::new(s, end_of_para_before(&article, k, s)),
                            lost_open: false,
                            unclosed: true,
                        });
                    }
                    open = Some(m.pos + m.len);
                    open_clear = true;
                }
                (Some(s), Dir::Close) | (Some(s), Dir::Either) => {
                    out.push(Raw {
                        content: Span::new(s, m.pos),
                        lost_open: false,
                        unclosed: false,
                    });
                    open = None;
                }
                (None, Dir::Close) => out.extend(lost_opening(text, p, m.pos)),
            }
        }
        // Does the quote continue into the next paragraph?
        if let Some(s) = open {
            let next_opens = article.get(k + 1).is_some_and(|n| {
                let first = text[n.start..n.end].chars().next();
                first.is_some_and(|c| is_open(c) || c == '"')
            });
            // A quote whose next paragraph lost its opening mark but closes: it continues.
            let next_closes = article.get(k + 1).is_some_and(|&n| {
                marks_in(text, n)
                    .iter()
                    .find(|x| !x.single)
                    .is_some_and(|x| {
                        x.dir == Dir::Close || (x.dir == Dir::Either && !ws_before(text, x.pos))
                    })
            });
            if !next_opens && !next_closes {
                // A quote left open at the end of its paragraph counts only when its mark
                // clearly opened one; a stray `"` before `)` or after a word does not.
                let starts_word = text[s..p.end]
                    .trim_start()
                    .starts_with(|c: char| c.is_alphanumeric());
                if open_clear && starts_word {
                    out.push(Raw {
                        content: Span::new(s, p.end),
                        lost_open: false,
                        unclosed: true,
                    });
                }
                open = None;
            }
        }
    }
    out
}

/// Only quotation marks and spaces between `from` and `to`.
pub(super) fn text_before_is_blank(text: &str, from: usize, to: usize) -> bool {
    from <= to
        && text[from..to]
            .chars()
            .all(|c| c.is_whitespace() || is_open(c) || c == '"')
}

pub(super) fn ws_before(text: &str, pos: usize) -> bool {
    text[..pos]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace)
}

pub(super) fn end_of_para_before(article: &[Span], k: usize, s: usize) -> usize {
    article[..k]
        .iter()
        .rev()
        .find(|p| p.start <= s)
        .map_or(s, |p| p.end)
}

/// A closing mark with no opening one: the quote starts after `said:` (or a colon) earlier in
/// the paragraph, else at the paragraph start.
pub(super) fn lost_opening(text: &str, p: Span, close: usize) -> Option<Raw> {
    // Only after `said:` (a reporting verb within four words before a colon): elsewhere a
    // lone closing mark is too often a stray or a mark lost around a title.
    let before = &text[p.start..close];
    let colon = before.rfind(':')?;
    let lead: Vec<&str> = before[..colon].split_whitespace().rev().take(4).collect();
    if !lead
        .iter()
        .any(|w| CUE_VERBS.contains(lower(w.trim_matches(|c: char| !c.is_alphanumeric())).as_str()))
    {
        return None;
    }
    Some(Raw {
        content: Span::new(p.start + colon + 1, close),
        lost_open: true,
        unclosed: false,
    })
}

pub(super) fn trim_span(text: &str, mut s: Span) -> Span {
    let t = &text[s.start..s.end];
    let lead = t.len() - t.trim_start().len();
    let trail = t.len() - t.trim_end().len();
    s.start += lead;
    s.end -= trail;
    if s.end < s.start {
        s.end = s.start;
    }
    s
}
