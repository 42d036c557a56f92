// Page wiring: input → worker → reading view + side panel; corrections, undo/redo,
// persistence, export (JSON, CSV) and import. The logic that the extension and the CMS embed
// will share lives in ../lib; this file only connects it to this page's DOM.

import { AnnotatorClient } from '../lib/client.js';
import { CorrectionStore, KINDS, addTag, changeKind, mergeEntities, moveTag, nearestMention, removeTag, setSpeaker, stepEdge } from '../lib/corrections.js';
import { buildCsv } from '../lib/csv.js';
import { buildExport, exportFileName } from '../lib/export.js';
import { IMPORT_MAX_BYTES, ImportError, parseImport } from '../lib/import.js';
import { tidyRange, utf8Length } from '../lib/offsets.js';
import { loadState, openLocalStorage, saveState } from '../lib/storage.js';
import { layerCounts, snippet } from '../lib/summary.js';
import { annotationKey, findAnnotation } from '../lib/annotation-key.js';
import { fillMenu, placeMenu } from './menu.js';
import { renderPanel } from './panel.js';
import { cancelReading, renderReading } from '../lib/highlight.js';
import { openingMarks, selectionOffsets } from '../lib/selection.js';

const DEBOUNCE_MS = 200;
/** The annotator reads at most this many bytes of UTF-8 (the core's MAX_TEXT_BYTES). */
const MAX_TEXT_BYTES = 16 * 1024 * 1024;
/** Texts longer than this (UTF-16 units) are saved at most once a second while typing. */
const SAVE_AT_ONCE_UNITS = 200_000;
const SAVE_DELAY_MS = 1000;
/** Work that takes longer than this shows the progress bar. */
const PROGRESS_AFTER_MS = 400;
/**
 * Longer articles are kept out of the text box: in a browser's text box, 10 MB takes seconds
 * to paste and seconds per key typed, all on the page's one thread. Such an article is shown
 * in the reading view only (drawn as it is scrolled to); the text box is read-only, and a
 * paste replaces the article.
 */
const LARGE_TEXT_UNITS = 2_000_000;
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
  exportCsvBtn: $('export-csv'),
  importBtn: $('import'),
  importFile: $('import-file'),
  progress: $('progress'),
  progressBar: $('progress-bar'),
  progressText: $('progress-text'),
  limitNote: $('limit-note'),
  largeNote: $('large-note'),
  largeText: $('large-text'),
  clearLarge: $('clear-large'),
  alertAction: $('alert-action'),
  tagTarget: $('tag-target'),
  tagButtons: [...document.querySelectorAll('[data-tag]')],
  layerButtons: [...document.querySelectorAll('[data-layer]')],
  claimMin: $('claim-min'),
  claimMinOut: $('claim-min-out'),
  menu: $('tag-menu'),
  side: document.querySelector('.side-pane'),
};

const state = {
  text: '',
  rendered: null, // {text, corrections, analysis, ms}
  hidden: new Set(),
  minClaimScore: 0, // the reader's bar for claims (0..1), over the model's own threshold
  lit: null, // {key, kind}
  selection: null, // {start, end, text, source: 'reading' | 'input', against: string}
  menuAnn: null, // {kind, start, end} of the highlight the menu was opened on
  focusKey: null, // annotationKey() of the focused highlight, kept across renders
  menuFocus: null, // a selector in the menu to focus when it reopens after a render
  refocus: false, // put the keyboard focus back in the reading view after the next render
  debounce: 0,
  info: null,
  fatal: null,
  storage: null,
  storageProblem: null,
  saveTimer: 0,
  lastSaveOk: null,
  tooBigAt: Infinity, // the shortest article that did not fit in storage
  large: false, // the article is too long for the text box (LARGE_TEXT_UNITS)
  drawing: null, // {cancel, fraction} while a long text is being drawn
  busySince: 0,
  progressTimer: 0,
  crash: null, // the last crash or hang of the annotator, while its text is shown
};

// ---------------------------------------------------------------------------------------
// Status line and alerts.

let alertAction = null;

/** Shows `message` in the alert bar, with an optional button {label, run}. */
function showAlert(message, action = null) {
  ui.alertText.textContent = message;
  alertAction = action;
  ui.alertAction.hidden = !action;
  ui.alertAction.textContent = action ? action.label : '';
  ui.alert.hidden = false;
}
function hideAlert() {
  ui.alert.hidden = true;
  alertAction = null;
}
$('alert-close').addEventListener('click', hideAlert);
ui.alertAction.addEventListener('click', () => {
  const a = alertAction;
  hideAlert();
  a?.run();
});

function setSaveStatus(result) {
  const wasOk = state.lastSaveOk;
  state.lastSaveOk = result.ok;
  if (result.ok) {
    ui.saveStatus.textContent = 'Saved in this browser';
    ui.saveStatus.classList.remove('is-error');
    return;
  }
  const big = state.text.length > 1_000_000 && /full/.test(result.error);
  const why = big ? `this article (${state.text.length.toLocaleString('en')} characters) is too big for this browser’s storage` : result.error;
  const kept = result.keptCorrections ? ' Your corrections are saved without the article: paste it again to get them back.' : '';
  ui.saveStatus.textContent = `Not saved: ${why}.${kept} Use Export JSON to keep your work.`;
  ui.saveStatus.classList.add('is-error');
  // Say it out loud once, when saving stops working; the status line keeps saying it.
  if (wasOk !== false) showAlert(`Your work is not being saved in this browser: ${why}.${kept} Use Export JSON to keep it.`);
}

function knownTooBig() {
  return state.text.length > SAVE_AT_ONCE_UNITS && state.text.length >= state.tooBigAt;
}

function persist() {
  clearTimeout(state.saveTimer);
  state.saveTimer = 0;
  if (!state.storage) {
    setSaveStatus({ ok: false, error: state.storageProblem, keptCorrections: false });
    return;
  }
  const r = saveState(state.storage, { text: state.text, corrections: store.list }, { knownTooBig: knownTooBig() });
  // Remember the size of a long article that did not fit, so as not to try again in vain
  // (for 10 MB that costs half a second); short ones are cheap to retry.
  if (r.quota && state.text.length > SAVE_AT_ONCE_UNITS) state.tooBigAt = Math.min(state.tooBigAt, state.text.length);
  setSaveStatus(r);
}

/** Saves now for a short text; a long one at most once a second while typing. */
function persistText() {
  if (state.text.length <= SAVE_AT_ONCE_UNITS) {
    persist();
    return;
  }
  if (!state.saveTimer) state.saveTimer = setTimeout(persist, SAVE_DELAY_MS);
}

function flushSave() {
  if (state.saveTimer) persist();
}

function updateBusy() {
  const busy = state.debounce !== 0 || client.busy || state.drawing !== null;
  ui.html.dataset.annotator = state.fatal ? 'failed' : !client.ready ? 'loading' : busy ? 'busy' : 'idle';
  if (busy && !state.busySince) state.busySince = performance.now();
  if (!busy) state.busySince = 0;
  updateProgress();
  if (busy && !state.progressTimer) state.progressTimer = setInterval(updateProgress, 250);
  if (!busy && state.progressTimer) {
    clearInterval(state.progressTimer);
    state.progressTimer = 0;
  }
}

/**
 * The progress bar: how long the annotator has been at it (it reports no fraction), then how
 * much of the text is drawn. Hidden for work that ends quickly.
 */
function updateProgress() {
  const working = client.working;
  const now = performance.now();
  let text = '';
  let fraction = null;
  if (state.drawing) {
    fraction = state.drawing.fraction;
    text = `${state.drawing.plain ? 'Showing the text' : 'Drawing the highlights'}… ${Math.floor(fraction * 100)}%`;
  } else if (working) {
    const s = Math.floor((now - working.sentAt) / 1000);
    text = `Annotating ${working.length.toLocaleString('en')} characters in the background… ${s} s`;
  } else if (state.busySince && !client.ready && !state.fatal) {
    text = 'Starting the annotator…';
  } else if (state.busySince) {
    text = 'Waiting for you to stop typing…';
  }
  const show = !!text && !!state.busySince && now - state.busySince >= PROGRESS_AFTER_MS;
  if (ui.progress.hidden === show) ui.progress.hidden = !show;
  if (ui.reading.classList.contains('is-updating') !== (show && !state.drawing)) ui.reading.classList.toggle('is-updating', show && !state.drawing);
  if (!show) return;
  // Touch the DOM only for a change: with a huge text box, every layout costs.
  if (ui.progressText.textContent !== text) ui.progressText.textContent = text;
  if (fraction === null) {
    if (ui.progressBar.hasAttribute('value')) ui.progressBar.removeAttribute('value');
  } else if (ui.progressBar.value !== fraction) ui.progressBar.value = fraction;
}

// ---------------------------------------------------------------------------------------
// The annotator.

const startWorker = () => new Worker(new URL('../lib/worker.js', import.meta.url), { type: 'module', name: 'newsmark-annotator' });
const client = new AnnotatorClient(startWorker, {
  onReady(info) {
    state.info = info;
    // The bar starts at the model's threshold: nothing under it is ever reported.
    const floor = Math.round((info.claimThreshold ?? 0) * 100);
    if (Number.isFinite(floor) && floor > 0 && floor < 100) {
      ui.claimMin.min = String(floor);
      if (Number(ui.claimMin.value) < floor) ui.claimMin.value = String(floor);
      ui.claimMinOut.textContent = `${ui.claimMin.value}%`;
    }
    updateBusy();
  },
  onResult(result) {
    state.crash = null;
    render(result);
  },
  onError(message) {
    showAlert(`The corrections could not be applied: ${message}`);
  },
  onCrash(info) {
    // The worker was replaced. Show the text without highlights and keep everything else:
    // the text box, the corrections (saved already) and the undo history are untouched.
    state.crash = info;
    const n = info.corrections ? info.corrections.length : store.list.length;
    const kept = `Your text and your ${n} correction${n === 1 ? '' : 's'} are kept.`;
    const what =
      info.reason === 'timeout'
        ? `The annotator stopped answering on this text (${info.message}) and was restarted.`
        : `The annotator crashed on this text (${info.message}) and was restarted.`;
    showAlert(
      `${what} ${kept} Edit the text to try again.`,
      info.reason === 'timeout' && info.canRetry ? { label: 'Try again, waiting longer', run: () => client.retry() } : null,
    );
    if (info.text !== null) {
      render({ text: info.text, corrections: info.corrections, analysis: { annotations: [], entities: [], diagnostics: [] }, ms: 0, crashed: info });
    }
  },
  onFatal(message) {
    state.fatal = message;
    cancelReading(ui.reading);
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
  updateLimitNote();
  client.request(state.text, store.list);
  updateBusy();
}

/** Says at once, before any annotating, when a text is over the annotator's limit. */
function updateLimitNote() {
  const over = state.text.length > MAX_TEXT_BYTES / 3 && utf8Length(state.text) > MAX_TEXT_BYTES;
  ui.limitNote.hidden = !over;
  ui.limitNote.dataset.code = 'text_too_long';
  if (over) {
    const mb = (utf8Length(state.text) / 1048576).toFixed(1);
    ui.limitNote.textContent = `This text is ${mb} MB. newsmark annotates the first ${MAX_TEXT_BYTES / 1048576} MB of a text; the rest is shown without highlights.`;
  }
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
else if (loaded.state && loaded.state.textDropped) {
  const n = loaded.state.corrections.length;
  showAlert(
    `The article (${loaded.state.textDropped.toLocaleString('en')} characters) was too big to keep in this browser; ` +
      `your ${n} correction${n === 1 ? ' was' : 's were'} kept. Paste the same article again to get ${n === 1 ? 'it' : 'them'} back.`,
  );
}
const store = new CorrectionStore(loaded.state ? loaded.state.corrections : []);
const DEFAULT_PLACEHOLDER = ui.input.placeholder;
showArticle(loaded.state ? loaded.state.text : '');

store.subscribe((list, reason) => {
  persist();
  updateHistoryButtons();
  if (reason !== 'reset') requestNow();
});

/** Makes `text` the article: in the text box, or, when too long for it, beside it. */
function showArticle(text) {
  state.text = text;
  const large = text.length > LARGE_TEXT_UNITS;
  state.large = large;
  ui.input.readOnly = large;
  ui.input.value = large ? '' : text;
  ui.input.placeholder = large ? 'Paste here to replace the article.' : DEFAULT_PLACEHOLDER;
  ui.largeNote.hidden = !large;
  if (large) {
    ui.largeText.textContent = `This article has ${text.length.toLocaleString('en')} characters: too long to edit in a text box, so it is shown in the reading view only. Paste here to replace it.`;
    // Show it at once, without highlights: annotating it takes a while.
    render({ text, corrections: store.list, analysis: { annotations: [], entities: [], diagnostics: [] }, ms: 0, pending: true });
  }
  updateCharCount();
}

ui.input.addEventListener('input', () => {
  if (state.large || ui.input.value.length > LARGE_TEXT_UNITS) showArticle(ui.input.value);
  else state.text = ui.input.value;
  updateCharCount();
  persistText();
  requestSoon();
});

// A paste that would make the text box hold a long article skips the text box (see
// LARGE_TEXT_UNITS). Line ends become LF, as the text box would make them.
ui.input.addEventListener('paste', (ev) => {
  const pasted = ev.clipboardData ? ev.clipboardData.getData('text/plain') : '';
  const { selectionStart: s, selectionEnd: e, value } = ui.input;
  if (!state.large && value.length - (e - s) + pasted.length <= LARGE_TEXT_UNITS) return; // the browser pastes
  ev.preventDefault();
  const before = state.text;
  const text = state.large ? pasted.replace(/\r\n?/g, '\n') : value.slice(0, s) + pasted.replace(/\r\n?/g, '\n') + value.slice(e);
  replaceArticle(text, before);
});

ui.clearLarge.addEventListener('click', () => replaceArticle('', state.text));

/** Replaces the article outside the text box's own undo; the alert offers to undo it. */
function replaceArticle(text, before) {
  showArticle(text);
  persistText();
  requestNow();
  if (before && before !== text) {
    showAlert(`The ${before.length.toLocaleString('en')}-character article was replaced.`, { label: 'Undo', run: () => replaceArticle(before, state.text) });
  }
}

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
  cancelReading(ui.reading);
  const p = document.createElement('p');
  p.className = 'placeholder';
  p.textContent = 'Paste or type an article in the left pane. People, organizations, quotes and claims will be highlighted here.';
  ui.reading.replaceChildren(p);
}

function render(result) {
  const hadFocus = ui.reading.contains(document.activeElement) || state.refocus;
  state.refocus = false;
  state.rendered = result;
  const { text, analysis } = result;
  const counts = layerCounts(analysis, state.minClaimScore);
  for (const k of KINDS) document.querySelector(`[data-count="${k}"]`).textContent = String(counts[k]);
  renderNotes(analysis, result.crashed);
  const notFound = new Set(analysis.diagnostics.filter((d) => d.code === 'correction_not_found').map((d) => d.correction));
  renderPanel(document, analysis, result.corrections, { lit: state.lit && state.lit.key, claimThreshold: state.info && state.info.claimThreshold, minClaimScore: state.minClaimScore, notFound, pending: !!result.pending });
  ui.exportBtn.disabled = !!(result.crashed || result.pending);
  ui.exportCsvBtn.disabled = !!(result.crashed || result.pending);

  if (!text.trim()) {
    renderEmpty();
    finishRender(result, hadFocus);
    return;
  }
  state.drawing?.cancel();
  const drawing = renderReading(ui.reading, text, analysis, {
    hidden: state.hidden,
    minClaimScore: state.minClaimScore,
    onProgress(fraction) {
      if (state.drawing && state.drawing.handle === drawing) state.drawing.fraction = fraction;
    },
  });
  if (drawing.stretches <= 1) {
    state.drawing = null;
    finishRender(result, hadFocus);
    return;
  }
  state.drawing = { handle: drawing, cancel: drawing.cancel, fraction: 0, plain: !!result.pending };
  updateBusy();
  drawing.done.then((complete) => {
    if (!complete || state.drawing?.handle !== drawing) return;
    state.drawing = null;
    finishRender(result, hadFocus);
    updateBusy();
  });
}

/** What follows drawing: focus, lighting, the status line, the menu. */
function finishRender(result, hadFocus) {
  if (state.rendered !== result) return;
  const { text, analysis } = result;
  applyLit(false);
  setupRovingFocus(hadFocus);

  const n = analysis.annotations.length;
  ui.status.classList.toggle('is-error', !!result.crashed);
  if (result.pending) {
    ui.status.textContent = `Annotating ${text.length.toLocaleString('en')} characters…`;
  } else if (result.crashed) {
    ui.status.textContent = `No highlights: the annotator ${result.crashed.reason === 'timeout' ? 'stopped answering' : 'crashed'} on this text and was restarted.`;
  } else {
    ui.status.textContent = text.trim()
      ? `${n.toLocaleString('en')} tag${n === 1 ? '' : 's'} in ${text.length.toLocaleString('en')} characters · annotated in ${Math.max(1, Math.round(result.ms)).toLocaleString('en')} ms` +
        (state.info ? ` · newsmark ${state.info.version}` : '')
      : 'Waiting for an article.';
  }

  // The menu refers to annotations of the previous analysis: reopen it on the same one.
  if (!ui.menu.hidden) {
    const i = state.menuAnn ? findAnnotation(analysis.annotations, annotationKey(state.menuAnn)) : -1;
    const mark = i >= 0 ? ui.reading.querySelector(`mark[data-ann="${i}"]`) : null;
    if (mark) {
      openMenu(mark, { focus: false });
      if (state.menuFocus) ui.menu.querySelector(state.menuFocus)?.focus();
    } else closeMenu({ restoreFocus: false });
    state.menuFocus = null;
  }
}

function renderNotes(analysis, crashed) {
  const notes = analysis.diagnostics.filter((d) => d.code !== 'empty_text' && !(d.code === 'text_truncated' && !ui.limitNote.hidden));
  if (crashed) {
    notes.unshift({
      code: crashed.reason === 'timeout' ? 'annotator_timeout' : 'annotator_crashed',
      message:
        crashed.reason === 'timeout'
          ? `No highlights: the annotator stopped answering on this text (${crashed.message}). It was restarted; edit the text to try again.`
          : `No highlights: the annotator crashed on this text (${crashed.message}). It was restarted; edit the text to try again.`,
      correction: null,
    });
  }
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

ui.claimMin.addEventListener('input', () => {
  const v = Number(ui.claimMin.value);
  ui.claimMinOut.textContent = `${v}%`;
  // At the floor the bar is the model's own threshold: every reported claim shows.
  state.minClaimScore = v <= Number(ui.claimMin.min) ? 0 : v / 100;
  if (state.rendered) render(state.rendered);
});

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
  const dismiss = ev.target.closest('[data-dismiss]');
  if (dismiss && state.rendered) {
    const a = state.rendered.analysis.annotations[Number(dismiss.dataset.dismiss)];
    if (a && a.kind === 'claim') store.push(removeTag(state.rendered.text, a));
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
    const i = findAnnotation(state.rendered.analysis.annotations, state.focusKey);
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
  if (a) state.focusKey = annotationKey(a);
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
  fillMenu(ui.menu, analysis, anns, state.rendered.text);
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
      state.focusKey = annotationKey({ kind: a.kind, start: to.start, end: to.end });
      state.menuAnn = { kind: a.kind, start: to.start, end: to.end };
      state.menuFocus = `[data-action=edge][data-edge=${b.dataset.edge}][data-dir="${b.dataset.dir}"]`;
      store.push(moveTag(text, a, to.start, to.end));
      return;
    }
    default:
  }
});

ui.menu.addEventListener('submit', (ev) => {
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
  const next = analysis.annotations.find((x) => x.start >= a.start && annotationKey(x) !== annotationKey(a) && !state.hidden.has(x.kind));
  state.focusKey = next ? annotationKey(next) : null;
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
  state.focusKey = annotationKey({ kind, start: sel.start, end: sel.end });
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
// Export (JSON, CSV) and import.

function download(name, type, body) {
  const blob = new Blob([body], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

ui.exportBtn.addEventListener('click', () => {
  const r = state.rendered;
  if (!r || r.crashed) return;
  const data = buildExport({ text: r.text, analysis: r.analysis, corrections: r.corrections, generator: state.info ? { version: state.info.version } : {} });
  download(exportFileName(r.text), 'application/json', `${JSON.stringify(data, null, 2)}\n`);
  ui.status.textContent = `Exported ${data.annotations.length} tags and ${data.corrections.length} correction${data.corrections.length === 1 ? '' : 's'} (offsets in code points).`;
});

ui.exportCsvBtn.addEventListener('click', () => {
  const r = state.rendered;
  if (!r || r.crashed) return;
  download(exportFileName(r.text).replace(/\.json$/, '.csv'), 'text/csv;charset=utf-8', buildCsv({ text: r.text, analysis: r.analysis }));
  const n = r.analysis.annotations.length;
  ui.status.textContent = `Exported ${n} tag${n === 1 ? '' : 's'} as CSV (offsets in code points).`;
});

ui.importBtn.addEventListener('click', () => ui.importFile.click());

ui.importFile.addEventListener('change', async () => {
  const file = ui.importFile.files && ui.importFile.files[0];
  ui.importFile.value = '';
  if (!file) return;
  const refuse = (why) => showAlert(`“${snippet(file.name, 60)}” was not imported: ${why}. Nothing was changed.`);
  if (file.size > IMPORT_MAX_BYTES) {
    refuse(`the file is larger than ${IMPORT_MAX_BYTES / 1048576} MB`);
    return;
  }
  let imported;
  try {
    imported = parseImport(await file.text());
  } catch (e) {
    refuse(e instanceof ImportError ? e.message : `the file could not be read (${e && e.message ? e.message : e})`);
    return;
  }
  const before = { text: state.text, corrections: store.list };
  replaceWork(imported.text, imported.corrections);
  const n = imported.corrections.length;
  showAlert(`Imported “${snippet(file.name, 60)}”: ${imported.text.length.toLocaleString('en')} characters and ${n} correction${n === 1 ? '' : 's'}.`, {
    label: 'Undo import',
    run: () => replaceWork(before.text, before.corrections),
  });
});

/** Replaces the article and the corrections (import, undo import); saves at once. */
function replaceWork(text, corrections) {
  showArticle(text);
  store.reset(corrections); // saves (see store.subscribe)
  requestNow();
}

// Last chance to save (each correction is saved already; a long text is saved a second after
// typing stops).
window.addEventListener('pagehide', () => {
  if (state.storage) saveState(state.storage, { text: state.text, corrections: store.list }, { knownTooBig: knownTooBig() });
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') flushSave();
});
