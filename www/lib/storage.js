// Saving the article and the corrections in Web Storage. No DOM here; the caller passes a
// Storage-like object ({getItem, setItem, removeItem}) or null when storage is unavailable.
//
// Nothing is swallowed: every failure comes back as a result the caller must show. A saved
// state that does not parse or validate is moved aside (kept under another key, so nothing
// is lost) and reported, and the page starts empty instead of breaking.

import { validateCorrections, validateLexicon } from './corrections.js';

export const STATE_KEY = 'newsmark:state:v1';
export const CORRUPT_KEY_PREFIX = 'newsmark:state:v1:corrupt:';
export const LEXICON_KEY = 'newsmark:lexicon:v1';

/** A readable reason for a storage exception. */
export function describeStorageError(e) {
  const name = e && e.name;
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || (e && e.code === 22)) {
    return 'the browser storage for this page is full';
  }
  if (name === 'SecurityError') return 'browser storage is disabled for this page';
  return (e && e.message) || String(e);
}

/** Reads `window.localStorage`, which throws when storage is disabled. */
export function openLocalStorage(win) {
  try {
    const s = win.localStorage;
    if (!s) return { storage: null, error: 'browser storage is not available' };
    return { storage: s, error: null };
  } catch (e) {
    return { storage: null, error: describeStorageError(e) };
  }
}

/** Checks the shape of a parsed state; throws a TypeError saying what is wrong. */
export function validateState(v) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new TypeError('not an object');
  if (v.version !== 1) throw new TypeError(`unknown version ${JSON.stringify(v.version)}`);
  if (typeof v.text !== 'string') throw new TypeError('text is not a string');
  validateCorrections(v.corrections);
  if (v.textDropped !== undefined) {
    if (!Number.isSafeInteger(v.textDropped) || v.textDropped < 0) throw new TypeError('textDropped is not a length');
    return { text: v.text, corrections: v.corrections, textDropped: v.textDropped };
  }
  return { text: v.text, corrections: v.corrections };
}

/**
 * Loads the saved state.
 * @returns {{state: {text: string, corrections: object[]}|null, problem: string|null, setAsideKey: string|null}}
 *   `state` is null when nothing usable was saved; `problem` says why, when something was
 *   wrong; `setAsideKey` is where a corrupt state was kept.
 */
export function loadState(storage, { now = () => Date.now() } = {}) {
  if (!storage) return { state: null, problem: null, setAsideKey: null };
  let raw;
  try {
    raw = storage.getItem(STATE_KEY);
  } catch (e) {
    return { state: null, problem: `could not read the saved article: ${describeStorageError(e)}`, setAsideKey: null };
  }
  if (raw === null) return { state: null, problem: null, setAsideKey: null };
  try {
    return { state: validateState(JSON.parse(raw)), problem: null, setAsideKey: null };
  } catch (e) {
    const why = e instanceof SyntaxError ? 'it is not valid JSON' : e.message;
    const key = `${CORRUPT_KEY_PREFIX}${now()}`;
    try {
      storage.setItem(key, raw);
      storage.removeItem(STATE_KEY);
    } catch (e2) {
      // Leave the original where it is rather than lose it now; say so.
      return {
        state: null,
        problem: `the saved article could not be restored (${why}) and could not be set aside (${describeStorageError(e2)}); it stays under "${STATE_KEY}" until the next save replaces it`,
        setAsideKey: null,
      };
    }
    return { state: null, problem: `the saved article could not be restored (${why}); it was kept under "${key}"`, setAsideKey: key };
  }
}

function isQuotaError(e) {
  return !!e && (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22);
}

/**
 * Saves the state. Returns `{ok: true, error: null}` or `{ok: false, error, keptCorrections,
 * quota}`; never throws. When the article does not fit (`quota`), the corrections are still
 * saved, without the article (`textDropped` records its length): pasting the same article
 * again re-applies them, since each is anchored by its text and context. `keptCorrections`
 * says whether that worked. With `knownTooBig` (an article at least as long already did not
 * fit) the doomed attempt, which costs half a second for 10 MB, is skipped.
 */
export function saveState(storage, { text, corrections }, { knownTooBig = false } = {}) {
  if (!storage) return { ok: false, error: 'browser storage is not available', keptCorrections: false, quota: false };
  try {
    if (knownTooBig && text) throw new DOMException('the article did not fit before', 'QuotaExceededError');
    storage.setItem(STATE_KEY, JSON.stringify({ version: 1, text, corrections }));
    return { ok: true, error: null };
  } catch (e) {
    const error = describeStorageError(e);
    if (!isQuotaError(e) || !text) return { ok: false, error, keptCorrections: false, quota: isQuotaError(e) };
    try {
      storage.setItem(STATE_KEY, JSON.stringify({ version: 1, text: '', corrections, textDropped: text.length }));
      return { ok: false, error, keptCorrections: true, quota: true };
    } catch {
      return { ok: false, error, keptCorrections: false, quota: true };
    }
  }
}

/** The saved entries and a problem; a saved lexicon that does not read is set aside, not lost. */
export function loadLexicon(storage, now = Date.now) {
  let raw = null;
  try {
    raw = storage?.getItem(LEXICON_KEY) ?? null;
    return { entries: raw === null ? [] : validateLexicon(JSON.parse(raw)), problem: null };
  } catch (e) {
    if (raw === null) return { entries: [], problem: e.message };
    const key = `${LEXICON_KEY}:corrupt:${now()}`;
    try {
      storage.setItem(key, raw);
      storage.removeItem(LEXICON_KEY);
    } catch {
      return { entries: [], problem: `it does not read (${e.message}); it stays under "${LEXICON_KEY}"` };
    }
    return { entries: [], problem: `it does not read (${e.message}); it was kept under "${key}"` };
  }
}

/** Saves the lexicon; returns null or why it could not. */
export function saveLexicon(storage, lexicon) {
  try {
    storage.setItem(LEXICON_KEY, JSON.stringify(lexicon));
    return null;
  } catch (e) {
    return describeStorageError(e);
  }
}
