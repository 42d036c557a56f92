//! The **resolve** stage: mentions become entities, speakers become entities.
//!
//! ## What it does
//! - Mentions of one entity are grouped: alternate forms (`X (Y)`, an acronym and the long
//!   form it abbreviates), the same surface, and a person's surname or first name alone after
//!   the full name. Each entity gets a canonical name.
//! - Each quote's speaker is tied to an entity: a name mention to its entity; `he` / `she` to
//!   the nearest fitting person (first-name genders help); `the company` and its kin to the most
//!   salient organization (the subject of the sentence before, else the last one named); a
//!   non-person source (`this anonymous email`) stays a source with its own words as its name.
//!
//! ## Example
//! ```
//! let a = newsmark::Annotator::new();
//! let r = a.annotate("Jane Smith joined Acme Inc. in 2001. Smith said the plan works well.");
//! assert_eq!(r.entities.iter().filter(|e| e.name == "Jane Smith").count(), 1);
//! ```

use crate::claims::{self, ClaimFound};
use crate::lexicon::{Gender, Lexicon};
use crate::names::{NameKind, NameMention};
use crate::quotes::{QuoteFound, SpeakerRef};
use crate::text::Span;
use crate::words::NOT_COMPANY;

/// An entity: the mentions that name one person or organization.
#[derive(Clone, Debug)]
pub struct Cluster {
    /// Person or organization.
    pub kind: NameKind,
    /// Canonical name.
    pub name: String,
    /// Indices into the mentions list.
    pub mentions: Vec<usize>,
}

/// Groups mentions into entities; returns the clusters and each mention's cluster.
pub fn cluster(text: &str, names: &[NameMention], lx: &Lexicon) -> (Vec<Cluster>, Vec<usize>) {
    let n = names.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let union = |p: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (find(p, a), find(p, b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            p[hi] = lo;
        }
    };
    let surf: Vec<&str> = names
        .iter()
        .map(|m| &text[m.span.start..m.span.end])
        .collect();
    let key = |s: &str| {
        s.split(|c: char| c.is_whitespace() || c == '·')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut keys: Vec<String> = surf.iter().map(|s| key(s)).collect();
    // A name in capitals (a wire headline's `FEYENOORD`, `SAMPRAS`) is the name the story writes
    // in lower case (`Feyenoord`, the `Sampras` of `Pete Sampras`): it takes that form's key.
    let mut written: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let any_capitals = keys.iter().any(|k| !k.contains(char::is_lowercase));
    for (k, m) in keys.iter().zip(names) {
        if !any_capitals || !k.contains(char::is_lowercase) {
            continue;
        }
        written.entry(k.to_uppercase()).or_insert_with(|| k.clone());
        if m.kind == NameKind::Person {
            for w in k.split(' ') {
                written
                    .entry(w.to_uppercase())
                    .or_insert_with(|| w.to_string());
            }
        }
    }
    for k in keys.iter_mut() {
        if !k.contains(char::is_lowercase) {
            if let Some(w) = written.get(k.as_str()) {
                k.clone_from(w);
            }
        }
    }
    for i in 0..n {
        if let Some(a) = names[i].alias_of {
            if a < n && names[a].kind == names[i].kind {
                union(&mut parent, i, a);
            }
        }
    }
    // The same surface is one entity, but not across courtesy titles (`Mr. Molvar` and `Mrs.
    // Molvar` are two people).
    let mut first_of: std::collections::HashMap<(&str, NameKind, Option<Gender>), usize> =
        std::collections::HashMap::new();
    for i in 0..n {
        let title = match names[i].kind {
            NameKind::Person => title_gender(text, names[i].span),
            NameKind::Org => None,
        };
        match first_of.get(&(keys[i].as_str(), names[i].kind, title)) {
            Some(&j) => union(&mut parent, i, j),
            None => {
                first_of.insert((keys[i].as_str(), names[i].kind, title), i);
            }
        }
    }
    // Person: a single-word mention is the most recent full name containing that word (else
    // the next one). Full names are indexed by word so that this stays linear.
    let mut by_word: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for j in 0..n {
        if names[j].kind == NameKind::Person && keys[j].contains(' ') {
            for p in keys[j].split(' ') {
                let v = by_word.entry(p).or_default();
                if v.last() != Some(&j) {
                    v.push(j);
                }
            }
        }
    }
    for i in 0..n {
        if names[i].kind != NameKind::Person || keys[i].contains(' ') {
            continue;
        }
        let Some(full) = by_word.get(keys[i].as_str()) else {
            continue;
        };
        // `full` is in text order: the last one starting before `i`, else the first after;
        // a title says which fits (`Mrs. Molvar` is not `Ralph Molvar`, nor `Mr. Molvar`
        // `Mrs. Ralph Molvar`), and with none that fits the surname stands alone.
        let fits = |j: usize| match title_gender(text, names[i].span) {
            Some(g) => {
                let gj = gender_of(text, &names[j], lx);
                gj == g || gj == Gender::Unknown
            }
            None => true,
        };
        let k = full.partition_point(|&j| names[j].span.start <= names[i].span.start);
        let target = full[..k]
            .iter()
            .rev()
            .chain(&full[k..])
            .copied()
            .find(|&j| fits(j));
        if let Some(j) = target.filter(|&j| j != i) {
            union(&mut parent, i, j);
        }
    }
    // Org: an acronym is the long form whose initials it spells.
    let mut by_initials: std::collections::HashMap<String, Vec<usize>> =
        std::collections::HashMap::new();
    for j in 0..n {
        if names[j].kind == NameKind::Org && keys[j].contains(' ') {
            let initials: String = keys[j]
                .split(' ')
                .filter(|w| !matches!(*w, "of" | "the" | "and" | "for" | "&" | "de"))
                .filter_map(|w| w.chars().next())
                .flat_map(char::to_uppercase)
                .collect();
            by_initials.entry(initials).or_default().push(j);
        }
    }
    for i in 0..n {
        let s = keys[i].as_str();
        if names[i].kind != NameKind::Org || s.len() < 2 || !s.chars().all(|c| c.is_uppercase()) {
            continue;
        }
        if let Some(longs) = by_initials.get(s) {
            // One union per distinct long form is enough: equal surfaces are already joined.
            for &j in longs.iter().take(1) {
                union(&mut parent, i, j);
            }
        }
    }
    let mut root_to_cluster = std::collections::HashMap::new();
    let mut clusters: Vec<Cluster> = vec![];
    let mut of = vec![0; n];
    for i in 0..n {
        let r = find(&mut parent, i);
        let c = *root_to_cluster.entry(r).or_insert_with(|| {
            clusters.push(Cluster {
                kind: names[i].kind,
                name: String::new(),
                mentions: vec![],
            });
            clusters.len() - 1
        });
        clusters[c].mentions.push(i);
        of[i] = c;
    }
    for c in &mut clusters {
        c.name = canonical(&surf, &keys, c);
    }
    (clusters, of)
}

fn canonical(surf: &[&str], keys: &[String], c: &Cluster) -> String {
    let capitalised = |s: &str| {
        s.split(' ')
            .filter(|w| w.len() > 3)
            .all(|w| w.starts_with(char::is_uppercase))
    };
    let mut freqs: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for &j in &c.mentions {
        *freqs.entry(keys[j].as_str()).or_default() += 1;
    }
    let best = c.mentions.iter().copied().max_by_key(|&i| {
        let s = surf[i];
        let clean = !s.contains('·');
        let words = keys[i].split(' ').count();
        let freq = freqs[keys[i].as_str()];
        match c.kind {
            // People: the fullest clean form.
            NameKind::Person => (clean as usize, words.min(4), freq, usize::MAX - i),
            // Organizations: a capitalised form, the most frequent, then the longest.
            NameKind::Org => (capitalised(s) as usize, freq, words, usize::MAX - i),
        }
    });
    best.map(|i| keys[i].clone()).unwrap_or_default()
}

/// What the resolve stage adds to the detectors' findings.
pub struct Resolved {
    /// The entities.
    pub clusters: Vec<Cluster>,
    /// Each name mention's entity (index into `clusters`).
    pub cluster_of: Vec<usize>,
    /// Each quote's speaker, tied to an entity where one fits (`None`: no speaker found).
    pub speakers: Vec<Option<ResolvedSpeaker>>,
    /// The claims, each inside a quote with a named speaker attributed to that speaker.
    pub claims: Vec<ClaimFound>,
}

/// Mentions to entities, speakers to entities, claims to the speakers of the quotes they sit
/// in (all in normalized text `text`).
pub fn resolve(
    text: &str,
    names: &[NameMention],
    quotes: &[QuoteFound],
    mut claims: Vec<ClaimFound>,
    lx: &Lexicon,
) -> Resolved {
    let (clusters, of) = cluster(text, names, lx);
    let genders = cluster_genders(text, names, &clusters, lx);
    let people = People {
        names,
        clusters: &clusters,
        of: &of,
        genders: &genders,
        lx,
    };
    let mut speakers: Vec<Option<ResolvedSpeaker>> =
        quotes.iter().map(|q| speaker(text, q, &people)).collect();
    it_continues(quotes, names, &clusters, &of, &mut speakers);
    attribute_claims(quotes, &speakers, &mut claims);
    Resolved {
        clusters,
        cluster_of: of,
        speakers,
        claims,
    }
}

/// Sentences back in which a speaking `it` looks for the organization that spoke before it.
const IT_REACH_SENTENCES: usize = 3;

/// A speaking `it` continues the organization that spoke last (`"…," said the news agency.
/// "…," it added.`): the speaker of the nearest quote before it, when that is an
/// organization no more than [`IT_REACH_SENTENCES`] sentences back and no other organization
/// is named between that quote and the `it` (`… said the regulator. Velto has denied it. It
/// has acknowledged that …` is Velto's, which this leaves unresolved). Organizations inside
/// the quote are passed over (`"… near the army's posts," said the agency. "…," it added`).
/// An `it` with no organization speaking before it keeps its own word (it is as often a
/// report, a study or a bill).
fn it_continues(
    quotes: &[QuoteFound],
    names: &[NameMention],
    clusters: &[Cluster],
    of: &[usize],
    speakers: &mut [Option<ResolvedSpeaker>],
) {
    for k in 0..quotes.len() {
        let is_it = quotes[k]
            .speaker
            .as_ref()
            .is_some_and(|s| matches!(&s.what, SpeakerRef::Pronoun(p) if p == "it"));
        if !is_it || speakers[k].as_ref().is_some_and(|s| s.entity.is_some()) {
            continue;
        }
        let at = quotes[k].sentence;
        let Some(j) = (0..k)
            .rev()
            .take_while(|&j| quotes[j].sentence + IT_REACH_SENTENCES >= at)
            .find(|&j| quotes[j].span.end <= quotes[k].span.start && speakers[j].is_some())
        else {
            continue;
        };
        let Some(s) = speakers[j]
            .clone()
            .filter(|s| s.entity.is_some_and(|e| clusters[e].kind == NameKind::Org))
        else {
            continue;
        };
        let (from, to) = (quotes[j].span.end, quotes[k].span.start);
        let first = names.partition_point(|m| m.span.start < from);
        let other = names[first..]
            .iter()
            .enumerate()
            .take_while(|(_, m)| m.span.end <= to)
            .any(|(i, m)| m.kind == NameKind::Org && Some(of[first + i]) != s.entity);
        if !other {
            speakers[k] = Some(s);
        }
    }
}

/// How many quotes that start before a claim's midpoint are tried for the one it sits in:
/// quotes nest, they do not pile up, so a few are enough and the search stays linear on
/// hostile texts.
const QUOTES_AROUND_A_CLAIM: usize = 8;

/// A claim mostly inside a quote with a named speaker says whose claim it is: "attributed to
/// X" becomes its first reason (in place of "reported").
fn attribute_claims(
    quotes: &[QuoteFound],
    speakers: &[Option<ResolvedSpeaker>],
    claims: &mut [ClaimFound],
) {
    let mut said_by: Vec<(Span, &str)> = quotes
        .iter()
        .zip(speakers)
        .filter_map(|(q, s)| {
            s.as_ref()
                .filter(|s| s.entity.is_some())
                .map(|s| (q.span, s.name.as_str()))
        })
        .collect();
    // A quote that covers more than half of a claim contains the claim's midpoint.
    said_by.sort_by_key(|(q, _)| q.start);
    for c in claims {
        let mid = c.span.start + c.span.len() / 2;
        let upto = said_by.partition_point(|(q, _)| q.start <= mid);
        if let Some((_, name)) = said_by[upto.saturating_sub(QUOTES_AROUND_A_CLAIM)..upto]
            .iter()
            .rev()
            .find(|(q, _)| q.overlap(&c.span) * 2 > c.span.len())
        {
            c.reasons
                .retain(|r| Some(r.as_str()) != claims::reason_text("reported"));
            c.reasons.insert(0, format!("attributed to {name}"));
            c.reasons.truncate(claims::MAX_REASONS);
        }
    }
}

/// The entity and display name resolved for a speaker.
#[derive(Clone, Debug)]
pub struct ResolvedSpeaker {
    /// The entity (cluster index), if the speaker stands for one.
    pub entity: Option<usize>,
    /// The name to show: the entity's canonical name, or the speaker's own words.
    pub name: String,
}

/// Ties a quote's speaker to an entity.
pub fn speaker(text: &str, q: &QuoteFound, people: &People) -> Option<ResolvedSpeaker> {
    let People {
        names,
        clusters,
        of,
        ..
    } = *people;
    let sp = q.speaker.as_ref()?;
    let words = &text[sp.span.start..sp.span.end];
    let named = |e: usize| ResolvedSpeaker {
        entity: Some(e),
        name: clusters[e].name.clone(),
    };
    let plain = || ResolvedSpeaker {
        entity: None,
        name: words.to_string(),
    };
    Some(match &sp.what {
        SpeakerRef::Mention(m) => named(of[*m]),
        SpeakerRef::Source => plain(),
        SpeakerRef::Pronoun(p) => {
            let want = match p.as_str() {
                "he" => Some(Gender::Male),
                "she" => Some(Gender::Female),
                _ => None,
            };
            match want {
                Some(g) => nearest_person(text, sp, q.span, g, people)
                    .map(named)
                    .unwrap_or_else(plain),
                None => plain(),
            }
        }
        SpeakerRef::PersonDescription => plain(),
        SpeakerRef::OrgDescription => {
            let noun = words
                .split_whitespace()
                .next_back()
                .unwrap_or("")
                .to_lowercase();
            salient_org(text, sp.span, sp.sentence, &noun, names, of)
                .map(named)
                .unwrap_or_else(plain)
        }
    })
}

/// How many mentions back a pronoun or `the company` may look: enough for any article, and a
/// bound that keeps resolution linear on enormous texts.
const LOOKBACK: usize = 400;

/// The mentions of `kind` that end before `at`, in text order, at most [`LOOKBACK`] of them.
fn recent(names: &[NameMention], at: Span, kind: NameKind) -> Vec<usize> {
    let end = names.partition_point(|m| m.span.start < at.start);
    let mut v: Vec<usize> = (0..end)
        .rev()
        .filter(|&i| names[i].kind == kind && names[i].span.end <= at.start)
        .take(LOOKBACK)
        .collect();
    v.reverse();
    v
}

/// The gender a courtesy title right before `at` gives (`Mrs. Molvar`, `Mr Hughes`; `Mrs. John
/// Whelan` is a woman named by her husband's name), if there is one.
fn title_gender(text: &str, at: Span) -> Option<Gender> {
    let before = text[..at.start].trim_end();
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("")
        .trim_end_matches('.');
    match word {
        "Mrs" | "Ms" | "Miss" | "Mme" | "Madam" | "Madame" => Some(Gender::Female),
        "Mr" | "Messrs" => Some(Gender::Male),
        _ => None,
    }
}

/// A person mention's gender: its courtesy title's, else its first name's (a single word is
/// read as a first name only if the lexicon knows it as one).
fn gender_of(text: &str, m: &NameMention, lx: &Lexicon) -> Gender {
    if let Some(g) = title_gender(text, m.span) {
        return g;
    }
    let first = text[m.span.start..m.span.end]
        .split(|c: char| c.is_whitespace() || c == '·')
        .next()
        .unwrap_or("");
    lx.first_name(first).unwrap_or(Gender::Unknown)
}

/// Mentions of an entity read for its gender: enough for any article's person.
const GENDER_MENTIONS: usize = 50;

/// What resolving a speaker reads: the name mentions, their entities, and each entity's
/// gender as the text gives it plainly ([`cluster_genders`]).
#[derive(Clone, Copy)]
pub struct People<'a> {
    /// The name mentions.
    pub names: &'a [NameMention],
    /// The entities.
    pub clusters: &'a [Cluster],
    /// Each mention's entity.
    pub of: &'a [usize],
    /// Each entity's gender as the text gives it ([`cluster_genders`]).
    pub genders: &'a [EntityGender],
    /// The name lists (first names and their genders).
    pub lx: &'a Lexicon,
}

/// What the text says of an entity's gender.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EntityGender {
    /// Plainly: a courtesy title, or the first name of a full name.
    Plain(Gender),
    /// Nothing plain, though it has a full name: its other mentions are surnames, not first
    /// names (`Malik` of `Faiza Malik`).
    Named,
    /// Only one-word mentions: each may be read as a first name, a weak sign.
    OneWord,
}

/// Each entity's gender where the text says it plainly: a courtesy title on one of its
/// mentions (`Ms Bhutto`), else the first name of one of its full names (`Tzipi Livni` for
/// `Livni`). Computed once a document: resolving a pronoun reads it for many candidates.
pub fn cluster_genders(
    text: &str,
    names: &[NameMention],
    clusters: &[Cluster],
    lx: &Lexicon,
) -> Vec<EntityGender> {
    clusters
        .iter()
        .map(|c| {
            let mentions = || {
                c.mentions
                    .iter()
                    .take(GENDER_MENTIONS)
                    .filter_map(|&j| names.get(j))
            };
            if let Some(g) = mentions().find_map(|m| title_gender(text, m.span)) {
                return EntityGender::Plain(g);
            }
            let full =
                |m: &&NameMention| text[m.span.start..m.span.end].trim().contains([' ', '·']);
            if !mentions().any(|m| full(&m)) {
                return EntityGender::OneWord;
            }
            mentions()
                .filter(full)
                .map(|m| gender_of(text, m, lx))
                .find(|&g| g != Gender::Unknown)
                .map_or(EntityGender::Named, EntityGender::Plain)
        })
        .collect()
}

/// The gender of the person mention `i` stands for, and whether the text says it plainly: its
/// own courtesy title's, else its entity's ([`cluster_genders`]). A name of one word alone is
/// read as a first name, a weaker sign (`Anna said`; but `Kennedy` is a first name too).
fn entity_gender(text: &str, i: usize, people: &People) -> (Gender, bool) {
    let m = &people.names[i];
    if let Some(g) = title_gender(text, m.span) {
        return (g, true);
    }
    match people.of.get(i).and_then(|&e| people.genders.get(e)) {
        Some(EntityGender::Plain(g)) => (*g, true),
        Some(EntityGender::Named) => (Gender::Unknown, false),
        _ => (gender_of(text, m, people.lx), false),
    }
}

/// The person the `he`/`she` of speaker `sp` stands for: persons earlier in the same sentence
/// (nearest first), then the subject of the sentence before, then any earlier person; a
/// compatible gender is preferred. When none fits, the nearest person in the same sentence is
/// taken (machine-translated text gets pronouns wrong: the seed's `he` for Deborah Greaves),
/// else the nearest one before, unless the text plainly gives them the other gender
/// ([`entity_gender`]). Never a person named inside `quote`, the quoted words themselves.
fn nearest_person(
    text: &str,
    sp: &crate::quotes::SpeakerFound,
    quote: Span,
    g: Gender,
    people: &People,
) -> Option<usize> {
    let People { names, of, .. } = *people;
    let (at, sentence) = (sp.span, sp.sentence);
    // (never a person named in the quoted words themselves)
    let before: Vec<usize> = recent(names, at, NameKind::Person)
        .into_iter()
        .filter(|&i| !names[i].span.overlaps(&quote))
        .collect();
    let gender = |i: usize| entity_gender(text, i, people);
    let fits = |i: &usize| {
        let (mg, _) = gender(*i);
        mg == g || mg == Gender::Unknown
    };
    // (the nearest person, when none fits, unless the text plainly gives the other gender:
    // `he` is never `Ms Bhutto` nor `Tzipi Livni`)
    let may = |i: &usize| {
        let (mg, plain) = gender(*i);
        !plain || mg == g || mg == Gender::Unknown
    };
    let same: Vec<usize> = before
        .iter()
        .copied()
        .filter(|&i| names[i].sentence == sentence)
        .collect();
    if let Some(&i) = same.iter().rev().find(|i| fits(i)) {
        return Some(of[i]);
    }
    if sentence > 0 {
        if let Some(&i) = before
            .iter()
            .find(|&&i| names[i].sentence == sentence - 1 && fits(&i))
        {
            return Some(of[i]);
        }
    }
    if let Some(&i) = same.last() {
        return Some(of[i]);
    }
    if let Some(&i) = before
        .iter()
        .rev()
        .find(|i| fits(i) && names[**i].sentence + 3 >= sentence)
    {
        return Some(of[i]);
    }
    before.last().filter(|i| may(i)).map(|&i| of[i])
}

/// The organization `the company` stands for: the first fitting one named in the sentence
/// before, else the one named most often so far (the most recent on a tie). A company is not
/// a union, ministry or court: organizations whose name ends in such a word are passed over
/// for `the company`, `the firm` or `the group`. And `the ministry`, `the army`, `the bank`
/// (a noun of that list) stand only for an organization whose name holds the noun (`the
/// Ministry of Finance`): with none named, the speaker stays `the ministry`, never the company
/// the article named before.
fn salient_org(
    text: &str,
    at: Span,
    sentence: usize,
    noun: &str,
    names: &[NameMention],
    of: &[usize],
) -> Option<usize> {
    let institution = NOT_COMPANY.contains(noun);
    let fits = |i: usize| {
        let s = &text[names[i].span.start..names[i].span.end];
        if institution {
            return s
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.eq_ignore_ascii_case(noun));
        }
        let last = s
            .split_whitespace()
            .next_back()
            .unwrap_or("")
            .to_lowercase();
        !NOT_COMPANY.contains(last.as_str())
    };
    let before: Vec<usize> = recent(names, at, NameKind::Org)
        .into_iter()
        .filter(|&i| fits(i))
        .collect();
    if sentence > 0 {
        if let Some(&i) = before.iter().find(|&&i| names[i].sentence == sentence - 1) {
            return Some(of[i]);
        }
    }
    let mut count: std::collections::HashMap<usize, (usize, usize)> =
        std::collections::HashMap::new();
    for &i in &before {
        let e = count.entry(of[i]).or_insert((0, 0));
        e.0 += 1;
        e.1 = i;
    }
    count
        .into_iter()
        .max_by_key(|&(_, (n, last))| (n, last))
        .map(|(e, _)| e)
}
