//! The invariants every [`Analysis`] keeps, as one function that tests, the fuzzer and
//! debugging tools share.
//!
//! - every span is non-empty, inside the text and on character boundaries, and slices to its
//!   own `text`; annotations are sorted by start, then kind;
//! - every name annotation has an entity that lists it, and every entity lists only its own
//!   mentions; speaker spans slice to the speaker's text; entity references exist;
//! - claim scores are between 0 and 1.

use crate::Analysis;

/// Checks every invariant of an analysis of `text`; the error says which one broke.
pub fn invariants(text: &str, a: &Analysis) -> Result<(), String> {
    let mut prev = (0usize, 0u8);
    for (i, x) in a.annotations.iter().enumerate() {
        let s = x.span;
        if s.start >= s.end || s.end > text.len() {
            return Err(format!(
                "annotation {i} has span {s:?} outside the text ({} bytes)",
                text.len()
            ));
        }
        if !text.is_char_boundary(s.start) || !text.is_char_boundary(s.end) {
            return Err(format!(
                "annotation {i} span {s:?} is not on character boundaries"
            ));
        }
        if text[s.start..s.end] != x.text {
            return Err(format!(
                "annotation {i} text {:?} != slice {:?}",
                x.text,
                &text[s.start..s.end]
            ));
        }
        if (s.start, x.kind as u8) < prev {
            return Err(format!("annotation {i} is out of order"));
        }
        prev = (s.start, x.kind as u8);
        match x.entity {
            Some(e) if e >= a.entities.len() => {
                return Err(format!("annotation {i} refers to entity {e}"))
            }
            Some(e) if !a.entities[e].mentions.contains(&i) => {
                return Err(format!("entity {e} does not list mention {i}"))
            }
            None if x.kind.is_name() => return Err(format!("name annotation {i} has no entity")),
            _ => {}
        }
        if let Some(sp) = x.quote.as_ref().and_then(|q| q.speaker.as_ref()) {
            if let Some(p) = sp.span {
                if p.end > text.len()
                    || !text.is_char_boundary(p.start)
                    || !text.is_char_boundary(p.end)
                    || text[p.start..p.end] != sp.text
                {
                    return Err(format!("quote {i} has a bad speaker span {p:?}"));
                }
            }
            if sp.entity.is_some_and(|e| e >= a.entities.len()) {
                return Err(format!("quote {i} speaker refers to a missing entity"));
            }
        }
        if let Some(c) = &x.claim {
            if !(0.0..=1.0).contains(&c.score) {
                return Err(format!("claim {i} score {}", c.score));
            }
        }
    }
    for (e, ent) in a.entities.iter().enumerate() {
        if ent.mentions.is_empty() {
            return Err(format!("entity {e} has no mention"));
        }
        if ent
            .mentions
            .iter()
            .any(|&m| a.annotations[m].entity != Some(e))
        {
            return Err(format!("entity {e} lists a mention of another entity"));
        }
    }
    Ok(())
}
