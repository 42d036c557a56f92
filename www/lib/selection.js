// From the DOM back to the text: a selection (or any DOM position) inside a root drawn by
// highlight.js, as UTF-16 offsets of the text. Framework-free; the root is an argument.
//
// Every text piece is a <span data-start="N"> (N: the UTF-16 offset of its first unit), so a
// position inside a text node is N + its offset, whatever marks are around it. Positions
// between elements (a range set on a <mark>, say) go to the nearest text piece after them.

const TEXT_NODE = 3; // Node.TEXT_NODE
const FOLLOWING = 4; // Node.DOCUMENT_POSITION_FOLLOWING

/** The marks of `root` that start an annotation, in reading order (for keyboard moves). */
export function openingMarks(root) {
  return [...root.querySelectorAll('mark[data-opens]')];
}

/** The UTF-16 offset of the DOM position (node, offset) inside `root`, or null. */
export function domPositionToOffset(root, node, offset, textLength) {
  if (!root.contains(node)) return null;
  if (node.nodeType === TEXT_NODE) {
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
      ? boundary === seg || boundary.contains(seg) || (boundary.compareDocumentPosition(seg) & FOLLOWING) !== 0
      : !node.contains(seg) && (node.compareDocumentPosition(seg) & FOLLOWING) !== 0;
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
