// The highlighted reading view: renders a highlight tree into the DOM (createElement and
// textContent only; article text never goes through innerHTML) and maps DOM selections
// back to UTF-16 offsets of the text.
//
// Every piece of text sits in its own <span data-start="N">, N being the UTF-16 offset of
// its first unit, so a DOM position (text node, offset) maps to N + offset.

import { buildHighlightTree } from '../lib/segments.js';

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

/**
 * Replaces the content of `root` with `text` highlighted by `analysis`.
 * @param {HTMLElement} root
 * @param {string} text
 * @param {{annotations: object[]}} analysis
 * @param {{hidden: Set<string>}} options  layers not to draw
 */
export function renderReading(root, text, analysis, { hidden }) {
  const doc = root.ownerDocument;
  const tree = buildHighlightTree(text.length, analysis.annotations, { include: (a) => !hidden.has(a.kind) });
  const frag = doc.createDocumentFragment();
  const build = (nodes, parent) => {
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
      mark.title = describeAnnotation(a, analysis);
      build(n.children, mark);
      parent.appendChild(mark);
    }
  };
  build(tree, frag);
  root.replaceChildren(frag);
}

/** The marks of `root` that start an annotation, in reading order (for keyboard moves). */
export function openingMarks(root) {
  return [...root.querySelectorAll('mark[data-opens]')];
}

/** The UTF-16 offset of the DOM position (node, offset) inside `root`, or null. */
export function domPositionToOffset(root, node, offset, textLength) {
  if (!root.contains(node)) return null;
  if (node.nodeType === Node.TEXT_NODE) {
    const seg = node.parentElement && node.parentElement.closest('[data-start]');
    if (!seg || !root.contains(seg)) return null;
    return Number(seg.dataset.start) + offset;
  }
  // An element position: the offset is a child index. Find the first text segment at or
  // after it; failing that, the end of the last segment before it.
  const segs = root.querySelectorAll('[data-start]');
  const boundary = node.childNodes[offset] ?? null;
  for (const seg of segs) {
    const after = boundary
      ? boundary === seg || boundary.contains(seg) || (boundary.compareDocumentPosition(seg) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
      : !node.contains(seg) && (node.compareDocumentPosition(seg) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    if (after) return Number(seg.dataset.start);
  }
  return textLength;
}

/**
 * The part of the current selection that lies in `root`, as UTF-16 offsets of the text,
 * or null when the selection is empty or outside.
 */
export function selectionOffsets(root, selection, textLength) {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!range.intersectsNode(root)) return null;
  // Clip the range to the root.
  let startNode = range.startContainer;
  let startOffset = range.startOffset;
  let endNode = range.endContainer;
  let endOffset = range.endOffset;
  if (!root.contains(startNode)) {
    startNode = root;
    startOffset = 0;
  }
  if (!root.contains(endNode)) {
    endNode = root;
    endOffset = root.childNodes.length;
  }
  const s = domPositionToOffset(root, startNode, startOffset, textLength);
  const e = domPositionToOffset(root, endNode, endOffset, textLength);
  if (s === null || e === null || s === e) return null;
  return { start: Math.min(s, e), end: Math.max(s, e) };
}
