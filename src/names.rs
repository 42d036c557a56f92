//! The **detect** stage for names: people and organizations.
//!
//! ## What it detects
//! Runs of capitalised words (with name particles such as `de`, `van`, `bin`, the `·` that
//! machine translation puts between name parts, initials, and `of`/`for`/`&` inside
//! organization names), trimmed of titles and sentence-initial common words, then classified
//! by evidence:
//! - organization: a known organization, a legal form or organization head word at the end
//!   (`Inc.`, `Alliance`, `Press`, `University`), `Ministry of …`, an acronym, a cue before it
//!   (`the fashion brand …`), or a descriptive name tied to an acronym
//!   (`the international anti fake alliance (hereinafter referred to as "IACC")`);
//! - person: a known first name, a title before it (`Mr.`, `President`), the name lists, and how
//!   often each word is part of a person's or an organization's name in the training sets;
//! - neither: places (countries, regions, cities) and common words.
//!
//! Alternate forms in parentheses (`Bacchesi Luo (Robert Barchiesi)`) are linked and share a
//! kind; every later occurrence of a found name, and of a person's surname or first name
//! alone, is a mention too (document-level consistency).
//!
//! ## Known misses
//! Single unknown capitalised words at the start of a sentence are left alone unless the
//! document names them elsewhere; names written all in lower case are not found.
//!
//! ## Example
//! ```
//! let a = newsmark::Annotator::new();
//! let r = a.annotate("Shares of Acme Inc. rose after Jane Smith spoke.");
//! let names: Vec<&str> = r.annotations.iter().filter(|x| x.kind.is_name()).map(|x| x.text.as_str()).collect();
//! assert_eq!(names, vec!["Acme Inc.", "Jane Smith"]);
//! ```

use crate::lexicon::{Gender, Lexicon};
use crate::segment::{Doc, TokKind};
use crate::text::Span;
use std::collections::HashMap;

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
}

const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "president", "vice", "prime", "minister", "senator", "sen", "rep", "representative", "gov",
    "governor", "mayor", "judge", "justice", "general", "gen", "colonel", "col", "captain",
    "capt", "lieutenant", "lt", "sergeant", "sgt", "admiral", "officer", "chief", "executive",
    "director", "chairman", "chairwoman", "chair", "secretary", "ambassador", "king", "queen",
    "prince", "princess", "pope", "father", "rev", "reverend", "bishop", "archbishop", "rabbi",
    "imam", "sheikh", "coach", "detective", "inspector", "commissioner", "chancellor", "former",
    "late", "spokesman", "spokeswoman", "spokesperson", "counsel", "attorney", "ceo", "founder",
    "head", "leader", "deputy", "assistant", "acting", "dean", "superintendent", "premier",
    "congressman", "congresswoman", "councillor", "councilman", "sheriff", "emperor", "saint",
    "major", "private", "corporal", "agent", "officer", "manager", "editor", "analyst", "striker",
    "defender", "midfielder", "goalkeeper", "player", "actor", "actress", "singer", "author",
];

const ORG_HEADS: &[&str] = &[
    "inc", "corp", "corporation", "co", "company", "companies", "ltd", "llc", "plc", "group",
    "holdings", "alliance", "coalition", "association", "federation", "union", "league",
    "council", "committee", "commission", "agency", "authority", "board", "bureau",
    "department", "ministry", "office", "service", "services", "administration", "institute",
    "institution", "foundation", "fund", "trust", "society", "organization", "organisation",
    "party", "university", "college", "school", "academy", "hospital", "bank", "court",
    "tribunal", "club", "team", "fc", "united", "press", "times", "post", "news", "journal",
    "herald", "tribune", "gazette", "telegraph", "daily", "magazine", "network",
    "broadcasting", "radio", "television", "tv", "studios", "pictures", "records", "airlines",
    "airways", "motors", "industries", "systems", "technologies", "labs", "laboratories",
    "pharmaceuticals", "energy", "electric", "petroleum", "mining", "partners", "capital",
    "ventures", "bancorp", "securities", "exchange", "church", "army", "navy", "police",
    "forces", "command", "parliament", "congress", "assembly", "senate", "cabinet",
    "secretariat", "forum", "centre", "center", "museum", "library", "orchestra",
    "brigade", "front", "movement", "guard", "corps", "consortium", "cooperative", "bloc",
    "reuters", "agencies", "group's", "firm", "unit", "division",
];

const ORG_STARTS: &[&str] = &[
    "ministry", "department", "university", "bank", "bureau", "office", "institute", "council",
    "commission", "board", "college", "school", "church", "federation", "association",
    "society", "court", "house", "academy", "league", "party", "union", "government",
    "museum", "embassy", "order", "army", "confederation", "organization", "organisation",
];

const ORG_CUES: &[&str] = &[
    "brand", "company", "firm", "group", "giant", "maker", "manufacturer", "retailer",
    "newspaper", "broadcaster", "agency", "bank", "carrier", "airline", "team", "club", "party",
    "startup", "conglomerate", "insurer", "lender", "publisher", "network", "label",
    "organization", "organisation", "charity", "union", "chain", "automaker", "operator",
];

/// Organization head nouns used by descriptive names in lower case.
const DESCRIPTIVE_HEADS: &[&str] = &[
    "alliance", "coalition", "association", "federation", "union", "league", "council",
    "committee", "commission", "agency", "organization", "organisation", "group", "society",
    "foundation", "institute", "network", "consortium", "movement", "party", "bureau",
];

const ACRONYM_STOP: &[&str] = &[
    "I", "US", "USA", "UK", "UAE", "TV", "OK", "AM", "PM", "CEO", "CFO", "COO", "CTO", "GDP",
    "AIDS", "HIV", "COVID", "DNA", "RNA", "MP", "MPS", "DJ", "ID", "IT", "PR", "VIP", "FAQ",
    "USB", "PC", "AI", "LOL", "OMG", "NYC", "LA", "DC", "EST", "GMT", "UTC", "BC", "AD", "VS",
    "ETC", "RSS", "URL", "HTML", "PDF", "CD", "DVD", "SUV", "USSR", "PRC", "DPRK", "ROK", "II",
    "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XX", "XXI", "GB", "MB", "KB", "TB", "MPH",
    "KM", "CM", "MM", "KG", "LB", "LBS", "OZ", "FT", "ET", "PT", "CT", "MT", "AKA", "FYI",
    "ASAP", "RIP", "SMS", "GPS", "LED", "LCD", "ATM", "CO2", "NO", "YES", "THE", "AND", "OF",
    "NOT", "A", "AN", "Q", "QA", "ST", "MS", "MR", "DR", "JR", "SR", "AP", "VP", "HQ",
];

const MONTHS_DAYS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday",
];

const PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "bin", "bint", "al", "la", "le", "du", "da", "del", "di",
    "dos", "das", "ibn", "ben", "y", "el", "ter", "ten", "zu",
];

fn lc(s: &str) -> String {
    s.to_lowercase()
}

fn strip_possessive(s: &str) -> &str {
    s.strip_suffix("'s").or_else(|| s.strip_suffix("’s")).unwrap_or(s)
}

fn in_list(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// Is `w` (as written) a common word rather than a name part?
fn common_word(lx: &Lexicon, w: &str) -> bool {
    let l = lc(w);
    let lower = lx.lower_count(&l);
    match lx.cap_stats(w) {
        Some(s) => {
            let named = s.per + s.org + s.loc + s.misc;
            lower >= 20 && (s.o * 2 > named || lower > 40 * (named + 1))
        }
        None => lower >= 20,
    }
}

/// A token position in the doc with its text.
struct Cand {
    toks: Vec<usize>,
    span: Span,
}

/// Scores for one candidate name.
#[derive(Default, Debug, Clone, Copy)]
struct Evidence {
    person: f32,
    org: f32,
    other: f32,
}

/// Runs the names detector over the segmented document.
pub fn detect(text: &str, doc: &Doc, lx: &Lexicon) -> Vec<NameMention> {
    let mut out: Vec<NameMention> = Vec::new();
    let mut ev_of: Vec<Evidence> = Vec::new();
    for (si, sent) in doc.sentences.iter().enumerate() {
        let r = sent.tokens.clone();
        let all_caps_sentence = r.clone().filter(|&i| doc.tokens[i].kind == TokKind::Word).all(|i| !has_lower(doc.tok(text, i)));
        let mut i = r.start;
        while i < r.end {
            if !starts_name(text, doc, i) {
                i += 1;
                continue;
            }
            // Grow a run.
            let mut toks = vec![i];
            let mut j = i + 1;
            while j < r.end {
                let t = doc.tokens[j];
                let w = doc.tok(text, j);
                if t.kind == TokKind::Word && (t.cap || t.digit && toks.len() > 1 && false) {
                    toks.push(j);
                    j += 1;
                    if w.ends_with("'s") || w.ends_with("’s") {
                        break;
                    }
                    continue;
                }
                // Connectors: only when a capitalised word follows.
                let next_cap = j + 1 < r.end && doc.tokens[j + 1].kind == TokKind::Word && doc.tokens[j + 1].cap;
                let conn = match t.kind {
                    TokKind::Punct => matches!(t.first, '·' | '&') || (t.first == '.' && !t.space_before && is_initial(doc.tok(text, j - 1))),
                    TokKind::Word => in_list(PARTICLES, w) || matches!(w, "of" | "for" | "and" | "on"),
                    _ => false,
                };
                if conn && next_cap {
                    toks.push(j);
                    j += 1;
                    continue;
                }
                // `Matthew · Bashir (…) ·`: a trailing middle dot.
                break;
            }
            i = j;
            for part in split_run(text, doc, lx, toks, sent.tokens.start) {
                let Some(c) = trim(text, doc, lx, part, sent.tokens.start, all_caps_sentence) else { continue };
                let ev = classify(text, doc, lx, &c, sent.tokens.start, all_caps_sentence);
                let kind = if ev.org > ev.person && ev.org > ev.other {
                    Some(NameKind::Org)
                } else if ev.person > ev.org && ev.person > ev.other {
                    Some(NameKind::Person)
                } else {
                    None
                };
                if let Some(kind) = kind {
                    out.push(NameMention { span: c.span, kind, alias_of: None, sentence: si });
                    ev_of.push(ev);
                }
            }
        }
    }
    link_parenthesised(text, &mut out, &mut ev_of);
    descriptive_aliases(text, doc, &mut out);
    propagate(text, doc, lx, &mut out);
    // Sort by position and renumber the alias links to match.
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by_key(|&i| (out[i].span.start, out[i].span.end));
    let mut new_index = vec![0; out.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut sorted: Vec<NameMention> = order.iter().map(|&i| out[i].clone()).collect();
    for m in &mut sorted {
        m.alias_of = m.alias_of.map(|a| new_index[a]);
    }
    sorted
}

fn has_lower(w: &str) -> bool {
    w.chars().any(char::is_lowercase)
}

fn is_initial(w: &str) -> bool {
    let mut c = w.chars();
    matches!((c.next(), c.next()), (Some(x), None) if x.is_uppercase())
}

fn starts_name(text: &str, doc: &Doc, i: usize) -> bool {
    let t = doc.tokens[i];
    t.kind == TokKind::Word && t.cap && !doc.tok(text, i).starts_with(|c: char| c.is_ascii_digit())
}

/// Splits a run at connectors when the pieces are better names than the whole.
fn split_run(text: &str, doc: &Doc, lx: &Lexicon, toks: Vec<usize>, _sent_start: usize) -> Vec<Vec<usize>> {
    // Split at a known organization prefix: `Tencent Francisco` → `Tencent` + `Francisco`.
    for k in (1..toks.len()).rev() {
        let s = Span::new(doc.tokens[toks[0]].span.start, doc.tokens[toks[k - 1]].span.end);
        if lx.is_known_org(&text[s.start..s.end]) && doc.tokens[toks[k]].kind == TokKind::Word && !is_org_head(&lc(doc.tok(text, toks[k]))) {
            let mut v = vec![toks[..k].to_vec()];
            v.extend(split_run(text, doc, lx, toks[k..].to_vec(), 0));
            return v;
        }
    }
    let has_conn = toks.iter().any(|&t| matches!(doc.tok(text, t), "of" | "for" | "and" | "&" | "on"));
    if !has_conn {
        return vec![toks];
    }
    let words: Vec<String> = toks.iter().map(|&t| lc(doc.tok(text, t))).collect();
    let first_org = in_list(ORG_STARTS, &words[0]) || words.iter().any(|w| is_org_head(w));
    if first_org && !matches!(words.last().map(String::as_str), Some("of" | "for" | "and" | "&" | "on")) {
        // `University of Portsmouth`, `Bank of America`: keep, unless `and` joins two names.
        let and_split = words.iter().position(|w| w == "and");
        if and_split.is_none() {
            return vec![toks];
        }
    }
    let mut parts = vec![];
    let mut cur = vec![];
    for &t in &toks {
        if matches!(doc.tok(text, t), "of" | "for" | "and" | "&" | "on") {
            if !cur.is_empty() {
                parts.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(t);
        }
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    parts
}

fn is_org_head(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    in_list(ORG_HEADS, w)
}

/// Drops titles, sentence-initial common words, months and days at the edges.
fn trim(text: &str, doc: &Doc, lx: &Lexicon, mut toks: Vec<usize>, sent_start: usize, all_caps_sentence: bool) -> Option<Cand> {
    loop {
        let &f = toks.first()?;
        let w = strip_possessive(doc.tok(text, f));
        let l = lc(w);
        let punct = doc.tokens[f].kind == TokKind::Punct;
        let sentence_initial = f == sent_start || opens_clause(text, doc, f, sent_start);
        let drop = punct
            || in_list(TITLES, l.trim_end_matches('.'))
            || in_list(PARTICLES, &l)
            || matches!(l.as_str(), "of" | "for" | "and" | "on" | "the")
            || in_list(MONTHS_DAYS, w)
            || (sentence_initial && toks.len() >= 1 && common_word(lx, w) && !lx.is_known_org(w) && !(doc.tokens[f].all_caps && !all_caps_sentence && w.len() <= 6) && !(lx.first_name(w).is_some() && toks.len() > 1 && !is_function_word(&l)));
        if drop {
            toks.remove(0);
        } else {
            break;
        }
    }
    loop {
        let &l = toks.last()?;
        let w = doc.tok(text, l);
        let lw = lc(w);
        let drop = doc.tokens[l].kind == TokKind::Punct && !(doc.tokens[l].first == '.' && toks.len() >= 2)
            || in_list(MONTHS_DAYS, w)
            || matches!(lw.as_str(), "of" | "for" | "and" | "on" | "the")
            || in_list(PARTICLES, &lw);
        if drop {
            toks.pop();
        } else {
            break;
        }
    }
    let first = *toks.first()?;
    let last = *toks.last()?;
    let mut span = Span::new(doc.tokens[first].span.start, doc.tokens[last].span.end);
    let s = &text[span.start..span.end];
    let stripped = strip_possessive(s);
    span.end = span.start + stripped.len();
    // A trailing `.` only belongs to initials, `Jr.`, `Inc.` and the like.
    if text[span.start..span.end].ends_with('.') {
        let before = text[..span.end - 1].rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        let keep = is_initial(before) || matches!(lc(before).as_str(), "jr" | "sr" | "inc" | "corp" | "ltd" | "co" | "bros" | "st") || before.contains('.');
        if !keep {
            span.end -= 1;
        }
    }
    if span.is_empty() {
        return None;
    }
    Some(Cand { toks, span })
}

fn is_function_word(l: &str) -> bool {
    matches!(
        l,
        "the" | "a" | "an" | "this" | "that" | "these" | "those" | "he" | "she" | "it" | "they" | "we" | "i" | "you"
            | "but" | "and" | "or" | "if" | "in" | "on" | "at" | "as" | "so" | "his" | "her" | "its" | "their" | "our"
            | "my" | "your" | "there" | "here" | "when" | "while" | "after" | "before" | "for" | "with" | "by" | "to"
            | "from" | "of" | "not" | "no" | "yes" | "all" | "some" | "many" | "most" | "one" | "last" | "next"
            | "first" | "new" | "what" | "who" | "why" | "how" | "where" | "which"
    )
}

/// Right after an opening quote, a colon or a bullet, a word is capitalised for other reasons.
fn opens_clause(text: &str, doc: &Doc, i: usize, sent_start: usize) -> bool {
    if i == sent_start {
        return true;
    }
    let p = doc.tokens[i - 1];
    p.kind == TokKind::Punct && matches!(p.first, '"' | '“' | '‘' | '«' | '„' | ':' | '(' | '-' | '—' | '–' | '•' | '\'') && {
        let _ = text;
        true
    }
}

fn classify(text: &str, doc: &Doc, lx: &Lexicon, c: &Cand, sent_start: usize, all_caps_sentence: bool) -> Evidence {
    let mut ev = Evidence::default();
    let s = &text[c.span.start..c.span.end];
    let words: Vec<&str> = c.toks.iter().filter(|&&t| doc.tokens[t].kind == TokKind::Word).map(|&t| strip_possessive(doc.tok(text, t))).collect();
    let Some(&first) = words.first() else { return ev };
    let last = *words.last().unwrap_or(&first);
    let lfirst = lc(first);
    let llast = lc(last.trim_end_matches('.'));
    let n = words.len();
    let initial = c.toks[0] == sent_start || opens_clause(text, doc, c.toks[0], sent_start);

    if lx.is_known_org(s) {
        ev.org += 4.0;
    }
    if n >= 2 && (is_org_head(&llast) || lx.is_legal_form(&llast)) {
        ev.org += 3.0;
    }
    if n == 1 && lx.is_legal_form(&llast) {
        ev.other += 2.0;
    }
    if n >= 2 && in_list(ORG_STARTS, &lfirst) && words.iter().any(|w| *w == "of" || *w == "for") {
        ev.org += 3.0;
    }
    if n == 1 && doc.tokens[c.toks[0]].all_caps && !all_caps_sentence {
        let bare = first.trim_end_matches('.');
        if (2..=7).contains(&bare.chars().count()) && !in_list(ACRONYM_STOP, bare) && !lx.is_place(bare) {
            ev.org += 2.0;
        } else {
            ev.other += 2.0;
        }
    }
    // Cues around the name.
    let before = c.toks[0].checked_sub(1).filter(|&b| b >= sent_start);
    if let Some(b) = before {
        let pw = lc(doc.tok(text, b).trim_end_matches('.'));
        if in_list(TITLES, &pw) {
            ev.person += 2.0;
        }
        if in_list(ORG_CUES, &pw) {
            ev.org += 3.0;
        }
    }
    // Name lists.
    if let Some(g) = lx.first_name(first) {
        if n >= 2 && !lx.is_place(s) {
            ev.person += if g == Gender::Unknown { 1.5 } else { 2.0 };
        } else if n == 1 {
            ev.person += 0.6;
        }
    }
    if n >= 2 && lx.is_surname(last) {
        ev.person += 0.8;
    }
    if words.iter().any(|w| w.len() == 1 || is_initial(w.trim_end_matches('.'))) && n >= 2 {
        ev.person += 0.5;
    }
    if c.toks.iter().any(|&t| doc.tokens[t].first == '·') {
        ev.person += 1.0;
    }
    // Training statistics, word by word.
    let (mut per, mut org, mut loc, mut o, mut seen) = (0f32, 0f32, 0f32, 0f32, 0);
    for w in &words {
        if let Some(st) = lx.cap_stats(w) {
            let t = st.total() as f32 + 2.0;
            per += st.per as f32 / t;
            org += st.org as f32 / t;
            loc += st.loc as f32 / t;
            o += (st.o + st.misc) as f32 / t;
            seen += 1;
        }
    }
    if seen > 0 {
        let k = 2.0 / n as f32;
        ev.person += per * k;
        ev.org += org * k;
        ev.other += (loc + o) * k;
    }
    if lx.is_place(s) {
        ev.other += 3.0;
    }
    if n == 1 && words.iter().all(|w| common_word(lx, w)) {
        ev.other += 2.0;
    }
    // A lone unknown capitalised word mid-sentence is more often a name than not.
    if seen == 0 && !initial {
        if n >= 2 {
            ev.person += 0.6;
        } else {
            ev.org += 0.3;
            ev.person += 0.35;
        }
    }
    if initial && n == 1 && ev.person.max(ev.org) < 2.0 {
        ev.other += 1.0;
    }
    ev
}

/// `X (Y)`: Y is an alternate form of X; both get the kind with the stronger evidence.
fn link_parenthesised(text: &str, out: &mut [NameMention], ev: &mut [Evidence]) {
    for k in 1..out.len() {
        let (a, b) = (out[k - 1].span, out[k].span);
        let between = &text[a.end..b.start];
        let bt = between.trim_matches(|c: char| c.is_whitespace() || c == '·');
        if bt == "(" && text[b.end..].trim_start().starts_with(')') {
            out[k].alias_of = Some(k - 1);
            let (ea, eb) = (ev[k - 1], ev[k]);
            let org = ea.org.max(eb.org);
            let per = ea.person.max(eb.person);
            let kind = if org >= 3.0 && org >= per - 1.0 {
                NameKind::Org
            } else if per >= org {
                NameKind::Person
            } else {
                NameKind::Org
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
    let mut found: Vec<(String, usize)> = vec![];
    for m in 0..out.len() {
        let a = out[m].span;
        let acr = &text[a.start..a.end];
        if out[m].kind != NameKind::Org || !acr.chars().all(|c| c.is_uppercase()) {
            continue;
        }
        // Look back from the acronym over `(`, quotes and `hereinafter referred to as`.
        let window_start = a.start.saturating_sub(60);
        let window_start = (window_start..a.start).find(|&p| text.is_char_boundary(p)).unwrap_or(a.start);
        let back = &lower[window_start..a.start];
        let Some(paren) = back.rfind('(') else { continue };
        let between = &back[paren + 1..];
        let ok = between.trim_matches(|c: char| !c.is_alphanumeric()).is_empty()
            || between.contains("hereinafter") || between.contains("known as") || between.contains("referred to");
        if !ok {
            continue;
        }
        let head_end = window_start + paren;
        let pre = text[..head_end].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '”'));
        let words: Vec<(usize, &str)> = word_positions(pre).into_iter().rev().take(7).collect();
        let Some(&(_, head)) = words.first() else { continue };
        if !in_list(DESCRIPTIVE_HEADS, &lc(head)) || head.starts_with(char::is_uppercase) {
            continue;
        }
        let mut start = None;
        for &(p, w) in words.iter().skip(1) {
            let lw = lc(w);
            if matches!(lw.as_str(), "the" | "a" | "an" | "this" | "its" | "their") || is_verbish(&lw) {
                break;
            }
            start = Some(p);
        }
        let Some(st) = start else { continue };
        let phrase = text[st..pre.len()].to_string();
        if phrase.split_whitespace().count() >= 2 && !found.iter().any(|(p, _)| *p == phrase.to_lowercase()) {
            found.push((phrase.to_lowercase(), m));
        }
    }
    for (phrase, acr) in found {
        let mut from = 0;
        while let Some(p) = lower[from..].find(&phrase) {
            let s = from + p;
            let e = s + phrase.len();
            from = e;
            let bounded = !lower[..s].ends_with(|c: char| c.is_alphanumeric()) && !lower[e..].starts_with(|c: char| c.is_alphanumeric());
            let span = Span::new(s, e);
            if bounded && !out.iter().any(|m| m.span.overlaps(&span)) {
                let sentence = doc.sent_of.get(doc.tokens.partition_point(|t| t.span.end <= s)).copied().unwrap_or(0) as usize;
                out.push(NameMention { span, kind: NameKind::Org, alias_of: Some(acr), sentence });
            }
        }
    }
}

fn is_verbish(w: &str) -> bool {
    w.ends_with("ed") || matches!(w, "join" | "joins" | "is" | "are" | "was" | "were" | "to" | "of" | "in" | "on" | "for" | "with" | "by" | "from" | "and" | "or")
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

/// Document-level consistency: a found name is a name wherever it recurs; a person's surname
/// or first name alone is a mention of that person.
fn propagate(text: &str, doc: &Doc, lx: &Lexicon, out: &mut Vec<NameMention>) {
    let mut surface: HashMap<String, NameKind> = HashMap::new();
    for m in out.iter() {
        let s = &text[m.span.start..m.span.end];
        surface.entry(s.to_string()).or_insert(m.kind);
        if m.kind == NameKind::Person {
            let parts: Vec<&str> = s.split(|c: char| c.is_whitespace() || c == '·').filter(|p| p.chars().count() > 1 && p.starts_with(char::is_uppercase)).collect();
            if parts.len() >= 2 {
                for p in [parts[0], parts[parts.len() - 1]] {
                    if !common_word(lx, p) && !lx.is_place(p) {
                        surface.entry(p.to_string()).or_insert(NameKind::Person);
                    }
                }
            }
        }
    }
    // Resolve conflicts: the same surface keeps the kind of its first, strongest tagging.
    for m in out.iter_mut() {
        let s = &text[m.span.start..m.span.end];
        if let Some(&k) = surface.get(s) {
            m.kind = k;
        }
    }
    let mut longest = 1;
    for k in surface.keys() {
        longest = longest.max(k.split_whitespace().count() + k.matches('·').count());
    }
    let covered = |out: &Vec<NameMention>, s: &Span| out.iter().any(|m| m.span.overlaps(s));
    let mut add = vec![];
    for (i, t) in doc.tokens.iter().enumerate() {
        if t.kind != TokKind::Word || !t.cap {
            continue;
        }
        // Longest surface first.
        for len in (1..=longest * 2).rev() {
            let j = i + len - 1;
            if j >= doc.tokens.len() || doc.sent_of[j] != doc.sent_of[i] {
                continue;
            }
            let span = Span::new(t.span.start, doc.tokens[j].span.end);
            let s = strip_possessive(&text[span.start..span.end]);
            if let Some(&k) = surface.get(s) {
                let span = Span::new(span.start, span.start + s.len());
                if !covered(out, &span) && !add.iter().any(|m: &NameMention| m.span.overlaps(&span)) {
                    add.push(NameMention { span, kind: k, alias_of: None, sentence: doc.sent_of[i] as usize });
                }
                break;
            }
        }
    }
    out.extend(add);
}
