// What a correction will look like, at once: the page applies a reader's edit to the analysis
// it shows, in JavaScript, so that the highlight changes in the next frame; the annotator
// then re-reads the whole text with every correction (in its worker, ~170 ms for 20,000
// words) and its answer replaces this preview. No DOM here.
//
// Only the edits whose effect is plain are previewed: add (or accept), remove, change of kind
// and move. A speaker, a merge or a kept block changes entities and quotes in ways only the
// core knows; for those (and for anything that does not match the shown analysis) the
// preview is null and the page waits for the annotator.

/** The index of the annotation of `kind` on exactly `[start, end)`, or -1. */
function find(anns, kind, start, end) {
  for (let i = 0; i < anns.length; i++) {
    const a = anns[i];
    if (a.kind === kind && a.start === start && a.end === end) return i;
  }
  return -1;
}

/** The anchor's span in `text`, when its offsets still hold its text; else null. */
function span(text, anchor) {
  if (!anchor || text.slice(anchor.start, anchor.end) !== anchor.text) return null;
  return { start: anchor.start, end: anchor.end };
}

/** Where an annotation starting at `start` goes in a list sorted by start (after its equals). */
function insertionPoint(anns, start) {
  let lo = 0;
  let hi = anns.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (anns[mid].start <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `analysis` of `text` with `corrections` applied as the core would apply them, or null
 * when one of them cannot be previewed. The result is a new object; `analysis` is not
 * changed. Entities keep their names; their mentions follow the annotations' new indices
 * (a removed or retyped mention leaves its entity).
 * @param {string} text
 * @param {{annotations: object[], entities: object[], diagnostics?: object[], furniture?: object[]}} analysis
 * @param {object[]} corrections
 */
export function previewCorrections(text, analysis, corrections) {
  // Each annotation keeps its old index in `from` (-1 for a new one), to renumber mentions.
  let anns = analysis.annotations.map((a, i) => ({ a, from: i }));
  const entityGone = new Set(); // old indices that left their entity
  for (const c of corrections) {
    const t = span(text, c.target);
    if (!t) return null;
    const list = anns.map((x) => x.a);
    switch (c.op) {
      case 'add': {
        const i = find(list, c.kind, t.start, t.end);
        if (i >= 0) {
          anns[i] = { ...anns[i], a: { ...anns[i].a, byUser: true } };
          break;
        }
        const a = { kind: c.kind, start: t.start, end: t.end, text: text.slice(t.start, t.end), entity: null, byUser: true };
        if (c.kind === 'quote') Object.assign(a, { direct: true, speaker: null });
        const k = insertionPoint(list, t.start);
        anns = [...anns.slice(0, k), { a, from: -1 }, ...anns.slice(k)];
        break;
      }
      case 'remove': {
        const i = find(list, c.kind, t.start, t.end);
        if (i < 0) return null;
        entityGone.add(anns[i].from);
        anns = anns.filter((_, j) => j !== i);
        break;
      }
      case 'changeKind': {
        const i = find(list, c.from, t.start, t.end);
        if (i < 0) return null;
        const old = anns[i].a;
        const a = { ...old, kind: c.to, byUser: true };
        if (old.kind !== c.to) {
          a.entity = null;
          entityGone.add(anns[i].from);
        }
        if (c.to === 'quote' && old.kind !== 'quote') Object.assign(a, { direct: true, speaker: null });
        if (c.to !== 'claim') delete a.score;
        anns[i] = { ...anns[i], a };
        break;
      }
      case 'move': {
        const to = span(text, c.to);
        const i = find(list, c.kind, t.start, t.end);
        if (!to || i < 0 || to.start >= to.end) return null;
        const a = { ...anns[i].a, start: to.start, end: to.end, text: text.slice(to.start, to.end), byUser: true };
        const rest = anns.filter((_, j) => j !== i);
        const k = insertionPoint(
          rest.map((x) => x.a),
          to.start,
        );
        anns = [...rest.slice(0, k), { ...anns[i], a }, ...rest.slice(k)];
        break;
      }
      default:
        return null;
    }
  }
  const newIndex = new Map();
  anns.forEach((x, i) => {
    if (x.from >= 0) newIndex.set(x.from, i);
  });
  const entities = (analysis.entities ?? []).map((e) => ({
    ...e,
    mentions: e.mentions.filter((m) => !entityGone.has(m) && newIndex.has(m)).map((m) => newIndex.get(m)),
  }));
  return { ...analysis, annotations: anns.map((x) => x.a), entities };
}
