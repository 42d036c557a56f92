//! The **detect** stage for names: people and organizations.
//!
//! ## What it detects
//! A statistical sequence tagger ([`tagger`]: an averaged perceptron with Viterbi decoding over
//! BIO tags for people, organizations, places and other names, over the hashed [`features`] of
//! each token) marks the names; places and other names are learnt only to keep them out of the
//! two classes shown. Its spans are then trimmed to the guidelines: no title before a person
//! (`President`, `Mr.`), no leading `the`, no possessive `'s`; a dot stays after initials and
//! abbreviations (`Inc.`, `Jr.`). Then document-level passes:
//! - what is named like a person or an organization but is neither is taken out: storms and
//!   craft (`Cyclone Phailin`, `Space Shuttle Atlantis`, and the name alone after it),
//!   facilities and venues (`… Airport`, `Adler Planetarium`), places (`Seattle, Washington`,
//!   `Governor of Washington`, `the town of Coleman`, `North Korea`, and an acronym of a place:
//!   `Kennedy Space Center (KSC)`), nationalities and religious, ethnic or party groups
//!   (`Kenyan`, `Shiite`, `Republicans`), letters after a name (`QC`), party tags (`R-Texas`),
//!   names inside a longer name of a study, a prize or a system (`… Nutrition Study`), a word
//!   opening a sentence that the article also writes in lower case (`Homeopathy`);
//! - the sides of a match score in a sports report are teams, so organizations (`Sweden 1 – 0
//!   Korea Republic`), and a city's newspaper is one (`Edmonton Sun`);
//! - a name right after an organization cue noun (`the fashion brand Mike · Kors`) is an
//!   organization;
//! - the same name gets one kind throughout the article (the kind the tagger is surest of);
//! - alternate forms in parentheses (`Bacchesi Luo (Robert Barchiesi)`) are linked and share
//!   a kind;
//! - a descriptive name tied to an acronym is an organization, in lower case too
//!   (`the international anti fake alliance (hereinafter referred to as "IACC")`);
//! - every other occurrence of a found name and of a well-known organization (`data/orgs.txt`)
//!   is a mention too (a person's surname or first name alone is found by the tagger's second
//!   stage, which reads how the same word was tagged elsewhere in the article).
//!
//! ## Known misses
//! Names written all in lower case are rarely found; a single unknown word at the start of a
//! sentence is judged on its context alone unless the document uses it elsewhere; a brand
//! named after a person (`Mike · Kors`) needs a cue such as `the fashion brand`.
//!
//! ## Example
//! ```
//! let a = newsmark::Annotator::new();
//! let r = a.annotate("Shares of Acme Inc. rose after Jane Smith spoke.");
//! let names: Vec<&str> = r.annotations.iter().filter(|x| x.kind.is_name()).map(|x| x.text.as_str()).collect();
//! assert_eq!(names, vec!["Acme Inc.", "Jane Smith"]);
//! ```

pub mod features;
pub mod tagger;

pub use tagger::{ModelError, Tagger};

use crate::lexicon::Lexicon;
use crate::segment::{Doc, TokKind};
use crate::text::Span;
use crate::words::{
    List, AREA_HEADS, COMPANY_HEADS, CRAFT_WORDS, CRAFT_WORDS_CAPITALISED, DESCRIPTIVE_HEADS,
    EVENT_HEADS, FACILITY_HEADS, GROUP_WORDS, IRREGULAR_DEMONYMS, NEWSPAPER_WORDS,
    NOT_ORG_CUE_BEFORE, NOT_TEAM_PLURALS, ORG_CUE_NOUNS, ORG_HEADS, PARTICLES, PETS, PLACE_NOUNS,
    PLACE_OF, POSTNOMINALS, RESULT_VERBS, SPORT_WORDS, TITLES, VENUE_HEADS, WEEKDAYS,
};
use features::{strip_poss, Class, N_TAGS};
use std::collections::{HashMap, HashSet};

/// The kind of a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// A person.
    Person,
    /// An organization.
    Org,
}

/// One name mention found in the text.
#[derive(Clone, Debug)]
pub struct NameMention {
    /// Where it is (normalized text).
    pub span: Span,
    /// Person or organization.
    pub kind: NameKind,
    /// Index of a mention this one is an alternate form of (`X (Y)`, acronym and long form).
    pub alias_of: Option<usize>,
    /// The sentence it is in.
    pub sentence: usize,
    /// How sure the detector is of `kind`.
    pub sureness: Sureness,
}

/// How sure the names detector is of a mention's kind, where two mentions of one name
/// disagree.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sureness {
    /// The tagger's mean score margin of organization over person on the mention's tokens.
    Tagger(f32),
    /// A rule settled the kind (a known organization, a cue, a team, a display name).
    Decided(NameKind),
}

/// The vote of a decided mention: more than the tagger's margins over any article add up to,
/// so that one decided mention settles the kind of every mention of its name.
const DECIDED_VOTE: f32 = 1000.0;

impl Sureness {
    /// For organization, against person: the tagger's margin, or a decided vote.
    pub fn org_vote(self) -> f32 {
        match self {
            Sureness::Tagger(m) => m,
            Sureness::Decided(NameKind::Org) => DECIDED_VOTE,
            Sureness::Decided(NameKind::Person) => -DECIDED_VOTE,
        }
    }
}

fn lc(s: &str) -> String {
    s.to_lowercase()
}

fn in_list(list: &List, w: &str) -> bool {
    list.contains(w)
}

/// Is `w` (as written) a common word rather than a name part?
fn common_word(lx: &Lexicon, w: &str) -> bool {
    lx.lower_count(&lc(w)) >= 30
}

fn is_initial(w: &str) -> bool {
    let mut c = w.chars();
    matches!((c.next(), c.next()), (Some(x), None) if x.is_uppercase())
}

/// Abbreviations whose dot belongs to the name.
fn keeps_dot(lx: &Lexicon, w: &str) -> bool {
    let l = lc(w);
    is_initial(w)
        || matches!(
            l.as_str(),
            "jr" | "sr"
                | "inc"
                | "corp"
                | "ltd"
                | "co"
                | "bros"
                | "st"
                | "cie"
                | "mfg"
                | "intl"
                | "assn"
                | "dept"
                | "univ"
                | "no"
        )
        || lx.is_legal_form(&l)
}

/// Runs the names detector over the segmented document.
pub fn detect(text: &str, doc: &Doc, lx: &Lexicon, model: &Tagger) -> Vec<NameMention> {
    let tagged = model.tag(text, doc, lx);
    let mut out: Vec<NameMention> = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        let mut i = s.tokens.start;
        while i < s.tokens.end {
            let c = Class::of(tagged.tags[i]);
            if c == Class::Outside {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < s.tokens.end && tagged.tags[j] as usize == c.inside() {
                j += 1;
            }
            // A spaced dash never sits inside a name (`SEOUL - Samsung Electronics`), nor does
            // a bracket (`[George W.] Bush`, an editor's insertion).
            let mut pieces = vec![];
            let mut from = i;
            for k in i..=j {
                let dash = k < j && {
                    let t = doc.tokens[k];
                    t.kind == TokKind::Punct
                        && (matches!(t.first, '[' | ']' | '(' | ')')
                            || (matches!(t.first, '-' | '–' | '—')
                                && t.space_before
                                && doc.tokens.get(k + 1).is_some_and(|n| n.space_before)))
                };
                if k == j || dash {
                    if from < k {
                        if c == Class::Person {
                            pieces.extend(split_people(text, doc, lx, from, k));
                        } else {
                            pieces.push((from, k));
                        }
                    }
                    from = k + 1;
                }
            }
            for (pi, pj) in pieces
                .into_iter()
                .filter(|_| matches!(c, Class::Person | Class::Org))
            {
                let kind = if c == Class::Person {
                    NameKind::Person
                } else {
                    NameKind::Org
                };
                if let Some((span, a, b)) = trim_span(text, doc, lx, pi, pj, s.tokens.end, kind) {
                    let mut m = Sureness::Tagger(
                        (a..b).map(|t| org_margin(&tagged.scores[t])).sum::<f32>() / (b - a) as f32,
                    );
                    // A well-known organization (data/orgs.txt) is one, whatever its words suggest.
                    let kind = if lx.is_known_org(&text[span.start..span.end]) {
                        m = Sureness::Decided(NameKind::Org);
                        NameKind::Org
                    } else {
                        kind
                    };
                    out.push(NameMention {
                        span,
                        kind,
                        alias_of: None,
                        sentence: si,
                        sureness: m,
                    });
                }
            }
            i = j;
        }
    }
    cue_orgs(text, doc, &tagged.tags, &mut out);
    display_names(text, doc, lx, &mut out);
    not_names(text, doc, lx, &tagged.tags, &mut out);
    teams(text, doc, lx, &mut out);
    org_cues(text, doc, &mut out);
    one_kind_per_surface(text, &mut out);
    single_words_follow_full_names(text, &mut out);
    link_parenthesised(text, &mut out);
    propagate(text, doc, lx, &mut out);
    descriptive_aliases(text, doc, &mut out);
    // Sort by position (leaving out mentions emptied by `propagate`) and renumber the alias
    // links to match.
    let mut order: Vec<usize> = (0..out.len())
        .filter(|&i| !out[i].span.is_empty())
        .collect();
    order.sort_by_key(|&i| (out[i].span.start, out[i].span.end));
    let mut new_index = vec![None; out.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = Some(new);
    }
    let mut sorted: Vec<NameMention> = order.iter().map(|&i| out[i].clone()).collect();
    for m in &mut sorted {
        m.alias_of = m.alias_of.and_then(|a| new_index[a]);
    }
    sorted
}

/// A capitalised run of two words or more that the tagger left untagged, ending in a company's
/// head word, is an organization (a net under the tagger, which weighs the same cue).
fn cue_orgs(text: &str, doc: &Doc, tags: &[u8], out: &mut Vec<NameMention>) {
    let cap = |t: usize| doc.tokens[t].kind == TokKind::Word && doc.tokens[t].cap;
    let mut added = vec![];
    for s in doc.sentences.iter() {
        let mut i = s.tokens.start;
        while i < s.tokens.end {
            if !cap(i) || tags[i] != 0 || doc.tok(text, i) == "The" {
                i += 1;
                continue;
            }
            // Words, with `&` between two of them.
            let mut j = i;
            let mut words = 0;
            while j < s.tokens.end && tags[j] == 0 {
                if cap(j) {
                    words += 1;
                    j += 1;
                } else if doc.tokens[j].first == '&' && j + 1 < s.tokens.end && cap(j + 1) {
                    j += 1;
                } else {
                    break;
                }
            }
            // A place read as such just before belongs to the company's name (`Korea
            // Investment & Securities`).
            let mut a = i;
            while a > s.tokens.start && cap(a - 1) && Class::of(tags[a - 1]) == Class::Place {
                a -= 1;
            }
            if words + (i - a) >= 2 && COMPANY_HEADS.contains(lc(doc.tok(text, j - 1)).as_str()) {
                added.push((
                    Span::new(doc.tokens[a].span.start, doc.tokens[j - 1].span.end),
                    doc.sent_of[i] as usize,
                ));
            }
            i = j.max(i + 1);
        }
    }
    if added.is_empty() {
        return;
    }
    for (span, sentence) in added {
        out.push(NameMention {
            span,
            kind: NameKind::Org,
            alias_of: None,
            sentence,
            sureness: Sureness::Decided(NameKind::Org),
        });
    }
    out_sort(out);
}

/// Sorts mentions by position (stable: mentions with one span keep their order).
fn out_sort(out: &mut [NameMention]) {
    out.sort_by_key(|m| (m.span.start, m.span.end));
}

/// An e-mail display name, `"Townsend, George" <gt@example.com>`: surname, comma, first name
/// inside quotes is one person.
fn display_names(text: &str, doc: &Doc, lx: &Lexicon, out: &mut Vec<NameMention>) {
    let quote = |t: usize| matches!(doc.tokens[t].first, '"' | '“' | '”');
    let word = |t: usize| doc.tokens[t].kind == TokKind::Word && doc.tokens[t].cap;
    let mut found: Vec<(Span, usize)> = vec![];
    for a in 0..doc.tokens.len().saturating_sub(4) {
        if !(quote(a)
            && word(a + 1)
            && doc.tokens[a + 2].first == ','
            && word(a + 3)
            && quote(a + 4)
            && lx.first_name(doc.tok(text, a + 3)).is_some()
            && doc.sent_of[a + 1] == doc.sent_of[a + 3])
        {
            continue;
        }
        found.push((
            Span::new(doc.tokens[a + 1].span.start, doc.tokens[a + 3].span.end),
            doc.sent_of[a + 1] as usize,
        ));
    }
    if found.is_empty() {
        return;
    }
    // Mentions inside a display name give way to it (`found` is in text order).
    let inside = |m: &NameMention| {
        let k = found.partition_point(|(f, _)| f.end <= m.span.start);
        found.get(k).is_some_and(|(f, _)| f.start < m.span.end)
    };
    out.retain(|m| !inside(m));
    for (span, sentence) in found {
        out.push(NameMention {
            span,
            kind: NameKind::Person,
            alias_of: None,
            sentence,
            sureness: Sureness::Decided(NameKind::Person),
        });
    }
}

/// A dateline (`LAGOS - …`, `NAIROBI (Reuters) - …`, `SEOUL, South Korea - …`): a known
/// place in capitals that opens a paragraph, before a dash, a parenthesis or a comma.
fn is_dateline(text: &str, doc: &Doc, lx: &Lexicon, span: Span, first: usize) -> bool {
    let s = &text[span.start..span.end];
    if first >= doc.tokens.len()
        || !s.chars().any(char::is_alphabetic)
        || s.chars().any(char::is_lowercase)
    {
        return false;
    }
    let para = &doc.paragraphs[doc.sentences[doc.sent_of[first] as usize].para];
    if para.span.start != span.start {
        return false;
    }
    let after = doc.tokens.partition_point(|t| t.span.start < span.end);
    let Some(next) = doc.tokens.get(after) else {
        return false;
    };
    if next.kind != TokKind::Punct || !matches!(next.first, '-' | '–' | '—' | '(' | ',') {
        return false;
    }
    let title: Vec<String> = s
        .split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| {
                    c.to_uppercase()
                        .chain(cs.flat_map(char::to_lowercase))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    lx.is_place(&title.join(" "))
}

/// A nationality made from a known place (`Kenyan`, `Nigerians`, `Brazilian`, `Ghanaian`):
/// a word, not a name (the guidelines leave nationalities untagged).
fn is_demonym(lx: &Lexicon, s: &str) -> bool {
    if s.contains(char::is_whitespace) || !s.starts_with(char::is_uppercase) {
        return false;
    }
    if IRREGULAR_DEMONYMS.contains(s) {
        return true;
    }
    let w = s.strip_suffix('s').unwrap_or(s);
    // `Kenyan` (Kenya), `Brazilian` (Brazil), `Italian` (Italy), `Canadian` (Canada),
    // `Chinese` (China), `Swedish` (Sweden), `Pakistani` (Pakistan), `Turkish` (Turkey).
    const RULES: &[(&str, &[&str])] = &[
        ("ian", &["", "a", "y", "ia", "e"]),
        ("an", &["", "a", "o", "e", "any"]),
        ("n", &[""]),
        ("ese", &["", "a", "on", "al"]),
        ("ish", &["", "en", "ey", "and"]),
        ("i", &[""]),
    ];
    RULES.iter().any(|(suffix, ends)| {
        w.strip_suffix(suffix)
            .filter(|stem| stem.chars().count() >= 3)
            .is_some_and(|stem| ends.iter().any(|end| lx.is_place(&format!("{stem}{end}"))))
    })
}

/// Splits a run tagged as one person where it is clearly two (names glued together without
/// punctuation, as in signatures and bylines): where the name starts again (`Phillip Phillip`,
/// `Debra Perlingiere Debra Perlingiere`), and
/// before a first name that follows a surname in a run of four or more words (`Larry Lewis Tom
/// Martin`); a common word at the end (`Vince Dear`) is dropped.
fn split_people(text: &str, doc: &Doc, lx: &Lexicon, i: usize, j: usize) -> Vec<(usize, usize)> {
    let words: Vec<usize> = (i..j)
        .filter(|&t| doc.tokens[t].kind == TokKind::Word)
        .collect();
    let mut cuts = vec![];
    // First word of the piece being read (a cut starts a new one).
    let mut piece = 0;
    for w in 1..words.len() {
        let (p, t) = (words[w - 1], words[w]);
        let (pw, tw) = (doc.tok(text, p), doc.tok(text, t));
        // The name starts again: `Phillip Phillip`, `Debra Perlingiere Debra Perlingiere`.
        if pw == tw || (w >= piece + 2 && tw == doc.tok(text, words[piece])) {
            cuts.push(t);
            piece = w;
            continue;
        }
        let left = w - piece;
        let right = words.len() - w;
        let first_only = lx.first_name(tw).is_some() && !lx.is_surname(tw);
        let prev_surname = lx.is_surname(strip_poss(pw)) && lx.first_name(pw).is_none();
        let next_surname = words
            .get(w + 1)
            .is_some_and(|&n| lx.is_surname(strip_poss(doc.tok(text, n))));
        if words.len() >= 4 && left >= 2 && right >= 2 && first_only && prev_surname && next_surname
        {
            cuts.push(t);
            piece = w;
        }
    }
    // A greeting glued to the signature before it: `Debra Perlingiere Kathleen, You are
    // correct`, `Phillip Allen Greg, I faxed you`. The last word is a first name, and a
    // capitalised common word (not a title) opens what follows the comma.
    // Two signatures glued together, first name and surname each: `Doug Sewell Jeffrey Synder`.
    if words.len() == 4 && cuts.is_empty() {
        let first = |k: usize| lx.first_name(doc.tok(text, words[k])).is_some();
        if first(0) && !first(1) && first(2) && !first(3) {
            cuts.push(words[2]);
        }
    }
    // Two-word runs count only when both words are first names (`Vince Traci, Thanks.`).
    let two_first_names = words.len() == 2
        && words
            .iter()
            .all(|&w| lx.first_name(doc.tok(text, w)).is_some());
    if words.len() >= 3 || two_first_names {
        let last = words[words.len() - 1];
        let lw = doc.tok(text, last);
        let greeting = lx.first_name(lw).is_some()
            && !cuts.contains(&last)
            && doc
                .tokens
                .get(last + 1)
                .is_some_and(|c| c.first == ',' && !c.space_before)
            && doc.tokens.get(last + 2).is_some_and(|n| {
                let w = doc.tok(text, last + 2);
                n.kind == TokKind::Word
                    && n.cap
                    && !in_list(&TITLES, &lc(w))
                    && (w == "I" || lx.lower_count(&lc(w)) >= 200)
            });
        if greeting {
            cuts.push(last);
        }
    }
    let mut out = vec![];
    let mut start = i;
    for c in cuts {
        if c > start {
            out.push((start, c));
        }
        start = c;
    }
    out.push((start, j));
    // A common lower-case word glued to the end: `Vince Dear`.
    if let Some(last) = out.last_mut() {
        let ws: Vec<usize> = (last.0..last.1)
            .filter(|&t| doc.tokens[t].kind == TokKind::Word)
            .collect();
        if ws.len() >= 2 {
            let w = doc.tok(text, ws[ws.len() - 1]);
            if lx.lower_count(&lc(w)) >= 200 && lx.first_name(w).is_none() && !lx.is_surname(w) {
                last.1 = ws[ws.len() - 1];
            }
        }
    }
    out
}

/// A token's organization score minus its person score.
fn org_margin(s: &[f32; N_TAGS]) -> f32 {
    s[Class::Org.begin()].max(s[Class::Org.inside()])
        - s[Class::Person.begin()].max(s[Class::Person.inside()])
}

/// Trims a tagged run `i..j` of tokens to the guidelines; returns the span and the tokens kept.
fn trim_span(
    text: &str,
    doc: &Doc,
    lx: &Lexicon,
    i: usize,
    j: usize,
    sent_end: usize,
    kind: NameKind,
) -> Option<(Span, usize, usize)> {
    let (mut a, mut b) = (i, j);
    while a < b {
        let t = doc.tokens[a];
        let w = doc.tok(text, a);
        let l = lc(w);
        let title = kind == NameKind::Person
            && a + 1 < b
            && in_list(&TITLES, &l)
            && doc.tokens[a + 1..b]
                .iter()
                .any(|x| x.kind == TokKind::Word && x.cap);
        let not_name = matches!(
            l.as_str(),
            "née" | "nee" | "born" | "aka" | "alias" | "formerly"
        );
        if t.kind == TokKind::Punct || l == "the" || title || not_name {
            a += 1;
            // The dot of `Mr.`
            if title && a < b && doc.tokens[a].first == '.' {
                a += 1;
            }
        } else {
            break;
        }
    }
    while b > a {
        let t = doc.tokens[b - 1];
        let keep_dot = t.first == '.'
            && !t.space_before
            && b - 1 > a
            && doc.tokens[b - 2].kind == TokKind::Word
            && keeps_dot(lx, doc.tok(text, b - 2));
        let w = doc.tok(text, b - 1);
        let l = lc(w);
        // A common lower-case word is not the end of a name (`the Sunni heartland`).
        let trailing_word = t.kind == TokKind::Word
            && b - 1 > a
            && w.starts_with(char::is_lowercase)
            && t.space_before
            && !PARTICLES.contains(w)
            && !ORG_HEADS.contains(w)
            && common_word(lx, w);
        if (t.kind == TokKind::Punct && !keep_dot)
            || trailing_word
            || (t.kind == TokKind::Word
                && matches!(l.as_str(), "of" | "for" | "and" | "the" | "'s"))
        {
            b -= 1;
        } else {
            break;
        }
    }
    if a >= b {
        return None;
    }
    let mut span = Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end);
    let last = doc.tokens[b - 1];
    if last.kind == TokKind::Word {
        let w = doc.tok(text, b - 1);
        let stripped = strip_poss(w);
        span.end -= w.len() - stripped.len();
        // `Inc.`, `Jr.`, `J.`: the dot right after belongs to the name.
        if b < sent_end && stripped.len() == w.len() && keeps_dot(lx, w) {
            let d = doc.tokens[b];
            if d.kind == TokKind::Punct && d.first == '.' && !d.space_before {
                span.end = d.span.end;
            }
        }
    }
    let s = &text[span.start..span.end];
    if !s.chars().any(char::is_alphabetic) {
        return None;
    }
    Some((span, a, b))
}

fn is_craft_word(doc: &Doc, text: &str, t: usize) -> bool {
    let tok = doc.tokens[t];
    if tok.kind != TokKind::Word {
        return false;
    }
    let l = lc(doc.tok(text, t));
    CRAFT_WORDS.contains(l.as_str()) || (tok.cap && CRAFT_WORDS_CAPITALISED.contains(l.as_str()))
}

/// `the town of Coleman`: the word at `first` names a place, whether or not the lists know it.
fn after_place_noun(text: &str, doc: &Doc, first: usize) -> bool {
    word_before(doc, first, 1).is_some_and(|p| doc.tok(text, p) == "of")
        && word_before(doc, first, 2)
            .is_some_and(|p| !doc.tokens[p].cap && PLACE_NOUNS.contains(doc.tok(text, p)))
}

fn is_group_word(lx: &Lexicon, w: &str) -> bool {
    GROUP_WORDS.contains(lc(w).as_str()) || is_demonym(lx, w)
}

/// The word token `n` tokens before `first`, in the same sentence.
fn word_before(doc: &Doc, first: usize, n: usize) -> Option<usize> {
    let p = first.checked_sub(n)?;
    (doc.sent_of[p] == doc.sent_of[first]).then_some(p)
}

/// Is the text of tokens `a..=b` (joined as written) a known place?
fn place_at(text: &str, doc: &Doc, lx: &Lexicon, a: usize, b: usize) -> bool {
    lx.is_place(&text[doc.tokens[a].span.start..doc.tokens[b].span.end])
}

/// Takes out what is named like a person or an organization but is neither: storms and craft
/// (and every other mention of the same name), facilities and venues, nationalities and
/// religious or political groups, places, datelines, post-nominal letters, party tags such as
/// `(R-Texas)`, and names that are part of a longer name of an event or a study. Retypes a
/// city's newspaper (`Edmonton Sun`) as an organization.
fn not_names(text: &str, doc: &Doc, lx: &Lexicon, tags: &[u8], out: &mut Vec<NameMention>) {
    // Names of not_name_surfaces and craft, read off the text: `Hurricane Rita`, `Space Shuttle Atlantis`.
    let mut not_name_surfaces: HashSet<&str> = HashSet::new();
    let mut places_named: Vec<&str> = vec![];
    for s in &doc.sentences {
        for t in s.tokens.start..s.tokens.end.saturating_sub(1) {
            // `the town of Coleman`: `Coleman` is the place everywhere in the article
            // (unless it is part of a person's full name, checked below).
            if doc.tokens[t].kind == TokKind::Word
                && doc.tokens[t].cap
                && after_place_noun(text, doc, t)
                && doc
                    .tokens
                    .get(t + 1)
                    .is_none_or(|n| n.kind != TokKind::Word || !n.cap)
            {
                places_named.push(doc.tok(text, t));
            }
            if !is_craft_word(doc, text, t) {
                continue;
            }
            let mut e = t + 1;
            while e < s.tokens.end
                && doc.tokens[e].kind == TokKind::Word
                && doc.tokens[e].cap
                && !is_craft_word(doc, text, e)
            {
                e += 1;
            }
            if e > t + 1 {
                not_name_surfaces.insert(strip_poss(
                    &text[doc.tokens[t + 1].span.start..doc.tokens[e - 1].span.end],
                ));
            }
        }
    }
    // Words of people's full names in the article: `Belgrano` after `Manuel Belgrano` is the
    // person, though it is also a place.
    let name_words: HashSet<&str> = out
        .iter()
        .filter(|m| m.kind == NameKind::Person)
        .map(|m| &text[m.span.start..m.span.end])
        .filter(|s| s.contains(char::is_whitespace))
        .flat_map(|s| s.split_whitespace())
        .collect();
    not_name_surfaces.extend(places_named.into_iter().filter(|w| !name_words.contains(w)));
    // Lower-case words of the document, built when first needed.
    let mut lower_words: Option<HashSet<&str>> = None;
    let mut drop = vec![false; out.len()];
    for (k, m) in out.iter_mut().enumerate() {
        let s = &text[m.span.start..m.span.end];
        let first = doc.tokens.partition_point(|t| t.span.end <= m.span.start);
        let after = doc.tokens.partition_point(|t| t.span.start < m.span.end);
        let last = after.saturating_sub(1).max(first);
        let words: Vec<&str> = s.split_whitespace().collect();
        let wl = words.last().map(|w| lc(w)).unwrap_or_default();
        let next =
            (after < doc.tokens.len() && doc.sent_of[after] == doc.sent_of[last]).then_some(after);
        let next_cap_word =
            next.filter(|&n| doc.tokens[n].kind == TokKind::Word && doc.tokens[n].cap);
        let prev = word_before(doc, first, 1);
        let prev_is = |w: &str| prev.is_some_and(|p| doc.tok(text, p).eq_ignore_ascii_case(w));
        let person = m.kind == NameKind::Person;
        let single = words.len() == 1;
        let unknown_word =
            |w: &str| lx.first_name(w).is_none() && !lx.is_surname(w) && !lx.is_known_org(w);
        let is_storm = prev.is_some_and(|p| is_craft_word(doc, text, p))
            || (words.len() > 1 && is_craft_word(doc, text, first))
            || not_name_surfaces.contains(&s);
        let group = words.iter().any(|w| is_group_word(lx, w))
            && words
                .iter()
                .all(|w| is_group_word(lx, w) || matches!(*w, "and" | "&"));
        let party_tag = {
            let b = s.as_bytes();
            s.len() <= 16
                && b.len() >= 3
                && matches!(b[0], b'R' | b'D' | b'I')
                && b[1] == b'-'
                && b[2].is_ascii_uppercase()
        };
        let postnominal = single && POSTNOMINALS.contains(s) && prev_is(",");
        // `Kennedy Space Center (KSC)`: an acronym of a name the tagger read as a place is the
        // place's too.
        let place_acronym = single
            && doc.tokens[first].all_caps
            && prev_is("(")
            && next.is_some_and(|n| doc.tokens[n].first == ')')
            && {
                let open = first - 1;
                let mut a = open;
                while a > 0
                    && doc.sent_of[a - 1] == doc.sent_of[open]
                    && Class::of(tags[a - 1]) == Class::Place
                {
                    a -= 1;
                }
                let initials: String = (a..open)
                    .filter(|&t| doc.tokens[t].kind == TokKind::Word && doc.tokens[t].cap)
                    .filter_map(|t| doc.tok(text, t).chars().next())
                    .collect();
                a < open && initials == s
            };
        let event = !lx.is_known_org(s)
            && (EVENT_HEADS.contains(wl.as_str())
                || next_cap_word
                    .is_some_and(|n| EVENT_HEADS.contains(lc(doc.tok(text, n)).as_str())));
        let facility = (!single && !person && FACILITY_HEADS.contains(wl.as_str()))
            || (person
                && !single
                && (FACILITY_HEADS.contains(wl.as_str()) || VENUE_HEADS.contains(wl.as_str()))
                && !lx.is_surname(words.last().copied().unwrap_or("")));
        // `at Amos Kettering International Airport`: the start of a facility's name.
        let facility_next = person && next_cap_word.is_some() && {
            let mut e = after;
            while e < doc.tokens.len()
                && doc.sent_of[e] == doc.sent_of[last]
                && doc.tokens[e].kind == TokKind::Word
                && doc.tokens[e].cap
            {
                e += 1;
            }
            FACILITY_HEADS.contains(lc(doc.tok(text, e - 1)).as_str())
        };
        // A place named as a person: an unknown single word that is a known place
        // (`Tasmania was excluded`), a place after a place and a comma (`Seattle, Washington`),
        // a place after `Governor of`; a name of several words that is a known place is
        // neither a person nor an organization (`North Korea`, `Palo Alto`).
        let after_place_comma = person
            && prev_is(",")
            && word_before(doc, first, 2).is_some_and(|p| {
                doc.tokens[p].cap
                    && (place_at(text, doc, lx, p, p)
                        || word_before(doc, first, 3)
                            .is_some_and(|q| place_at(text, doc, lx, q, p)))
            });
        let after_title_of = person
            && prev_is("of")
            && word_before(doc, first, 2).is_some_and(|p| {
                let l = lc(doc.tok(text, p));
                in_list(&TITLES, &l) || PLACE_OF.contains(l.as_str())
            });
        let town_of = after_place_noun(text, doc, first);
        let place = town_of
            || (lx.is_place(s)
                && (!single
                    || (person && unknown_word(s) && !name_words.contains(&s))
                    || after_place_comma
                    || after_title_of));
        // `St. Thomas`, `Saint Lucia`: a person named so is a saint; news names places,
        // churches and schools after them. `in Keene`: an unknown word after `in` is a place.
        let saint_or_in = person
            && (prev.is_some_and(|p| {
                let w = doc.tok(text, p);
                matches!(w, "St" | "Saint" | "Ste")
                    || (w == "." && p > 0 && doc.tok(text, p - 1) == "St")
            }) || (single && (prev_is("in") || prev_is("upon")) && unknown_word(s)));
        // `MPP for Kenora`, `MP for Hackney`: a constituency.
        let constituency = person
            && prev_is("for")
            && word_before(doc, first, 2).is_some_and(|p| {
                matches!(
                    doc.tok(text, p),
                    "MP" | "MPP"
                        | "MLA"
                        | "MEP"
                        | "MSP"
                        | "MNA"
                        | "TD"
                        | "Congressman"
                        | "Congresswoman"
                )
            });
        // `the Palmaner Taluk`, `Chittoor District`: an administrative area.
        let area = person
            && !single
            && AREA_HEADS.contains(wl.as_str())
            && !lx.is_surname(words.last().copied().unwrap_or(""));
        // `Milepost 4`, `Route 66`, `Flight 370`: a word numbered like this labels a thing.
        let numbered = person
            && single
            && next.is_some_and(|n| {
                doc.tokens[n].kind == TokKind::Number && doc.tokens[n].space_before
            });
        // `Fri, Sat, or Sun`: days, abbreviated.
        let weekday = |t: usize| {
            doc.tokens[t].kind == TokKind::Word && WEEKDAYS.contains(&lc(doc.tok(text, t)))
        };
        let day = single
            && weekday(first)
            && ((1..=3).any(|n| word_before(doc, first, n).is_some_and(weekday))
                || (1..=3).any(|n| {
                    let t = last + n;
                    t < doc.tokens.len() && doc.sent_of[t] == doc.sent_of[last] && weekday(t)
                }));
        // `a cat named Achilles`: pets are not people.
        let pet = person
            && prev.is_some_and(|p| matches!(lc(doc.tok(text, p)).as_str(), "named" | "called"))
            && (2..=6).any(|n| {
                word_before(doc, first, n).is_some_and(|p| {
                    let w = lc(doc.tok(text, p));
                    PETS.contains(w.as_str())
                })
            });
        // `in San Jose, Palo Alto, San Francisco`: a name between two places in a list is one.
        let place_list = person
            && prev_is(",")
            && next.is_some_and(|n| doc.tokens[n].first == ',')
            && word_before(doc, first, 2).is_some_and(|p| {
                place_at(text, doc, lx, p, p)
                    || word_before(doc, first, 3).is_some_and(|q| place_at(text, doc, lx, q, p))
            })
            && {
                let n = after + 1;
                n < doc.tokens.len()
                    && doc.sent_of[n] == doc.sent_of[after]
                    && (place_at(text, doc, lx, n, n)
                        || (n + 1 < doc.tokens.len() && place_at(text, doc, lx, n, n + 1)))
            };
        // A single unknown capitalised word opening a sentence that the same article also
        // writes in lower case (`Homeopathy is …` beside `homeopathy`): the word.
        let sentence_start = doc.sentences[doc.sent_of[first] as usize].tokens.start == first;
        let common = single
            && sentence_start
            && !doc.tokens[first].all_caps
            && s.chars().count() >= 4
            && unknown_word(s)
            && {
                let set = lower_words.get_or_insert_with(|| {
                    (0..doc.tokens.len())
                        .filter(|&t| doc.tokens[t].kind == TokKind::Word && !doc.tokens[t].cap)
                        .map(|t| doc.tok(text, t))
                        .collect()
                });
                set.contains(lc(s).as_str())
            };
        if is_dateline(text, doc, lx, m.span, first)
            || is_storm
            || group
            || party_tag
            || postnominal
            || place_acronym
            || saint_or_in
            || constituency
            || area
            || pet
            || numbered
            || day
            || place_list
            || event
            || facility
            || facility_next
            || place
            || common
        {
            drop[k] = true;
            if is_storm && words.len() > 1 && is_craft_word(doc, text, first) {
                // `Cyclone Phailin`: `Phailin` alone elsewhere is the storm too.
                let rest = &text[doc.tokens[(first + 1).min(last)].span.start..m.span.end];
                not_name_surfaces.insert(rest);
            } else if is_storm
                || place_acronym
                || (event && !single)
                || (place && !name_words.contains(&s))
            {
                // Every other mention of the same storm, place or study name (a single word
                // before `Study` or `Prize` is only dropped there: `a Pew Survey`).
                not_name_surfaces.insert(s);
            }
            continue;
        }
        if person && !single && lx.is_place(words[0]) && NEWSPAPER_WORDS.contains(wl.as_str()) {
            m.kind = NameKind::Org;
            m.sureness = Sureness::Decided(NameKind::Org);
        } else if person
            && !single
            && lx.is_known_org(words[0])
            && lx.first_name(words[0]).is_none()
            && !lx.is_surname(words[0])
        {
            // `Tencent Francisco May 12th`: a well-known organization glued to a name is the
            // organization, unless its name is also a first name or a surname (`Dell Curry`);
            // glued to other words, the whole is the organization's name (`Samsung
            // Electronics`).
            let w1 = words[1];
            if lx.first_name(w1).is_some() || lx.is_surname(w1) {
                m.span.end = m.span.start + words[0].len();
            }
            m.kind = NameKind::Org;
            m.sureness = Sureness::Decided(NameKind::Org);
        }
    }
    for (k, m) in out.iter().enumerate() {
        if not_name_surfaces.contains(&text[m.span.start..m.span.end]) {
            drop[k] = true;
        }
    }
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// In an article about sport, a team named in the plural that the tagger did not tag: a run of
/// capitalised words after `the`, or starting with a known place, that ends in a plural (`the
/// St. Louis Eagles`, `Vancouver Canucks`).
fn plural_teams_missed(text: &str, doc: &Doc, lx: &Lexicon, out: &mut Vec<NameMention>) {
    let mut covered: Vec<Span> = out.iter().map(|m| m.span).collect();
    covered.sort_by_key(|s| s.start);
    let cap_word = |t: usize| doc.tokens[t].kind == TokKind::Word && doc.tokens[t].cap;
    let mut i = 0;
    while i < doc.tokens.len() {
        let same = |a: usize, b: usize| doc.sent_of[a] == doc.sent_of[b];
        if !cap_word(i) || (i > 0 && same(i - 1, i) && cap_word(i - 1)) {
            i += 1;
            continue;
        }
        // The run, with the dot of an abbreviation inside it (`St. Louis`).
        let mut j = i;
        let mut words = 0;
        while j < doc.tokens.len() && same(i, j) && words < 5 {
            let t = doc.tokens[j];
            if cap_word(j) {
                words += 1;
                j += 1;
            } else if t.first == '.'
                && !t.space_before
                && j > i
                && doc.tok(text, j - 1).len() <= 3
                && j + 1 < doc.tokens.len()
                && cap_word(j + 1)
            {
                j += 1;
            } else {
                break;
            }
        }
        let next = j;
        if words < 2 {
            i = next.max(i + 1);
            continue;
        }
        let last = doc.tok(text, j - 1);
        let l = lc(last);
        let plural = last.chars().count() >= 4
            && l.ends_with('s')
            && !l.ends_with("ss")
            && !NOT_TEAM_PLURALS.contains(l.as_str())
            && !EVENT_HEADS.contains(l.as_str())
            && !is_group_word(lx, last);
        let span = Span::new(doc.tokens[i].span.start, doc.tokens[j - 1].span.end);
        let s = &text[span.start..span.end];
        let after_the = i > 0 && same(i - 1, i) && doc.tok(text, i - 1).eq_ignore_ascii_case("the");
        let from_place =
            (i + 1..j).any(|k| lx.is_place(&text[span.start..doc.tokens[k - 1].span.end]));
        let k = covered.partition_point(|c| c.end <= span.start);
        let free = covered.get(k).is_none_or(|c| c.start >= span.end);
        if plural && (after_the || from_place) && !lx.is_place(s) && free {
            out.push(NameMention {
                span,
                kind: NameKind::Org,
                alias_of: None,
                sentence: doc.sent_of[i] as usize,
                sureness: Sureness::Decided(NameKind::Org),
            });
        }
        i = next;
    }
}

/// A match score at token `i` (`1 – 0`, `3-2`): the index after it, or `None`.
fn score_at(text: &str, doc: &Doc, i: usize) -> Option<usize> {
    let small = |t: usize| {
        let w = doc.tok(text, t);
        doc.tokens[t].kind == TokKind::Number
            && (1..=2).contains(&w.len())
            && w.bytes().all(|b| b.is_ascii_digit())
    };
    let t = doc.tokens.get(i)?;
    if t.kind != TokKind::Number {
        return None;
    }
    let w = doc.tok(text, i);
    if let Some((a, b)) = w.split_once(['-', '–']) {
        let ok = |x: &str| (1..=2).contains(&x.len()) && x.bytes().all(|c| c.is_ascii_digit());
        return (ok(a) && ok(b)).then_some(i + 1);
    }
    let dash = doc.tokens.get(i + 1)?;
    (small(i)
        && dash.kind == TokKind::Punct
        && matches!(dash.first, '-' | '–' | '—')
        && i + 2 < doc.tokens.len()
        && small(i + 2)
        && doc.sent_of[i + 2] == doc.sent_of[i])
        .then_some(i + 3)
}

/// The run of capitalised words ending just before token `end` (`i..end`), at most four.
fn cap_run_before(doc: &Doc, end: usize) -> Option<(usize, usize)> {
    let mut i = end;
    while i > 0
        && end - i < 4
        && doc.tokens[i - 1].kind == TokKind::Word
        && doc.tokens[i - 1].cap
        && doc.sent_of[i - 1] == doc.sent_of[end.saturating_sub(1)]
    {
        i -= 1;
    }
    (i < end).then_some((i, end))
}

/// The run of capitalised words starting at token `start`, at most four.
fn cap_run_after(doc: &Doc, start: usize) -> Option<(usize, usize)> {
    let mut j = start;
    while j < doc.tokens.len()
        && j - start < 4
        && doc.tokens[j].kind == TokKind::Word
        && doc.tokens[j].cap
        && doc.sent_of[j] == doc.sent_of[start]
    {
        j += 1;
    }
    (j > start).then_some((start, j))
}

/// Sides of a match are teams, which the guidelines count as organizations, even when named
/// after their country or city (`Sweden 1 – 0 Korea Republic`, `Belgium defeated Panama 3 – 0`):
/// the names on either side of a score, or of a result verb before a score, are teams
/// throughout the article (except after `in`, `at`, `from`, `to`: the place).
fn teams(text: &str, doc: &Doc, lx: &Lexicon, out: &mut Vec<NameMention>) {
    // A team named in the plural, read as a person: `the Bruins`, `Boston Bruins`, `the
    // Rochester Jeffersons` (only in an article about sport, checked below).
    let plural_team: Vec<usize> = (0..out.len())
        .filter(|&k| {
            let m = &out[k];
            let s = &text[m.span.start..m.span.end];
            let last = s.rsplit(char::is_whitespace).next().unwrap_or(s);
            let plural = last.chars().count() >= 4
                && last.ends_with('s')
                && !last.ends_with("ss")
                && !last.ends_with("'s")
                && last.starts_with(char::is_uppercase);
            let first = doc.tokens.partition_point(|t| t.span.end <= m.span.start);
            let after_the = first > 0
                && doc.sent_of[first - 1] == doc.sent_of[first]
                && doc.tok(text, first - 1).eq_ignore_ascii_case("the");
            let from_place = s.contains(char::is_whitespace)
                && lx.is_place(s.split_whitespace().next().unwrap_or(""));
            m.kind == NameKind::Person && plural && (after_the || from_place)
        })
        .collect();
    let mut sides: HashSet<&str> = HashSet::new();
    let run_text = |(a, b): (usize, usize)| {
        strip_poss(&text[doc.tokens[a].span.start..doc.tokens[b - 1].span.end])
    };
    for i in 0..doc.tokens.len() {
        let Some(after) = score_at(text, doc, i) else {
            continue;
        };
        let Some(left) = cap_run_before(doc, i) else {
            continue;
        };
        let right = (after < doc.tokens.len() && doc.sent_of[after] == doc.sent_of[i])
            .then(|| cap_run_after(doc, after))
            .flatten();
        // `X defeated Y 1 – 0`
        let before_verb = left.0.checked_sub(1).and_then(|v| {
            let verb = doc.tokens[v].kind == TokKind::Word
                && doc.sent_of[v] == doc.sent_of[i]
                && RESULT_VERBS.contains(doc.tok(text, v));
            verb.then(|| cap_run_before(doc, v)).flatten()
        });
        let Some(other) = right.or(before_verb) else {
            continue;
        };
        for r in [left, other] {
            let s = run_text(r);
            if !s.is_empty() {
                sides.insert(s);
            }
        }
    }
    if sides.is_empty() && plural_team.is_empty() {
        return;
    }
    // A score is a match's only where the article talks of sport.
    let mut sport_words: Vec<&str> = (0..doc.tokens.len())
        .map(|t| doc.tok(text, t))
        .filter(|w| SPORT_WORDS.contains(w))
        .collect();
    sport_words.sort_unstable();
    sport_words.dedup();
    if sport_words.len() < 2 {
        return;
    }
    for k in plural_team {
        out[k].kind = NameKind::Org;
        out[k].sureness = Sureness::Decided(NameKind::Org);
    }
    let before = out.len();
    plural_teams_missed(text, doc, lx, out);
    for m in out.iter_mut() {
        if sides.contains(&text[m.span.start..m.span.end]) {
            m.kind = NameKind::Org;
            m.sureness = Sureness::Decided(NameKind::Org);
        }
    }
    // Every other occurrence of a side's name, as a whole run of capitalised words.
    let mut covered: Vec<Span> = out.iter().map(|m| m.span).collect();
    covered.sort_by_key(|s| s.start);
    for i in 0..doc.tokens.len() {
        let t = doc.tokens[i];
        if t.kind != TokKind::Word || !t.cap {
            continue;
        }
        if i > 0
            && doc.sent_of[i - 1] == doc.sent_of[i]
            && doc.tokens[i - 1].kind == TokKind::Word
            && doc.tokens[i - 1].cap
        {
            continue;
        }
        let Some(r) = cap_run_after(doc, i) else {
            continue;
        };
        let s = run_text(r);
        if !sides.contains(&s) {
            continue;
        }
        let locative = i > 0
            && doc.sent_of[i - 1] == doc.sent_of[i]
            && matches!(
                doc.tok(text, i - 1).to_lowercase().as_str(),
                "in" | "at" | "from" | "to" | "into" | "near" | "across"
            );
        let span = Span::new(t.span.start, t.span.start + s.len());
        let k = covered.partition_point(|c| c.end <= span.start);
        if locative || covered.get(k).is_some_and(|c| c.start < span.end) {
            continue;
        }
        out.push(NameMention {
            span,
            kind: NameKind::Org,
            alias_of: None,
            sentence: doc.sent_of[i] as usize,
            sureness: Sureness::Decided(NameKind::Org),
        });
    }
    if out.len() > before {
        out_sort(out);
    }
}

/// A person-tagged name right after an organization cue noun (`the luxury brand X`) is an
/// organization; the cue outweighs what the tagger learnt from the name's words.
fn org_cues(text: &str, doc: &Doc, out: &mut [NameMention]) {
    for m in out.iter_mut() {
        if m.kind != NameKind::Person {
            continue;
        }
        let first = doc.tokens.partition_point(|t| t.span.end <= m.span.start);
        let Some(p) = first.checked_sub(1) else {
            continue;
        };
        if doc.sent_of[p] != doc.sent_of[first] || doc.tokens[p].kind != TokKind::Word {
            continue;
        }
        let w = doc.tok(text, p);
        if w.chars().all(char::is_lowercase) && ORG_CUE_NOUNS.contains(w) {
            // `the brand's founder X` has no cue right before the name; `brand X` has.
            let before = p.checked_sub(1).map(|b| lc(doc.tok(text, b)));
            let determiner_or_adjective = before
                .as_deref()
                .is_some_and(|b| !NOT_ORG_CUE_BEFORE.contains(b));
            if determiner_or_adjective {
                m.kind = NameKind::Org;
                // Decisive: the cue settles the kind of this surface and its alternate forms.
                m.sureness = Sureness::Decided(NameKind::Org);
            }
        }
    }
}

/// The same surface gets one kind throughout the article: where the tagger gave it both, the
/// kind it is surer of, summed over the mentions.
fn one_kind_per_surface(text: &str, out: &mut [NameMention]) {
    // Per surface: summed votes, and which kinds it got.
    let mut votes: HashMap<&str, (f32, bool, bool)> = HashMap::new();
    for m in out.iter() {
        let g = m.sureness.org_vote();
        let v = votes.entry(&text[m.span.start..m.span.end]).or_default();
        v.0 += g;
        v.1 |= m.kind == NameKind::Person;
        v.2 |= m.kind == NameKind::Org;
    }
    for m in out.iter_mut() {
        let v = votes[&text[m.span.start..m.span.end]];
        if v.1 && v.2 {
            m.kind = if v.0 > 0.0 {
                NameKind::Org
            } else {
                NameKind::Person
            };
        }
    }
}

/// A one-word mention takes the kind of the longer names it ends elsewhere in the article,
/// when they all agree: `Barchiesi` after `Robert Barchiesi` is a person, `Caloi` after `Casa
/// Luiz Caloi` an organization.
fn single_words_follow_full_names(text: &str, out: &mut [NameMention]) {
    // Per last word of a multi-word name: (seen in a person, seen in an organization).
    let mut last: HashMap<&str, (bool, bool)> = HashMap::new();
    for m in out.iter() {
        let s = &text[m.span.start..m.span.end];
        let mut words = s
            .split(|c: char| c.is_whitespace() || c == '·')
            .filter(|w| !w.is_empty());
        let Some(l) = words.next_back() else { continue };
        if words.next().is_none() {
            continue;
        }
        let e = last.entry(l).or_default();
        e.0 |= m.kind == NameKind::Person;
        e.1 |= m.kind == NameKind::Org;
    }
    for m in out.iter_mut() {
        let s = &text[m.span.start..m.span.end];
        if s.contains(|c: char| c.is_whitespace() || c == '·') {
            continue;
        }
        match last.get(s) {
            Some((true, false)) => m.kind = NameKind::Person,
            Some((false, true)) => m.kind = NameKind::Org,
            _ => {}
        }
    }
}

/// `X (Y)`: Y is an alternate form of X; both get the kind the tagger is surer of.
fn link_parenthesised(text: &str, out: &mut [NameMention]) {
    for k in 1..out.len() {
        let (a, b) = (out[k - 1].span, out[k].span);
        if b.start < a.end {
            continue;
        }
        let between = &text[a.end..b.start];
        let bt = between.trim_matches(|c: char| c.is_whitespace() || c == '·');
        if bt == "(" && text[b.end..].trim_start().starts_with(')') {
            out[k].alias_of = Some(k - 1);
            let kind = if out[k - 1].sureness.org_vote() + out[k].sureness.org_vote() > 0.0 {
                NameKind::Org
            } else {
                NameKind::Person
            };
            out[k - 1].kind = kind;
            out[k].kind = kind;
        }
    }
}

/// `the international anti fake alliance (hereinafter referred to as "IACC")`: a lower-case
/// descriptive name tied to an acronym is an organization, everywhere it recurs.
fn descriptive_aliases(text: &str, doc: &Doc, out: &mut Vec<NameMention>) {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Case folding changed byte lengths (rare scripts); offsets would not line up.
        return;
    }
    defined_acronyms(text, &lower, doc, out);
    let mut found: Vec<(String, usize)> = vec![];
    for m in 0..out.len() {
        let a = out[m].span;
        let acr = &text[a.start..a.end];
        if out[m].kind != NameKind::Org || !acr.chars().all(|c| c.is_uppercase()) {
            continue;
        }
        // Look back from the acronym over `(`, quotes and `hereinafter referred to as`.
        let window_start = a.start.saturating_sub(60);
        let window_start = (window_start..a.start)
            .find(|&p| text.is_char_boundary(p))
            .unwrap_or(a.start);
        let back = &lower[window_start..a.start];
        let Some(paren) = back.rfind('(') else {
            continue;
        };
        let between = &back[paren + 1..];
        let ok = between
            .trim_matches(|c: char| !c.is_alphanumeric())
            .is_empty()
            || between.contains("hereinafter")
            || between.contains("known as")
            || between.contains("referred to");
        if !ok {
            continue;
        }
        let head_end = window_start + paren;
        let pre = text[..head_end]
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '”'));
        let words: Vec<(usize, &str)> = word_positions(pre).into_iter().rev().take(7).collect();
        let Some(&(_, head)) = words.first() else {
            continue;
        };
        if !in_list(&DESCRIPTIVE_HEADS, &lc(head)) || head.starts_with(char::is_uppercase) {
            continue;
        }
        let mut start = None;
        for &(p, w) in words.iter().skip(1) {
            let lw = lc(w);
            if matches!(lw.as_str(), "the" | "a" | "an" | "this" | "its" | "their")
                || is_verbish(&lw)
            {
                break;
            }
            start = Some(p);
        }
        let Some(st) = start else { continue };
        let phrase = text[st..pre.len()].to_string();
        if phrase.split_whitespace().count() >= 2
            && !found.iter().any(|(p, _)| *p == phrase.to_lowercase())
        {
            found.push((phrase.to_lowercase(), m));
        }
    }
    // Spans taken so far, sorted, to test overlap in logarithmic time (mentions are disjoint).
    let mut taken: Vec<Span> = out.iter().map(|m| m.span).collect();
    taken.sort();
    let overlaps = |taken: &[Span], span: &Span| {
        let i = taken.partition_point(|t| t.start < span.end);
        i > 0 && taken[..i].iter().rev().take(4).any(|t| t.overlaps(span))
    };
    for (phrase, acr) in found {
        let mut from = 0;
        while let Some(p) = lower[from..].find(&phrase) {
            let s = from + p;
            let e = s + phrase.len();
            from = e;
            let bounded = !lower[..s].ends_with(|c: char| c.is_alphanumeric())
                && !lower[e..].starts_with(|c: char| c.is_alphanumeric());
            let span = Span::new(s, e);
            if bounded && !overlaps(&taken, &span) {
                let at = taken.partition_point(|t| *t < span);
                taken.insert(at, span);
                let sentence = doc
                    .sent_of
                    .get(doc.tokens.partition_point(|t| t.span.end <= s))
                    .copied()
                    .unwrap_or(0) as usize;
                out.push(NameMention {
                    span,
                    kind: NameKind::Org,
                    alias_of: Some(acr),
                    sentence,
                    sureness: Sureness::Decided(NameKind::Org),
                });
            }
        }
    }
}

/// `(hereinafter referred to as "IACC")`: an acronym that the text defines is an organization.
fn defined_acronyms(text: &str, lower: &str, doc: &Doc, out: &mut Vec<NameMention>) {
    let mut taken: Vec<Span> = out.iter().map(|m| m.span).collect();
    taken.sort();
    for cue in [
        "hereinafter referred to as",
        "hereinafter",
        "referred to as",
        "known as",
    ] {
        let mut from = 0;
        while let Some(p) = lower[from..].find(cue) {
            let after = from + p + cue.len();
            from = after;
            // Skip spaces and quotation marks, then read an all-caps word of 2 to 7 letters.
            let rest = &text[after..];
            let skip = rest.len()
                - rest
                    .trim_start_matches(|c: char| {
                        c.is_whitespace() || matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '«')
                    })
                    .len();
            let start = after + skip;
            let word: &str = text[start..]
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            if !(2..=7).contains(&letters) || word.chars().any(char::is_lowercase) || skip > 4 {
                continue;
            }
            let span = Span::new(start, start + word.len());
            let i = taken.partition_point(|t| t.start < span.end);
            if i > 0 && taken[..i].iter().rev().take(4).any(|t| t.overlaps(&span)) {
                continue;
            }
            taken.insert(i, span);
            let t = doc.tokens.partition_point(|t| t.span.end <= start);
            let sentence = doc.sent_of.get(t).copied().unwrap_or(0) as usize;
            out.push(NameMention {
                span,
                kind: NameKind::Org,
                alias_of: None,
                sentence,
                sureness: Sureness::Decided(NameKind::Org),
            });
        }
    }
}

fn is_verbish(w: &str) -> bool {
    w.ends_with("ed")
        || matches!(
            w,
            "join"
                | "joins"
                | "is"
                | "are"
                | "was"
                | "were"
                | "to"
                | "of"
                | "in"
                | "on"
                | "for"
                | "with"
                | "by"
                | "from"
                | "and"
                | "or"
        )
}

fn word_positions(s: &str) -> Vec<(usize, &str)> {
    let mut v = vec![];
    let mut start = None;
    for (i, c) in s.char_indices() {
        let inword = c.is_alphanumeric() || c == '-' || c == '\'';
        match (inword, start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                v.push((st, &s[st..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        v.push((st, &s[st..]));
    }
    v
}

/// Document-level consistency: a found name is a name wherever it recurs. (A person's surname
/// or first name alone is left to the tagger's second stage, which reads how the word was
/// tagged elsewhere: spreading every first and last word of a person-tagged run made `Poker`
/// a person after `Sky Vegas Poker`.) Linear in the length of the document.
fn propagate(text: &str, doc: &Doc, lx: &Lexicon, out: &mut Vec<NameMention>) {
    let mut surface: HashMap<&str, NameKind> = HashMap::new();
    for m in out.iter() {
        let s = &text[m.span.start..m.span.end];
        surface.entry(s).or_insert(m.kind);
    }
    let mut longest = 1;
    for k in surface.keys() {
        longest = longest.max(
            k.split_whitespace().count() + 2 * k.matches('·').count() + k.matches('.').count(),
        );
    }
    let longest = longest.clamp(4, 12);
    // Which mention, if any, each token is inside; and each mention's first and last token.
    let mut owner = vec![u32::MAX; doc.tokens.len()];
    let mut range = vec![(usize::MAX, 0usize); out.len()];
    for (k, m) in out.iter().enumerate() {
        let first = doc.tokens.partition_point(|t| t.span.end <= m.span.start);
        for t in first..doc.tokens.len() {
            if doc.tokens[t].span.start >= m.span.end {
                break;
            }
            owner[t] = k as u32;
            range[k] = (range[k].0.min(t), t);
        }
    }
    let mut grown: Vec<(usize, Span, NameKind)> = vec![];
    let mut i = 0;
    while i < doc.tokens.len() {
        let t = doc.tokens[i];
        if t.kind != TokKind::Word || !t.cap {
            i += 1;
            continue;
        }
        let mut found = None;
        for len in (1..=longest).rev() {
            let j = i + len - 1;
            if j >= doc.tokens.len() || doc.sent_of[j] != doc.sent_of[i] {
                continue;
            }
            // Free tokens only; or, for a longer name, mentions that lie wholly inside it
            // (`Mike` and `Kors` inside a later `Mike · Kors`).
            let inside: Vec<u32> = owner[i..=j]
                .iter()
                .copied()
                .filter(|&o| o != u32::MAX)
                .collect();
            let fits = inside
                .iter()
                .all(|&o| range[o as usize].0 >= i && range[o as usize].1 <= j);
            let same = inside.len() == len && inside.iter().all(|&o| range[o as usize] == (i, j));
            if !inside.is_empty()
                && (len == 1
                    || !fits
                    || same
                    || inside.iter().any(|&o| range[o as usize] == (i, j)))
            {
                continue;
            }
            if after_place_noun(text, doc, i) {
                continue;
            }
            // Not inside a longer name of a study or an event (`the Halvorsen Family Health
            // Study`, though `Halvorsen Family` was tagged elsewhere).
            if doc.tokens.get(j + 1).is_some_and(|n| {
                n.kind == TokKind::Word
                    && n.cap
                    && doc.sent_of[j + 1] == doc.sent_of[j]
                    && EVENT_HEADS.contains(lc(doc.tok(text, j + 1)).as_str())
            }) {
                continue;
            }
            let span = Span::new(t.span.start, doc.tokens[j].span.end);
            let s = strip_poss(&text[span.start..span.end]);
            // Names found elsewhere in the article; else a well-known organization (data/orgs.txt).
            let known = surface
                .get(s)
                .copied()
                .or_else(|| lx.is_known_org(s).then_some(NameKind::Org));
            if let Some(k) = known {
                // A single common word opening a sentence is more likely the word.
                let sentence_start = doc.sentences[doc.sent_of[i] as usize].tokens.start == i;
                if len == 1 && sentence_start && common_word(lx, s) {
                    break;
                }
                let mut span = Span::new(span.start, span.start + s.len());
                let mut j = j;
                // `Samsung` found elsewhere, `Samsung Electronics` here: an organization's
                // name goes on over the head words after it.
                if k == NameKind::Org && s.len() == text[span.start..doc.tokens[j].span.end].len() {
                    while j + 1 < doc.tokens.len()
                        && j + 1 - i < 6
                        && doc.sent_of[j + 1] == doc.sent_of[i]
                        && owner[j + 1] == u32::MAX
                        && doc.tokens[j + 1].kind == TokKind::Word
                        && doc.tokens[j + 1].cap
                        && ORG_HEADS.contains(lc(doc.tok(text, j + 1)).as_str())
                    {
                        j += 1;
                        span.end = doc.tokens[j].span.end;
                    }
                }
                found = Some((span, k, j, inside));
                break;
            }
        }
        match found {
            Some((span, kind, j, inside)) => {
                match inside.first() {
                    // Grow the first mention inside to the whole name; drop the others.
                    Some(&o) => {
                        grown.push((o as usize, span, kind));
                        for &x in &inside[1..] {
                            if x != o {
                                grown.push((x as usize, Span::new(0, 0), kind));
                            }
                        }
                    }
                    None => out.push(NameMention {
                        span,
                        kind,
                        alias_of: None,
                        sentence: doc.sent_of[i] as usize,
                        sureness: Sureness::Decided(kind),
                    }),
                }
                i = j + 1;
            }
            None => i += 1,
        }
    }
    for (k, span, kind) in grown {
        out[k].span = span;
        out[k].kind = kind;
    }
}

#[cfg(test)]
mod tests;
