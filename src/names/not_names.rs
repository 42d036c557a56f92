//! What is named like a person or an organization but is neither.

use super::context::*;
use super::*;
use crate::words::{CONSTITUENCY_TITLES, NAMING_VERBS, SAINT_WORDS};
use std::cell::OnceCell;

/// A dateline (`LAGOS - …`, `NAIROBI (Reuters) - …`, `SEOUL, South Korea - …`, `OSLO
/// 1996-08-22`): a known place in capitals that opens a paragraph, before a dash, a
/// parenthesis, a comma or a date.
pub(super) fn is_dateline(text: &str, doc: &Doc, lx: &Lexicon, span: Span, first: usize) -> bool {
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
    let mark = next.kind == TokKind::Punct && matches!(next.first, '-' | '–' | '—' | '(' | ',');
    if !mark && !next.first.is_ascii_digit() {
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

/// A party tag is short: `R-Texas`, `D-North Carolina`.
const MAX_PARTY_TAG_BYTES: usize = 16;
/// Words before `named` in which an animal makes a pet's name (`a cat named`, `her old grey
/// cat, named`).
const PET_WORD_DISTANCE: std::ops::RangeInclusive<usize> = 2..=6;
/// Words between days in a list of days (`Fri, Sat, or Sun`).
const DAY_LIST_DISTANCE: std::ops::RangeInclusive<usize> = 1..=3;
/// Letters of a sentence-opening word that may be judged by its lower-case uses (shorter
/// words are too often both: `Bill`, `Mark`).
const MIN_COMMON_OPENER_CHARS: usize = 4;

/// What the rules read about one mention.
struct Ctx<'a, 'b> {
    text: &'a str,
    doc: &'a Doc,
    lx: &'a Lexicon,
    tags: &'a [u8],
    /// The mention's span.
    span: Span,
    /// The mention's text.
    s: &'a str,
    /// Its first token, the token after it, and its last token.
    first: usize,
    after: usize,
    last: usize,
    /// Its words, and its last word in lower case.
    words: Vec<&'a str>,
    wl: String,
    /// The token after it and the token before it, in the same sentence.
    next: Option<usize>,
    prev: Option<usize>,
    /// Tagged as a person (else as an organization).
    person: bool,
    /// One word long.
    single: bool,
    /// Words of people's full names in the article.
    name_words: &'b HashSet<&'a str>,
    /// Surfaces already known not to be names: storms, craft, places, studies.
    surfaces: &'b HashSet<&'a str>,
    /// The article's lower-case words, built when first needed.
    lower_words: &'b OnceCell<HashSet<&'a str>>,
}

impl<'a> Ctx<'a, '_> {
    fn prev_is(&self, w: &str) -> bool {
        self.prev
            .is_some_and(|p| self.doc.tok(self.text, p).eq_ignore_ascii_case(w))
    }
    fn next_cap_word(&self) -> Option<usize> {
        self.next
            .filter(|&n| self.doc.tokens[n].kind == TokKind::Word && self.doc.tokens[n].cap)
    }
    /// Neither a first name, a surname nor a known organization.
    fn unknown_word(&self, w: &str) -> bool {
        self.lx.first_name(w).is_none() && !self.lx.is_surname(w) && !self.lx.is_known_org(w)
    }
    fn last_word(&self) -> &'a str {
        self.words.last().copied().unwrap_or("")
    }
}

/// A rule: a name for it, and the test that says a mention is not a person or an organization.
type Rule = (&'static str, fn(&Ctx) -> bool);

/// Every rule of this pass; a mention is dropped when any of them holds.
const RULES: &[Rule] = &[
    ("dateline", dateline),
    ("storm or craft", storm_or_craft),
    ("group", group),
    ("party tag", party_tag),
    ("post-nominal letters", postnominal),
    ("acronym of a place", place_acronym),
    ("saint or place after in", saint_or_in),
    ("constituency", constituency),
    ("administrative area", area),
    ("pet", pet),
    ("numbered label", numbered),
    ("day", day),
    ("place in a list of places", place_list),
    ("part of an event or study name", event),
    ("facility or venue", facility),
    ("start of a facility's name", facility_next),
    ("place", place),
    ("common word opening a sentence", common_word_opening),
];

/// A dateline: see [`is_dateline`].
fn dateline(c: &Ctx) -> bool {
    is_dateline(c.text, c.doc, c.lx, c.span, c.first)
}

/// `Hurricane Rita`, `the shuttle Atlantis`, `Space Shuttle Atlantis`, and a name that was
/// read as a storm or craft elsewhere in the article.
fn storm_or_craft(c: &Ctx) -> bool {
    c.prev.is_some_and(|p| is_craft_word(c.doc, p))
        || (c.words.len() > 1 && is_craft_word(c.doc, c.first))
        || c.surfaces.contains(&c.s)
}

/// Nationalities and religious, ethnic or political groups (`Kenyans`, `Shiite`,
/// `Republicans and Democrats`): the guidelines tag neither. A word that is only read as a
/// nationality (made from a place's name) is a surname after a courtesy title: `Mr. Burman`.
fn group(c: &Ctx) -> bool {
    let courtesy = |p: usize| matches!(c.doc.lower(p), "mr" | "mrs" | "ms" | "miss" | "dr");
    let titled = title_before(c.text, c.doc, c.first).is_some_and(courtesy);
    let listed = c.words.iter().any(|w| GROUP_WORDS.contains(lc(w).as_str()));
    (listed || !titled)
        && c.words.iter().any(|w| is_group_word(c.lx, w))
        && c.words
            .iter()
            .all(|w| is_group_word(c.lx, w) || matches!(*w, "and" | "&"))
}

/// A party tag after a politician's name: `R-Texas`, `D-Ohio`.
fn party_tag(c: &Ctx) -> bool {
    let b = c.s.as_bytes();
    c.s.len() <= MAX_PARTY_TAG_BYTES
        && b.len() >= 3
        && matches!(b[0], b'R' | b'D' | b'I')
        && b[1] == b'-'
        && b[2].is_ascii_uppercase()
}

/// Letters after a name and a comma: `…, QC`.
fn postnominal(c: &Ctx) -> bool {
    c.single && POSTNOMINALS.contains(c.s) && c.prev_is(",")
}

/// `Kennedy Space Center (KSC)`: an acronym of a name the tagger read as a place is the
/// place's too.
fn place_acronym(c: &Ctx) -> bool {
    let doc = c.doc;
    if !(c.single
        && doc.tokens[c.first].all_caps
        && c.prev_is("(")
        && c.next.is_some_and(|n| doc.tokens[n].first == ')'))
    {
        return false;
    }
    let open = c.first - 1;
    let mut a = open;
    while a > 0
        && doc.sent_of[a - 1] == doc.sent_of[open]
        && Class::of(c.tags[a - 1]) == Class::Place
    {
        a -= 1;
    }
    let initials: String = (a..open)
        .filter(|&t| doc.tokens[t].kind == TokKind::Word && doc.tokens[t].cap)
        .filter_map(|t| doc.tok(c.text, t).chars().next())
        .collect();
    a < open && initials == c.s
}

/// `St. Thomas`, `Saint Lucia`: a person named so is a saint, and news names places, churches
/// and schools after them. `in Keene`, `upon Tyne`: an unknown word after `in` is a place.
fn saint_or_in(c: &Ctx) -> bool {
    c.person
        && (c.prev.is_some_and(|p| {
            let w = c.doc.tok(c.text, p);
            SAINT_WORDS.contains(w) || (w == "." && p > 0 && c.doc.tok(c.text, p - 1) == "St")
        }) || (c.single && (c.prev_is("in") || c.prev_is("upon")) && c.unknown_word(c.s)))
}

/// `MPP for Kenora`, `MP for Hackney`: a constituency.
fn constituency(c: &Ctx) -> bool {
    c.person
        && c.prev_is("for")
        && word_before(c.doc, c.first, 2)
            .is_some_and(|p| CONSTITUENCY_TITLES.contains(c.doc.tok(c.text, p)))
}

/// `the Palmaner Taluk`, `Chittoor District`: an administrative area.
fn area(c: &Ctx) -> bool {
    c.person && !c.single && AREA_HEADS.contains(&c.wl) && !c.lx.is_surname(c.last_word())
}

/// `a cat named Achilles`: pets are not people.
fn pet(c: &Ctx) -> bool {
    c.person
        && c.prev
            .is_some_and(|p| NAMING_VERBS.contains(c.doc.lower(p)))
        && PET_WORD_DISTANCE
            .clone()
            .any(|n| word_before(c.doc, c.first, n).is_some_and(|p| PETS.contains(c.doc.lower(p))))
}

/// `Milepost 4`, `Route 66`, `Flight 370`: a word numbered like this labels a thing.
fn numbered(c: &Ctx) -> bool {
    c.person
        && c.single
        && c.next.is_some_and(|n| {
            c.doc.tokens[n].kind == TokKind::Number && c.doc.tokens[n].space_before
        })
}

/// `Fri, Sat, or Sun`: days, abbreviated, near other days.
fn day(c: &Ctx) -> bool {
    let doc = c.doc;
    let weekday = |t: usize| doc.tokens[t].kind == TokKind::Word && WEEKDAYS.contains(doc.lower(t));
    c.single
        && weekday(c.first)
        && (DAY_LIST_DISTANCE
            .clone()
            .any(|n| word_before(doc, c.first, n).is_some_and(weekday))
            || DAY_LIST_DISTANCE.clone().any(|n| {
                let t = c.last + n;
                t < doc.tokens.len() && doc.sent_of[t] == doc.sent_of[c.last] && weekday(t)
            }))
}

/// `in San Jose, Palo Alto, San Francisco`: a name between two places in a list is one.
fn place_list(c: &Ctx) -> bool {
    let (doc, text, lx) = (c.doc, c.text, c.lx);
    c.person
        && c.prev_is(",")
        && c.next.is_some_and(|n| doc.tokens[n].first == ',')
        && word_before(doc, c.first, 2).is_some_and(|p| {
            place_at(text, doc, lx, p, p)
                || word_before(doc, c.first, 3).is_some_and(|q| place_at(text, doc, lx, q, p))
        })
        && {
            let n = c.after + 1;
            n < doc.tokens.len()
                && doc.sent_of[n] == doc.sent_of[c.after]
                && (place_at(text, doc, lx, n, n)
                    || (n + 1 < doc.tokens.len() && place_at(text, doc, lx, n, n + 1)))
        }
}

/// A name that ends in, or comes right before, the head word of an event, a study, a law or a
/// prize (`… Health Study`, `the Nobel Peace Prize`) is part of that longer name.
fn event(c: &Ctx) -> bool {
    !c.lx.is_known_org(c.s)
        && (EVENT_HEADS.contains(&c.wl)
            || c.next_cap_word()
                .is_some_and(|n| EVENT_HEADS.contains(c.doc.lower(n))))
}

/// `… International Airport`, `Adler Planetarium`: facilities and venues are places.
fn facility(c: &Ctx) -> bool {
    (!c.single && !c.person && FACILITY_HEADS.contains(&c.wl))
        || (c.person
            && !c.single
            && (FACILITY_HEADS.contains(&c.wl) || VENUE_HEADS.contains(&c.wl))
            && !c.lx.is_surname(c.last_word()))
}

/// `at Amos Kettering International Airport`: a person-tagged start of a facility's name.
fn facility_next(c: &Ctx) -> bool {
    let doc = c.doc;
    c.person && c.next_cap_word().is_some() && {
        let mut e = c.after;
        while e < doc.tokens.len()
            && doc.sent_of[e] == doc.sent_of[c.last]
            && doc.tokens[e].kind == TokKind::Word
            && doc.tokens[e].cap
        {
            e += 1;
        }
        FACILITY_HEADS.contains(doc.lower(e - 1))
    }
}

/// A place named as a person: an unknown single word that is a known place (`Tasmania was
/// excluded`), a place after a place and a comma (`Seattle, Washington`), a place after
/// `Governor of`, a place after `the town of`; a name of several words that is a known place is
/// neither a person nor an organization (`North Korea`, `Palo Alto`).
fn place(c: &Ctx) -> bool {
    let (doc, text, lx) = (c.doc, c.text, c.lx);
    let after_place_comma = c.person
        && c.prev_is(",")
        && word_before(doc, c.first, 2).is_some_and(|p| {
            doc.tokens[p].cap
                && (place_at(text, doc, lx, p, p)
                    || word_before(doc, c.first, 3).is_some_and(|q| place_at(text, doc, lx, q, p)))
        });
    let after_title_of = c.person
        && c.prev_is("of")
        && word_before(doc, c.first, 2).is_some_and(|p| {
            let l = doc.lower(p);
            in_list(&TITLES, l) || PLACE_OF.contains(l)
        });
    // A wire headline's label: `RUSSIA: Lebed says …`.
    let label = c.single
        && doc.tokens[c.first].all_caps
        && doc.sentences[doc.sent_of[c.first] as usize].tokens.start == c.first
        && c.next.is_some_and(|n| doc.tok(text, n) == ":");
    after_place_noun(text, doc, c.first)
        || (is_place_any_case(lx, c.s) && label)
        || (is_place_any_case(lx, c.s)
            && (!c.single
                || (c.person && c.unknown_word(c.s) && !c.name_words.contains(&c.s))
                || after_place_comma
                || after_title_of))
}

/// A single unknown capitalised word opening a sentence that the same article also writes in
/// lower case (`Homeopathy is …` beside `homeopathy`): the word.
fn common_word_opening(c: &Ctx) -> bool {
    let doc = c.doc;
    let sentence_start = doc.sentences[doc.sent_of[c.first] as usize].tokens.start == c.first;
    c.single
        && sentence_start
        && !doc.tokens[c.first].all_caps
        && c.s.chars().count() >= MIN_COMMON_OPENER_CHARS
        && c.unknown_word(c.s)
        && c.lower_words
            .get_or_init(|| {
                (0..doc.tokens.len())
                    .filter(|&t| doc.tokens[t].kind == TokKind::Word && !doc.tokens[t].cap)
                    .map(|t| doc.tok(c.text, t))
                    .collect()
            })
            .contains(lc(c.s).as_str())
}

/// Storm and craft names and places named by a cue (`the town of Coleman`) anywhere in the
/// article: every mention of them is taken out.
fn surfaces_read_off_the_text<'a>(
    text: &'a str,
    doc: &Doc,
    name_words: &HashSet<&str>,
) -> HashSet<&'a str> {
    let mut surfaces: HashSet<&str> = HashSet::new();
    let mut places_named: Vec<&str> = vec![];
    for s in &doc.sentences {
        for t in s.tokens.start..s.tokens.end.saturating_sub(1) {
            // `the town of Coleman`: `Coleman` is the place everywhere in the article
            // (unless it is part of a person's full name).
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
            if !is_craft_word(doc, t) {
                continue;
            }
            let mut e = t + 1;
            while e < s.tokens.end
                && doc.tokens[e].kind == TokKind::Word
                && doc.tokens[e].cap
                && !is_craft_word(doc, e)
            {
                e += 1;
            }
            if e > t + 1 {
                surfaces.insert(strip_poss(
                    &text[doc.tokens[t + 1].span.start..doc.tokens[e - 1].span.end],
                ));
            }
        }
    }
    surfaces.extend(places_named.into_iter().filter(|w| !name_words.contains(w)));
    surfaces
}

/// Takes out what is named like a person or an organization but is neither (the [`RULES`]),
/// and every other mention of a storm, a place or a study name taken out; then retypes what
/// is an organization though tagged as a person ([`retype_as_org`]).
pub(super) fn not_names(
    text: &str,
    doc: &Doc,
    lx: &Lexicon,
    tags: &[u8],
    out: &mut Vec<NameMention>,
) {
    // Words of people's full names in the article: `Belgrano` after `Manuel Belgrano` is the
    // person, though it is also a place.
    let name_words: HashSet<&str> = out
        .iter()
        .filter(|m| m.kind == NameKind::Person)
        .map(|m| &text[m.span.start..m.span.end])
        .filter(|s| s.contains(char::is_whitespace))
        .flat_map(|s| s.split_whitespace())
        .collect();
    let mut surfaces = surfaces_read_off_the_text(text, doc, &name_words);
    let lower_words = OnceCell::new();
    let mut gone = vec![false; out.len()];
    for (k, m) in out.iter_mut().enumerate() {
        let s = &text[m.span.start..m.span.end];
        let first = doc.tokens.partition_point(|t| t.span.end <= m.span.start);
        let after = doc.tokens.partition_point(|t| t.span.start < m.span.end);
        let last = after.saturating_sub(1).max(first);
        let words: Vec<&str> = s.split_whitespace().collect();
        let c = Ctx {
            text,
            doc,
            lx,
            tags,
            span: m.span,
            s,
            first,
            after,
            last,
            wl: words.last().map(|w| lc(w)).unwrap_or_default(),
            words,
            next: (after < doc.tokens.len() && doc.sent_of[after] == doc.sent_of[last])
                .then_some(after),
            prev: word_before(doc, first, 1),
            person: m.kind == NameKind::Person,
            single: s.split_whitespace().nth(1).is_none(),
            name_words: &name_words,
            surfaces: &surfaces,
            lower_words: &lower_words,
        };
        if !RULES.iter().any(|(_, rule)| rule(&c)) {
            retype_as_org(&c, m);
            continue;
        }
        gone[k] = true;
        // Every other mention of the same storm, place or study name goes too (a single word
        // before `Study` or `Prize` is only dropped there: `a Pew Survey`).
        let storm = storm_or_craft(&c);
        let also = if storm && c.words.len() > 1 && is_craft_word(doc, first) {
            // `Cyclone Phailin`: `Phailin` alone elsewhere is the storm too.
            Some(&text[doc.tokens[(first + 1).min(last)].span.start..m.span.end])
        } else if storm
            || place_acronym(&c)
            || (event(&c) && !c.single)
            || (place(&c) && !name_words.contains(&s))
        {
            Some(s)
        } else {
            None
        };
        drop(c);
        surfaces.extend(also);
    }
    for (k, m) in out.iter().enumerate() {
        if surfaces.contains(&text[m.span.start..m.span.end]) {
            gone[k] = true;
        }
    }
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        !gone[k - 1]
    });
}

/// What is tagged as a person but is an organization: a city's newspaper (`Edmonton Sun`);
/// a well-known organization glued to a name (`Tencent Francisco May 12th`) is the
/// organization, unless its name is also a first name or a surname (`Dell Curry`); glued to
/// other words, the whole is the organization's name (`Samsung Electronics`).
fn retype_as_org(c: &Ctx, m: &mut NameMention) {
    if !c.person || c.single {
        return;
    }
    let (lx, words) = (c.lx, &c.words);
    if lx.is_place(words[0]) && NEWSPAPER_WORDS.contains(&c.wl) {
        m.kind = NameKind::Org;
        m.sureness = Sureness::Decided(NameKind::Org);
    } else if lx.is_known_org(words[0])
        && lx.first_name(words[0]).is_none()
        && !lx.is_surname(words[0])
    {
        let w1 = words[1];
        if lx.first_name(w1).is_some() || lx.is_surname(w1) {
            m.span.end = m.span.start + words[0].len();
        }
        m.kind = NameKind::Org;
        m.sureness = Sureness::Decided(NameKind::Org);
    }
}
