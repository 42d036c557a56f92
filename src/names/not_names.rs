//! What is named like a person or an organization but is neither.

use super::context::*;
use super::*;

/// A dateline (`LAGOS - …`, `NAIROBI (Reuters) - …`, `SEOUL, South Korea - …`): a known
/// place in capitals that opens a paragraph, before a dash, a parenthesis or a comma.
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

/// Takes out what is named like a person or an organization but is neither: storms and craft
/// (and every other mention of the same name), facilities and venues, nationalities and
/// religious or political groups, places, datelines, post-nominal letters, party tags such as
/// `(R-Texas)`, and names that are part of a longer name of an event or a study. Retypes a
/// city's newspaper (`Edmonton Sun`) as an organization.
pub(super) fn not_names(
    text: &str,
    doc: &Doc,
    lx: &Lexicon,
    tags: &[u8],
    out: &mut Vec<NameMention>,
) {
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
