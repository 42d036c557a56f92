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
//! - the sides of a match in a sports report are teams, so organizations: either side of a
//!   score (`Sweden 1 – 0 Korea Republic`), of a results line (`Barnsley 1 Oxford 0`), of a
//!   result verb (`Liverpool crushed Southampton`, when both are places or one is a team), and
//!   a league table's row (`Parma 2 1 1 0 3 1 4`); but in a sport of one against one the
//!   players stay people (`Pete Sampras beat Goran Ivanisevic 6-4`); a city's newspaper is an
//!   organization (`Edmonton Sun`);
//! - a name right after an organization cue noun (`the fashion brand Mike · Kors`), or
//!   described by one in apposition (`Pernod Ricard, the French drinks group,`), is an
//!   organization;
//! - the same name gets one kind throughout the article (the kind the tagger is surest of),
//!   and a name in a line of capitals is the name the story writes in lower case (a wire
//!   headline's `FEYENOORD` is `Feyenoord`: found, and of its kind);
//! - alternate forms in parentheses (`Bacchesi Luo (Robert Barchiesi)`) are linked and share
//!   a kind;
//! - a descriptive name tied to an acronym is an organization, in lower case too
//!   (`the regional fishing alliance (referred to as "RFA")`);
//! - every other occurrence of a found name and of a well-known organization (`data/orgs.txt`)
//!   is a mention too (a person's surname or first name alone is found by the tagger's second
//!   stage, which reads how the same word was tagged elsewhere in the article).
//!
//! ## Modules, in the order [`detect`] runs them
//! [`tagger`] (over [`features`]) tags the tokens; `runs` turns the tagged runs into trimmed
//! mentions; `cues` adds or settles names that cues show; `not_names` takes out what is not a
//! person or an organization; `teams` retypes the sides of a match; `consistency` gives one
//! name one kind and finds its other occurrences; `aliases` ties acronyms to the names they
//! abbreviate. `context` holds the small readings of the text they share.
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

mod aliases;
mod codes;
mod consistency;
mod context;
mod cues;
pub mod features;
mod not_names;
mod runs;
pub mod tagger;
mod teams;

pub use tagger::{ModelError, Tagger};

use crate::lexicon::Lexicon;
use crate::segment::{Doc, TokKind};
use crate::text::Span;
use crate::words::{
    List, AREA_HEADS, COMPANY_HEADS, CRAFT_WORDS, CRAFT_WORDS_CAPITALISED, DESCRIPTIVE_HEADS,
    EVENT_HEADS, FACILITY_HEADS, GROUP_WORDS, IRREGULAR_DEMONYMS, MEMBER_NOUNS, MONTHS_DAYS,
    NEWSPAPER_WORDS, NOT_ORG_CUE_BEFORE, NOT_TEAM_PLURALS, ORG_CUE_NOUNS, ORG_HEADS, PARTICLES,
    PETS, PLACE_NOUNS, PLACE_OF, POSTNOMINALS, RESULT_VERBS, SAINT_WORDS, SPORT_WORDS, TITLES,
    VENUE_HEADS, WEEKDAYS,
};
use features::{strip_poss, Class, N_TAGS};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use aliases::descriptive_aliases;
use consistency::{
    link_parenthesised, one_kind_per_surface, propagate, shouting_sentences,
    single_words_follow_full_names, surnames_alone,
};
use cues::{
    apposed_orgs, companies_by_their_words, cue_orgs, display_names, employers_after_professions,
    employers_before_roles, institutions_after_the, org_cues, owned_orgs, people_after_posts,
};
use not_names::not_names;
use runs::tagged_mentions;
use teams::teams;

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

impl NameMention {
    /// A mention whose kind a rule settled.
    pub fn decided(span: Span, kind: NameKind, sentence: usize) -> Self {
        NameMention {
            span,
            kind,
            alias_of: None,
            sentence,
            sureness: Sureness::Decided(kind),
        }
    }
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

/// Runs the names detector over the segmented document.
pub fn detect(text: &str, doc: &Doc, lx: &Lexicon, model: &Tagger) -> Vec<NameMention> {
    let tagged = model.tag(text, doc, lx);
    let mut out = tagged_mentions(text, doc, lx, &tagged);
    after_inner_possessive(text, lx, &mut out);
    cue_orgs(text, doc, &tagged.tags, &mut out);
    display_names(text, doc, lx, &mut out);
    not_names(text, doc, lx, &tagged.tags, &mut out);
    teams(text, doc, lx, &mut out);
    org_cues(text, doc, &mut out);
    institutions_after_the(text, doc, lx, &mut out);
    apposed_orgs(text, doc, lx, &mut out);
    owned_orgs(text, doc, lx, &mut out);
    people_after_posts(text, doc, lx, &mut out);
    employers_before_roles(text, doc, lx, &tagged.tags, &mut out);
    employers_after_professions(text, doc, lx, &tagged.tags, &mut out);
    companies_by_their_words(text, doc, lx, &mut out);
    let shouting = shouting_sentences(doc);
    one_kind_per_surface(text, &shouting, &mut out);
    single_words_follow_full_names(text, &mut out);
    link_parenthesised(text, &mut out);
    propagate(text, doc, lx, &shouting, &mut out);
    surnames_alone(text, doc, lx, &tagged.tags, &mut out);
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

/// A person's name holds no possessive (the guidelines): `BC Hydro's Mora Salk` is Mora Salk,
/// described by her employer, so a person mention with a word ending in `'s` before its last
/// word starts after that word.
///
/// Nor does an organization's after a place's possessive: `Germany's Bundesbank` is the
/// Bundesbank, `Detroit's Wayne State University` the university. Other possessives are often
/// the organization's own (`Pakistan People's Party`, `King's College`, `St. Martin's Press`:
/// cutting at every one lost more than it found on brown_press, the train pages and gum).
fn after_inner_possessive(text: &str, lx: &Lexicon, out: &mut [NameMention]) {
    for m in out.iter_mut() {
        let s = &text[m.span.start..m.span.end];
        let cut = ["'s ", "’s "]
            .iter()
            .filter_map(|p| s.rfind(p).map(|i| i + p.len()))
            .max();
        let Some(c) = cut.filter(|&c| c < s.len()) else {
            continue;
        };
        let after_place = || {
            let owner = s[..c].trim_end();
            let owner = owner
                .strip_suffix("'s")
                .or_else(|| owner.strip_suffix("’s"))
                .unwrap_or(owner);
            // (`St. Mary's Catholic School` is named after a saint, not the town)
            let before = text[..m.span.start].trim_end();
            let saint = SAINT_WORDS.iter().any(|w| {
                before.ends_with(w) || before.strip_suffix('.').is_some_and(|b| b.ends_with(w))
            }) || SAINT_WORDS.contains(owner.split([' ', '.']).next().unwrap_or(""));
            !saint
                && context::is_place_any_case(lx, owner)
                && s[c..].starts_with(char::is_uppercase)
        };
        if m.kind == NameKind::Person || after_place() {
            m.span = Span::new(m.span.start + c, m.span.end);
        }
    }
}

#[cfg(test)]
mod tests;
