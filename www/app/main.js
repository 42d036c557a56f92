// Page wiring: input → worker → reading view + side panel; corrections, undo/redo,
// persistence, export. The logic that the extension and the CMS embed will share lives in
// ../lib; this file only connects it to this page's DOM.

import { AnnotatorClient } from '../lib/client.js';
import { CorrectionStore, KINDS, addTag, changeKind, nearestMention, removeTag, setSpeaker } from '../lib/corrections.js';
import { buildExport, exportFileName } from '../lib/export.js';
import { tidyRange } from '../lib/offsets.js';
import { loadState, openLocalStorage, saveState } from '../lib/storage.js';
import { layerCounts, snippet } from '../lib/summary.js';
import { fillMenu, placeMenu } from './menu.js';
import { renderPanel } from './panel.js';
import { openingMarks, renderReading, selectionOffsets } from './reading-view.js';

const DEBOUNCE_MS = 200;
const $ = (id) => document.getElementById(id);

const ui = {
  html: document.documentElement,
  input: $('article'),
  charCount: $('char-count'),
  reading: $('reading'),
  notes: $('notes'),
  status: $('status'),
  saveStatus: $('save-status'),
  alert: $('alert'),
  alertText: $('alert-text'),
  undo: $('undo'),
  redo: $('redo'),
  exportBtn: $('export'),
  tagTarget: $('tag-target'),
  tagButtons: [...document.querySelectorAll('[data-tag]')],
  layerButtons: [...document.querySelectorAll('[data-layer]')],
  menu: $('tag-menu'),
  side: document.querySelector('.side-pane'),
};

const state = {
  text: '',
  rendered: null, // {text, corrections, analysis, ms}
  hidden: new Set(),
  lit: null, // {key, kind}
  selection: null, // {start, end, text, source: 'reading' | 'input', against: string}
  menuAnn: null, // {kind, start, end} of the highlight the menu was opened on
  focusKey: null, // `${kind}:${start}:${end}` of the focused highlight, kept across renders
  refocus: false, // put the keyboard focus back in the reading view after the next render
  debounce: 0,
  info: null,
  fatal: null,
  storage: null,
  storageProblem: null,
};

// ---------------------------------------------------------------------------------------
// Status line and alerts.

function showAlert(message) {
  ui.alertText.textContent = message;
  ui.alert.hidden = false;
}
$('alert-close').addEventListener('click', () => {
  ui.alert.hidden = true;
});

function setSaveStatus(result) {
  if (result.ok) {
    ui.saveStatus.textContent = 'Saved in this browser';
    ui.saveStatus.classList.remove('is-error');
  } else {
    ui.saveStatus.textContent = `Not saved: ${result.error}. Your work is only in this tab; use Export JSON to keep it.`;
    ui.saveStatus.classList.add('is-error');
  }
}

function persist() {
  if (!state.storage) {
    setSaveStatus({ ok: false, error: state.storageProblem });
    return;
  }
  setSaveStatus(saveState(state.storage, { text: state.text, corrections: store.list }));
}

function updateBusy() {
  const busy = state.debounce !== 0 || client.busy;
  ui.html.dataset.annotator = state.fatal ? 'failed' : !client.ready ? 'loading' : busy ? 'busy' : 'idle';
}

// ---------------------------------------------------------------------------------------
// The annotator.

const worker = new Worker(new URL('../lib/worker.js', import.meta.url), { type: 'module', name: 'newsmark-annotator' });
const client = new AnnotatorClient(worker, {
  onReady(info) {
    state.info = info;
    updateBusy();
  },
  onResult(result) {
    render(result);
  },
  onError(message) {
    showAlert(`The corrections could not be applied: ${message}`);
  },
  onFatal(message) {
    state.fatal = message;
    ui.status.textContent = `The annotator failed: ${message}`;
    ui.status.classList.add('is-error');
    const p = document.createElement('p');
    p.className = 'placeholder is-error';
    p.textContent = `The annotator could not start (${message}). Reload the page to try again.`;
    ui.reading.replaceChildren(p);
    updateBusy();
  },
  onBusyChange() {
    updateBusy();
  },
});

function requestNow() {
  clearTimeout(state.debounce);
  state.debounce = 0;
  client.request(state.text, store.list);
  updateBusy();
}

function requestSoon() {
  clearTimeout(state.debounce);
  state.debounce = setTimeout(requestNow, DEBOUNCE_MS);
  updateBusy();
}

// ---------------------------------------------------------------------------------------
// Restore, then start.

const opened = openLocalStorage(window);
state.storage = opened.storage;
state.storageProblem = opened.error;
if (opened.error) setSaveStatus({ ok: false, error: opened.error });
const loaded = loadState(state.storage);
if (loaded.problem) showAlert(`Your saved work could not be restored: ${loaded.problem}.`);
const store = new CorrectionStore(loaded.state ? loaded.state.corrections : []);
state.text = loaded.state ? loaded.state.text : '';
ui.input.value = state.text;

store.subscribe((list, reason) => {
  persist();
  updateHistoryButtons();
  if (reason !== 'reset') requestNow();
});

ui.input.addEventListener('input', () => {
  state.text = ui.input.value;
  updateCharCount();
  persist();
  requestSoon();
});

function updateCharCount() {
  const n = state.text.length;
  ui.charCount.textContent = n ? `${n.toLocaleString('en')} characters` : '';
}

function updateHistoryButtons() {
  ui.undo.disabled = !store.canUndo;
  ui.redo.disabled = !store.canRedo;
}

updateCharCount();
updateHistoryButtons();
renderEmpty();
requestNow();

// ---------------------------------------------------------------------------------------
// Rendering.

function renderEmpty() {
  const p = document.createElement('p');
  p.className = 'placeholder';
  p.textContent = 'Paste or type an article in the left pane. People, organizations, quotes and claims will be highlighted here.';
  ui.reading.replaceChildren(p);
}

function annKey(a) {
  return `${a.kind}:${a.start}:${a.end}`;
}

function findAnn(analysis, key) {
  return analysis.annotations.findIndex((a) => annKey(a) === key);
}

function render(result) {
  const hadFocus = ui.reading.contains(document.activeElement) || state.refocus;
  state.refocus = false;
  state.rendered = result;
  const { text, analysis } = result;
  const counts = layerCounts(analysis);
  for (const k of KINDS) document.querySelector(`[data-count="${k}"]`).textContent = String(counts[k]);

  if (!text.trim()) renderEmpty();
  else renderReading(ui.reading, text, analysis, { hidden: state.hidden });
  renderNotes(analysis);
  const notFound = new Set(analysis.diagnostics.filter((d) => d.code === 'correction_not_found').map((d) => d.correction));
  renderPanel(document, analysis, result.corrections, { lit: state.lit && state.lit.key, claimThreshold: state.info && state.info.claimThreshold, notFound });
  applyLit(false);
  setupRovingFocus(hadFocus);
  ui.exportBtn.disabled = false;

  const n = analysis.annotations.length;
  ui.status.classList.remove('is-error');
  ui.status.textContent = text.trim()
    ? `${n} tag${n === 1 ? '' : 's'} in ${text.length.toLocaleString('en')} characters · annotated in ${Math.max(1, Math.round(result.ms))} ms` +
      (state.info ? ` · newsmark ${state.info.version}` : '')
    : 'Waiting for an article.';

  // The menu refers to annotations of the previous analysis: reopen it on the same one.
  if (!ui.menu.hidden) {
    const i = state.menuAnn ? findAnn(analysis, annKey(state.menuAnn)) : -1;
    const mark = i >= 0 ? ui.reading.querySelector(`mark[data-ann="${i}"]`) : null;
    if (mark) openMenu(mark, { focus: false });
    else closeMenu({ restoreFocus: false });
  }
}

function renderNotes(analysis) {
  const notes = analysis.diagnostics.filter((d) => d.code !== 'empty_text');
  ui.notes.replaceChildren();
  ui.notes.hidden = notes.length === 0;
  for (const d of notes) {
    const p = document.createElement('p');
    p.className = `note note-${d.code}`;
    p.dataset.code = d.code;
    const msg = document.createElement('span');
    msg.textContent = d.message;
    p.appendChild(msg);
    if (d.code === 'correction_not_found' && Number.isInteger(d.correction)) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'btn btn-small';
      b.dataset.forget = String(d.correction);
      b.textContent = 'Forget this correction';
      p.appendChild(b);
    }
    ui.notes.appendChild(p);
  }
}

// ---------------------------------------------------------------------------------------
// Layers (legend toggles).

for (const b of ui.layerButtons) {
  b.addEventListener('click', () => setLayerVisible(b.dataset.layer, state.hidden.has(b.dataset.layer)));
}

function setLayerVisible(kind, visible) {
  if (visible === !state.hidden.has(kind)) return;
  if (visible) state.hidden.delete(kind);
  else state.hidden.add(kind);
  document.querySelector(`[data-layer="${kind}"]`).setAttribute('aria-pressed', String(visible));
  ui.reading.classList.toggle(`hide-${kind}`, !visible);
  if (state.rendered) render(state.rendered);
}

// ---------------------------------------------------------------------------------------
// Lighting up an entity's mentions, a speaker's quotes, a claim.

ui.side.addEventListener('click', (ev) => {
  const forget = ev.target.closest('[data-forget]');
  if (forget) {
    store.removeAt(Number(forget.dataset.forget));
    return;
  }
  const jump = ev.target.closest('[data-jump]');
  if (jump && state.rendered) {
    const a = state.rendered.analysis.annotations[Number(jump.dataset.jump)];
    if (a) {
      setLayerVisible(a.kind, true);
      const mark = ui.reading.querySelector(`mark[data-ann="${jump.dataset.jump}"][data-opens]`);
      if (mark) {
        mark.scrollIntoView({ block: 'center' });
        focusMark(mark);
      }
    }
    return;
  }
  const btn = ev.target.closest('[data-lit-key]');
  if (!btn) return;
  const key = btn.dataset.litKey;
  state.lit = state.lit && state.lit.key === key ? null : { key, kind: btn.dataset.kind };
  if (state.lit) setLayerVisible(btn.dataset.kind, true);
  for (const b of ui.side.querySelectorAll('[data-lit-key]')) b.setAttribute('aria-pressed', String(state.lit !== null && b.dataset.litKey === state.lit.key));
  applyLit(true);
});

ui.notes.addEventListener('click', (ev) => {
  const forget = ev.target.closest('[data-forget]');
  if (forget) store.removeAt(Number(forget.dataset.forget));
});

function applyLit(scroll) {
  for (const m of ui.reading.querySelectorAll('mark.is-lit')) m.classList.remove('is-lit');
  ui.reading.classList.toggle('has-lit', !!state.lit);
  if (!state.lit) return;
  const btn = [...ui.side.querySelectorAll('[data-lit-key]')].find((b) => b.dataset.litKey === state.lit.key);
  if (!btn) {
    state.lit = null;
    ui.reading.classList.remove('has-lit');
    return;
  }
  const anns = JSON.parse(btn.dataset.anns);
  let first = null;
  for (const i of anns) {
    for (const m of ui.reading.querySelectorAll(`mark[data-ann="${i}"]`)) {
      m.classList.add('is-lit');
      first ??= m;
    }
  }
  if (scroll && first) first.scrollIntoView({ block: 'center' });
}

// ---------------------------------------------------------------------------------------
// Keyboard focus among highlights (one tab stop, arrow keys move).

function setupRovingFocus(hadFocus) {
  const marks = openingMarks(ui.reading);
  if (!marks.length) return;
  let target = null;
  if (state.focusKey && state.rendered) {
    const i = findAnn(state.rendered.analysis, state.focusKey);
    if (i >= 0) target = ui.reading.querySelector(`mark[data-ann="${i}"][data-opens]`);
  }
  target ??= marks[0];
  for (const m of marks) m.tabIndex = -1;
  target.tabIndex = 0;
  if (hadFocus && ui.menu.hidden) target.focus({ preventScroll: true });
}

function focusMark(mark) {
  for (const m of ui.reading.querySelectorAll('mark[tabindex="0"]')) m.tabIndex = -1;
  mark.tabIndex = 0;
  mark.focus();
}

ui.reading.addEventListener('focusin', (ev) => {
  const mark = ev.target.closest && ev.target.closest('mark[data-ann]');
  if (!mark || !state.rendered) return;
  const a = state.rendered.analysis.annotations[Number(mark.dataset.ann)];
  if (a) state.focusKey = annKey(a);
});

ui.reading.addEventListener('keydown', (ev) => {
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
});

// ---------------------------------------------------------------------------------------
// The highlight menu.

function annsAt(mark) {
  const out = [];
  for (let m = mark; m && ui.reading.contains(m); m = m.parentElement.closest('mark[data-ann]')) {
    out.push(Number(m.dataset.ann));
  }
  return out;
}

let menuAnchor = null;

function openMenu(mark, { focus }) {
  if (!state.rendered) return;
  const { analysis } = state.rendered;
  const anns = annsAt(mark);
  state.menuAnn = { ...analysis.annotations[anns[0]] };
  for (const m of ui.reading.querySelectorAll('mark.is-selected')) m.classList.remove('is-selected');
  for (const m of ui.reading.querySelectorAll(`mark[data-ann="${anns[0]}"]`)) m.classList.add('is-selected');
  menuAnchor = mark;
  fillMenu(ui.menu, analysis, anns);
  ui.menu.hidden = false;
  placeMenu(ui.menu, mark.getBoundingClientRect(), window);
  if (focus) ui.menu.querySelector('.menu-section button, .menu-section input')?.focus();
}

function closeMenu({ restoreFocus }) {
  if (ui.menu.hidden) return;
  ui.menu.hidden = true;
  state.menuAnn = null;
  for (const m of ui.reading.querySelectorAll('mark.is-selected')) m.classList.remove('is-selected');
  if (restoreFocus && menuAnchor && ui.reading.contains(menuAnchor)) focusMark(menuAnchor);
  menuAnchor = null;
}

ui.reading.addEventListener('click', (ev) => {
  const mark = ev.target.closest('mark[data-ann]');
  if (!mark) return;
  const sel = window.getSelection();
  if (sel && !sel.isCollapsed) return; // the reader is selecting text, not clicking
  openMenu(mark, { focus: false });
  focusMark(mark);
});

ui.menu.addEventListener('click', (ev) => {
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
      state.focusKey = `${b.dataset.kind}:${a.start}:${a.end}`;
      state.refocus = true;
      store.push(changeKind(text, a, b.dataset.kind));
      return;
    case 'remove':
      if (!a) return;
      closeMenu({ restoreFocus: false });
      removeAnnotation(a);
      return;
    default:
  }
});

ui.menu.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const form = ev.target;
  if (!state.rendered) return;
  const { text, analysis } = state.rendered;
  const a = analysis.annotations[Number(form.dataset.ann)];
  const name = form.elements.speaker.value.trim();
  if (!a || !name) {
    form.elements.speaker.focus();
    return;
  }
  const ent = analysis.entities.findIndex((e) => e.name.toLowerCase() === name.toLowerCase());
  const mention = ent >= 0 ? nearestMention(analysis, ent, a) : null;
  store.push(setSpeaker(text, a, ent >= 0 ? analysis.entities[ent].name : name, mention));
  closeMenu({ restoreFocus: true });
});

ui.menu.addEventListener('keydown', (ev) => {
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
});

document.addEventListener('mousedown', (ev) => {
  if (!ui.menu.hidden && !ui.menu.contains(ev.target) && !(ev.target.closest && ev.target.closest('mark[data-ann]'))) closeMenu({ restoreFocus: false });
});

ui.reading.addEventListener('scroll', () => {
  if (!ui.menu.hidden && menuAnchor) placeMenu(ui.menu, menuAnchor.getBoundingClientRect(), window);
});

function removeAnnotation(a) {
  const { text, analysis } = state.rendered;
  // Keep the keyboard in the reading view: focus the next highlight after this one.
  const next = analysis.annotations.find((x) => x.start >= a.start && annKey(x) !== annKey(a) && !state.hidden.has(x.kind));
  state.focusKey = next ? annKey(next) : null;
  state.refocus = true;
  store.push(removeTag(text, a));
}

// ---------------------------------------------------------------------------------------
// Tagging a selection (reading view or the text box).

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

document.addEventListener('selectionchange', updateSelection);
ui.input.addEventListener('select', updateSelection);
ui.input.addEventListener('keyup', updateSelection);
ui.input.addEventListener('mouseup', updateSelection);

for (const b of ui.tagButtons) {
  // Keep the selection: a mouse press on the button must not clear it.
  b.addEventListener('mousedown', (ev) => ev.preventDefault());
  b.addEventListener('click', () => tagSelection(b.dataset.tag));
}

function tagSelection(kind) {
  const sel = state.selection ?? readSelection();
  if (!sel) return false;
  store.push(addTag(sel.against, sel.start, sel.end, kind));
  state.focusKey = `${kind}:${sel.start}:${sel.end}`;
  if (sel.source === 'reading') window.getSelection().removeAllRanges();
  state.selection = null;
  updateSelection();
  return true;
}

// ---------------------------------------------------------------------------------------
// Keyboard shortcuts.

function inTextField(t) {
  return !!(t && t.closest && t.closest('textarea, input, select, [contenteditable=""], [contenteditable="true"]'));
}

document.addEventListener('keydown', (ev) => {
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
  const shortcut = { p: 'person', o: 'org', q: 'quote', c: 'claim' }[key];
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
});

ui.undo.addEventListener('click', () => store.undo());
ui.redo.addEventListener('click', () => store.redo());

// ---------------------------------------------------------------------------------------
// Export.

ui.exportBtn.addEventListener('click', () => {
  const r = state.rendered;
  if (!r) return;
  const data = buildExport({ text: r.text, analysis: r.analysis, corrections: r.corrections, generator: state.info ? { version: state.info.version } : {} });
  const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = exportFileName(r.text);
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  ui.status.textContent = `Exported ${data.annotations.length} tags and ${data.corrections.length} correction${data.corrections.length === 1 ? '' : 's'} (offsets in code points).`;
});

// Last chance to save what was typed (each change is saved already; this is belt and braces).
window.addEventListener('pagehide', () => {
  if (state.storage) saveState(state.storage, { text: state.text, corrections: store.list });
});
