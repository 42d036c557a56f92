// Resizing a highlight by dragging its edges: the selected tag (the one whose menu is open,
// or the section of the menu the reader picked, so a quote around a name can be resized as
// well as the name) shows a handle at each end. Pointer events, so a mouse, a pen and a
// finger all drag them; the edge snaps to word boundaries (lib/corrections.js snapEdge)
// while it moves, and letting go is one correction (one undo step). The handles are
// pointer-only (aria-hidden): keyboard users move edges a word at a time from the menu.

import { annotationKey, findAnnotation } from '../lib/annotation-key.js';
import { moveTag, snapEdge } from '../lib/corrections.js';
import { domPositionToOffset } from '../lib/selection.js';
import { sayNext } from './announce.js';
import { state, store } from './state.js';
import { ui } from './ui.js';

const HIGHLIGHT = 'newsmark-resize';

let selected = null; // {kind, start, end} of the selected tag
let drag = null; // {edge, ann, pointerId, dx, dy, span: {start, end}, handle}
let onMoved = null; // called with the moved tag's {kind, start, end} after a drag

let placing = 0;
let afterPlacing = null; // called after the handles are placed in a frame

/** The tag the handles belong to (or null to hide them). */
export function selectTag(ann) {
  selected = ann ? { kind: ann.kind, start: ann.start, end: ann.end } : null;
  if (!selected) ui.handleLayer.hidden = true;
  schedulePlacing();
}

/**
 * Places the handles in the next animation frame: reading where the text is lays the page
 * out, which the frame does anyway (done at once, it would lay it out twice).
 */
export function schedulePlacing() {
  if (!placing) {
    placing = requestAnimationFrame(() => {
      placing = 0;
      placeHandles();
      afterPlacing?.();
    });
  }
}

export function selectedTag() {
  return selected;
}

/** The first and last text pieces of annotation `i`, for placing its handles. */
function edgeRects(i) {
  const marks = ui.reading.querySelectorAll(`mark[data-ann="${i}"]`);
  if (!marks.length) return null;
  const first = marks[0].querySelector('.seg');
  const segs = marks[marks.length - 1].querySelectorAll('.seg');
  const last = segs[segs.length - 1];
  if (!first || !last || !first.firstChild || !last.firstChild) return null;
  const r = document.createRange();
  r.setStart(first.firstChild, 0);
  r.setEnd(first.firstChild, Math.min(1, first.firstChild.length));
  const a = r.getClientRects()[0] ?? first.getBoundingClientRect();
  r.setStart(last.firstChild, Math.max(0, last.firstChild.length - 1));
  r.setEnd(last.firstChild, last.firstChild.length);
  const rs = r.getClientRects();
  const b = rs[rs.length - 1] ?? last.getBoundingClientRect();
  return { start: a, end: b };
}

/** The client rectangle of the text at offset `off` of the reading view (a caret). */
function caretRect(off, side) {
  for (const seg of ui.reading.querySelectorAll('.seg[data-start]')) {
    const s = Number(seg.dataset.start);
    const node = seg.firstChild;
    if (!node || off < s || off > s + node.length) continue;
    if (side === 'start' && off === s + node.length) continue; // a start belongs to the next piece
    const r = document.createRange();
    const k = off - s;
    if (side === 'start') r.setStart(node, k), r.setEnd(node, Math.min(node.length, k + 1));
    else r.setStart(node, Math.max(0, k - 1)), r.setEnd(node, k);
    const rs = r.getClientRects();
    return side === 'start' ? rs[0] : rs[rs.length - 1];
  }
  return null;
}

function place(handle, rect, edge, view) {
  const x = edge === 'start' ? rect.left : rect.right;
  const visible = rect.bottom > view.top && rect.top < view.bottom && x >= view.left - 1 && x <= view.right + 1;
  handle.hidden = !visible;
  if (!visible) return;
  handle.style.left = `${Math.round(x)}px`;
  handle.style.top = `${Math.round(rect.top)}px`;
  handle.style.height = `${Math.round(rect.bottom - rect.top)}px`;
}

/** Puts the handles at the selected tag's ends (or hides them). */
export function placeHandles() {
  const [hs, he] = ui.handles;
  let rects = null;
  if (drag) {
    const a = caretRect(drag.span.start, 'start');
    const b = caretRect(drag.span.end, 'end');
    rects = a && b ? { start: a, end: b } : null;
  } else if (selected && state.rendered && !state.hidden.has(selected.kind)) {
    const i = findAnnotation(state.rendered.analysis.annotations, annotationKey(selected));
    rects = i >= 0 ? edgeRects(i) : null;
  }
  ui.handleLayer.hidden = !rects;
  if (!rects) return;
  const view = ui.reading.getBoundingClientRect();
  place(hs, rects.start, 'start', view);
  place(he, rects.end, 'end', view);
}

/** The text offset under client point (x, y) in the reading view, or null. */
function offsetAt(x, y) {
  const len = state.rendered.text.length;
  ui.handleLayer.style.visibility = 'hidden'; // hit-test the text, not the handle
  let node = null;
  let off = 0;
  if (document.caretPositionFromPoint) {
    const p = document.caretPositionFromPoint(x, y);
    if (p) ({ offsetNode: node, offset: off } = p);
  } else if (document.caretRangeFromPoint) {
    const r = document.caretRangeFromPoint(x, y);
    if (r) ({ startContainer: node, startOffset: off } = r);
  }
  ui.handleLayer.style.visibility = '';
  if (!node || !ui.reading.contains(node)) return null;
  return domPositionToOffset(ui.reading, node, off, len);
}

function showPreview(span) {
  const win = window;
  if (!win.CSS || !win.CSS.highlights || typeof win.Highlight !== 'function') return;
  const a = caretRange(span.start, span.end);
  if (a) win.CSS.highlights.set(HIGHLIGHT, new win.Highlight(a));
}

function clearPreview() {
  if (window.CSS && CSS.highlights) CSS.highlights.delete(HIGHLIGHT);
}

/** A DOM range over text [start, end) of the reading view. */
function caretRange(start, end) {
  let sNode = null;
  let sOff = 0;
  let eNode = null;
  let eOff = 0;
  for (const seg of ui.reading.querySelectorAll('.seg[data-start]')) {
    const s = Number(seg.dataset.start);
    const node = seg.firstChild;
    if (!node) continue;
    if (!sNode && start >= s && start < s + node.length) {
      sNode = node;
      sOff = start - s;
    }
    if (end > s && end <= s + node.length) {
      eNode = node;
      eOff = end - s;
      break;
    }
  }
  if (!sNode || !eNode) return null;
  const r = document.createRange();
  r.setStart(sNode, sOff);
  r.setEnd(eNode, eOff);
  return r;
}

function onPointerDown(ev) {
  const handle = ev.target.closest('.resize-handle');
  if (!handle || !selected || !state.rendered || (ev.pointerType === 'mouse' && ev.button !== 0)) return;
  ev.preventDefault();
  const edge = handle.dataset.edge;
  const box = handle.getBoundingClientRect();
  // Where on the handle it was taken: the text edge is the handle's line, its middle height.
  drag = {
    edge,
    ann: { ...selected },
    pointerId: ev.pointerId,
    dx: ev.clientX - box.left - box.width / 2,
    dy: ev.clientY - (box.top + box.bottom) / 2,
    span: { start: selected.start, end: selected.end },
    handle,
  };
  handle.setPointerCapture(ev.pointerId);
  ui.handleLayer.classList.add('is-dragging');
  // The menu fades and lets the pointer through to the text under it while dragging.
  document.documentElement.classList.add('is-resizing');
  handle.classList.add('is-active');
}

function onPointerMove(ev) {
  if (!drag || ev.pointerId !== drag.pointerId) return;
  ev.preventDefault();
  const off = offsetAt(ev.clientX - drag.dx, ev.clientY - drag.dy);
  if (off === null) return;
  const span = snapEdge(state.rendered.text, drag.ann, drag.edge, off);
  if (span.start === drag.span.start && span.end === drag.span.end) return;
  drag.span = span;
  showPreview(span);
  placeHandles();
}

function endDrag(commit) {
  const d = drag;
  drag = null;
  clearPreview();
  ui.handleLayer.classList.remove('is-dragging');
  document.documentElement.classList.remove('is-resizing');
  d.handle.classList.remove('is-active');
  if (d.handle.hasPointerCapture(d.pointerId)) d.handle.releasePointerCapture(d.pointerId);
  const { start, end } = d.span;
  if (!commit || !state.rendered || (start === d.ann.start && end === d.ann.end)) {
    schedulePlacing();
    return;
  }
  const text = state.rendered.text;
  const moved = { kind: d.ann.kind, start, end };
  selected = moved;
  state.focusKey = annotationKey(moved);
  onMoved?.(d.ann, moved);
  sayNext(`${label(d.ann.kind)} “${short(text.slice(d.ann.start, d.ann.end))}” now reads “${short(text.slice(start, end))}”.`);
  store.push(moveTag(text, d.ann, start, end));
  schedulePlacing();
}

const LABEL = { person: 'Person', org: 'Organization', quote: 'Quote', claim: 'Claim' };
const label = (k) => LABEL[k] ?? k;
const short = (s) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);

/**
 * The handles and their drags. `moved(from, to)` is told when a drag moved a tag (so the
 * menu can follow it), `placed()` after the handles moved in a frame.
 */
export function wireResize({ moved, placed } = {}) {
  onMoved = moved ?? null;
  afterPlacing = placed ?? null;
  for (const h of ui.handles) {
    h.addEventListener('pointerdown', onPointerDown);
    h.addEventListener('pointermove', onPointerMove);
    h.addEventListener('pointerup', (ev) => {
      if (drag && ev.pointerId === drag.pointerId) endDrag(true);
    });
    h.addEventListener('pointercancel', (ev) => {
      if (drag && ev.pointerId === drag.pointerId) endDrag(false);
    });
    h.addEventListener('lostpointercapture', (ev) => {
      if (drag && ev.pointerId === drag.pointerId) endDrag(true);
    });
  }
  document.addEventListener(
    'keydown',
    (ev) => {
      if (drag && ev.key === 'Escape') {
        ev.preventDefault();
        ev.stopPropagation();
        endDrag(false);
      }
    },
    true,
  );
  ui.reading.addEventListener('scroll', schedulePlacing, { passive: true });
  window.addEventListener('resize', schedulePlacing);
}
