//! Indirect (reported) quotes: a reporting verb and the clause it introduces (`X said that …`).

use super::*;

/// Does a clause hold a word that looks like a finite verb (an auxiliary, `-ed`, or a
/// third-person `-s` after a noun)? A cheap test that tells `the board agreed to …` from a
/// noun phrase such as `its withdrawal from the IACC`.
fn has_verb(clause: &str) -> bool {
    let words: Vec<String> = clause
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(lower)
        .collect();
    words.iter().enumerate().any(|(k, w)| {
        AUX.contains(w.as_str())
            || (w.len() > 4 && w.ends_with("ed"))
            || (k > 0
                && w.len() > 3
                && w.ends_with('s')
                && !w.ends_with("ss")
                && !NOT_VERBS.contains(w.as_str())
                && !matches!(
                    words[k - 1].as_str(),
                    "the"
                        | "a"
                        | "an"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "our"
                        | "of"
                        | "many"
                        | "some"
                        | "all"
                        | "these"
                        | "those"
                ))
    })
}

/// Does `before` end with a reporting verb and a comma or colon (`said, `, `says: `)?
pub(super) fn follows_cue(before: &str) -> bool {
    let t = before.trim_end();
    let Some(t) = t.strip_suffix(',').or_else(|| t.strip_suffix(':')) else {
        return false;
    };
    let w = t
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    CUE_VERBS.contains(lower(w).as_str())
}

impl Ctx<'_> {
    /// An indirect quote in sentence `si`, if it reports speech without quotation marks.
    pub(super) fn indirect_in(&self, si: usize, direct: &[Span]) -> Option<QuoteFound> {
        let doc = self.doc;
        let s = &doc.sentences[si];
        if direct.iter().any(|d| d.overlaps(&s.span)) {
            return None;
        }
        let r = s.tokens.clone();
        // `according to X, CLAUSE` / `CLAUSE, according to X.`
        for i in r.clone() {
            if lower(self.tok(i)) == "according" && i + 1 < r.end && lower(self.tok(i + 1)) == "to"
            {
                let cands = self.candidates(i + 2..r.end.min(i + 10));
                let sp = match cands.into_iter().next() {
                    Some(sp) => sp,
                    None => self.capitalised_source(i + 2, r.end)?,
                };
                let comma = (i + 2..r.end).find(|&k| doc.tokens[k].first == ',');
                let clause = if i == r.start || (i > r.start && doc.tokens[i - 1].first != ',') {
                    let c = comma?;
                    Span::new(doc.tokens[c + 1].span.start, s.span.end)
                } else {
                    Span::new(s.span.start, doc.tokens[i - 1].span.start)
                };
                let clause = self.cut_clause(clause);
                if word_count(&self.text[clause.start..clause.end]) >= 4 {
                    return Some(QuoteFound {
                        span: clause,
                        direct: false,
                        speaker: Some(sp),
                        sentence: si,
                    });
                }
                return None;
            }
        }
        for v in r.clone() {
            if doc.tokens[v].kind != TokKind::Word
                || !INDIRECT_VERBS.contains(lower(self.tok(v)).as_str())
            {
                continue;
            }
            // `…, X said.` with the clause before.
            let tail: Vec<usize> = (v + 1..r.end)
                .filter(|&k| doc.tokens[k].kind != TokKind::Punct)
                .collect();
            if tail.len() <= 3 && v > r.start + 3 {
                if let Some(sp) = self
                    .subject_before(v, r.start)
                    .filter(|c| c.span.start > s.span.start)
                {
                    let ci = doc.tokens.partition_point(|t| t.span.end <= sp.span.start);
                    if ci > r.start && doc.tokens[ci - 1].first == ',' {
                        let clause =
                            self.cut_clause(Span::new(s.span.start, doc.tokens[ci - 1].span.start));
                        if word_count(&self.text[clause.start..clause.end]) >= 4 {
                            return Some(QuoteFound {
                                span: clause,
                                direct: false,
                                speaker: Some(sp),
                                sentence: si,
                            });
                        }
                    }
                }
                if let Some(sp) = self.subject_after(v) {
                    if v > r.start && doc.tokens[v - 1].first == ',' {
                        let clause =
                            self.cut_clause(Span::new(s.span.start, doc.tokens[v - 1].span.start));
                        if word_count(&self.text[clause.start..clause.end]) >= 4 {
                            return Some(QuoteFound {
                                span: clause,
                                direct: false,
                                speaker: Some(sp),
                                sentence: si,
                            });
                        }
                    }
                }
            }
            let Some(sp) = self.subject_before(v, r.start) else {
                continue;
            };
            // `CLAUSE, Mayor X announced on Tuesday, after …`: the clause comes first.
            let si_tok = doc.tokens.partition_point(|t| t.span.end <= sp.span.start);
            let mut b = si_tok;
            while b > r.start
                && doc.tokens[b - 1].kind == TokKind::Word
                && (TITLE_WORDS.contains(lower(self.tok(b - 1)).as_str()) || doc.tokens[b - 1].cap)
                && b + 3 > si_tok
            {
                b -= 1;
            }
            let that_follows = (v + 1..r.end.min(v + 5)).any(|k| lower(self.tok(k)) == "that");
            if b > r.start + 5 && doc.tokens[b - 1].first == ',' && !that_follows {
                let clause = self.cut_clause(Span::new(s.span.start, doc.tokens[b - 1].span.start));
                if word_count(&self.text[clause.start..clause.end]) >= 6 {
                    return Some(QuoteFound {
                        span: clause,
                        direct: false,
                        speaker: Some(sp),
                        sentence: si,
                    });
                }
            }
            // `agreed to raise wages`, `promised to act`: an intention, not reported speech.
            if v + 1 < r.end && lower(self.tok(v + 1)) == "to" {
                continue;
            }
            // The clause after the verb: skip `that`, an object of `told`, short adverbials.
            let mut k = v + 1;
            let lw = lower(self.tok(v));
            if matches!(lw.as_str(), "told" | "tells" | "tell") {
                // `told reporters`, `told the BBC`, `told him`: skip up to four words.
                let stop = (k..r.end.min(k + 5)).find(|&j| {
                    matches!(lower(self.tok(j)).as_str(), "that") || doc.tokens[j].first == ','
                });
                match stop {
                    Some(j) => k = j,
                    None => k += 1,
                }
            }
            let mut j = k;
            while j < r.end.min(k + 6) {
                let w = lower(self.tok(j));
                if w == "that" {
                    k = j + 1;
                    break;
                }
                if doc.tokens[j].first == ',' && j > k {
                    k = j + 1;
                    break;
                }
                if doc.tokens[j].first == ':' || doc.tokens[j].first == '.' {
                    break;
                }
                j += 1;
            }
            if k >= r.end {
                continue;
            }
            let tk = doc.tokens[k];
            if tk.kind == TokKind::Punct
                && (is_open(tk.first) || tk.first == '"' || tk.first == ':')
            {
                continue;
            }
            let clause = self.cut_clause(Span::new(tk.span.start, s.span.end));
            let words = word_count(&self.text[clause.start..clause.end]);
            // A clause needs a verb-like word and some length: `said on Tuesday.` and
            // `announced its withdrawal from the IACC` are no quotes.
            if words >= 4 && has_verb(&self.text[clause.start..clause.end]) {
                return Some(QuoteFound {
                    span: clause,
                    direct: false,
                    speaker: Some(sp),
                    sentence: si,
                });
            }
        }
        None
    }

    /// Ends a reported clause before a parenthesis or quotation mark and trims its edges.
    pub(super) fn cut_clause(&self, c: Span) -> Span {
        let body = &self.text[c.start..c.end];
        let cut = body
            .find(['(', '"', '“', '«'])
            .filter(|&p| p > 0)
            .unwrap_or(body.len());
        let b = body[..cut].trim_end_matches(|ch: char| {
            ch.is_whitespace() || matches!(ch, ',' | ';' | ':' | '-' | '—')
        });
        trim_span(self.text, Span::new(c.start, c.start + b.len()))
    }
}
