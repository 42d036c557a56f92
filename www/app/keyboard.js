// Keys: arrow keys, Home and End move among the highlights, Enter or Space opens the menu;
// p, o, q, c tag a selection of the reading view; Delete removes the focused highlight;
// Ctrl+Z undoes a correction, Ctrl+Shift+Z or Ctrl+Y redoes. In the text box the keys keep
// their usual meaning for the text.

import { openingMarks } from '../lib/selection.js';
import { focusMark } from './focus.js';
import { closeMenu, openMenu, removeAnnotation } from './menu-actions.js';
import { state, store } from './state.js';
import { tagSelection } from './tagging.js';
import { ui } from './ui.js';

const SHORTCUTS = { p: 'person', o: 'org', q: 'quote', c: 'claim' };

function inTextField(t) {
  return !!(t && t.closest && t.closest('textarea, input, select, [contenteditable=""], [contenteditable="true"]'));
}

/** On a highlight: move among the highlights (one tab stop), or open its menu. */
function onReadingKeydown(ev) {
  const mark = ev.target.closest && ev.target.closest('mark[data-ann]');
  if (!mark || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const marks = openingMarks(ui.reading);
  const i = marks.indexOf(mark.hasAttribute('data-opens') ? mark : ui.reading.querySelector(`mark[data-ann="${mark.dataset.ann}"][data-opens]`));
  let next = null;
  switch (ev.key) {
    case 'ArrowRight':
    case 'ArrowDown':
      next = marks[Math.min(marks.length - 1, i + 1)];
      break;
    case 'ArrowLeft':
    case 'ArrowUp':
      next = marks[Math.max(0, i - 1)];
      break;
    case 'Home':
      next = marks[0];
      break;
    case 'End':
      next = marks[marks.length - 1];
      break;
    case 'Enter':
    case ' ':
      ev.preventDefault();
      openMenu(mark, { focus: true });
      return;
    default:
      return;
  }
  ev.preventDefault();
  if (next) focusMark(next);
}

/** Anywhere outside a text field: undo/redo, Escape, tag shortcuts, Delete. */
function onDocumentKeydown(ev) {
  const mod = ev.ctrlKey || ev.metaKey;
  const key = ev.key.toLowerCase();
  if (inTextField(ev.target)) return; // the text box keeps its own undo and typing
  if (mod && !ev.altKey && ((key === 'z' && ev.shiftKey) || (key === 'y' && !ev.shiftKey))) {
    ev.preventDefault();
    store.redo();
    return;
  }
  if (mod && !ev.altKey && key === 'z') {
    ev.preventDefault();
    store.undo();
    return;
  }
  if (mod || ev.altKey) return;
  if (ev.key === 'Escape' && !ui.menu.hidden) {
    closeMenu({ restoreFocus: true });
    return;
  }
  const shortcut = SHORTCUTS[key];
  if (shortcut && !ev.shiftKey && state.selection && state.selection.source === 'reading') {
    ev.preventDefault();
    tagSelection(shortcut);
    return;
  }
  if ((ev.key === 'Delete' || ev.key === 'Backspace') && state.rendered) {
    const mark = ev.target.closest && ev.target.closest('#reading mark[data-ann]');
    const a = mark && state.rendered.analysis.annotations[Number(mark.dataset.ann)];
    if (a) {
      ev.preventDefault();
      closeMenu({ restoreFocus: false });
      removeAnnotation(a);
    }
  }
}

export function wireKeyboard() {
  ui.reading.addEventListener('keydown', onReadingKeydown);
  document.addEventListener('keydown', onDocumentKeydown);
}
