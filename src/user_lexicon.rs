//! A reader's own lexicon: names they said are a person, an organization, or not a name at
//! all, learnt from their corrections ([`UserLexicon::lesson`]) and applied to every later
//! annotation, of this article and of the next ones, after detection and before the
//! article's own corrections (which still win). The page keeps it; the core only reads it.
//!
//! ## Example
//! ```
//! use newsmark::{Annotator, Kind, user_lexicon::{LexiconEntry, Lesson, UserLexicon}};
//! let lx = UserLexicon::new([LexiconEntry { name: "Brightwater Nine".into(), kind: Lesson::Org }]).unwrap();
//! let a = Annotator::new().annotate_with_lexicon("Brightwater Nine said on Monday it would hire.", &[], &lx);
//! assert!(a.annotations.iter().any(|x| x.kind == Kind::Org && x.text == "Brightwater Nine"));
//! ```

use crate::analysis::{Analysis, Annotation, Entity, Kind};
use crate::corrections::{new_annotation, Correction};
use crate::text::Span;
use foldhash::HashMap;
use serde::{Deserialize, Serialize};

/// Entries a lexicon may hold.
pub const MAX_ENTRIES: usize = 20_000;
/// Characters a name may have.
pub const MAX_NAME_CHARS: usize = 120;

/// What the reader said a name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lesson {
    /// A person.
    Person,
    /// An organization.
    Org,
    /// Not a name: never tag it as a person or an organization.
    None,
}

impl Lesson {
    fn kind(self) -> Option<Kind> {
        match self {
            Lesson::Person => Some(Kind::Person),
            Lesson::Org => Some(Kind::Org),
            Lesson::None => None,
        }
    }
}

/// One entry: a name, as it is written (case counts; runs of spaces are one space), and what
/// it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LexiconEntry {
    /// The name.
    pub name: String,
    /// What it is.
    pub kind: Lesson,
}

/// Why a lexicon was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum UserLexiconError {
    /// More than [`MAX_ENTRIES`] entries.
    #[error("it has {0} entries; at most {MAX_ENTRIES} are kept")]
    TooMany(usize),
    /// An entry's name is empty, has no letter or digit, or is longer than [`MAX_NAME_CHARS`].
    #[error(
        "entry {0}: the name must have a letter or digit and at most {MAX_NAME_CHARS} characters"
    )]
    BadName(usize),
    /// JSON that is not a lexicon ([`UserLexicon::from_json`]).
    #[error("not a newsmark lexicon as the page exports it: {0}")]
    NotALexicon(String),
}

/// A reader's lexicon, indexed for a linear pass over a text.
#[derive(Clone, Debug, Default)]
pub struct UserLexicon {
    /// first word → its bucket.
    first: HashMap<String, usize>,
    /// The names that start with a word, with what they are (one entry a name: the last given).
    buckets: Vec<Vec<(String, Lesson)>>,
    len: usize,
}

/// A name as entries and matches compare it: trimmed, runs of white space as one space.
pub fn normalize_name(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of `s`: runs of letters, digits and marks, with their byte offsets.
fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut it = s.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = it.peek() {
            if is_word(c) {
                break;
            }
            it.next();
        }
        let (start, _) = *it.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = it.peek() {
            if !is_word(c) {
                break;
            }
            end = i + c.len_utf8();
            it.next();
        }
        Some((start, &s[start..end]))
    })
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\u{300}'..='\u{36F}')
}

impl UserLexicon {
    /// A lexicon from entries (later ones win). Refuses too many entries or a bad name,
    /// saying which.
    pub fn new(entries: impl IntoIterator<Item = LexiconEntry>) -> Result<Self, UserLexiconError> {
        let mut lx = UserLexicon::default();
        for (i, e) in entries.into_iter().enumerate() {
            if i >= MAX_ENTRIES {
                return Err(UserLexiconError::TooMany(i + 1));
            }
            let name = normalize_name(&e.name);
            let Some((_, first)) = words(&name).next() else {
                return Err(UserLexiconError::BadName(i));
            };
            if name.chars().count() > MAX_NAME_CHARS {
                return Err(UserLexiconError::BadName(i));
            }
            let b = match lx.first.get(first) {
                Some(&b) => b,
                None => {
                    lx.first.insert(first.to_string(), lx.buckets.len());
                    lx.buckets.push(vec![]);
                    lx.buckets.len() - 1
                }
            };
            let bucket = &mut lx.buckets[b];
            match bucket.iter_mut().find(|(n, _)| *n == name) {
                Some(x) => x.1 = e.kind,
                None => {
                    bucket.push((name, e.kind));
                    lx.len += 1;
                }
            }
        }
        Ok(lx)
    }

    /// A lexicon from JSON: a list of `{"name", "kind"}` (`kind` `person`, `org` or `none`),
    /// or the file the page exports (`{"newsmark": "lexicon", "version": 1, "entries": [...]}`).
    /// What the command line and the Python wheel read.
    pub fn from_json(s: &str) -> Result<Self, UserLexiconError> {
        let bad = |e: String| UserLexiconError::NotALexicon(e);
        let mut v: serde_json::Value = serde_json::from_str(s).map_err(|e| bad(e.to_string()))?;
        let entries = match v {
            serde_json::Value::Array(_) => v,
            serde_json::Value::Object(_) if v["version"] == 1 => v["entries"].take(),
            serde_json::Value::Object(_) => {
                return Err(bad(format!(
                    "version {} (this newsmark reads version 1)",
                    v["version"]
                )))
            }
            _ => return Err(bad("neither a list of entries nor the page's export".into())),
        };
        let entries: Vec<LexiconEntry> = serde_json::from_value(entries).map_err(|e| {
            bad(format!(
                "{e} (an entry is {{\"name\", \"kind\": person, org or none}})"
            ))
        })?;
        Self::new(entries)
    }

    /// A lexicon from lines of `kind<TAB>name` (`person`, `org` or `none`; the form the
    /// wasm boundary takes). Refuses a line that is not one, saying which.
    pub fn from_lines(s: &str) -> Result<Self, UserLexiconError> {
        let mut list = vec![];
        for (i, line) in s.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            let (kind, name) = line.split_once('\t').ok_or(UserLexiconError::BadName(i))?;
            let kind = match kind {
                "person" => Lesson::Person,
                "org" => Lesson::Org,
                "none" => Lesson::None,
                _ => return Err(UserLexiconError::BadName(i)),
            };
            list.push(LexiconEntry {
                name: name.to_string(),
                kind,
            });
        }
        Self::new(list)
    }

    /// Names in the lexicon.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it has no names.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// What the lexicon says `name` is, if anything.
    pub fn lesson_for(&self, name: &str) -> Option<Lesson> {
        let name = normalize_name(name);
        let (_, first) = words(&name).next()?;
        let b = *self.first.get(first)?;
        self.buckets[b]
            .iter()
            .find(|(n, _)| *n == name)
            .map(|x| x.1)
    }

    /// What the reader taught by correction `c`, if anything: a name tagged or retyped as a
    /// person or an organization is one; a name tag removed, or retyped as a quote or a
    /// claim, is not a name. Moving a tag's edges teaches nothing (a word at a time, each
    /// step would be a lesson). The page learns with the same rule.
    pub fn lesson(c: &Correction) -> Option<LexiconEntry> {
        let entry = |text: &str, kind| {
            let name = normalize_name(text);
            (name.chars().count() <= MAX_NAME_CHARS && name.chars().any(is_word))
                .then_some(LexiconEntry { name, kind })
        };
        let of = |k: Kind| match k {
            Kind::Person => Some(Lesson::Person),
            Kind::Org => Some(Lesson::Org),
            _ => None,
        };
        match c {
            Correction::Add { target, kind } => entry(&target.text, of(*kind)?),
            Correction::Remove { target, kind } if kind.is_name() => {
                entry(&target.text, Lesson::None)
            }
            Correction::ChangeKind { target, from, to } => match (of(*to), from.is_name()) {
                (Some(l), _) => entry(&target.text, l),
                (None, true) => entry(&target.text, Lesson::None),
                (None, false) => None,
            },
            _ => None,
        }
    }

    /// Every place in `text` where a name of the lexicon is written whole (its first and
    /// last characters at word boundaries, any run of white space for a space), with what it
    /// is. One pass over the words of the text; where two names overlap the longer wins.
    pub fn find(&self, text: &str) -> Vec<(Span, Lesson)> {
        let mut out: Vec<(Span, Lesson)> = vec![];
        if self.is_empty() {
            return out;
        }
        for (start, w) in words(text) {
            // Only at a word's start (a word follows a non-word character).
            let Some(&b) = self.first.get(w) else {
                continue;
            };
            let mut best: Option<(usize, Lesson)> = None;
            for (name, kind) in &self.buckets[b] {
                if let Some(end) = match_at(text, start, name) {
                    if best.is_none_or(|(e, _)| end > e) {
                        best = Some((end, *kind));
                    }
                }
            }
            if let Some((end, l)) = best {
                if out.last().is_none_or(|(s, _)| s.end <= start) {
                    out.push((Span::new(start, end), l));
                }
            }
        }
        out
    }

    /// Applies the lexicon to an analysis of `text`: each name of the lexicon found in the
    /// text gets its kind (a wrong kind changed, a missed name tagged, tags cut across it
    /// replaced) or, when it is not a name, loses its person or organization tag. Tags it
    /// changes count as the reader's.
    pub fn apply(&self, text: &str, a: &mut Analysis) {
        let found = self.find(text);
        if found.is_empty() {
            return;
        }
        // Entities by kind and name, to join (each look-up is a hash: linear work).
        let key = |k: Kind, name: &str| format!("{}\t{}", k.as_str(), normalize_name(name));
        let mut ents: HashMap<String, usize> = HashMap::default();
        for (i, e) in a.entities.iter().enumerate() {
            ents.entry(key(e.kind, &e.name)).or_insert(i);
        }
        let mut entity = |a: &mut Analysis, kind: Kind, s: Span| {
            let k = key(kind, &text[s.start..s.end]);
            *ents.entry(k).or_insert_with(|| {
                a.entities.push(Entity {
                    kind,
                    name: normalize_name(&text[s.start..s.end]),
                    mentions: vec![],
                });
                a.entities.len() - 1
            })
        };
        // Name tags by start (annotations are sorted), to look up the ones a found name
        // touches.
        let names: Vec<usize> = (0..a.annotations.len())
            .filter(|&i| a.annotations[i].kind.is_name())
            .collect();
        let mut drop = vec![false; a.annotations.len()];
        let mut add: Vec<Annotation> = vec![];
        // Retyped tags, in text order: (span, old entity, new entity).
        let mut moved: Vec<(Span, Option<usize>, usize)> = vec![];
        for (span, lesson) in found {
            // Name tags that overlap it: those starting before its end, back to the first
            // that could reach it (names are short; at most a few are looked at).
            let upto = names.partition_point(|&i| a.annotations[i].span.start < span.end);
            let touching: Vec<usize> = names[..upto]
                .iter()
                .rev()
                .take(8)
                .copied()
                .filter(|&i| a.annotations[i].span.overlaps(&span))
                .collect();
            let same = touching
                .iter()
                .copied()
                .find(|&i| a.annotations[i].span == span);
            let Some(kind) = lesson.kind() else {
                if let Some(i) = same {
                    drop[i] = true;
                }
                continue;
            };
            // Inside a longer name of the same kind: that name stands.
            if touching.iter().any(|&i| {
                let x = &a.annotations[i];
                x.kind == kind
                    && x.span != span
                    && x.span.start <= span.start
                    && span.end <= x.span.end
            }) {
                continue;
            }
            match same {
                Some(i) if a.annotations[i].kind == kind => {}
                Some(i) => {
                    let ent = entity(a, kind, span);
                    let x = &mut a.annotations[i];
                    moved.push((span, x.entity, ent));
                    x.kind = kind;
                    x.entity = Some(ent);
                    x.by_user = true;
                }
                None => {
                    for &i in &touching {
                        drop[i] = true;
                    }
                    let ent = entity(a, kind, span);
                    add.push(new_annotation(text, span, kind, Some(ent)));
                }
            }
        }
        // A quote said by a retyped mention follows it to its new entity.
        for q in &mut a.annotations {
            let Some(sp) = q.quote.as_mut().and_then(|q| q.speaker.as_mut()) else {
                continue;
            };
            let Some(s) = sp.span else { continue };
            let j = moved.partition_point(|m| m.0.start < s.start);
            if let Some(&(ms, old, new)) = moved.get(j) {
                if ms == s && sp.entity == old {
                    sp.entity = Some(new);
                    sp.name = a.entities[new].name.clone();
                }
            }
        }
        let mut i = 0;
        a.annotations.retain(|_| {
            i += 1;
            !drop[i - 1]
        });
        a.annotations.extend(add);
        a.tidy();
    }
}

/// The end of `name` written at byte `start` of `text` (a space in the name matches any run
/// of white space), if it ends at a word boundary.
fn match_at(text: &str, start: usize, name: &str) -> Option<usize> {
    let mut t = text[start..].char_indices().peekable();
    for nc in name.chars() {
        if nc == ' ' {
            let mut any = false;
            while t.peek().is_some_and(|&(_, c)| c.is_whitespace()) {
                t.next();
                any = true;
            }
            if !any {
                return None;
            }
        } else if t.next()?.1 != nc {
            return None;
        }
    }
    let end = t.peek().map_or(text.len(), |&(i, _)| start + i);
    let last_is_word = name.chars().next_back().is_some_and(is_word);
    let next_is_word = text[end..].chars().next().is_some_and(is_word);
    (!(last_is_word && next_is_word)).then_some(end)
}

#[cfg(test)]
mod tests {

    #[test]
    fn from_json_reads_entries_and_the_pages_export_and_refuses_the_rest() {
        let entries = r#"[{"name": "Velmora Tesk", "kind": "org"}]"#;
        let export = format!(r#"{{"newsmark": "lexicon", "version": 1, "entries": {entries}}}"#);
        for json in [entries.to_string(), export] {
            let lx = UserLexicon::from_json(&json).expect("a lexicon");
            assert_eq!(lx.lesson_for("Velmora Tesk"), Some(Lesson::Org));
        }
        for bad in [
            r#"{"version": 2, "entries": []}"#,
            r#"[{"name": "Velmora Tesk", "kind": "company"}]"#,
            r#""Velmora Tesk""#,
            "not json",
        ] {
            assert!(
                matches!(
                    UserLexicon::from_json(bad),
                    Err(UserLexiconError::NotALexicon(_))
                ),
                "{bad}"
            );
        }
    }

    use super::*;
    use crate::{Anchor, Annotator};

    fn lx(entries: &[(&str, Lesson)]) -> UserLexicon {
        UserLexicon::new(entries.iter().map(|&(n, k)| LexiconEntry {
            name: n.into(),
            kind: k,
        }))
        .unwrap()
    }

    fn tags(a: &Analysis, kind: Kind) -> Vec<&str> {
        a.annotations
            .iter()
            .filter(|x| x.kind == kind)
            .map(|x| x.text.as_str())
            .collect()
    }

    #[test]
    fn find_takes_whole_names_and_any_spacing() {
        let l = lx(&[("Vantor Hale", Lesson::Org), ("Vantor", Lesson::Person)]);
        let text = "Vantor  Hale and Vantorix met Vantor\nHale, then Vantor.";
        let f = l.find(text);
        let got: Vec<&str> = f.iter().map(|(s, _)| &text[s.start..s.end]).collect();
        assert_eq!(got, ["Vantor  Hale", "Vantor\nHale", "Vantor"]);
        assert_eq!(f[0].1, Lesson::Org);
        assert_eq!(f[2].1, Lesson::Person);
    }

    #[test]
    fn a_lexicon_changes_kinds_adds_missed_names_and_removes_non_names() {
        let an = Annotator::new();
        // Invented: a firm with a person-like name, a person the model may miss, a non-name.
        let text =
            "Corwin Bellamy said on Monday that it would cut 200 jobs at its plant in Ostrava. \
                    The decision was announced by zelda quint, who runs the plant. \
                    Harbour Watch, a local newsletter, first reported the cuts.";
        let l = lx(&[
            ("Corwin Bellamy", Lesson::Org),
            ("zelda quint", Lesson::Person),
            ("Harbour Watch", Lesson::None),
        ]);
        let a = an.annotate_with_lexicon(text, &[], &l);
        assert!(
            tags(&a, Kind::Org).contains(&"Corwin Bellamy"),
            "{:?}",
            a.annotations
        );
        assert!(!tags(&a, Kind::Person).contains(&"Corwin Bellamy"));
        assert!(tags(&a, Kind::Person).contains(&"zelda quint"));
        assert!(!tags(&a, Kind::Org).contains(&"Harbour Watch"));
        assert!(!tags(&a, Kind::Person).contains(&"Harbour Watch"));
        crate::check::invariants(text, &a).unwrap();
        // The article's own corrections still win over the lexicon.
        let s = text.find("zelda quint").unwrap();
        let fix = Correction::Remove {
            target: Anchor::at(text, s, s + "zelda quint".len()),
            kind: Kind::Person,
        };
        let a = an.annotate_with(text, std::slice::from_ref(&fix));
        assert!(!tags(&a, Kind::Person).contains(&"zelda quint"));
        let a = an.annotate_with_lexicon(text, &[fix], &l);
        assert!(!tags(&a, Kind::Person).contains(&"zelda quint"));
    }

    /// Invented: a first article with names the model gets wrong, and a second one with the
    /// same names in other sentences.
    const FIRST: &str = "Dunmore Vale fell sharply on Thursday after the grocer warned that profits would halve. \
Talbot Reese, who chairs Dunmore Vale, said the company had been hurt by rising energy costs.\n\n\
Quillan Marsh, which follows the grocer, said the warning was the third this year. Brisk Harbor, a consumer group, said shoppers would pay more. \
Meanwhile Greenway Forward, the new lobby for farmers, asked ministers for help.";
    const SECOND: &str = "A month later, Dunmore Vale named a new chief executive. The board of Dunmore Vale chose Imre Castellanos, \
who had run a rival chain in the north.\n\nQuillan Marsh raised its forecast for the grocer on Monday. Brisk Harbor welcomed the change \
but warned that prices were still high. Greenway Forward said its members wanted a meeting with the new boss.";
    const ORGS: [&str; 4] = [
        "Dunmore Vale",
        "Quillan Marsh",
        "Brisk Harbor",
        "Greenway Forward",
    ];

    /// Name tags of `text` that are wrong for the four organizations: each occurrence not
    /// tagged as an org, or tagged as a person.
    fn org_errors(text: &str, a: &Analysis) -> usize {
        ORGS.iter()
            .flat_map(|o| {
                text.match_indices(o)
                    .map(|(s, o)| Span::new(s, s + o.len()))
            })
            .filter(|s| {
                let org = a
                    .annotations
                    .iter()
                    .any(|x| x.kind == Kind::Org && x.span == *s);
                let person = a
                    .annotations
                    .iter()
                    .any(|x| x.kind == Kind::Person && x.span.overlaps(s));
                !org || person
            })
            .count()
    }

    #[test]
    fn corrections_in_one_article_fix_the_same_errors_in_the_next() {
        let an = Annotator::new();
        let first = an.annotate(FIRST);
        let second = an.annotate(SECOND);
        // The model's errors (measured, so that the test shows the lexicon at work; the first
        // article gives the names rules no cue: `Shares of X` would make X an organization).
        let first_errors = org_errors(FIRST, &first);
        assert!(first_errors >= 4, "{first_errors}");
        let before = org_errors(SECOND, &second);
        assert!(before >= 4, "{before}");
        // The reader corrects the first article: retype the person tags, tag the missed ones.
        let mut fixes = vec![];
        for o in ORGS {
            let s = FIRST.find(o).unwrap();
            let target = Anchor::at(FIRST, s, s + o.len());
            let tagged = first
                .annotations
                .iter()
                .find(|x| x.span == Span::new(s, s + o.len()) && x.kind.is_name());
            fixes.push(match tagged {
                Some(x) => Correction::ChangeKind {
                    target,
                    from: x.kind,
                    to: Kind::Org,
                },
                None => Correction::Add {
                    target,
                    kind: Kind::Org,
                },
            });
        }
        let lexicon = UserLexicon::new(fixes.iter().filter_map(UserLexicon::lesson)).unwrap();
        assert_eq!(lexicon.len(), 4);
        // The first article: the corrected mentions and, through the lexicon, the others.
        assert!(org_errors(FIRST, &an.annotate_with(FIRST, &fixes)) < first_errors);
        assert_eq!(
            org_errors(FIRST, &an.annotate_with_lexicon(FIRST, &fixes, &lexicon)),
            0
        );
        // The second article, with no correction of its own.
        let after = an.annotate_with_lexicon(SECOND, &[], &lexicon);
        assert_eq!(org_errors(SECOND, &after), 0, "{:?}", after.annotations);
        // Other names are left alone.
        let person = |a: &Analysis| {
            a.annotations
                .iter()
                .any(|x| x.kind == Kind::Person && x.text == "Imre Castellanos")
        };
        assert_eq!(person(&second), person(&after));
        crate::check::invariants(SECOND, &after).unwrap();
    }

    #[test]
    fn lessons_follow_the_corrections() {
        let text = "Ana Ruiz met Nordline.";
        let at = |w: &str| {
            let s = text.find(w).unwrap();
            Anchor::at(text, s, s + w.len())
        };
        let l = |c| UserLexicon::lesson(&c).map(|e| (e.name, e.kind));
        assert_eq!(
            l(Correction::Add {
                target: at("Nordline"),
                kind: Kind::Org
            }),
            Some(("Nordline".into(), Lesson::Org))
        );
        assert_eq!(
            l(Correction::Remove {
                target: at("Ana Ruiz"),
                kind: Kind::Person
            }),
            Some(("Ana Ruiz".into(), Lesson::None))
        );
        assert_eq!(
            l(Correction::ChangeKind {
                target: at("Ana Ruiz"),
                from: Kind::Org,
                to: Kind::Person
            }),
            Some(("Ana Ruiz".into(), Lesson::Person))
        );
        assert_eq!(
            l(Correction::Add {
                target: at("met"),
                kind: Kind::Claim
            }),
            None
        );
        assert_eq!(
            l(Correction::Split {
                target: at("Ana Ruiz")
            }),
            None
        );
    }

    #[test]
    fn lines_read_and_the_last_entry_of_a_name_wins() {
        let l = UserLexicon::from_lines("org\tVantor Hale\n\nperson\tVantor  Hale\nnone\tBreaking")
            .unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l.find("Vantor Hale left.")[0].1, Lesson::Person);
        assert_eq!(
            UserLexicon::from_lines("org Vantor").unwrap_err(),
            UserLexiconError::BadName(0)
        );
        assert_eq!(
            UserLexicon::from_lines("org\tA\nquote\tB").unwrap_err(),
            UserLexiconError::BadName(1)
        );
    }

    #[test]
    fn bad_lexicons_are_refused_with_the_reason() {
        let e = |n: &str| LexiconEntry {
            name: n.into(),
            kind: Lesson::Org,
        };
        assert_eq!(
            UserLexicon::new([e("ok"), e("  ")]).unwrap_err(),
            UserLexiconError::BadName(1)
        );
        assert_eq!(
            UserLexicon::new([e(&"x".repeat(500))]).unwrap_err(),
            UserLexiconError::BadName(0)
        );
        let many = (0..MAX_ENTRIES + 5).map(|i| e(&format!("N{i}")));
        assert!(matches!(
            UserLexicon::new(many),
            Err(UserLexiconError::TooMany(_))
        ));
    }
}
