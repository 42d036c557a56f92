// The correction menu on a highlight: opening it (click, Enter), closing it, and what its
// buttons and forms do (change the kind, remove, move an edge, set a speaker, merge). Each
// edit is one correction pushed to the store. The menu's content is built in menu.js.

import { annotationKey, findAnnotation } from '../lib/annotation-key.js';
import { changeKind, mergeEntities, moveTag, nearestMention, removeTag, setSpeaker, stepEdge } from '../lib/corrections.js';
import { focusMark } from './focus.js';
import { fillMenu, placeMenu } from './menu.js';
import { state, store } from './state.js';
import { ui } from './ui.js';

let menuAnn = null; // {kind, start, end} of the highlight the menu was opened on
let menuFocus = null; // a selector in the menu to focus when it reopens after a render
let menuAnchor = null; // the mark the menu was opened on

/** The annotations of `mark` and of the marks around it, innermost first. */
function annsAt(mark) {
  const out = [];
  for (let m = mark; m && ui.reading.contains(m); m = m.parentElement.closest('mark[data-ann]')) {
    out.push(Number(m.dataset.ann));
  }
  return out;
}

export function openMenu(mark, { focus }) {
  if (!state.rendered) return;
  const { analysis } = state.rendered;
  const anns = annsAt(mark);
  menuAnn = { ...analysis.annotations[anns[0]] };
  for (const m of ui.reading.querySelectorAll('mark.is-selected')) m.classList.remove('is-selected');
  for (const m of ui.reading.querySelectorAll(`mark[data-ann="${anns[0]}"]`)) m.classList.add('is-selected');
  menuAnchor = mark;
  fillMenu(ui.menu, analysis, anns, state.rendered.text);
  ui.menu.hidden = false;
  placeMenu(ui.menu, mark.getBoundingClientRect(), window);
  if (focus) ui.menu.querySelector('.menu-section button, .menu-section input')?.focus();
}

export function closeMenu({ restoreFocus }) {
  if (ui.menu.hidden) return;
  ui.menu.hidden = true;
  menuAnn = null;
  for (const m of ui.reading.querySelectorAll('mark.is-selected')) m.classList.remove('is-selected');
  if (restoreFocus && menuAnchor && ui.reading.contains(menuAnchor)) focusMark(menuAnchor);
  menuAnchor = null;
}

/**
 * After a render: an open menu refers to annotations of the previous analysis; reopen it on
 * the same one (by key), or close it when that one is gone.
 */
export function reopenMenu(analysis) {
  if (ui.menu.hidden) return;
  const i = menuAnn ? findAnnotation(analysis.annotations, annotationKey(menuAnn)) : -1;
  const mark = i >= 0 ? ui.reading.querySelector(`mark[data-ann="${i}"]`) : null;
  if (mark) {
    openMenu(mark, { focus: false });
    if (menuFocus) ui.menu.querySelector(menuFocus)?.focus();
  } else closeMenu({ restoreFocus: false });
  menuFocus = null;
}

/** Removes the tag `a` (a correction); the focus goes to the next highlight. */
export function removeAnnotation(a) {
  const { text, analysis } = state.rendered;
  // Keep the keyboard in the reading view: focus the next highlight after this one.
  const key = annotationKey(a);
  const next = analysis.annotations.find((x) => x.start >= a.start && annotationKey(x) !== key && !state.hidden.has(x.kind));
  state.focusKey = next ? annotationKey(next) : null;
  state.refocus = true;
  store.push(removeTag(text, a));
}

function onMenuClick(ev) {
  const b = ev.target.closest('button[data-action]');
  if (!b || !state.rendered) return;
  const { text, analysis } = state.rendered;
  const a = analysis.annotations[Number(b.dataset.ann)];
  switch (b.dataset.action) {
    case 'close':
      closeMenu({ restoreFocus: true });
      return;
    case 'kind':
      if (!a) return;
      closeMenu({ restoreFocus: false });
      state.focusKey = annotationKey({ kind: b.dataset.kind, start: a.start, end: a.end });
      state.refocus = true;
      store.push(changeKind(text, a, b.dataset.kind));
      return;
    case 'remove':
      if (!a) return;
      closeMenu({ restoreFocus: false });
      removeAnnotation(a);
      return;
    case 'edge': {
      if (!a) return;
      const to = stepEdge(text, a.start, a.end, b.dataset.edge, Number(b.dataset.dir));
      if (!to) return; // the button is disabled then
      // The menu stays open on the moved tag, with the same button focused, so the reader
      // can keep stepping.
      menuAnn = { kind: a.kind, start: to.start, end: to.end };
      state.focusKey = annotationKey(menuAnn);
      menuFocus = `[data-action=edge][data-edge=${b.dataset.edge}][data-dir="${b.dataset.dir}"]`;
      store.push(moveTag(text, a, to.start, to.end));
      return;
    }
    default:
  }
}

function onMenuSubmit(ev) {
  ev.preventDefault();
  const form = ev.target;
  if (!state.rendered) return;
  const { text, analysis } = state.rendered;
  const a = analysis.annotations[Number(form.dataset.ann)];
  if (form.dataset.action === 'merge') {
    const k = form.elements.into.value;
    const into = k === '' ? null : nearestMention(analysis, Number(k), a);
    if (!a || !into) {
      form.elements.into.focus();
      return;
    }
    store.push(mergeEntities(text, a, into));
    closeMenu({ restoreFocus: true });
    return;
  }
  const name = form.elements.speaker.value.trim();
  if (!a || !name) {
    form.elements.speaker.focus();
    return;
  }
  const ent = analysis.entities.findIndex((e) => e.name.toLowerCase() === name.toLowerCase());
  const mention = ent >= 0 ? nearestMention(analysis, ent, a) : null;
  store.push(setSpeaker(text, a, ent >= 0 ? analysis.entities[ent].name : name, mention));
  closeMenu({ restoreFocus: true });
}

function onMenuKeydown(ev) {
  if (ev.key === 'Escape') {
    ev.preventDefault();
    closeMenu({ restoreFocus: true });
    return;
  }
  if (ev.key === 'Delete' && !ev.target.matches('input')) {
    const sec = ev.target.closest('[data-ann]') ?? ui.menu.querySelector('.menu-section');
    const a = sec && state.rendered && state.rendered.analysis.annotations[Number(sec.dataset.ann)];
    if (a) {
      ev.preventDefault();
      closeMenu({ restoreFocus: false });
      removeAnnotation(a);
    }
  }
}

/** A click on a highlight opens the menu; the menu's controls; closing it by clicking away. */
export function wireMenu() {
  ui.reading.addEventListener('click', (ev) => {
    const mark = ev.target.closest('mark[data-ann]');
    if (!mark) return;
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed) return; // the reader is selecting text, not clicking
    openMenu(mark, { focus: false });
    focusMark(mark);
  });
  ui.menu.addEventListener('click', onMenuClick);
  ui.menu.addEventListener('submit', onMenuSubmit);
  ui.menu.addEventListener('keydown', onMenuKeydown);
  document.addEventListener('mousedown', (ev) => {
    if (!ui.menu.hidden && !ui.menu.contains(ev.target) && !(ev.target.closest && ev.target.closest('mark[data-ann]'))) closeMenu({ restoreFocus: false });
  });
  ui.reading.addEventListener('scroll', () => {
    if (!ui.menu.hidden && menuAnchor) placeMenu(ui.menu, menuAnchor.getBoundingClientRect(), window);
  });
}
