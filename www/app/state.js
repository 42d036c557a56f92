// What the page's parts share (the state object), and keeping the work: saving to this
// browser's storage, restoring it at start, the corrections with their undo/redo history.

import { CorrectionStore, Lexicon } from '../lib/corrections.js';
import { loadLexicon, loadState, openLocalStorage, saveLexicon, saveState } from '../lib/storage.js';
import { showAlert, ui } from './ui.js';

/** Texts longer than this (UTF-16 units) are saved at most once a second while typing. */
const SAVE_AT_ONCE_UNITS = 200_000;
const SAVE_DELAY_MS = 1000;

/** The state that several of the page's modules read or write; each keeps the rest to itself. */
export const state = {
  text: '', // the article
  rendered: null, // {text, corrections, analysis, ms, pending?, crashed?}: what the reading view shows
  hidden: new Set(), // the layers (kinds) switched off
  selection: null, // {start, end, text, source: 'reading' | 'input', against: string}
  focusKey: null, // annotationKey() of the focused highlight, kept across renders
  refocus: false, // put the keyboard focus back in the reading view after the next render
  info: null, // the annotator's {version, claimThreshold, …} once it is ready
  drawing: null, // {handle, cancel, fraction, plain} while a long text is being drawn
  importing: false, // a file's tags are being added as corrections (the lexicon does not learn them)
};

/** The reader's corrections, with undo/redo; set by restore(). */
export let store = null;
/** What the corrections taught (lib/lexicon.js), for every article; set by restore(). */
export let lexicon = null;

let storage = null;
let storageProblem = null;
let saveTimer = 0;
let lastSaveOk = null;
let tooBigAt = Infinity; // the shortest article that did not fit in storage
let lexiconSaved = true;

/**
 * Opens this browser's storage and restores the saved work: makes `store` with the saved
 * corrections and returns the saved article (or ''). Problems are shown in the alert bar.
 */
export function restore() {
  const opened = openLocalStorage(window);
  storage = opened.storage;
  storageProblem = opened.error;
  if (opened.error) setSaveStatus({ ok: false, error: opened.error });
  const loaded = loadState(storage);
  if (loaded.problem) showAlert(`Your saved work could not be restored: ${loaded.problem}.`);
  else if (loaded.state && loaded.state.textDropped) {
    const n = loaded.state.corrections.length;
    showAlert(
      `The article (${loaded.state.textDropped.toLocaleString('en')} characters) was too big to keep in this browser; ` +
        `your ${n} correction${n === 1 ? ' was' : 's were'} kept. Paste the same article again to get ${n === 1 ? 'it' : 'them'} back.`,
    );
  }
  store = new CorrectionStore(loaded.state ? loaded.state.corrections : []);
  const lx = loadLexicon(storage);
  if (lx.problem) showAlert(`What your corrections taught could not be restored: ${lx.problem}.`);
  lexicon = new Lexicon(lx.entries, store.list);
  return loaded.state ? loaded.state.text : '';
}

/** Saves the lexicon; says so when it cannot. */
export function persistLexicon() {
  const error = storage ? saveLexicon(storage, lexicon) : storageProblem;
  // Said once, and not over the alert that says nothing is being saved.
  if (error && lexiconSaved && lastSaveOk !== false) showAlert(`What your corrections taught is not saved: ${error}. Use its Export to keep it.`);
  lexiconSaved = !error;
}

/** Called first by the store's subscriber: learn new corrections, unlearn undone ones. */
export function learnFrom(list, reason) {
  const changed = lexicon.follow(list, state.importing ? 'import' : reason);
  if (changed) persistLexicon();
  return changed;
}

function setSaveStatus(result) {
  const wasOk = lastSaveOk;
  lastSaveOk = result.ok;
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
  return state.text.length > SAVE_AT_ONCE_UNITS && state.text.length >= tooBigAt;
}

/** Saves the article and the corrections now. */
export function persist() {
  clearTimeout(saveTimer);
  saveTimer = 0;
  if (!storage) {
    setSaveStatus({ ok: false, error: storageProblem, keptCorrections: false });
    return;
  }
  const r = saveState(storage, { text: state.text, corrections: store.list }, { knownTooBig: knownTooBig() });
  // Remember the size of a long article that did not fit, so as not to try again in vain
  // (for 10 MB that costs half a second); short ones are cheap to retry.
  if (r.quota && state.text.length > SAVE_AT_ONCE_UNITS) tooBigAt = Math.min(tooBigAt, state.text.length);
  setSaveStatus(r);
}

/** Saves now for a short text; a long one at most once a second while typing. */
export function persistText() {
  if (state.text.length <= SAVE_AT_ONCE_UNITS) {
    persist();
    return;
  }
  if (!saveTimer) saveTimer = setTimeout(persist, SAVE_DELAY_MS);
}

function flushSave() {
  if (saveTimer) persist();
}

export function updateHistoryButtons() {
  ui.undo.disabled = !store.canUndo;
  ui.redo.disabled = !store.canRedo;
}

/** The Undo and Redo buttons (the keys are in keyboard.js). */
export function wireHistory() {
  ui.undo.addEventListener('click', () => store.undo());
  ui.redo.addEventListener('click', () => store.redo());
}

/**
 * Last chance to save (each correction is saved already; a long text is saved a second after
 * typing stops).
 */
export function wireSaving() {
  window.addEventListener('pagehide', () => {
    if (storage) saveState(storage, { text: state.text, corrections: store.list }, { knownTooBig: knownTooBig() });
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushSave();
  });
}
