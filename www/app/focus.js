// Keyboard focus among the highlights: one tab stop in the reading view (arrow keys move it,
// see keyboard.js), kept on the same highlight (by its key) across renders.

import { annotationKey, findAnnotation } from '../lib/annotation-key.js';
import { openingMarks } from '../lib/selection.js';
import { state } from './state.js';
import { ui } from './ui.js';

/** After a render: the focused highlight (or the first) is the tab stop; refocus it if asked. */
export function setupRovingFocus(hadFocus) {
  const marks = openingMarks(ui.reading);
  if (!marks.length) return;
  let target = null;
  if (state.focusKey && state.rendered) {
    const i = findAnnotation(state.rendered.analysis.annotations, state.focusKey);
    if (i >= 0) target = ui.reading.querySelector(`mark[data-ann="${i}"][data-opens]`);
  }
  target ??= marks[0];
  for (const m of marks) m.tabIndex = -1;
  target.tabIndex = 0;
  if (hadFocus && ui.menu.hidden) target.focus({ preventScroll: true });
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
