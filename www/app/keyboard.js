// Keys: arrow keys, Home and End move among the highlights, Enter or Space opens the menu;
// p, o, q, c tag a selection of the reading view; Delete removes the focused highlight;
// Ctrl+Z undoes a correction, Ctrl+Shift+Z or Ctrl+Y redoes. In the text box the keys keep
// their usual meaning for the text.
//
// Review, one key per decision, on a focused highlight: a accepts the model's suggestion (it
// becomes the reader's), r rejects it (removes it), p, o, q, c retype it; each moves on to the
// next suggestion (a highlight the reader has not made or confirmed yet). Tab and Shift+Tab
// go to the next and previous suggestion (past the last one, Tab leaves the reading view as
// usual). Every step is announced in the live region (announce.js).

import { openingMarks } from '../lib/selection.js';
import { focusMark } from './focus.js';
import { annotationKey } from '../lib/annotation-key.js';
import { addTag, changeKind, removeTag } from '../lib/corrections.js';
import { snippet } from '../lib/summary.js';
import { announce, sayNext } from './announce.js';
import { closeMenu, openMenu, removeAnnotation } from './menu-actions.js';
import { isDrawn } from './render.js';
import { state, store } from './state.js';
import { tagSelection } from './tagging.js';
import { ui } from './ui.js';

const SHORTCUTS = { p: 'person', o: 'org', q: 'quote', c: 'claim' };

function inTextField(t) {
  return !!(t && t.closest && t.closest('textarea, input, select, [contenteditable=""], [contenteditable="true"]'));
}

const LABEL = { person: 'person', org: 'organization', quote: 'quote', claim: 'claim' };
const say = (a) => `${LABEL[a.kind]} “${snippet(a.text, 60)}”`;

/** Whether annotation `a` is a suggestion still to review (the model's, not the reader's). */
const isSuggestion = (a) => !!a && !a.byUser;

/**
 * The next (dir 1) or previous (dir -1) suggestion's opening mark after position `i` of
 * `marks`, skipping `skip` (an annotation index); null when there is none.
 */
function nextSuggestion(marks, i, dir, skip = -1) {
  const anns = state.rendered.analysis.annotations;
  for (let k = i + dir; k >= 0 && k < marks.length; k += dir) {
    const j = Number(marks[k].dataset.ann);
    if (j !== skip && isSuggestion(anns[j])) return marks[k];
  }
  return null;
}

/** The suggestions drawn, but `skip` (read from the analysis: the DOM is slower to walk). */
function suggestionsLeft(skip = -1) {
  let n = 0;
  state.rendered.analysis.annotations.forEach((a, j) => {
    if (j !== skip && isSuggestion(a) && isDrawn(a)) n++;
  });
  return n;
}

/** The place of suggestion `a` in reading order (outer before inner at the same start), from 1. */
function suggestionNumber(a) {
  let n = 0;
  for (const x of state.rendered.analysis.annotations) {
    if (isSuggestion(x) && isDrawn(x) && (x.start < a.start || (x.start === a.start && x.end >= a.end))) n++;
  }
  return n;
}

/**
 * Reviews the suggestion of `mark` (the opening mark, at `i` of `marks`): `decision` is
 * 'accept', 'reject' or a kind to retype it to. One correction; the focus moves on to the
 * next suggestion and both are announced.
 */
function review(marks, i, decision) {
  const { text, analysis } = state.rendered;
  const j = Number(marks[i].dataset.ann);
  const a = analysis.annotations[j];
  if (!a) return;
  let what;
  let correction = null;
  if (decision === 'accept') {
    what = a.byUser ? `Already yours: ${say(a)}` : `Accepted: ${say(a)}`;
    if (!a.byUser) correction = addTag(text, a.start, a.end, a.kind);
  } else if (decision === 'reject') {
    what = `Rejected: ${say(a)}`;
    correction = removeTag(text, a);
  } else if (decision === a.kind) {
    what = a.byUser ? `Already yours: ${say(a)}` : `Accepted: ${say(a)}`;
    if (!a.byUser) correction = addTag(text, a.start, a.end, a.kind);
  } else {
    what = `Retyped: ${say(a)} is now ${decision === "org" ? "an" : "a"} ${LABEL[decision]}`;
    correction = changeKind(text, a, decision);
  }
  const nextMark = nextSuggestion(marks, i, 1, j) ?? nextSuggestion(marks, i, -1, j);
  const left = suggestionsLeft(j);
  let then;
  if (nextMark) {
    const n = analysis.annotations[Number(nextMark.dataset.ann)];
    then = `Next: ${say(n)}; ${left} suggestion${left === 1 ? '' : 's'} left.`;
    state.focusKey = annotationKey(n);
  } else {
    then = 'No suggestions left.';
    // Stay on the reviewed tag (retyped, it has a new key).
    state.focusKey = decision === 'reject' ? null : annotationKey({ ...a, kind: decision === 'accept' ? a.kind : decision });
  }
  state.refocus = true;
  closeMenu({ restoreFocus: false });
  if (!correction) {
    announce(`${what}. ${then}`);
    if (nextMark) focusMark(nextMark);
    return;
  }
  sayNext(`${what}. ${then}`);
  store.push(correction);
}

/** Tab and Shift+Tab: the next or previous suggestion; false when there is none. */
function toSuggestion(marks, i, dir) {
  const m = nextSuggestion(marks, i, dir);
  if (!m) return false;
  const a = state.rendered.analysis.annotations[Number(m.dataset.ann)];
  const all = suggestionsLeft();
  const k = suggestionNumber(a);
  focusMark(m);
  m.scrollIntoView({ block: 'nearest' });
  announce(`Suggestion ${k} of ${all}: ${say(a)}.`);
  return true;
}

/** On a highlight: move among the highlights (one tab stop), review it, or open its menu. */
function onReadingKeydown(ev) {
  const mark = ev.target.closest && ev.target.closest('mark[data-ann]');
  if (!mark || ev.ctrlKey || ev.metaKey || ev.altKey || !state.rendered) return;
  const marks = openingMarks(ui.reading);
  const i = marks.indexOf(mark.hasAttribute('data-opens') ? mark : ui.reading.querySelector(`mark[data-ann="${mark.dataset.ann}"][data-opens]`));
  if (i < 0) return;
  const key = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
  if (ev.key === 'Tab') {
    if (toSuggestion(marks, i, ev.shiftKey ? -1 : 1)) ev.preventDefault();
    return;
  }
  if (!ev.shiftKey && (key === 'a' || key === 'r' || SHORTCUTS[key])) {
    // A selection in the reading view is tagged by p, o, q, c (onDocumentKeydown).
    if (SHORTCUTS[key] && state.selection && state.selection.source === 'reading') return;
    ev.preventDefault();
    ev.stopPropagation();
    review(marks, i, key === 'a' ? 'accept' : key === 'r' ? 'reject' : SHORTCUTS[key]);
    return;
  }
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
