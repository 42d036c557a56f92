//! Sides of a match in a sports report are teams, so organizations.

use super::context::*;
use super::*;
use crate::words::{LOCATIVES, RESULT_PARTICIPLES};
use std::borrow::Cow;

/// In an article about sport, a team named in the plural that the tagger did not tag: a run of
/// capitalised words after `the`, or starting with a known place, that ends in a plural (`the
/// St. Louis Eagles`, `Vancouver Canucks`, and one word after `the` that is not a common word:
/// `the Wolverines`).
pub(super) fn plural_teams_missed(text: &str, doc: &Doc, lx: &Lexicon, out: &mut Vec<NameMention>) {
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
        let after_the = i > 0 && same(i - 1, i) && doc.tok(text, i - 1).eq_ignore_ascii_case("the");
        let last = doc.tok(text, j - 1);
        let l = lc(last);
        // One word only after `the`, and only a word that is not common in lower case (`the
        // Wolverines`, not `the Finals`).
        if words < 2 && !(words == 1 && after_the && !common_word(lx, last)) {
            i = next.max(i + 1);
            continue;
        }
        let plural = last.chars().count() >= 4
            && l.ends_with('s')
            && !l.ends_with("ss")
            && !l.ends_with("'s")
            && !l.ends_with("’s")
            && !NOT_TEAM_PLURALS.contains(l.as_str())
            && !EVENT_HEADS.contains(l.as_str())
            && !is_group_word(lx, last);
        let span = Span::new(doc.tokens[i].span.start, doc.tokens[j - 1].span.end);
        let s = &text[span.start..span.end];
        let from_place =
            (i + 1..j).any(|k| lx.is_place(&text[span.start..doc.tokens[k - 1].span.end]));
        let k = covered.partition_point(|c| c.end <= span.start);
        let free = covered.get(k).is_none_or(|c| c.start >= span.end);
        if plural && (after_the || from_place) && !lx.is_place(s) && free {
            out.push(NameMention::decided(
                span,
                NameKind::Org,
                doc.sent_of[i] as usize,
            ));
        }
        i = next;
    }
}

/// A match score at token `i` (`1 – 0`, `3-2`): the index after it, or `None`.
pub(super) fn score_at(text: &str, doc: &Doc, i: usize) -> Option<usize> {
    let small = |t: usize| whole_number(text, doc, t, 2);
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

/// Is token `t` a whole number of one to `digits` digits (a side's score or points)?
fn whole_number(text: &str, doc: &Doc, t: usize, digits: usize) -> bool {
    doc.tokens[t].kind == TokKind::Number && {
        let w = doc.tok(text, t);
        (1..=digits).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())
    }
}

/// Does `s` name a month or a day (`Tuesday 14 March 2` is a date, not two sides)?
fn dated(s: &str) -> bool {
    s.split_whitespace().any(|w| MONTHS_DAYS.contains(&lc(w)))
}

/// The run of capitalised words ending just before token `end` (`i..end`), at most four.
pub(super) fn cap_run_before(doc: &Doc, end: usize) -> Option<(usize, usize)> {
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
pub(super) fn cap_run_after(doc: &Doc, start: usize) -> Option<(usize, usize)> {
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
pub(super) fn teams(text: &str, doc: &Doc, lx: &Lexicon, out: &mut Vec<NameMention>) {
    // A team named in the plural, read as a person: `the Bruins`, `Boston Bruins`, `the
    // Rochester Jeffersons` (only in an article about sport, checked below).
    let team_like = |m: &NameMention| {
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
        plural && (after_the || from_place)
    };
    let plural_team: Vec<usize> = (0..out.len())
        .filter(|&k| out[k].kind == NameKind::Person && team_like(&out[k]))
        .collect();
    // A team the tagger already read as an organization (`the Halifax Comets`): the article
    // names teams, so look for the ones it missed too.
    let names_a_team = out.iter().any(|m| m.kind == NameKind::Org && team_like(m));
    let mut sides: HashMap<&str, NameKind> = HashMap::new();
    let run_text = |r: (usize, usize)| run_text(text, doc, r);
    for i in 0..doc.tokens.len() {
        let Some(after) = score_at(text, doc, i) else {
            continue;
        };
        let Some(left) = cap_run_before(doc, i).and_then(|r| without_opening(text, doc, lx, r))
        else {
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
            verb.then(|| cap_run_before(doc, v))
                .flatten()
                .and_then(|r| without_opening(text, doc, lx, r))
        });
        let Some(other) = right.or(before_verb) else {
            continue;
        };
        for r in [left, other] {
            let s = run_text(r);
            if !s.is_empty() {
                sides.insert(s, NameKind::Org);
            }
        }
    }
    results_lines(text, doc, lx, &mut sides);
    table_rows(text, doc, lx, &mut sides);
    let verb_sides = result_verb_sides(text, doc, lx);
    if sides.is_empty() && plural_team.is_empty() && !names_a_team && verb_sides.is_empty() {
        return;
    }
    // A score is a match's only where the article talks of sport.
    let mut sport_words: Vec<Cow<str>> = (0..doc.tokens.len())
        .filter(|&t| doc.tokens[t].kind == TokKind::Word)
        // A headline's `SOCCER -` counts too.
        .map(|t| match doc.tokens[t].all_caps {
            true => Cow::Owned(lc(doc.tok(text, t))),
            false => Cow::Borrowed(doc.tok(text, t)),
        })
        .filter(|w| SPORT_WORDS.contains(w))
        .collect();
    sport_words.sort_unstable();
    sport_words.dedup();
    if sport_words.len() < 2 {
        return;
    }
    // In a sport played one against one (tennis, golf, boxing) the sides are players: a side
    // that the tagger read as a person's full name (a known first name, then more words), or
    // that is the surname of one, stays a person (`Pete Sampras beat Goran Ivanisevic 6-4`), and
    // so is that name's every other occurrence.
    let players: HashSet<&str> = out
        .iter()
        .filter(|m| m.kind == NameKind::Person)
        .flat_map(|m| {
            let s = &text[m.span.start..m.span.end];
            let mut words = s.split_whitespace();
            let full =
                words.next().is_some_and(|w| lx.first_name(w).is_some()) && words.next().is_some();
            let last = s.rsplit(char::is_whitespace).next().unwrap_or(s);
            full.then_some([s, last]).into_iter().flatten()
        })
        .collect();
    for (s, kind) in sides.iter_mut() {
        if players.contains(s) {
            *kind = NameKind::Person;
        }
    }
    let orgs: HashSet<&str> = out
        .iter()
        .filter(|m| m.kind == NameKind::Org)
        .map(|m| &text[m.span.start..m.span.end])
        .collect();
    for (left, right) in verb_sides {
        let (a, b) = (run_text(left), run_text(right));
        let team = |s: &str| sides.get(s) == Some(&NameKind::Org) || orgs.contains(s);
        let place = |s: &str| lx.is_place(s);
        if a.is_empty() || b.is_empty() || players.contains(a) || players.contains(b) {
            continue;
        }
        // Neither side is named as a person is, a first name and more (`Somerset beat Kent`):
        // in an article about sport, whose players are named in full (`players`), sides
        // named otherwise are teams.
        let full_name = |s: &str| {
            let mut words = s.split_whitespace();
            words.next().is_some_and(|w| lx.first_name(w).is_some()) && words.next().is_some()
        };
        if (place(a) && place(b)) || team(a) || team(b) || !full_name(a) && !full_name(b) {
            sides.insert(a, NameKind::Org);
            sides.insert(b, NameKind::Org);
        }
    }
    for k in plural_team {
        out[k].kind = NameKind::Org;
        out[k].sureness = Sureness::Decided(NameKind::Org);
    }
    let before = out.len();
    plural_teams_missed(text, doc, lx, out);
    for m in out.iter_mut() {
        if let Some(&kind) = sides.get(&text[m.span.start..m.span.end]) {
            m.kind = kind;
            m.sureness = Sureness::Decided(kind);
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
        let Some(&kind) = sides.get(s) else {
            continue;
        };
        let locative = kind == NameKind::Org
            && i > 0
            && doc.sent_of[i - 1] == doc.sent_of[i]
            && LOCATIVES.contains(&doc.tok(text, i - 1).to_lowercase());
        let span = Span::new(t.span.start, t.span.start + s.len());
        let k = covered.partition_point(|c| c.end <= span.start);
        if locative || covered.get(k).is_some_and(|c| c.start < span.end) {
            continue;
        }
        out.push(NameMention::decided(span, kind, doc.sent_of[i] as usize));
    }
    if out.len() > before {
        out_sort(out);
    }
}

/// The sides of results lines, each side followed by its own score (`Barnsley 1 Oxford 0`,
/// `Chicago 103 PHILADELPHIA 91`): teams.
fn results_lines<'t>(
    text: &'t str,
    doc: &Doc,
    lx: &Lexicon,
    sides: &mut HashMap<&'t str, NameKind>,
) {
    let points = |t: usize| whole_number(text, doc, t, 3);
    for i in 0..doc.tokens.len() {
        if !points(i) {
            continue;
        }
        let Some(left) = cap_run_before(doc, i).and_then(|r| without_opening(text, doc, lx, r))
        else {
            continue;
        };
        let Some(right) = (i + 1 < doc.tokens.len() && doc.sent_of[i + 1] == doc.sent_of[i])
            .then(|| cap_run_after(doc, i + 1))
            .flatten()
        else {
            continue;
        };
        if right.1 >= doc.tokens.len() || doc.sent_of[right.1] != doc.sent_of[i] || !points(right.1)
        {
            continue;
        }
        let (a, b) = (run_text(text, doc, left), run_text(text, doc, right));
        if !a.is_empty() && !b.is_empty() && !dated(a) && !dated(b) {
            sides.insert(a, NameKind::Org);
            sides.insert(b, NameKind::Org);
        }
    }
}

/// The names of a league table's rows, a name then four numbers or more (`Parma 2 1 1 0 3 1
/// 4`: played, won, drawn, lost, goals, points): teams.
fn table_rows<'t>(text: &'t str, doc: &Doc, lx: &Lexicon, sides: &mut HashMap<&'t str, NameKind>) {
    for i in 0..doc.tokens.len() {
        let t = doc.tokens[i];
        let opens = i == 0
            || doc.sent_of[i - 1] != doc.sent_of[i]
            || !(doc.tokens[i - 1].kind == TokKind::Word && doc.tokens[i - 1].cap);
        if t.kind != TokKind::Word || !t.cap || !opens {
            continue;
        }
        let Some(run) = cap_run_after(doc, i) else {
            continue;
        };
        let row = (run.1..run.1 + 4).all(|k| {
            k < doc.tokens.len()
                && doc.sent_of[k] == doc.sent_of[i]
                && whole_number(text, doc, k, 3)
        });
        let Some(run) = without_opening(text, doc, lx, run).filter(|_| row) else {
            continue;
        };
        let s = run_text(text, doc, run);
        if !s.is_empty() && !dated(s) {
            sides.insert(s, NameKind::Org);
        }
    }
}

/// The two runs of capitalised words on either side of a result verb without a score
/// (`Liverpool crushed Southampton`, `Lazio drew with Roma`, `Ajax lost to PSV`, `Milan were
/// held to a draw by Napoli`); [`teams`] takes them as sides when both are places, one is a
/// team already, or neither is named as a person is.
fn result_verb_sides(text: &str, doc: &Doc, lx: &Lexicon) -> Vec<((usize, usize), (usize, usize))> {
    let mut out = vec![];
    for v in 2..doc.tokens.len() {
        // The passive: `Milan were held to a 1-1 draw by Napoli`, `Leeds were beaten 2-0 by
        // Everton`.
        if doc.tokens[v - 2].cap
            && doc.tokens[v - 2].kind == TokKind::Word
            && matches!(doc.tok(text, v - 1), "was" | "were")
            && RESULT_PARTICIPLES.contains(doc.tok(text, v))
        {
            let by = (v + 1..doc.tokens.len().min(v + 1 + MAX_PASSIVE_GAP))
                .take_while(|&t| doc.sent_of[t] == doc.sent_of[v])
                .find(|&t| doc.tok(text, t) == "by");
            if let (Some(left), Some(right)) = (
                cap_run_before(doc, v - 1).and_then(|r| without_opening(text, doc, lx, r)),
                by.and_then(|b| {
                    (b + 1 < doc.tokens.len() && doc.sent_of[b + 1] == doc.sent_of[v])
                        .then(|| cap_run_after(doc, b + 1))
                        .flatten()
                }),
            ) {
                out.push((left, right));
            }
            continue;
        }
        // (a side in capitals ends right before the verb: most words are looked up no further)
        let after_capital = doc.tokens[v - 1].kind == TokKind::Word && doc.tokens[v - 1].cap;
        let w = doc.tok(text, v);
        if !after_capital || doc.tokens[v].kind != TokKind::Word || !RESULT_VERBS.contains(w) {
            continue;
        }
        let mut o = v + 1;
        if matches!(w, "drew" | "draws" | "lost")
            && o < doc.tokens.len()
            && matches!(doc.tok(text, o), "with" | "to" | "against")
        {
            o += 1;
        } else if w == "lost" {
            continue;
        }
        let same = o < doc.tokens.len() && doc.sent_of[o] == doc.sent_of[v];
        if let (Some(left), Some(right)) = (
            cap_run_before(doc, v).and_then(|r| without_opening(text, doc, lx, r)),
            same.then(|| cap_run_after(doc, o)).flatten(),
        ) {
            out.push((left, right));
        }
    }
    out
}

/// Tokens between a passive result and its `by` (`held to a 1-1 draw by`).
const MAX_PASSIVE_GAP: usize = 8;

/// The text of a run of tokens `a..b`, without a possessive at its end.
fn run_text<'t>(text: &'t str, doc: &Doc, (a, b): (usize, usize)) -> &'t str {
    strip_poss(&text[doc.tokens[a].span.start..doc.tokens[b - 1].span.end])
}
