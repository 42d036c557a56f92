// Splitting a text at annotation boundaries so that overlapping layers nest. No DOM here:
// the result is a tree of plain objects that a renderer turns into elements.
//
// Within any stretch, the annotations covering it nest longest-outside (so a claim sentence
// holds the names and quotes inside it); ties go claim > quote > org > person. When two
// annotations cross (a quote that starts inside one sentence and ends in the next), the
// inner one is cut into pieces; `opens`/`closes` tell a renderer which piece carries the
// annotation's real start and end, so borders are drawn only there.

const RANK = { claim: 0, quote: 1, org: 2, person: 3 };

/**
 * @typedef {{type: 'text', start: number, end: number}} TextNode
 * @typedef {{type: 'mark', ann: number, start: number, end: number, opens: boolean,
 *            closes: boolean, children: Array<TextNode|MarkNode>}} MarkNode
 */

/**
 * Builds the highlight tree of a text of `length` UTF-16 units.
 * @param {number} length
 * @param {Array<{kind: string, start: number, end: number}>} annotations
 * @param {{include?: (ann: object, index: number) => boolean}} [options]
 * @returns {Array<TextNode|MarkNode>}
 */
export function buildHighlightTree(length, annotations, { include = () => true } = {}) {
  const anns = [];
  annotations.forEach((a, i) => {
    if (!Number.isInteger(a.start) || !Number.isInteger(a.end)) return;
    if (a.start < 0 || a.end > length || a.start >= a.end) return;
    if (!include(a, i)) return;
    anns.push({ i, start: a.start, end: a.end, rank: RANK[a.kind] ?? 9 });
  });
  // A total order: the outer of two annotations comes first wherever both apply.
  const outerFirst = (x, y) => y.end - y.start - (x.end - x.start) || x.rank - y.rank || x.start - y.start || x.i - y.i;

  const cuts = new Set([0, length]);
  for (const a of anns) {
    cuts.add(a.start);
    cuts.add(a.end);
  }
  const bounds = [...cuts].sort((p, q) => p - q);
  const byStart = [...anns].sort((x, y) => x.start - y.start);

  // Elementary stretches with the (ordered) annotations covering each.
  const segs = [];
  let active = [];
  let next = 0;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const s = bounds[k];
    const e = bounds[k + 1];
    active = active.filter((a) => a.end > s);
    let added = false;
    while (next < byStart.length && byStart[next].start <= s) {
      if (byStart[next].end > s) {
        active.push(byStart[next]);
        added = true;
      }
      next++;
    }
    if (added) active.sort(outerFirst);
    segs.push({ start: s, end: e, stack: active.slice() });
  }
  return nest(segs, 0, 0, segs.length);
}

function nest(segs, depth, from, to) {
  const out = [];
  let k = from;
  while (k < to) {
    const top = segs[k].stack[depth];
    if (!top) {
      // Plain text at this depth: merge neighbours.
      const start = segs[k].start;
      while (k < to && !segs[k].stack[depth]) k++;
      out.push({ type: 'text', start, end: segs[k - 1].end });
      continue;
    }
    const g = k;
    while (k < to && segs[k].stack[depth] === top) k++;
    const start = segs[g].start;
    const end = segs[k - 1].end;
    out.push({
      type: 'mark',
      ann: top.i,
      start,
      end,
      opens: start === top.start,
      closes: end === top.end,
      children: nest(segs, depth + 1, g, k),
    });
  }
  return out;
}

/** Every (annotation index → list of [start, end) pieces) in a tree; for tests and tools. */
export function piecesByAnnotation(tree) {
  const m = new Map();
  const walk = (nodes) => {
    for (const n of nodes) {
      if (n.type !== 'mark') continue;
      if (!m.has(n.ann)) m.set(n.ann, []);
      m.get(n.ann).push([n.start, n.end]);
      walk(n.children);
    }
  };
  walk(tree);
  return m;
}
