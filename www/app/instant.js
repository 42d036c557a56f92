// Edits show at once: a correction (or an undo/redo) is drawn in the next frame from the
// analysis already shown, while the annotator re-reads the text in its worker; its answer
// then replaces what was drawn (lib/highlight.js redraws only the stretches that differ).
// A new correction is previewed by lib/preview.js; undo and redo go back to an analysis this
// page showed before for the same text and corrections (the store's lists are frozen and
// reused, so the list itself is the key).

import { previewCorrections } from '../lib/preview.js';
import { state } from './state.js';

/** Analyses kept for undo and redo, and the longest text they are kept for. */
const CACHE_SIZE = 16;
const CACHE_MAX_UNITS = 1_000_000;

let cacheText = null;
const cache = new Map(); // corrections list (frozen, from the store) → analysis of cacheText

/** Keeps the annotator's answer for `result.corrections`, for a later undo or redo. */
export function rememberResult(result) {
  if (result.pending || result.crashed || result.preview) return;
  if (result.text !== cacheText) {
    cache.clear();
    cacheText = result.text;
  }
  if (result.text.length > CACHE_MAX_UNITS) return;
  cache.delete(result.corrections);
  cache.set(result.corrections, result.analysis);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
}

/**
 * Draws the article with corrections `list` now, when that can be known without the
 * annotator: `render` gets a result marked `preview`. False when it cannot (the text
 * changed, the shown analysis is a stand-in, or an edit the page cannot preview).
 */
export function showInstantly(list, render) {
  const r = state.rendered;
  if (!r || r.pending || r.crashed || r.text !== state.text || r.corrections === list) return false;
  let analysis = cacheText === r.text ? cache.get(list) : undefined;
  if (!analysis) {
    const prev = r.corrections ?? [];
    if (list.length <= prev.length || !prev.every((c, i) => list[i] === c)) return false;
    analysis = previewCorrections(r.text, r.analysis, list.slice(prev.length));
  }
  if (!analysis) return false;
  render({ text: r.text, corrections: list, analysis, ms: r.ms, preview: true });
  return true;
}
