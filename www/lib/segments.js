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
 * Builds the highlight tree of a text of `length` UTF-16 units, or of its stretch
 * `[from, to)`: annotations reaching outside the stretch are clipped to it, and their pieces
 * only open/close where the annotation really starts/ends, so trees built stretch by stretch
 * draw the same as one tree of the whole text.
 * @param {number} length
 * @param {Array<{kind: string, start: number, end: number}>} annotations
 * @param {{include?: (ann: object, index: number) => boolean, from?: number, to?: number,
 *          candidates?: Iterable<number>}} [options]  `candidates`: the indices worth looking
 *          at (those overlapping the stretch); all of them by default
 * @returns {Array<TextNode|MarkNode>}
 */
export function buildHighlightTree(length, annotations, { include = () => true, from = 0, to = length, candidates = null } = {}) {
  const anns = [];
  const consider = (a, i) => {
    if (!a || !Number.isInteger(a.start) || !Number.isInteger(a.end)) return;
    if (a.start < 0 || a.end > length || a.start >= a.end) return;
    if (a.end <= from || a.start >= to) return;
    if (!include(a, i)) return;
    anns.push({ i, start: Math.max(from, a.start), end: Math.min(to, a.end), realStart: a.start, realEnd: a.end, rank: RANK[a.kind] ?? 9 });
  };
  if (candidates) for (const i of candidates) consider(annotations[i], i);
  else annotations.forEach(consider);
  // A total order: the outer of two annotations comes first wherever both apply (by their
  // whole length, so that the order is the same in every stretch).
  const outerFirst = (x, y) => y.realEnd - y.realStart - (x.realEnd - x.realStart) || x.rank - y.rank || x.realStart - y.realStart || x.i - y.i;

  const cuts = new Set([from, to]);
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

/**
 * Where to cut a text into stretches of about `target` UTF-16 units for drawing piece by
 * piece: just after a line break that no annotation crosses when there is one within
 * `4 * target`, else after a line break, else after white space, else anywhere (never inside
 * a surrogate pair). Returns the stretch boundaries, from 0 to `text.length`.
 * @param {string} text
 * @param {Array<{start: number, end: number}>} annotations
 * @param {number} [target]
 * @returns {number[]}
 */
export function stretchBounds(text, annotations, target = 16_384) {
  const n = text.length;
  if (n <= target) return [0, n];
  // The union of the annotations, as sorted, disjoint [start, end) intervals.
  const spans = annotations
    .filter((a) => Number.isInteger(a.start) && Number.isInteger(a.end) && a.start < a.end)
    .map((a) => [Math.max(0, a.start), Math.min(n, a.end)])
    .sort((x, y) => x[0] - y[0]);
  const union = [];
  for (const [s, e] of spans) {
    const last = union[union.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else union.push([s, e]);
  }
  let u = 0; // the first union interval that ends after the position being looked at
  const covered = (p) => {
    while (u < union.length && union[u][1] <= p) u++;
    return u < union.length && union[u][0] < p;
  };
  const max = 4 * target;
  const bounds = [0];
  let pos = 0;
  while (n - pos > target + target / 2) {
    const lo = pos + target;
    const hi = Math.min(n - 1, pos + max);
    let cut = -1;
    let fallbackNl = -1;
    let fallbackWs = -1;
    // Binary search for the first union interval ending after `lo`.
    let a = 0;
    let b = union.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (union[m][1] <= lo) a = m + 1;
      else b = m;
    }
    u = a;
    for (let p = lo; p <= hi; p++) {
      const c = text.charCodeAt(p - 1);
      if (c === 10) {
        if (!covered(p)) {
          cut = p;
          break;
        }
        if (fallbackNl < 0) fallbackNl = p;
      } else if (fallbackWs < 0 && (c === 32 || c === 9 || c === 13)) {
        fallbackWs = p;
      }
    }
    if (cut < 0) cut = fallbackNl >= 0 ? fallbackNl : fallbackWs >= 0 ? fallbackWs : lo;
    const hiUnit = text.charCodeAt(cut - 1);
    const loUnit = text.charCodeAt(cut);
    if (hiUnit >= 0xd800 && hiUnit <= 0xdbff && loUnit >= 0xdc00 && loUnit <= 0xdfff) cut++;
    bounds.push(cut);
    pos = cut;
  }
  bounds.push(n);
  return bounds;
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
      opens: start === top.realStart,
      closes: end === top.realEnd,
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
