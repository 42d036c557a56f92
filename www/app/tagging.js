// Tagging a selection, in the reading view (DOM selection → offsets, lib/selection.js) or in
// the text box: the tag bar's buttons follow the selection; a tag is one correction.

import { annotationKey } from '../lib/annotation-key.js';
import { addTag } from '../lib/corrections.js';
import { tidyRange } from '../lib/offsets.js';
import { selectionOffsets } from '../lib/selection.js';
import { snippet } from '../lib/summary.js';
import { closeMenu } from './menu-actions.js';
import { state, store } from './state.js';
import { ui } from './ui.js';

function readSelection() {
  if (state.rendered && state.rendered.text.trim()) {
    const off = selectionOffsets(ui.reading, window.getSelection(), state.rendered.text.length);
    if (off) {
      const r = tidyRange(state.rendered.text, off.start, off.end);
      return r ? { ...r, source: 'reading', against: state.rendered.text } : null;
    }
  }
  if (document.activeElement === ui.input && ui.input.selectionStart !== ui.input.selectionEnd) {
    const r = tidyRange(ui.input.value, ui.input.selectionStart, ui.input.selectionEnd);
    return r ? { ...r, source: 'input', against: ui.input.value } : null;
  }
  return null;
}

function updateSelection() {
  const sel = readSelection();
  // Keep a text-box selection while focus moves to the tag buttons.
  if (!sel && state.selection && state.selection.source === 'input' && document.activeElement && document.activeElement.closest('.tagbar')) return;
  state.selection = sel;
  // Selecting text (say, by double-clicking a word inside a claim) is not editing the
  // highlight that the first click landed on.
  if (sel && sel.source === 'reading') closeMenu({ restoreFocus: false });
  for (const b of ui.tagButtons) b.disabled = !sel;
  ui.tagTarget.textContent = sel ? `Tag “${snippet(sel.text, 28)}” as` : 'Select text to tag it';
}

/** Tags the current selection as `kind`; false when nothing is selected. */
export function tagSelection(kind) {
  const sel = state.selection ?? readSelection();
  if (!sel) return false;
  store.push(addTag(sel.against, sel.start, sel.end, kind));
  state.focusKey = annotationKey({ kind, start: sel.start, end: sel.end });
  if (sel.source === 'reading') window.getSelection().removeAllRanges();
  state.selection = null;
  updateSelection();
  return true;
}

/** Follows the selection; the tag bar's buttons. */
export function wireTagging() {
  document.addEventListener('selectionchange', updateSelection);
  ui.input.addEventListener('select', updateSelection);
  ui.input.addEventListener('keyup', updateSelection);
  ui.input.addEventListener('mouseup', updateSelection);
  for (const b of ui.tagButtons) {
    // Keep the selection: a mouse press on the button must not clear it.
    b.addEventListener('mousedown', (ev) => ev.preventDefault());
    b.addEventListener('click', () => tagSelection(b.dataset.tag));
  }
}
