// Keyboard focus among the highlights: one tab stop in the reading view (arrow keys move it,
// see keyboard.js), kept on the same highlight (by its key) across renders.

import { annotationKey, findAnnotation } from '../lib/annotation-key.js';
import { state } from './state.js';
import { ui } from './ui.js';

/** After a render: the focused highlight (or the first) is the tab stop; refocus it if asked. */
export function setupRovingFocus(hadFocus) {
  let target = null;
  if (state.focusKey && state.rendered) {
    const i = findAnnotation(state.rendered.analysis.annotations, state.focusKey);
    if (i >= 0) target = ui.reading.querySelector(`mark[data-ann="${i}"][data-opens]`);
  }
  target ??= ui.reading.querySelector('mark[data-opens]');
  if (!target) return;
  // Marks are drawn with tabIndex -1: only the old tab stop needs resetting (touching every
  // mark's attribute costs a style pass over all of them).
  for (const m of ui.reading.querySelectorAll('mark[tabindex="0"]')) if (m !== target) m.tabIndex = -1;
  if (target.tabIndex !== 0) target.tabIndex = 0;
  if (hadFocus && ui.menu.hidden && document.activeElement !== target) target.focus({ preventScroll: true });
}

/** Moves the tab stop to `mark` and focuses it. */
export function focusMark(mark) {
  for (const m of ui.reading.querySelectorAll('mark[tabindex="0"]')) m.tabIndex = -1;
  mark.tabIndex = 0;
  mark.focus();
}

/** Remembers which highlight has the focus. */
export function wireFocus() {
  ui.reading.addEventListener('focusin', (ev) => {
    const mark = ev.target.closest && ev.target.closest('mark[data-ann]');
    if (!mark || !state.rendered) return;
    const a = state.rendered.analysis.annotations[Number(mark.dataset.ann)];
    if (a) state.focusKey = annotationKey(a);
  });
}
