//! One name, one kind, everywhere in the article: votes per surface, short forms after full names, alternate forms, and every other occurrence of a found name.

use super::context::*;
use super::*;

/// The same surface gets one kind throughout the article: where the tagger gave it both, the
/// kind it is surer of, summed over the mentions. A name in a line of capitals is the same
/// surface as in lower case (`RECKITT BENCKISER` in a wire headline, `Reckitt Benckiser` in the
/// story), and takes the kind of both together.
pub(super) fn one_kind_per_surface(text: &str, shouting: &[bool], out: &mut [NameMention]) {
    let shouts = |m: &NameMention| shouting.get(m.sentence).copied().unwrap_or(false);
    // (the forms in capitals are only needed where a line is written in them)
    let any_shouting = shouting.contains(&true);
    // Per surface: summed votes, and which kinds it got; and the same per surface in capitals.
    let mut votes: HashMap<&str, Votes> = HashMap::new();
    let mut folded: HashMap<String, Votes> = HashMap::new();
    for m in out.iter() {
        let s = &text[m.span.start..m.span.end];
        votes.entry(s).or_default().add(m);
        if any_shouting && (shouts(m) || s.contains(char::is_lowercase)) {
            folded.entry(s.to_uppercase()).or_default().add(m);
        }
    }
    for m in out.iter_mut() {
        let s = &text[m.span.start..m.span.end];
        let v = if shouts(m) {
            folded[&s.to_uppercase()]
        } else {
            votes[s]
        };
        if v.person && v.org {
            m.kind = if v.org_vote > 0.0 {
                NameKind::Org
            } else {
                NameKind::Person
            };
        }
    }
}

/// The votes of a surface's mentions: summed for organization, and which kinds they got.
#[derive(Clone, Copy, Default)]
struct Votes {
    org_vote: f32,
    person: bool,
    org: bool,
}

impl Votes {
    fn add(&mut self, m: &NameMention) {
        self.org_vote += m.sureness.org_vote();
        self.person |= m.kind == NameKind::Person;
        self.org |= m.kind == NameKind::Org;
    }
}

/// A one-word mention takes the kind of the longer names it ends elsewhere in the article,
/// when they all agree: `Barchiesi` after `Robert Barchiesi` is a person, `Caloi` after `Casa
/// Luiz Caloi` an organization.
pub(super) fn single_words_follow_full_names(text: &str, out: &mut [NameMention]) {
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

/// Which sentences are written in capitals (a wire headline, a shouted line): three or more
/// words of letters, nearly all of them in capitals.
pub(super) fn shouting_sentences(doc: &Doc) -> Vec<bool> {
    let mut words = vec![(0u32, 0u32); doc.sentences.len()];
    for (t, tok) in doc.tokens.iter().enumerate() {
        if tok.kind == TokKind::Word && tok.first.is_alphabetic() {
            let w = &mut words[doc.sent_of[t] as usize];
            w.0 += 1;
            w.1 += u32::from(tok.all_caps || !tok.first.is_lowercase() && tok.span.len() == 1);
        }
    }
    words
        .iter()
        .map(|&(all, caps)| all >= 3 && caps * 10 >= all * 9)
        .collect()
}

/// `X (Y)`: Y is an alternate form of X; both get the kind the tagger is surer of.
pub(super) fn link_parenthesised(text: &str, out: &mut [NameMention]) {
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

/// Tokens of a name that `propagate` looks for, at least (short names are cheap to find)…
const MIN_NAME_TOKENS_SEARCHED: usize = 4;
/// …and at most: longer runs are never one name, and the search stays linear.
const MAX_NAME_TOKENS_SEARCHED: usize = 12;

/// Document-level consistency: a found name is a name wherever it recurs. (A person's surname
/// or first name alone is left to the tagger's second stage, which reads how the word was
/// tagged elsewhere: spreading every first and last word of a person-tagged run made `Poker`
/// a person after `Sky Vegas Poker`.) Linear in the length of the document.
pub(super) fn propagate(
    text: &str,
    doc: &Doc,
    lx: &Lexicon,
    shouting: &[bool],
    out: &mut Vec<NameMention>,
) {
    let mut surface: HashMap<&str, NameKind> = HashMap::new();
    // The names written in lower case too, by their upper-case form: a headline or a line in
    // capitals writes `FEYENOORD BEAT PSV`, the story `Feyenoord`.
    let mut shouted: HashMap<String, NameKind> = HashMap::new();
    let any_shouting = shouting.contains(&true);
    for m in out.iter() {
        let s = &text[m.span.start..m.span.end];
        surface.entry(s).or_insert(m.kind);
        if any_shouting && s.contains(char::is_lowercase) {
            shouted.entry(s.to_uppercase()).or_insert(m.kind);
        }
    }
    let mut longest = 1;
    for k in surface.keys() {
        longest = longest.max(
            k.split_whitespace().count() + 2 * k.matches('·').count() + k.matches('.').count(),
        );
    }
    let longest = longest.clamp(MIN_NAME_TOKENS_SEARCHED, MAX_NAME_TOKENS_SEARCHED);
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
                    && EVENT_HEADS.contains(doc.lower(j + 1))
            }) {
                continue;
            }
            let span = Span::new(t.span.start, doc.tokens[j].span.end);
            let s = strip_poss(&text[span.start..span.end]);
            // Names found elsewhere in the article; else a well-known organization (data/orgs.txt).
            let known = surface
                .get(s)
                .copied()
                .or_else(|| lx.is_known_org(s).then_some(NameKind::Org))
                .or_else(|| {
                    let caps = shouting[doc.sent_of[i] as usize]
                        && doc.tokens[i..=j]
                            .iter()
                            .all(|t| t.kind != TokKind::Word || t.all_caps);
                    caps.then(|| shouted.get(s).copied()).flatten()
                });
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
                        && ORG_HEADS.contains(doc.lower(j + 1))
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
                    None => out.push(NameMention::decided(span, kind, doc.sent_of[i] as usize)),
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

/// Letters of a surname that [`surnames_alone`] looks for, at least (`Ma`, `Li` are too short
/// to find by their form).
const MIN_SURNAME_CHARS: usize = 3;

/// A person's surname alone, once the person is named in full, is a mention of them (the
/// guidelines): `Lebed, who met rebel leaders …` after `Alexander Lebed`. The full name opens
/// with a known first name, so it is a person's (not `Sky Vegas Poker`); the surname is no
/// common word, place, first name, title or day, and is only found where the tagger read no
/// name of another kind (`Ford` the company, after `Harrison Ford`).
pub(super) fn surnames_alone(
    text: &str,
    doc: &Doc,
    lx: &Lexicon,
    tags: &[u8],
    out: &mut Vec<NameMention>,
) {
    let mut surnames: HashSet<&str> = HashSet::new();
    for m in out.iter().filter(|m| m.kind == NameKind::Person) {
        let s = &text[m.span.start..m.span.end];
        let mut words = s.split_whitespace();
        let (Some(first), Some(last)) = (words.next(), words.next_back()) else {
            continue;
        };
        if lx.first_name(first).is_some()
            && last.chars().count() >= MIN_SURNAME_CHARS
            && last.chars().next().is_some_and(char::is_uppercase)
            && last
                .chars()
                .skip(1)
                .all(|c| c.is_lowercase() || c == '-' || c == '\'')
            && !common_word(lx, last)
            && !lx.is_place(last)
            && lx.first_name(last).is_none()
            && !in_list(&TITLES, &lc(last))
            && !MONTHS_DAYS.contains(&lc(last))
        {
            surnames.insert(last);
        }
    }
    if surnames.is_empty() {
        return;
    }
    let mut covered: Vec<Span> = out.iter().map(|m| m.span).collect();
    covered.sort_by_key(|s| s.start);
    let before = out.len();
    for t in 0..doc.tokens.len() {
        let tok = doc.tokens[t];
        if tok.kind != TokKind::Word || !tok.cap || Class::of(tags[t]) != Class::Outside {
            continue;
        }
        let w = strip_poss(doc.tok(text, t));
        if !surnames.contains(w) {
            continue;
        }
        // Alone: no capitalised word right before or after it in the sentence.
        let cap_at = |u: usize| {
            doc.sent_of[u] == doc.sent_of[t]
                && doc.tokens[u].kind == TokKind::Word
                && doc.tokens[u].cap
        };
        if t > 0 && cap_at(t - 1) || t + 1 < doc.tokens.len() && cap_at(t + 1) {
            continue;
        }
        let span = Span::new(tok.span.start, tok.span.start + w.len());
        let k = covered.partition_point(|x| x.end <= span.start);
        if covered.get(k).is_none_or(|x| x.start >= span.end) {
            out.push(NameMention {
                span,
                kind: NameKind::Person,
                alias_of: None,
                sentence: doc.sent_of[t] as usize,
                sureness: Sureness::Tagger(0.0),
            });
        }
    }
    if out.len() > before {
        out_sort(out);
    }
}
