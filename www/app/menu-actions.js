// The correction menu on a highlight: opening it (click, Enter), closing it, and what its
// buttons and forms do (change the kind, remove, move an edge, set a speaker, merge). Each
// edit is one correction pushed to the store. The menu's content is built in menu.js.

import { annotationKey, findAnnotation } from '../lib/annotation-key.js';
import { changeKind, mergeEntities, moveTag, nearestMention, removeTag, setSpeaker, splitEntity, stepEdge } from '../lib/corrections.js';
import { focusMark } from './focus.js';
import { fillEntityList, fillMenu, placeMenu } from './menu.js';
import { selectTag, selectedTag, wireResize } from './resize.js';
import { sayNext } from './announce.js';
import { state, store } from './state.js';
import { ui } from './ui.js';

let menuAnn = null; // {kind, start, end} of the highlight the menu was opened on
let menuFocus = null; // a selector in the menu to focus when it reopens after a render
let menuAnchor = null; // the mark the menu was opened on
let coverCheck = null; // the key of a tag just selected: see uncoverHandles

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
  menuAnchor = mark;
  fillMenu(ui.menu, analysis, anns, state.rendered.text, { editor: true });
  ui.menu.hidden = false;
  activate(anns[0]);
  placeMenu(ui.menu, mark.getBoundingClientRect(), window);
  if (focus) ui.menu.querySelector('.menu-section button, .menu-section input')?.focus();
}

/**
 * Makes annotation `i` of the menu the selected tag: its marks outlined, its section of the
 * menu marked, the resize handles on its edges.
 */
function activate(i) {
  const a = state.rendered && state.rendered.analysis.annotations[i];
  if (!a) return;
  for (const m of ui.reading.querySelectorAll('mark.is-selected')) m.classList.remove('is-selected');
  for (const m of ui.reading.querySelectorAll(`mark[data-ann="${i}"]`)) m.classList.add('is-selected');
  for (const sec of ui.menu.querySelectorAll('.menu-section')) sec.classList.toggle('is-active', sec.dataset.ann === String(i));
  selectTag(a);
  coverCheck = annotationKey(a);
}

/** After the handles are placed: the menu must not hide them; it moves next to the whole tag. */
function uncoverHandles() {
  const key = coverCheck;
  coverCheck = null;
  if (!key || ui.menu.hidden || !state.rendered || !handlesUnder(ui.menu.getBoundingClientRect())) return;
  const i = findAnnotation(state.rendered.analysis.annotations, key);
  const rects = i < 0 ? [] : [...ui.reading.querySelectorAll(`mark[data-ann="${i}"]`)].map((m) => m.getBoundingClientRect());
  if (!rects.length) return;
  const r = { left: Math.min(...rects.map((x) => x.left)), top: Math.min(...rects.map((x) => x.top)), bottom: Math.max(...rects.map((x) => x.bottom)) };
  const { left, top } = ui.menu.style;
  placeMenu(ui.menu, r, window);
  // No better place (a tall tag): stay. A drag fades the menu out of the way anyway.
  if (handlesUnder(ui.menu.getBoundingClientRect())) Object.assign(ui.menu.style, { left, top });
}

function handlesUnder(box) {
  if (ui.handleLayer.hidden) return false;
  return ui.handles.some((h) => {
    if (h.hidden) return false;
    const r = h.getBoundingClientRect();
    return r.right > box.left && r.left < box.right && r.bottom + 12 > box.top && r.top - 12 < box.bottom;
  });
}

/** A pointer or the focus in a section of the menu selects that section's tag. */
function onMenuSectionEnter(ev) {
  // A list of entities is filled when it is first reached (see fillEntityList).
  if (ev.target.dataset && ev.target.dataset.lazy && state.rendered) fillEntityList(ev.target, state.rendered.analysis);
  const sec = ev.target.closest && ev.target.closest('.menu-section[data-ann]');
  if (sec && !sec.classList.contains('is-active')) activate(Number(sec.dataset.ann));
}

export function closeMenu({ restoreFocus }) {
  if (ui.menu.hidden) return;
  ui.menu.hidden = true;
  menuAnn = null;
  selectTag(null);
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
    const sel = selectedTag();
    // The menu is built anew: keep what the reader typed or picked in it, and its focus.
    const focused = ui.menu.contains(document.activeElement) ? controlKey(document.activeElement) : null;
    const typed = new Map();
    for (const e of ui.menu.querySelectorAll('input, select')) {
      if (e.type === 'checkbox') {
        if (e.checked) typed.set(controlKey(e), true);
      } else if (e.tagName === 'SELECT' ? e.selectedIndex > 0 : e.value !== (e.dataset.initial ?? '')) typed.set(controlKey(e), e.value);
    }
    openMenu(mark, { focus: false });
    for (const e of ui.menu.querySelectorAll('input, select')) {
      const v = typed.get(controlKey(e));
      if (v === true) e.checked = true;
      else if (v !== undefined) {
        fillEntityList(e, analysis);
        e.value = v;
      }
    }
    if (focused && !menuFocus) [...ui.menu.querySelectorAll('button, input, select')].find((e) => controlKey(e) === focused)?.focus({ preventScroll: true });
    // Keep the section the reader picked (the quote around a name, say) selected.
    const j = sel ? findAnnotation(analysis.annotations, annotationKey(sel)) : -1;
    if (j >= 0 && ui.menu.querySelector(`.menu-section[data-ann="${j}"]`)) activate(j);
    if (menuFocus) (ui.menu.querySelector(`.menu-section.is-active ${menuFocus}`) ?? ui.menu.querySelector(menuFocus))?.focus();
  } else closeMenu({ restoreFocus: false });
  menuFocus = null;
}

/** A name for a control of the menu that stays the same when the menu is built again. */
function controlKey(e) {
  const sec = e.closest('.menu-section');
  const d = e.dataset;
  return [sec ? sec.dataset.key : '', e.tagName, e.name ?? '', d.action ?? '', d.edge ?? '', d.dir ?? '', d.kind ?? '', d.scope ?? ''].join('|');
}

/** Removes the tag `a` (a correction); the focus goes to the next highlight. */
export function removeAnnotation(a) {
  removeAnnotations(a, [a]);
}

/** Removes the tags `list` (one undoable edit); the focus goes to the next highlight after `a`. */
function removeAnnotations(a, list) {
  const { text, analysis } = state.rendered;
  // Keep the keyboard in the reading view: focus the next highlight after this one.
  const gone = new Set(list.map(annotationKey));
  const next = analysis.annotations.find((x) => x.start >= a.start && !gone.has(annotationKey(x)) && !state.hidden.has(x.kind));
  state.focusKey = next ? annotationKey(next) : null;
  state.refocus = true;
  if (list.length === 1) store.push(removeTag(text, list[0]));
  else store.pushAll(list.map((x) => removeTag(text, x)));
}

const KIND_WORD = { person: 'person', org: 'organization', quote: 'quote', claim: 'claim' };

/**
 * When the "all mentions" box of the menu section of control `b` is ticked: every mention
 * of the entity of name `a` (its own kind; a mention already of another kind is left), else
 * null.
 */
function allMentions(b, a) {
  const box = b.closest('.menu-section')?.querySelector('input[data-scope=all]');
  if (!box || !box.checked || a.entity === null || a.entity === undefined) return null;
  const { analysis } = state.rendered;
  const ent = analysis.entities[a.entity];
  const list = (ent ? ent.mentions : []).map((i) => analysis.annotations[i]).filter((m) => m && m.kind === a.kind && (m.kind === 'person' || m.kind === 'org'));
  return list.length > 1 ? list : null;
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
    case 'kind': {
      if (!a) return;
      const all = allMentions(b, a);
      closeMenu({ restoreFocus: false });
      state.focusKey = annotationKey({ kind: b.dataset.kind, start: a.start, end: a.end });
      state.refocus = true;
      if (all) {
        sayNext(`Changed all ${all.length} mentions of “${analysis.entities[a.entity].name}” to ${KIND_WORD[b.dataset.kind]}.`);
        store.pushAll(all.map((m) => changeKind(text, m, b.dataset.kind)));
      } else store.push(changeKind(text, a, b.dataset.kind));
      return;
    }
    case 'remove': {
      if (!a) return;
      const all = allMentions(b, a);
      closeMenu({ restoreFocus: false });
      if (all) {
        sayNext(`Removed all ${all.length} mentions of “${analysis.entities[a.entity].name}”.`);
        removeAnnotations(a, all);
      } else removeAnnotation(a);
      return;
    }
    case 'split': {
      if (!a || a.entity === null || a.entity === undefined) return;
      const from = analysis.entities[a.entity];
      closeMenu({ restoreFocus: true });
      sayNext(`Split “${a.text}” off “${from ? from.name : ''}”: an entity of its own now.`);
      store.push(splitEntity(text, a));
      return;
    }
    case 'edge': {
      if (!a) return;
      const to = stepEdge(text, a.start, a.end, b.dataset.edge, Number(b.dataset.dir));
      if (!to) return; // the button is disabled then
      // The menu stays open on the moved tag, with the same button focused, so the reader
      // can keep stepping.
      if (selectedTag() && annotationKey(selectedTag()) === annotationKey(a)) selectTag({ kind: a.kind, start: to.start, end: to.end });
      if (annotationKey(menuAnn) === annotationKey(a)) menuAnn = { kind: a.kind, start: to.start, end: to.end };
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
  if (form.dataset.action === 'speaker-entity') {
    const k = form.elements.entity.value;
    const ent = k === '' ? null : analysis.entities[Number(k)];
    if (!a || !ent) {
      form.elements.entity.focus();
      return;
    }
    sayNext(`Speaker of “${a.text.length > 40 ? `${a.text.slice(0, 40)}…` : a.text}” set to ${ent.name}.`);
    store.push(setSpeaker(text, a, ent.name, nearestMention(analysis, Number(k), a)));
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
  ui.menu.addEventListener('focusin', onMenuSectionEnter);
  ui.menu.addEventListener('pointerdown', onMenuSectionEnter);
  document.addEventListener('mousedown', (ev) => {
    if (!ui.menu.hidden && !ui.menu.contains(ev.target) && !(ev.target.closest && ev.target.closest('mark[data-ann], #resize-handles'))) closeMenu({ restoreFocus: false });
  });
  // A drag of a handle moved the tag: the menu follows it (it reopens on it after the render).
  wireResize({
    placed: uncoverHandles,
    moved(from, to) {
      if (menuAnn && annotationKey(menuAnn) === annotationKey(from)) menuAnn = { ...menuAnn, start: to.start, end: to.end };
    },
  });
  ui.reading.addEventListener('scroll', () => {
    if (!ui.menu.hidden && menuAnchor) placeMenu(ui.menu, menuAnchor.getBoundingClientRect(), window);
  });
}
