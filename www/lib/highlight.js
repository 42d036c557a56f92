// The highlighter: draws a text and its annotations into a root element, as nested <mark>s
// around text pieces (createElement and textContent only; article text never goes through
// innerHTML). Framework-free: the page, the extension and the CMS embed pass their own root.
//
// Every piece of text sits in its own <span class="seg" data-start="N">, N being the UTF-16
// offset of its first unit, so a DOM position (text node, offset) maps back to N + offset
// (see selection.js). Each <mark> carries data-ann (the annotation's index), data-kind, and
// data-opens on the piece where the annotation really starts. The text is cut into block
// stretches (cut after line breaks, so they read as one text) that a long article draws one
// slice at a time.

import { buildHighlightTree, stretchBounds } from './segments.js';
import { claimShown } from './summary.js';

const KIND_LABEL = { person: 'Person', org: 'Organization', quote: 'Quote', claim: 'Claim' };

/** A one-line description of an annotation, for tooltips and the menu. */
export function describeAnnotation(a, analysis) {
  const parts = [KIND_LABEL[a.kind] ?? a.kind];
  if ((a.kind === 'person' || a.kind === 'org') && a.entity !== null && analysis.entities[a.entity]) {
    const e = analysis.entities[a.entity];
    parts.push(`${e.name} (${e.mentions.length} mention${e.mentions.length === 1 ? '' : 's'})`);
  }
  if (a.kind === 'quote') {
    parts.push(a.direct === false ? 'reported speech' : 'direct quote');
    parts.push(a.speaker ? `speaker: ${a.speaker.name}` : 'no speaker found');
  }
  if (a.kind === 'claim' && typeof a.score === 'number') {
    parts.push(`check-worthiness ${Math.round(a.score * 100)}%`);
    if (a.reasons && a.reasons.length) parts.push(a.reasons.join(', '));
  }
  if (a.byUser) parts.push('changed by you');
  return parts.join(' · ');
}

/** Per annotation object: {label, title}, its title while its entity reads `label`. */
const titles = new WeakMap();

/** describeAnnotation, kept per annotation object (an undo redraws objects drawn before). */
function titleOf(a, analysis) {
  const e = a.entity !== null && a.entity !== undefined && analysis.entities ? analysis.entities[a.entity] : null;
  const label = e ? `${e.name}#${e.mentions.length}` : '';
  const c = titles.get(a);
  if (c && c.label === label) return c.title;
  const title = describeAnnotation(a, analysis);
  titles.set(a, { label, title });
  return title;
}

/** UTF-16 units per stretch: the unit of drawing (see stretchBounds). */
// 4 k units (a few paragraphs): an edit redraws one stretch, so this bounds its cost (16 k
// took ~20 ms of script and a larger repaint per edit on a 20,000-word article).
export const STRETCH_UNITS = 4096;

/** The cancel function of the render in progress, per root. */
const running = new WeakMap();

/**
 * The indices of `annotations` ordered by start; ties (and an already sorted list, the usual
 * case, checked in one pass) keep their order.
 */
export function sortedByStart(annotations) {
  const order = annotations.map((_, i) => i);
  for (let i = 1; i < annotations.length; i++) {
    if (annotations[i].start < annotations[i - 1].start) {
      order.sort((x, y) => annotations[x].start - annotations[y].start);
      break;
    }
  }
  return order;
}

/**
 * Hands out, stretch by stretch, the indices of the annotations that may overlap it: returns
 * `next(from, to)`, to be called for consecutive stretches `[from, to)` from the start of the
 * text on. Each annotation is looked at only in the stretches it overlaps (and one more), so a
 * long text costs linear time; the result is `candidates` for buildHighlightTree.
 */
export function stretchCandidates(annotations) {
  const order = sortedByStart(annotations);
  let k = 0; // next index into `order`
  let open = []; // annotations started before the current stretch
  return (from, to) => {
    const candidates = open.filter((j) => annotations[j].end > from);
    while (k < order.length && annotations[order[k]].start < to) candidates.push(order[k++]);
    open = candidates.filter((j) => annotations[j].end > to);
    return candidates;
  };
}

/**
 * Draws `text` highlighted by `analysis` into `root`, one block `<div class="stretch">` per
 * stretch of about STRETCH_UNITS units (cut at line breaks; see stretchBounds). A short
 * text is drawn at once. A long one is drawn in slices of about `budgetMs`, yielding to the
 * browser between slices so that typing, scrolling and the rest of the page go on; what
 * was drawn before stays in place (inert, dimmed) until its stretch is replaced, so the
 * reader keeps their place. Long texts also get `content-visibility: auto` per stretch, so
 * the browser lays out only what is on screen.
 *
 * @param {HTMLElement} root
 * @param {string} text
 * @param {{annotations: object[], entities?: object[]}} analysis
 * @param {{hidden: Set<string>, minClaimScore?: number, budgetMs?: number, onProgress?: (fraction: number) => void}} options
 *   `minClaimScore`: claims scoring under it are not drawn (claims the reader added always are).
 * @returns {{done: Promise<boolean>, cancel: () => void, stretches: number}} `done` is true
 *   once everything is drawn, false when cancelled (by `cancel` or a newer render of `root`).
 */
export function renderReading(root, text, analysis, { hidden, minClaimScore = 0, budgetMs = 12, onProgress } = {}) {
  running.get(root)?.();
  const doc = root.ownerDocument;
  const anns = analysis.annotations;
  const bounds = stretchBounds(text, anns, STRETCH_UNITS);
  const count = bounds.length - 1;
  const long = count > 2;
  const candidatesFor = stretchCandidates(anns);
  const include = (a) => !hidden.has(a.kind) && claimShown(a, minClaimScore);
  const old = [...root.children];
  // The same text drawn again (a correction, a layer switched): a stretch whose highlights
  // are unchanged is kept as it is (its marks renumbered), so an edit redraws only what it
  // touched, and nothing forces a layout of the whole text.
  const sameText = drawnText.get(root) === text;
  drawnText.set(root, text);
  // Size guesses for stretches not yet laid out (the browser remembers real sizes); reading
  // them lays the page out, so they are read once per text.
  let size = sameText ? sizeGuess.get(root) : null;
  if (long && !size) {
    size = {
      lineHeight: parseFloat(doc.defaultView.getComputedStyle(root).lineHeight) || 34,
      perLine: Math.max(20, Math.floor((root.clientWidth || 800) / 8.5)),
    };
    sizeGuess.set(root, size);
  }
  // Another text: what is drawn is out of date until replaced (dimmed, inert). The same text
  // with other highlights stays as it is until its turn (marking it would restyle it all).
  if (!sameText) {
    for (const el of old) {
      el.inert = true;
      el.classList.add('is-stale');
    }
  }
  root.classList.toggle('is-long', long);
  root.setAttribute('aria-busy', 'true');

  const drawStretch = (i) => {
    const from = bounds[i];
    const to = bounds[i + 1];
    const candidates = candidatesFor(from, to);
    const shown = stretchShown(anns, candidates, include, from, to);
    const sig = shown.map((j) => annSignature(anns[j])).join('|');
    const prev = i < old.length && sameText ? stretchInfo.get(old[i]) : null;
    if (prev && prev.text === text && prev.from === from && prev.to === to) {
      if (prev.sig === sig) {
        reuseStretch(old[i], prev, shown, analysis);
        return;
      }
      // An edit that only removes, retypes or confirms tags is patched in place: a few
      // marks change, the stretch is neither rebuilt nor laid out again.
      if (patchStretch(old[i], prev, shown, analysis, sig)) return;
    }
    const tree = buildHighlightTree(text.length, anns, { include, from, to, candidates });
    const div = doc.createElement('div');
    div.className = 'stretch';
    div.dataset.from = String(from);
    div.dataset.to = String(to);
    stretchInfo.set(div, { text, from, to, sig, shown, objects: shown.map((j) => anns[j]), entities: analysis.entities });
    if (long) {
      let lines = 1;
      for (let p = text.indexOf('\n', from); p >= 0 && p < to; p = text.indexOf('\n', p + 1)) lines++;
      lines += Math.ceil((to - from) / size.perLine);
      div.style.containIntrinsicSize = `auto ${Math.round(lines * size.lineHeight)}px`;
    }
    appendTree(doc, div, tree, text, analysis);
    if (i < old.length) old[i].replaceWith(div);
    else root.appendChild(div);
  };

  let cancelled = false;
  let timer = 0;
  let finish;
  const done = new Promise((resolve) => {
    finish = resolve;
  });
  const cancel = () => {
    if (cancelled) return;
    cancelled = true;
    clearTimeout(timer);
    if (running.get(root) === cancel) running.delete(root);
    finish(false);
  };
  running.set(root, cancel);

  let i = 0;
  const slice = () => {
    if (cancelled) return;
    const t0 = performance.now();
    do drawStretch(i++);
    while (i < count && performance.now() - t0 < budgetMs);
    onProgress?.(bounds[i] / Math.max(1, text.length));
    if (i < count) {
      timer = setTimeout(slice, 0);
      return;
    }
    for (let j = count; j < old.length; j++) old[j].remove();
    root.removeAttribute('aria-busy');
    running.delete(root);
    finish(true);
  };
  slice();
  return { done, cancel, stretches: count };
}

/** What each drawn stretch holds: {text, from, to, sig, shown} (see renderReading). */
const stretchInfo = new WeakMap();
/** The text last drawn into each root. */
const drawnText = new WeakMap();
/** Per root, for the text last drawn: {lineHeight, perLine}, to size stretches not laid out. */
const sizeGuess = new WeakMap();

/** The indices (of `candidates`) of the annotations drawn in `[from, to)`, in order. */
function stretchShown(anns, candidates, include, from, to) {
  const out = [];
  for (const j of candidates) {
    const a = anns[j];
    if (!a || a.end <= from || a.start >= to || a.start >= a.end || !include(a, j)) continue;
    out.push(j);
  }
  return out;
}

/** What of an annotation its marks show, besides the title. */
function annSignature(a) {
  return `${a.kind}:${a.start}:${a.end}:${a.byUser ? 1 : 0}`;
}

/**
 * Keeps the drawn stretch `div` (whose marks show the same annotations as `shown`, in the
 * same order): renumbers its marks to the new indices and refreshes their titles.
 */
function reuseStretch(div, prev, shown, analysis) {
  const anns = analysis.annotations;
  const entityLabel = (ents, i) => (i !== null && i !== undefined && ents && ents[i] ? `${ents[i].name}#${ents[i].mentions.length}` : '');
  // A mark's title needs redoing only when its annotation object or its entity's name or
  // count changed (an edit elsewhere in the text keeps both).
  const stale = (k) => {
    const a = anns[shown[k]];
    const b = prev.objects[k];
    return a !== b || entityLabel(analysis.entities, a.entity) !== entityLabel(prev.entities, b.entity);
  };
  const renumber = prev.shown.some((j, k) => j !== shown[k]);
  const retitle = shown.some((_, k) => stale(k));
  if (renumber || retitle) {
    const map = new Map();
    prev.shown.forEach((j, k) => map.set(j, k));
    for (const m of div.querySelectorAll('mark[data-ann]')) {
      const k = map.get(Number(m.dataset.ann));
      if (k === undefined) continue;
      const to = shown[k];
      if (m.dataset.ann !== String(to)) m.dataset.ann = String(to);
      if (retitle && stale(k)) {
        const title = titleOf(anns[to], analysis);
        if (m.title !== title) m.title = title;
      }
    }
  }
  stretchInfo.set(div, { ...prev, shown, objects: shown.map((j) => anns[j]), entities: analysis.entities });
  if (div.inert) div.inert = false;
  if (div.classList.contains('is-stale')) div.classList.remove('is-stale');
}

const RANK_KINDS = ['claim', 'quote', 'org', 'person'];

/**
 * Changes the drawn stretch `div` (showing `prev.objects`) to show `shown` of `analysis` in
 * place, when the difference is only tags gone, tags of another kind on the same span or
 * tags now the reader's: the marks of a removed tag are unwrapped, a retyped one changes
 * its classes. False (nothing touched) for anything else (a tag added or moved, a removed
 * tag crossing another, a retyped tag tied in length with one it overlaps: their nesting
 * could change), which is redrawn.
 */
function patchStretch(div, prev, shown, analysis, sig) {
  const anns = analysis.annotations;
  const P = prev.objects;
  const same = (x, y) => x.start === y.start && x.end === y.end;
  const ops = []; // {k: index in prev, n: index in shown | -1}
  let p = 0;
  for (let n = 0; n < shown.length; n++) {
    const a = anns[shown[n]];
    while (p < P.length && !same(P[p], a)) ops.push({ k: p++, n: -1 });
    if (p === P.length) return false;
    // Two tags on one span: which is which is not clear; redraw.
    if ((p + 1 < P.length && same(P[p + 1], a)) || (n + 1 < shown.length && same(anns[shown[n + 1]], a))) return false;
    ops.push({ k: p++, n });
  }
  while (p < P.length) ops.push({ k: p++, n: -1 });
  const overlaps = (x, y) => x.start < y.end && y.start < x.end;
  const crosses = (x, y) => overlaps(x, y) && !((x.start <= y.start && y.end <= x.end) || (y.start <= x.start && x.end <= y.end));
  for (const { k, n } of ops) {
    const b = P[k];
    if (n < 0) {
      if (P.some((x, j) => j !== k && crosses(x, b))) return false;
    } else if (anns[shown[n]].kind !== b.kind) {
      const len = b.end - b.start;
      if (!RANK_KINDS.includes(anns[shown[n]].kind)) return false;
      if (P.some((x, j) => j !== k && x.end - x.start === len && overlaps(x, b))) return false;
    }
  }
  const marksOf = new Map();
  for (const m of div.querySelectorAll('mark[data-ann]')) {
    const key = m.dataset.ann;
    if (!marksOf.has(key)) marksOf.set(key, []);
    marksOf.get(key).push(m);
  }
  for (const { k, n } of ops) {
    const marks = marksOf.get(String(prev.shown[k])) ?? [];
    if (n < 0) {
      for (const m of marks) m.replaceWith(...m.childNodes);
      continue;
    }
    const a = anns[shown[n]];
    const b = P[k];
    for (const m of marks) {
      if (a.kind !== b.kind) {
        m.classList.replace(`hl-${b.kind}`, `hl-${a.kind}`);
        m.dataset.kind = a.kind;
      }
      if (!!a.byUser !== !!b.byUser) m.classList.toggle('hl-by-user', !!a.byUser);
      m.dataset.ann = String(shown[n]);
      if (a !== b) m.title = titleOf(a, analysis);
    }
  }
  const info = { ...prev, sig, shown, objects: shown.map((j) => anns[j]) };
  // Titles of the others (an entity's count may have changed) as when kept.
  reuseStretch(div, { ...info, entities: prev.entities }, shown, analysis);
  return true;
}

/** Appends the highlight tree `nodes` (see buildHighlightTree) of `text` to `parent`. */
function appendTree(doc, parent, nodes, text, analysis) {
  for (const n of nodes) {
    if (n.type === 'text') {
      const span = doc.createElement('span');
      span.className = 'seg';
      span.dataset.start = String(n.start);
      span.textContent = text.slice(n.start, n.end);
      parent.appendChild(span);
      continue;
    }
    const a = analysis.annotations[n.ann];
    const mark = doc.createElement('mark');
    mark.className = `hl hl-${a.kind}`;
    if (!n.opens) mark.classList.add('hl-cont-start');
    if (!n.closes) mark.classList.add('hl-cont-end');
    if (a.byUser) mark.classList.add('hl-by-user');
    mark.dataset.ann = String(n.ann);
    mark.dataset.kind = a.kind;
    if (n.opens) mark.dataset.opens = '';
    mark.tabIndex = -1;
    mark.title = titleOf(a, analysis);
    appendTree(doc, mark, n.children, text, analysis);
    parent.appendChild(mark);
  }
}

/** Stops a render of `root` in progress, if any (before `root` is given other content). */
export function cancelReading(root) {
  running.get(root)?.();
  drawnText.delete(root);
  root.removeAttribute('aria-busy');
  root.classList.remove('is-long');
}

/**
 * Dims the stretches `spans` (`[{start, end}]`, UTF-16 offsets, sorted) of the text drawn in
 * `root` with the CSS Custom Highlight `name`, without touching the DOM (the page's furniture
 * left out of a pasted page). Returns how many ranges it set; 0 where the browser lacks the
 * API or nothing is to be dimmed (the highlight is then removed).
 */
export function dimRanges(root, spans, name = 'newsmark-furniture') {
  const win = root.ownerDocument.defaultView;
  if (!win || !win.CSS || !win.CSS.highlights || typeof win.Highlight !== 'function') return 0;
  if (!spans.length) {
    win.CSS.highlights.delete(name);
    return 0;
  }
  const ranges = [];
  const segs = root.querySelectorAll('.seg[data-start]');
  let k = 0;
  for (const seg of segs) {
    const node = seg.firstChild;
    if (!node || node.nodeType !== 3) continue;
    const s = Number(seg.dataset.start);
    const e = s + node.length;
    while (k < spans.length && spans[k].end <= s) k++;
    for (let j = k; j < spans.length && spans[j].start < e; j++) {
      const r = root.ownerDocument.createRange();
      r.setStart(node, Math.max(spans[j].start, s) - s);
      r.setEnd(node, Math.min(spans[j].end, e) - s);
      ranges.push(r);
    }
  }
  if (ranges.length) win.CSS.highlights.set(name, new win.Highlight(...ranges));
  else win.CSS.highlights.delete(name);
  return ranges.length;
}
