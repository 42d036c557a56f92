//! What the whole document says, computed once before any token's features: each token's
//! [`Info`], each sentence's mode (normal, lower case, title case, all caps), the capitalised
//! runs, per-word counts over the document ([`Stat`]) and the acronyms.

use super::hash::hash_bytes;
use super::info::{strip_poss, Info};
use super::{
    Extractor, ACRONYM_LETTERS, C_ALLCAPS, C_CAP, C_LOWER, C_NUMBER, L_FIRST, L_LEGAL, M_ALLCAPS,
    M_LOWER, M_NORMAL, M_TITLE, W_FUNCTION, W_ORG_HEAD, W_PARTICLE, W_SUFFIX, W_TITLE,
};
use crate::lexicon::{KeyHasher, Lexicon};
use crate::segment::{Doc, TokKind};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::ops::Range;

/// `run_of` of a token in no run.
const NO_RUN: u32 = u32::MAX;
/// A sentence is all caps, or title case, when at least this many tenths of its words are.
const MODE_SHARE_TENTHS: usize = 8;
/// Words an all-caps sentence needs (one all-caps word is an acronym, not a headline).
const ALLCAPS_MIN_WORDS: usize = 2;
/// Content words a title-case sentence needs (two capitals in a row are just a name).
const TITLE_MIN_CONTENT: usize = 3;

/// A maximal run of capitalised words in a sentence: tokens `start..end`.
#[derive(Clone, Copy)]
pub(super) struct Run {
    pub start: usize,
    pub end: usize,
}

impl Run {
    /// Number of tokens.
    pub fn len(self) -> usize {
        self.end - self.start
    }
    /// The last word of the run (the run's start if it has no other word).
    pub fn last_word(self, doc: &Doc) -> usize {
        let mut l = self.end - 1;
        while l > self.start && doc.tokens[l].kind != TokKind::Word {
            l -= 1;
        }
        l
    }
}

/// Per-document counts about a lower-cased word form (each 0 or 1 for one occurrence).
#[derive(Clone, Copy, Default)]
pub(super) struct Stat {
    /// Written in lower case.
    pub lower: u16,
    /// Capitalised in mid-sentence, in a sentence in normal case.
    pub cap_mid: u16,
    /// Capitalised after a title (`President`).
    pub after_title: u16,
    /// Capitalised after a first name.
    pub after_first: u16,
    /// Capitalised before an organization head or a legal form (`Bank`, `Inc.`).
    pub before_head: u16,
    /// Capitalised in a run of two words or more.
    pub multi: u16,
    /// Capitalised in mid-sentence, alone.
    pub single_mid: u16,
}

impl Stat {
    fn add(&mut self, o: &Stat) {
        self.lower = self.lower.saturating_add(o.lower);
        self.cap_mid = self.cap_mid.saturating_add(o.cap_mid);
        self.after_title = self.after_title.saturating_add(o.after_title);
        self.after_first = self.after_first.saturating_add(o.after_first);
        self.before_head = self.before_head.saturating_add(o.before_head);
        self.multi = self.multi.saturating_add(o.multi);
        self.single_mid = self.single_mid.saturating_add(o.single_mid);
    }

    /// The counts, in field order (the order the `Doc` features number them in).
    pub fn counts(&self) -> [u16; 7] {
        [
            self.lower,
            self.cap_mid,
            self.after_title,
            self.after_first,
            self.before_head,
            self.multi,
            self.single_mid,
        ]
    }
}

/// Everything about a document that token features read, computed once.
pub(super) struct DocView<'a> {
    pub text: &'a str,
    pub doc: &'a Doc,
    /// The lower-cased forms of the words, one after another (see [`Info::low`]).
    pub lows: String,
    /// Per token.
    pub infos: Vec<Info>,
    /// Per sentence: its mode (`M_…`).
    pub mode: Vec<u8>,
    /// Per token: first in its sentence, or right after something that opens a clause.
    pub initial_pos: Vec<bool>,
    /// The capitalised runs, in text order.
    pub runs: Vec<Run>,
    /// Per token: its run's index in `runs`, or [`NO_RUN`].
    run_of: Vec<u32>,
    /// Per lower-cased form (hash): the counts of all its occurrences.
    pub stats: HashMap<u64, Stat>,
    /// Per token: its own share of `stats`.
    pub own: Vec<Stat>,
    /// Hashes of the all-caps words of acronym length.
    pub acronyms: HashSet<u64>,
    /// Hashes of the initials of multi-word runs (with and without hyphenated parts).
    pub initials_of_runs: HashSet<u64>,
    /// Per run: hash of its initials (0 for a run of fewer than two words).
    pub run_initials: Vec<u64>,
    /// Per token: the known entity name it is part of (see [`DocView::find_known`]): 0 for
    /// none, else the name's kind bits, its position (`KB_…`) shifted by [`KB_POS_SHIFT`], and
    /// [`KB_WHOLE`] when the name is the whole capitalised run the token is in (or the token
    /// is in none).
    pub known: Vec<u8>,
}

/// Where a token is in a known entity name (the `known` field, above the kind bits).
pub(super) const KB_POS_SHIFT: u32 = 4;
/// The two bits of the position, once shifted down.
pub(super) const KB_POS_MASK: u8 = 3;
/// The known name is the whole run (not `Mohammed bin Rashid` in `Mohammed bin Rashid Al
/// Maktoum`).
pub(super) const KB_WHOLE: u8 = 1 << 6;
/// The whole name.
pub(super) const KB_UNIT: u8 = 0;
/// Its first token.
pub(super) const KB_BEGIN: u8 = 1;
/// A middle token.
pub(super) const KB_INSIDE: u8 = 2;
/// Its last token.
pub(super) const KB_LAST: u8 = 3;
/// Most tokens a known name is looked up over, whatever the knowledge file says.
const KB_MAX_TOKENS: usize = 8;
/// A lower-case word may open a known name only when this short (`al`, `de`, `van`).
const KB_LOWER_START_LETTERS: u8 = 3;

impl<'a> DocView<'a> {
    /// Reads the document.
    pub fn new(x: &Extractor, text: &'a str, doc: &'a Doc, lx: &Lexicon) -> Self {
        let n = doc.tokens.len();
        let mut lows = String::with_capacity(text.len() / 2);
        let mut title = String::new();
        // A word's info depends on its form alone, and most words of a text come back (`the`,
        // `said`, a name): each form's is worked out once (nine list and lexicon lookups, its
        // lower case and shape) and copied for its later tokens. A copy's lower-cased form is
        // the first one's range of `lows`.
        let mut seen: HashMap<&str, Info> = HashMap::with_capacity(n / 4);
        let mut infos: Vec<Info> = Vec::with_capacity(n);
        for i in 0..n {
            if doc.tokens[i].kind != TokKind::Word {
                infos.push(x.info(text, doc, i, lx, &mut lows, &mut title));
                continue;
            }
            let form = doc.tok(text, i);
            let f = match seen.get(form) {
                Some(f) => *f,
                None => {
                    let f = x.info(text, doc, i, lx, &mut lows, &mut title);
                    seen.insert(form, f);
                    f
                }
            };
            infos.push(f);
        }
        let mut v = DocView {
            text,
            doc,
            lows,
            infos,
            mode: vec![M_NORMAL; doc.sentences.len()],
            initial_pos: vec![false; n],
            runs: Vec::new(),
            run_of: vec![NO_RUN; n],
            stats: HashMap::with_capacity(n / 2),
            own: vec![Stat::default(); n],
            acronyms: HashSet::new(),
            initials_of_runs: HashSet::new(),
            run_initials: Vec::new(),
            known: vec![0; n],
        };
        for (si, s) in doc.sentences.iter().enumerate() {
            v.mode[si] = sentence_mode(&v.infos[s.tokens.clone()]);
            for i in s.tokens.clone() {
                v.initial_pos[i] = i == s.tokens.start || opens_clause(doc, i);
            }
            v.find_runs(s.tokens.clone());
            v.find_known(lx, s.tokens.clone());
        }
        v.count_words();
        v.find_acronyms();
        v
    }

    /// The run token `i` is in, with its index.
    pub fn run(&self, i: usize) -> Option<(usize, Run)> {
        let r = *self.run_of.get(i)?;
        (r != NO_RUN).then(|| (r as usize, self.runs[r as usize]))
    }

    /// The known entity names of sentence `tokens` ([`Lexicon::entity`]), leftmost-longest:
    /// a name starts at a word with a capital letter (or a short lower-case one: `de`, `al`),
    /// ends at a word or a number, and holds a capital letter, so that a common phrase
    /// written in lower case is never a name.
    fn find_known(&mut self, lx: &Lexicon, tokens: Range<usize>) {
        let max = lx.entity_tokens().min(KB_MAX_TOKENS);
        if max == 0 {
            return;
        }
        let mut i = tokens.start;
        while i < tokens.end {
            let f = &self.infos[i];
            let opens = f.is_name_word()
                || (f.word && (f.letters <= KB_LOWER_START_LETTERS || self.has_capital(i)));
            if !opens {
                i += 1;
                continue;
            }
            let mut key = KeyHasher::default();
            let mut capital = false;
            let mut best = None;
            for j in i..tokens.end.min(i + max) {
                key.push(self.doc.tok(self.text, j));
                let g = &self.infos[j];
                capital |= g.is_name_word() || (g.word && self.has_capital(j));
                if capital && (g.word || g.cap == C_NUMBER) {
                    let k = lx.entity(key.key());
                    if k != 0 {
                        best = Some((j + 1, k));
                    }
                }
            }
            let Some((end, kind)) = best else {
                i += 1;
                continue;
            };
            for t in i..end {
                let pos = if end - i == 1 {
                    KB_UNIT
                } else if t == i {
                    KB_BEGIN
                } else if t + 1 == end {
                    KB_LAST
                } else {
                    KB_INSIDE
                };
                let whole = match self.run_of[t] {
                    NO_RUN => true,
                    r => {
                        let run = self.runs[r as usize];
                        (run.start, run.end) == (i, end)
                    }
                };
                self.known[t] = kind | pos << KB_POS_SHIFT | if whole { KB_WHOLE } else { 0 };
            }
            i = end;
        }
    }

    /// Whether token `i` has a capital letter anywhere (`al-Masri`, `iPhone`).
    fn has_capital(&self, i: usize) -> bool {
        self.doc.tok(self.text, i).chars().any(char::is_uppercase)
    }

    /// The capitalised runs of sentence `tokens`.
    fn find_runs(&mut self, tokens: Range<usize>) {
        let mut i = tokens.start;
        while i < tokens.end {
            if !self.infos[i].is_name_word() {
                i += 1;
                continue;
            }
            let end = self.run_end(i, tokens.end);
            for t in i..end {
                self.run_of[t] = self.runs.len() as u32;
            }
            self.runs.push(Run { start: i, end });
            i = end;
        }
    }

    /// The end of the run starting at name word `start`, in a sentence ending at `limit`.
    fn run_end(&self, start: usize, limit: usize) -> usize {
        let (doc, infos) = (self.doc, &self.infos);
        let mut end = start + 1;
        loop {
            if end < limit && infos[end].is_name_word() {
                end += 1;
                continue;
            }
            // Connectors inside a run: `·`, `&`, `-`, the dot of an initial, a particle.
            if end + 1 < limit && infos[end + 1].is_name_word() {
                let t = doc.tokens[end];
                let conn = match t.kind {
                    TokKind::Punct => {
                        matches!(t.first, '·' | '&' | '-')
                            || (t.first == '.' && !t.space_before && infos[end - 1].initial)
                    }
                    TokKind::Word => {
                        infos[end].flags & W_PARTICLE != 0 && infos[end].cap == C_LOWER
                    }
                    TokKind::Number => false,
                };
                if conn {
                    end += 2;
                    continue;
                }
            }
            break;
        }
        // A trailing dot after an initial or an abbreviation stays in the run.
        if end < limit
            && doc.tokens[end].kind == TokKind::Punct
            && doc.tokens[end].first == '.'
            && !doc.tokens[end].space_before
            && (infos[end - 1].initial || infos[end - 1].flags & (L_LEGAL | W_SUFFIX) != 0)
        {
            end += 1;
        }
        end
    }

    /// Fills `own` and `stats`: how each word is written across the document.
    fn count_words(&mut self) {
        for i in 0..self.infos.len() {
            let f = &self.infos[i];
            if !f.word || f.letters == 0 {
                continue;
            }
            let st = self.stat_of(i);
            self.own[i] = st;
            self.stats.entry(self.infos[i].lw).or_default().add(&st);
        }
    }

    /// What occurrence `i` (a word with letters) adds to its word's counts.
    fn stat_of(&self, i: usize) -> Stat {
        let (doc, infos) = (self.doc, &self.infos);
        let f = &infos[i];
        let si = doc.sent_of[i] as usize;
        let mut st = Stat::default();
        if f.cap == C_LOWER {
            st.lower = 1;
        }
        let capital = f.cap == C_CAP || f.cap == C_ALLCAPS;
        if !capital {
            return st;
        }
        let run = self.run(i).map(|(_, r)| r);
        if !self.initial_pos[i] && self.mode[si] == M_NORMAL {
            st.cap_mid = 1;
            if run.is_some_and(|r| r.len() == 1) {
                st.single_mid = 1;
            }
        }
        if let Some(p) = prev_word(doc, infos, i) {
            if infos[p].flags & W_TITLE != 0 && infos[p].cap != C_LOWER {
                st.after_title = 1;
            }
            if infos[p].flags & L_FIRST != 0 && infos[p].cap == C_CAP {
                st.after_first = 1;
            }
        }
        if i + 1 < infos.len()
            && doc.sent_of[i + 1] as usize == si
            && infos[i + 1].flags & (W_ORG_HEAD | L_LEGAL) != 0
            && infos[i + 1].cap != C_LOWER
        {
            st.before_head = 1;
        }
        if run.is_some_and(|r| (r.start..r.end).filter(|&t| infos[t].word).count() >= 2) {
            st.multi = 1;
        }
        st
    }

    /// Fills `acronyms`, `initials_of_runs` and `run_initials`.
    fn find_acronyms(&mut self) {
        let (text, doc, infos) = (self.text, self.doc, &self.infos);
        self.run_initials = vec![0; self.runs.len()];
        for (ri, r) in self.runs.iter().enumerate() {
            let mut s = String::new();
            let mut words = 0;
            for t in r.start..r.end {
                if infos[t].word && infos[t].cap != C_LOWER {
                    if let Some(c) = infos[t].first_upper {
                        s.push(c);
                        words += 1;
                    }
                }
            }
            // `International Anti-Counterfeiting Coalition` → IACC: hyphenated parts count.
            if words >= 2 {
                let h = hash_bytes(s.as_bytes());
                self.run_initials[ri] = h;
                self.initials_of_runs.insert(h);
                let with_parts = initials_with_parts(text, doc, r);
                if with_parts != s {
                    self.initials_of_runs
                        .insert(hash_bytes(with_parts.as_bytes()));
                }
            }
        }
        for i in 0..infos.len() {
            if infos[i].cap == C_ALLCAPS && ACRONYM_LETTERS.contains(&infos[i].letters) {
                self.acronyms
                    .insert(hash_bytes(strip_poss(doc.tok(text, i)).as_bytes()));
            }
        }
    }
}

/// Initials of a run, counting capitalised parts of hyphenated words (`Anti-Counterfeiting`).
fn initials_with_parts(text: &str, doc: &Doc, r: &Run) -> String {
    let mut s = String::new();
    for t in r.start..r.end {
        if doc.tokens[t].kind != TokKind::Word {
            continue;
        }
        for part in doc.tok(text, t).split('-') {
            if let Some(c) = part.chars().next().filter(|c| c.is_uppercase()) {
                s.push(c);
            }
        }
    }
    s
}

/// The word before token `i` in its sentence, skipping a dot right after an abbreviation
/// (`Mr.`) and `·`.
fn prev_word(doc: &Doc, infos: &[Info], i: usize) -> Option<usize> {
    let mut p = i.checked_sub(1)?;
    if doc.tokens[p].kind == TokKind::Punct && matches!(doc.tokens[p].first, '.' | '·') {
        p = p.checked_sub(1)?;
    }
    (infos[p].word && doc.sent_of[p] == doc.sent_of[i]).then_some(p)
}

/// The mode of a sentence with tokens `infos`: all caps, title case (headlines), lower case
/// (tweets) or normal.
fn sentence_mode(infos: &[Info]) -> u8 {
    let (mut words, mut caps, mut allcaps, mut content, mut content_caps) = (0, 0, 0, 0, 0);
    for f in infos {
        if !f.word || f.letters == 0 {
            continue;
        }
        words += 1;
        let capital = f.cap == C_CAP || f.cap == C_ALLCAPS;
        caps += capital as usize;
        allcaps += (f.cap == C_ALLCAPS || (f.initial && f.letters == 1)) as usize;
        if f.flags & W_FUNCTION == 0 {
            content += 1;
            content_caps += capital as usize;
        }
    }
    if words >= ALLCAPS_MIN_WORDS && allcaps * 10 >= words * MODE_SHARE_TENTHS {
        M_ALLCAPS
    } else if content >= TITLE_MIN_CONTENT && content_caps * 10 >= content * MODE_SHARE_TENTHS {
        M_TITLE
    } else if caps == 0 {
        M_LOWER
    } else {
        M_NORMAL
    }
}

/// Right after an opening quote, a colon, a dash or a bullet, a word is capitalised for
/// other reasons than being a name.
fn opens_clause(doc: &Doc, i: usize) -> bool {
    let Some(p) = i.checked_sub(1) else {
        return true;
    };
    let t = doc.tokens[p];
    t.kind == TokKind::Punct
        && matches!(
            t.first,
            '"' | '“' | '‘' | '«' | '„' | ':' | '(' | '-' | '—' | '–' | '•' | '\'' | '[' | '|'
        )
}
