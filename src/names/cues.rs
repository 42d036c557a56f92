//! Names that cues in the text settle: company head words, e-mail display names, organization cue nouns.

use super::context::*;
use super::*;
use crate::words::{
    AUX, COMPANY_NOUNS, CUE_VERBS, EMPLOYER_ROLES, FUNCTION_WORDS, MONTHS_DAYS, ORG_HEADS,
    PREPOSITIONS, PROFESSIONS_AT, ROLE_MODIFIERS, SPOKESPEOPLE,
};

/// A capitalised run of two words or more that the tagger left untagged, ending in a company's
/// head word, is an organization (a net under the tagger, which weighs the same cue).
pub(super) fn cue_orgs(text: &str, doc: &Doc, tags: &[u8], out: &mut Vec<NameMention>) {
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
            if words + (i - a) >= 2 && COMPANY_HEADS.contains(doc.lower(j - 1)) {
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
        out.push(NameMention::decided(span, NameKind::Org, sentence));
    }
    out_sort(out);
}

/// An e-mail display name, `"Townsend, George" <gt@example.com>`: surname, comma, first name
/// inside quotes is one person.
pub(super) fn display_names(text: &str, doc: &Doc, lx: &Lexicon, out: &mut Vec<NameMention>) {
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
        out.push(NameMention::decided(span, NameKind::Person, sentence));
    }
}

/// A person-tagged name right after an organization cue noun (`the luxury brand X`), described
/// by one in apposition (`X, the French drinks group,`), or right before a noun of its members
/// (`al Shabaab militants`), is an organization; the cue outweighs what the tagger learnt from
/// the name's words.
pub(super) fn org_cues(text: &str, doc: &Doc, out: &mut [NameMention]) {
    for m in out.iter_mut() {
        if m.kind != NameKind::Person {
            continue;
        }
        let first = doc.tokens.partition_point(|t| t.span.end <= m.span.start);
        let after = doc.tokens.partition_point(|t| t.span.start < m.span.end);
        let members = after < doc.tokens.len()
            && doc.sent_of[after] == m.sentence as u32
            && MEMBER_NOUNS.contains(doc.tok(text, after));
        if members || described_as_org(text, doc, m.span) || owned_after(text, doc, first) {
            m.kind = NameKind::Org;
            m.sureness = Sureness::Decided(NameKind::Org);
            continue;
        }
        let Some(p) = first.checked_sub(1) else {
            continue;
        };
        if doc.sent_of[p] != doc.sent_of[first] || doc.tokens[p].kind != TokKind::Word {
            continue;
        }
        let w = doc.tok(text, p);
        if w.chars().all(char::is_lowercase) && ORG_CUE_NOUNS.contains(w) {
            // `the brand's founder X` has no cue right before the name; `brand X` has.
            let before = p.checked_sub(1).map(|b| doc.lower(b));
            let determiner_or_adjective = before.is_some_and(|b| !NOT_ORG_CUE_BEFORE.contains(b));
            if determiner_or_adjective {
                m.kind = NameKind::Org;
                // Decisive: the cue settles the kind of this surface and its alternate forms.
                m.sureness = Sureness::Decided(NameKind::Org);
            }
        }
    }
}

/// Is the name at token `first` what a noun of members or of a company's property belongs to,
/// right before it: `12 members of Boko Haram`, `shares in Pernod Ricard`, `employees at Safaricom`,
/// `a 10 percent stake in Acme`? (`data/words.txt` `member_nouns`, `company_nouns`.)
fn owned_after(text: &str, doc: &Doc, first: usize) -> bool {
    first >= 2
        && doc.sent_of[first - 2] == doc.sent_of[first]
        && matches!(doc.tok(text, first - 1), "of" | "in" | "at")
        && {
            let noun = doc.lower(first - 2);
            MEMBER_NOUNS.contains(noun)
                || COMPANY_NOUNS.contains(noun)
                || matches!(noun, "members" | "stake")
        }
}

/// A one-word name that the text only ever uses after `the` (`the Bundesbank`, `the Kremlin`,
/// `the Flock`), and not a known first name or surname, is no person's: a person is named
/// without an article, if only once (`under Khrushchev`, beside `the Khrushchev regime`). At
/// least one of its uses must be followed by a verb, not by a noun or a title that it
/// describes: a sentence's punctuation, a possessive, an auxiliary or a verb of speech (`the
/// Bundesbank said`, `the Bundesbank's decision`, `the Illini are`; not only `the Obama
/// administration` or `the Petipa-Tschaikowsky "Sleeping Beauty"`).
pub(super) fn institutions_after_the(text: &str, doc: &Doc, lx: &Lexicon, out: &mut [NameMention]) {
    let the = |t: usize| {
        t > 0
            && doc.sent_of[t - 1] == doc.sent_of[t]
            && matches!(doc.tok(text, t - 1), "the" | "The")
    };
    let mut candidates: HashMap<&str, (usize, usize, bool)> = HashMap::new();
    for m in out.iter().filter(|m| m.kind == NameKind::Person) {
        let first = doc.tokens.partition_point(|t| t.span.end <= m.span.start);
        let w = &text[m.span.start..m.span.end];
        if first < doc.tokens.len()
            && doc.tokens[first].span == m.span
            && the(first)
            && lx.first_name(w).is_none()
            && !lx.is_surname(w)
        {
            candidates.insert(w, (0, 0, false));
        }
    }
    if candidates.is_empty() {
        return;
    }
    // Every use of each candidate: how many, how many after `the`, and whether one of those is
    // followed by a verb or a mark. Headlines drop their articles (`Bundesbank keeps rates
    // steady`): their uses do not count.
    let headline = |t: usize| doc.paragraphs[doc.sentences[doc.sent_of[t] as usize].para].headline;
    for t in (0..doc.tokens.len()).filter(|&t| doc.tokens[t].cap) {
        let w = doc.tok(text, t);
        let base = strip_poss(w);
        let Some(c) = candidates.get_mut(base) else {
            continue;
        };
        if headline(t) {
            continue;
        }
        c.0 += 1;
        if the(t) {
            c.1 += 1;
            c.2 |= base.len() < w.len();
            let next = t + 1;
            let w = doc.tok(text, next.min(doc.tokens.len() - 1));
            c.2 |= next >= doc.tokens.len()
                || doc.sent_of[next] != doc.sent_of[t]
                || matches!(w, "," | "." | ";" | ":" | "!" | "?" | "'s" | "’s")
                || AUX.contains(w)
                || CUE_VERBS.contains(w);
        }
    }
    for m in out.iter_mut().filter(|m| m.kind == NameKind::Person) {
        if candidates
            .get(&text[m.span.start..m.span.end])
            .is_some_and(|&(all, after_the, verb_or_mark)| all == after_the && verb_or_mark)
        {
            m.kind = NameKind::Org;
            m.sureness = Sureness::Decided(NameKind::Org);
        }
    }
}

/// Is the name at `span` followed by an apposition whose head is an organization cue noun:
/// `, the French drinks group,`, `, a Somali militant group.`, `, the world's largest maker of
/// X`? The head is the last word before punctuation or a relative word, and before any
/// preposition, so `, a company spokesman,`, `, the head of the group,` and `, a spokeswoman
/// for the airline.` describe a person.
fn described_as_org(text: &str, doc: &Doc, span: Span) -> bool {
    let after = doc.tokens.partition_point(|t| t.span.start < span.end);
    let sent = |t: usize| doc.sent_of.get(t).copied();
    let Some(s) = sent(after) else { return false };
    if doc.tok(text, after) != "," || sent(after + 1) != Some(s) {
        return false;
    }
    if !matches!(doc.lower(after + 1), "the" | "a" | "an") {
        return false;
    }
    for h in after + 2..(after + 7).min(doc.tokens.len()) {
        if sent(h) != Some(s) || doc.tokens[h].kind != TokKind::Word {
            return false;
        }
        let w = doc.tok(text, h);
        let possessive = w.ends_with("'s") || w.ends_with("’s");
        if PREPOSITIONS.contains(w) || possessive && !matches!(doc.lower(h), "world's" | "world’s")
        {
            return false;
        }
        // (an organization noun that modifies the head goes on to it: `, a minor league
        // football team,`; `, a company spokesman,` ends at its punctuation, no cue)
        let next = h + 1;
        if ORG_CUE_NOUNS.contains(w)
            && (next >= doc.tokens.len()
                || sent(next) != Some(s)
                || doc.tokens[next].kind == TokKind::Punct
                || matches!(doc.lower(next), "that" | "which" | "based" | "whose" | "of"))
        {
            return true;
        }
    }
    false
}

/// The spans of the mentions found so far, in order: where a pass that adds untagged names
/// may add one.
struct Covered(Vec<Span>);

impl Covered {
    fn of(out: &[NameMention]) -> Self {
        let mut spans: Vec<Span> = out.iter().map(|m| m.span).collect();
        spans.sort_by_key(|s| s.start);
        Covered(spans)
    }

    /// Does no mention found so far overlap `span`?
    fn free(&self, span: Span) -> bool {
        let k = self.0.partition_point(|x| x.end <= span.start);
        self.0.get(k).is_none_or(|x| x.start >= span.end)
    }
}

/// An untagged run of capitalised words described by an organization noun in apposition
/// (`Hallstrom, the world's largest maker of ball bearings,`) is an organization; not a common
/// word opening its sentence (`However, the group …`), nor a place.
pub(super) fn apposed_orgs(text: &str, doc: &Doc, lx: &Lexicon, out: &mut Vec<NameMention>) {
    let covered = Covered::of(out);
    let mut found = vec![];
    for c in 1..doc.tokens.len() {
        if c + 1 >= doc.tokens.len()
            || doc.tok(text, c) != ","
            || !matches!(doc.lower(c + 1), "the" | "a" | "an")
        {
            continue;
        }
        let cap = |t: usize| {
            doc.tokens[t].kind == TokKind::Word
                && doc.tokens[t].cap
                && doc.sent_of[t] == doc.sent_of[c]
        };
        let mut a = c;
        while a > 0 && c - a < 4 && cap(a - 1) {
            a -= 1;
        }
        // (a run longer than four words is no name of this kind)
        if a > 0 && doc.sent_of[a - 1] == doc.sent_of[c] && cap(a - 1) {
            continue;
        }
        let Some((a, _)) = without_opening(text, doc, lx, (a, c)) else {
            continue;
        };
        let span = Span::new(doc.tokens[a].span.start, doc.tokens[c - 1].span.end);
        if covered.free(span)
            && !lx.is_place(&text[span.start..span.end])
            && described_as_org(text, doc, span)
        {
            found.push((span, doc.sent_of[a] as usize));
        }
    }
    add_decided_orgs(out, found);
}

/// An untagged run of capitalised words that a noun of members or of a company's property
/// belongs to ([`owned_after`]: `shares in Pernod Ricard`, `members of Boko Haram`) is an
/// organization; not a place (`shares in London`), nor a run of more than four words.
pub(super) fn owned_orgs(text: &str, doc: &Doc, lx: &Lexicon, out: &mut Vec<NameMention>) {
    let covered = Covered::of(out);
    let mut found = vec![];
    for a in 2..doc.tokens.len() {
        let cap = |t: usize| {
            t < doc.tokens.len()
                && doc.tokens[t].kind == TokKind::Word
                && doc.tokens[t].cap
                && doc.sent_of[t] == doc.sent_of[a]
                && !FUNCTION_WORDS.contains(doc.lower(t))
        };
        // The owner's noun first: it is rare, and every word is tested. (A word of two letters
        // or more: not the stray `Â` of `profits of Â£59.6million`.)
        if !owned_after(text, doc, a)
            || !cap(a)
            || doc.tokens[a - 1].cap
            || doc.tok(text, a).chars().count() < 2
        {
            continue;
        }
        let mut b = a;
        while b < a + 5 && cap(b) {
            b += 1;
        }
        if b - a > 4 {
            continue;
        }
        let span = Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end);
        if covered.free(span)
            && !lx.is_place(&text[span.start..span.end])
            && !MONTHS_DAYS.contains(doc.lower(a))
        {
            found.push((span, doc.sent_of[a] as usize));
        }
    }
    add_decided_orgs(out, found);
}

/// Words of a name before a post ([`employers_before_roles`]).
const MAX_EMPLOYER_WORDS: usize = 5;

/// The organization a person holds a post in, named right before the post and the person, as
/// wire copy introduces people: `World Bank President James Wolfensohn`, `Nestle chief
/// executive Peter Brabeck`, `Bank of England Governor Eddie George`, `Microsoft's chief
/// executive Bill Gates`. The posts are an organization's (`data/words.txt`
/// `employer_roles`), not a state's (`Defence Secretary`) nor a person's (`aide`). The name is
/// no place, nationality or group (`French coach`, `Democratic leader`), no known first name,
/// and not the surname of a person the text names in full (`Clinton spokesman Mike
/// McCurry`). The tagger read it as a person's or an organization's name, or, where it read no
/// name, its form makes one (see below: `Fire Chief X` and `Police spokesman X` stay
/// untagged). The post settles the name's kind; an untagged name is added.
pub(super) fn employers_before_roles(
    text: &str,
    doc: &Doc,
    lx: &Lexicon,
    tags: &[u8],
    out: &mut Vec<NameMention>,
) {
    let surnames = FullNames::of(text, out);
    let mut found: Vec<(Span, usize)> = vec![];
    for p in out
        .iter()
        .filter(|m| m.kind == NameKind::Person)
        .map(|m| m.span)
    {
        let f = doc.tokens.partition_point(|t| t.span.end <= p.start);
        if f == 0 || f >= doc.tokens.len() || doc.tokens[f].span.start != p.start {
            continue;
        }
        let s = doc.sent_of[f];
        let word = |t: usize| doc.sent_of[t] == s && doc.tokens[t].kind == TokKind::Word;
        // The post: a head word right before the person, after up to two modifiers.
        if !(word(f - 1) && EMPLOYER_ROLES.contains(doc.lower(f - 1))) {
            continue;
        }
        let mut r = f - 1;
        while r > 0 && f - r < 3 && word(r - 1) && ROLE_MODIFIERS.contains(doc.lower(r - 1)) {
            r -= 1;
        }
        // The name: capitalised words before the post (`of` and `&` inside), after any
        // possessive (`Germany's Bundesbank`).
        let name_word = |t: usize| {
            word(t)
                && doc.tokens[t].cap
                && (t + 1 == r || strip_poss(doc.tok(text, t)).len() == doc.tok(text, t).len())
        };
        let mut a = r;
        while a > 0
            && r - a < MAX_EMPLOYER_WORDS
            && (name_word(a - 1)
                || a < r && doc.sent_of[a - 1] == s && matches!(doc.tok(text, a - 1), "of" | "&"))
        {
            a -= 1;
        }
        while a < r && !doc.tokens[a].cap {
            a += 1;
        }
        // A common word opening the sentence is no name's when a less common one follows
        // (`Former IACC director X`, `But IMF Managing Director X`; not `World Bank President`).
        // A hyphenated word is read by its first part (`Under-siege Kiwis coach X`).
        let opens = |t: usize| doc.sentences[s as usize].tokens.start == t;
        let head = doc.lower(a).split('-').next().unwrap_or("");
        if a + 1 < r
            && opens(a)
            && (FUNCTION_WORDS.contains(head)
                || common_word(lx, head) && (a + 1..r).any(|t| !common_word(lx, doc.tok(text, t))))
        {
            a += 1;
            while a < r && !doc.tokens[a].cap {
                a += 1;
            }
        }
        let (b, single) = (r, r == a + 1);
        // One common word opening a sentence is no name (`Police spokesman X`); a second
        // capitalised word makes one (`World Bank President X`).
        if a == b || single && opens(a) && common_word(lx, doc.tok(text, a)) {
            continue;
        }
        let last = doc.tok(text, b - 1);
        let end = doc.tokens[b - 1].span.start + strip_poss(last).len();
        let span = Span::new(doc.tokens[a].span.start, end);
        let name = &text[span.start..span.end];
        let last = strip_poss(last);
        // What the tagger read: a name of a person or an organization (settled by the post),
        // or no name. A name it read as a place or another kind of name stays so.
        let classes = (a..b).map(|t| Class::of(tags[t]));
        if classes
            .clone()
            .any(|c| matches!(c, Class::Place | Class::Other))
        {
            continue;
        }
        let named = classes.clone().all(|c| c != Class::Outside);
        // Words the tagger left out are a name by their form: before a post in lower case, a
        // capitalised word inside the sentence (`Real president X`); before a capitalised post,
        // which often takes a department's name with it (`Fire Chief`, `Public Relations
        // Director`), an acronym or a name ending in an organization's head word (`IMF Managing
        // Director`, `World Bank President`).
        let lower_post = doc.tok(text, r).starts_with(char::is_lowercase);
        let formed = if lower_post {
            !single || !opens(a) && doc.tokens[a].span.len() > 1
        } else if single {
            doc.tokens[a].all_caps && doc.tokens[a].span.len() > 1
        } else {
            ORG_HEADS.contains(&lc(last))
        };
        if !(named || formed)
            || lx.is_place(name)
            || is_group_word(lx, name)
            || (a + 1 == b && lx.first_name(name).is_some())
            || surnames.other_than(name, last)
            || in_list(&TITLES, &lc(last))
            || EMPLOYER_ROLES.contains(&lc(last))
        {
            continue;
        }
        found.push((span, s as usize));
    }
    add_decided_orgs(out, found);
}

/// Words of a person's name after a post ([`people_after_posts`]).
const MAX_NAME_AFTER_POST_WORDS: usize = 3;

/// An untagged run of capitalised words right after a post in lower case is the person who
/// holds it, as wire copy names people: `Ericsson chief executive Borje Ekholm told …`,
/// `striker Rivaldo`. Not a day or a month (`the spokesman Tuesday`), a place, an
/// organization's head word, a title (first or last: `executive Vice President Doe` is for
/// the tagger) or another post; one word only when it is no common word.
pub(super) fn people_after_posts(text: &str, doc: &Doc, lx: &Lexicon, out: &mut Vec<NameMention>) {
    let covered = Covered::of(out);
    let before = out.len();
    for r in 0..doc.tokens.len().saturating_sub(1) {
        let t = doc.tokens[r];
        if t.kind != TokKind::Word || t.cap || !EMPLOYER_ROLES.contains(doc.lower(r)) {
            continue;
        }
        let s = doc.sent_of[r];
        let name_word = |k: usize| {
            k < doc.tokens.len()
                && doc.sent_of[k] == s
                && doc.tokens[k].kind == TokKind::Word
                && doc.tokens[k].cap
                && !FUNCTION_WORDS.contains(doc.lower(k))
                && !MONTHS_DAYS.contains(doc.lower(k))
        };
        let a = r + 1;
        let mut b = a;
        while b < a + MAX_NAME_AFTER_POST_WORDS + 1 && name_word(b) {
            b += 1;
        }
        if b == a || b - a > MAX_NAME_AFTER_POST_WORDS {
            continue;
        }
        let span = Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end);
        let name = &text[span.start..span.end];
        let last = lc(doc.tok(text, b - 1));
        let free = covered.free(span);
        if !free
            || lx.is_place(name)
            || ORG_HEADS.contains(&last)
            || in_list(&TITLES, &last)
            || in_list(&TITLES, &lc(doc.tok(text, a)))
            || EMPLOYER_ROLES.contains(&last)
            || (a + 1 == b && common_word(lx, name))
            || strip_poss(name).len() != name.len()
        {
            continue;
        }
        out.push(NameMention::decided(span, NameKind::Person, s as usize));
    }
    if out.len() > before {
        out_sort(out);
    }
}

/// Words after a name within which `its` or `his` is read as the name's (`De Beers cut its
/// prices`, `Medecins Sans Frontieres said its teams`), a time among them not counted.
const POSSESSOR_REACH: usize = 3;

/// A name the tagger read as a person's is an organization's when the text speaks of it as
/// one and never as a person: its shares, profit or dividend right after it or its possessive
/// (`Reckitt Benckiser shares rose`, `Pernod Ricard's profit fell`; `data/words.txt`
/// `company_nouns`), `its` a verb or two after it (`De Beers cut its prices`), or `it` after
/// its verb of saying (`Shas said it would join`). A person is spoken of as one: `he`, `she`,
/// `his` or `her` a verb or two after the name, a courtesy title before it, a known first name
/// opening it, or a fuller name of a person ending in it (`Tom Jones … Jones criticised its
/// handling`).
pub(super) fn companies_by_their_words(
    text: &str,
    doc: &Doc,
    lx: &Lexicon,
    out: &mut [NameMention],
) {
    // For each surface read as a person's: evidence of an organization, of a person.
    let mut seen: HashMap<&str, (bool, bool)> = HashMap::new();
    for m in out.iter().filter(|m| m.kind == NameKind::Person) {
        let name = &text[m.span.start..m.span.end];
        let first_word = name.split_whitespace().next().unwrap_or("");
        let person = lx.first_name(first_word).is_some() && !PARTICLES.contains(&lc(first_word));
        seen.entry(name).or_insert((false, person)).1 |= person;
    }
    // `Tom Jones` speaks for `Jones`.
    let full_names = FullNames::of(text, out);
    for (name, e) in seen.iter_mut() {
        e.1 |= !name.contains(' ') && full_names.other_than(name, name);
    }
    for m in out.iter().filter(|m| m.kind == NameKind::Person) {
        let name = &text[m.span.start..m.span.end];
        let first = doc.tokens.partition_point(|t| t.span.end <= m.span.start);
        let mut next = doc.tokens.partition_point(|t| t.span.start < m.span.end);
        if first >= doc.tokens.len() {
            continue;
        }
        let s = doc.sent_of[first];
        let in_sentence = |t: usize| t < doc.tokens.len() && doc.sent_of[t] == s;
        let titled = title_before(text, doc, first).is_some_and(|p| {
            in_list(&TITLES, doc.lower(p).trim_end_matches('.')) && doc.tokens[p].cap
        });
        // The name's own token may hold its possessive (`Ricard's`); or it follows.
        let token_end = doc
            .tokens
            .get(next.wrapping_sub(1))
            .map_or(0, |t| t.span.end);
        let own_token = in_sentence(next) && matches!(doc.tok(text, next), "'s" | "’s" | "'" | "’");
        let possessive = token_end > m.span.end || own_token;
        next += usize::from(own_token);
        let mut org = in_sentence(next) && COMPANY_NOUNS.contains(doc.lower(next));
        let mut person = titled;
        if !possessive {
            // (a time between the verb and the possessive does not count: `Reckitt Benckiser
            // said on Tuesday its profit rose`)
            let mut reach = next + POSSESSOR_REACH;
            for t in next.. {
                if t >= reach || !in_sentence(t) || doc.tokens[t].kind != TokKind::Word {
                    break;
                }
                let time = MONTHS_DAYS.contains(doc.lower(t))
                    || matches!(doc.lower(t), "yesterday" | "today")
                    || (doc.lower(t) == "on"
                        && in_sentence(t + 1)
                        && MONTHS_DAYS.contains(doc.lower(t + 1)));
                if time {
                    reach += 1;
                    continue;
                }
                if doc.tokens[t].cap {
                    break;
                }
                match doc.lower(t) {
                    "its" if t > next => {
                        org = true;
                        break;
                    }
                    // `Shas said it would join the coalition`: `it` for the name, right after
                    // a verb of saying and before an auxiliary.
                    "it" if t == next + 1
                        && matches!(doc.lower(next), "said" | "says" | "announced")
                        && in_sentence(t + 1)
                        && AUX.contains(doc.lower(t + 1)) =>
                    {
                        org = true;
                        break;
                    }
                    "he" | "she" | "his" | "her" | "him" => {
                        person = true;
                        break;
                    }
                    _ => {}
                }
            }
        }
        if let Some(e) = seen.get_mut(name) {
            e.0 |= org;
            e.1 |= person;
        }
    }
    for m in out.iter_mut().filter(|m| m.kind == NameKind::Person) {
        if seen
            .get(&text[m.span.start..m.span.end])
            .is_some_and(|&(org, person)| org && !person)
        {
            m.kind = NameKind::Org;
            m.sureness = Sureness::Decided(NameKind::Org);
        }
    }
}

/// The people named with more than one word, by their last word (`Clinton` → `Bill
/// Clinton`): see [`FullNames::other_than`].
struct FullNames<'t>(HashMap<&'t str, Vec<&'t str>>);

impl<'t> FullNames<'t> {
    fn of(text: &'t str, out: &[NameMention]) -> Self {
        let mut m: HashMap<&str, Vec<&str>> = HashMap::new();
        for x in out.iter().filter(|m| m.kind == NameKind::Person) {
            let s = &text[x.span.start..x.span.end];
            if let Some((_, last)) = s.rsplit_once(' ') {
                m.entry(last).or_default().push(s);
            }
        }
        FullNames(m)
    }

    /// Is `name`, ending in word `last`, a person the text names in full, by another name
    /// that ends in the same word (`Clinton`, after `Bill Clinton`)? A name is not its own.
    fn other_than(&self, name: &str, last: &str) -> bool {
        self.0
            .get(last)
            .is_some_and(|v| v.iter().any(|&f| f != name))
    }
}

/// The organization people work at, named right after their profession and `at` or `with`
/// (`analysts at SBC Warburg`, `an economist with Capital Economics`; `data/words.txt`
/// `professions_at`), or after a spokesperson and `for` (`a spokesman for Barclays`). The name
/// is a run of capitalised words that the tagger read as a person's, an organization's or no
/// name, not a place, nationality, day or month, nor a person the text names (a known first
/// name, or the surname of a fuller name: `a spokesman for Yeltsin`). It settles the kind of
/// a name read as a person's; a name read as none is added.
pub(super) fn employers_after_professions(
    text: &str,
    doc: &Doc,
    lx: &Lexicon,
    tags: &[u8],
    out: &mut Vec<NameMention>,
) {
    let surnames = FullNames::of(text, out);
    let mut found: Vec<(Span, usize)> = vec![];
    for p in 2..doc.tokens.len() {
        let (job, link) = (p - 2, p - 1);
        let s = doc.sent_of[p];
        if doc.sent_of[job] != s || !doc.tokens[p].cap || doc.tokens[p].kind != TokKind::Word {
            continue;
        }
        let link = doc.tok(text, link);
        let works = match link {
            "at" | "with" => PROFESSIONS_AT.contains(doc.lower(job)),
            "for" => SPOKESPEOPLE.contains(doc.lower(job)),
            _ => false,
        };
        if !works {
            continue;
        }
        // People are worked with or spoken for (`a spokesman for Bill Clinton`), not at: a
        // first name opens many a firm's name after `at` (`analysts at Morgan Stanley`).
        let person_may_follow = link != "at";
        // The names: capitalised words (`of` and `&` inside), at most five, and the names
        // joined to them by `and` or a comma (`analysts at Nomura and SBC Warburg`).
        let mut p = p;
        for _ in 0..MAX_EMPLOYERS {
            let (b, employer) = employer_at(text, doc, lx, tags, &surnames, p, person_may_follow);
            if let Some(span) = employer {
                found.push((span, s as usize));
            }
            let joined = b + 1 < doc.tokens.len()
                && doc.sent_of[b + 1] == s
                && matches!(doc.tok(text, b), "and" | ",")
                && doc.tokens[b + 1].cap
                && doc.tokens[b + 1].kind == TokKind::Word;
            if !joined {
                break;
            }
            p = b + 1;
        }
    }
    add_decided_orgs(out, found);
}

/// Organizations named together after one profession ([`employers_after_professions`]).
const MAX_EMPLOYERS: usize = 3;

/// The end of the capitalised run starting at token `p`, and its span if it may name an
/// employer ([`employers_after_professions`]); `person_may_follow` makes a known first name
/// opening it a person's.
fn employer_at(
    text: &str,
    doc: &Doc,
    lx: &Lexicon,
    tags: &[u8],
    surnames: &FullNames,
    p: usize,
    person_may_follow: bool,
) -> (usize, Option<Span>) {
    let s = doc.sent_of[p];
    let mut b = p;
    while b < doc.tokens.len()
        && doc.sent_of[b] == s
        && b - p < MAX_EMPLOYER_WORDS
        && (doc.tokens[b].kind == TokKind::Word && doc.tokens[b].cap
            || matches!(doc.tok(text, b), "of" | "&")
                && b + 1 < doc.tokens.len()
                && doc.tokens[b + 1].cap)
    {
        b += 1;
    }
    let last = strip_poss(doc.tok(text, b - 1));
    let span = Span::new(
        doc.tokens[p].span.start,
        doc.tokens[b - 1].span.start + last.len(),
    );
    let name = &text[span.start..span.end];
    let first_word = doc.tok(text, p);
    let not = (p..b).any(|t| matches!(Class::of(tags[t]), Class::Place | Class::Other))
        || lx.is_place(name)
        || is_group_word(lx, name)
        || person_may_follow
            && lx.first_name(first_word).is_some()
            && !PARTICLES.contains(&lc(first_word))
        || surnames.other_than(name, last)
        || (p..b).any(|t| MONTHS_DAYS.contains(doc.lower(t)));
    (b, (!not).then_some(span))
}

/// Adds organizations a cue settled (`found`: spans and their sentences): a name read as a
/// person's with the same span becomes an organization, and so does a span holding only
/// people's names; one overlapping other names is left.
fn add_decided_orgs(out: &mut Vec<NameMention>, found: Vec<(Span, usize)>) {
    let mut added = false;
    for (span, sentence) in found {
        let overlapping: Vec<usize> = (0..out.len())
            .filter(|&i| out[i].span.start < span.end && span.start < out[i].span.end)
            .collect();
        match overlapping[..] {
            [] => {
                out.push(NameMention::decided(span, NameKind::Org, sentence));
                added = true;
            }
            [i] if out[i].span == span && out[i].kind == NameKind::Person => {
                out[i].kind = NameKind::Org;
                out[i].sureness = Sureness::Decided(NameKind::Org);
            }
            // People found inside the name are its words (`Marks & Spencer chief executive`).
            _ if overlapping.iter().all(|&i| {
                out[i].kind == NameKind::Person
                    && out[i].span.start >= span.start
                    && out[i].span.end <= span.end
            }) =>
            {
                let mut k = 0;
                out.retain(|_| {
                    k += 1;
                    !overlapping.contains(&(k - 1))
                });
                out.push(NameMention::decided(span, NameKind::Org, sentence));
                added = true;
            }
            _ => {}
        }
    }
    if added {
        out_sort(out);
    }
}
