// What the browser entry (index.js) and the Node entry (node.js) share: the error type, the
// checks on a request, and the DOM-free helpers a CMS needs around an annotator (correction
// builders, the side-panel lists). No DOM, no worker, no wasm here.

import { validateCorrections, validateLexicon } from './lib/corrections.js';

export {
  KINDS,
  CONTEXT_CHARS,
  makeAnchor,
  addTag,
  removeTag,
  changeKind,
  setSpeaker,
  moveTag,
  mergeEntities,
  splitEntity,
  correctionProblem,
  validateCorrections,
  describeCorrection,
  CorrectionStore,
} from './lib/corrections.js';
export { entityList, voiceList, claimList, layerCounts, claimShown } from './lib/summary.js';
export { annotationKey, findAnnotation } from './lib/annotation-key.js';
export { utf16ToCodePointMapper, codePointToUtf16Mapper } from './lib/offsets.js';

/**
 * Every error the annotator itself raises (bad arguments are TypeErrors). `code` says which:
 * 'disposed' and 'aborted' (their `name` is 'AbortError'), 'crashed' (a wasm trap or the
 * worker died), 'timeout' (no answer in time; the worker was replaced), 'load_failed' (the
 * wasm module could not be loaded), 'annotate_failed' (the core refused the request).
 */
export class NewsmarkError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = code === 'disposed' || code === 'aborted' ? 'AbortError' : 'NewsmarkError';
    this.code = code;
  }
}

/** The error a call rejects with when `signal` aborts it: the signal's reason, as fetch does. */
export function abortReason(signal) {
  return signal.reason ?? new NewsmarkError('aborted', 'the annotation was aborted');
}

export function disposedError() {
  return new NewsmarkError('disposed', 'this annotator was disposed; create a new one with createAnnotator()');
}

/**
 * Checks the arguments of `annotate(text, options)`; throws a TypeError naming the problem.
 * Returns the corrections as a plain array (frozen lists from a CorrectionStore are fine).
 */
export function checkRequest(text, options) {
  if (typeof text !== 'string') throw new TypeError(`annotate(text): text must be a string, not ${text === null ? 'null' : typeof text}`);
  if (options !== undefined && (options === null || typeof options !== 'object')) throw new TypeError('annotate(text, options): options must be an object');
  const corrections = options?.corrections ?? [];
  validateCorrections(corrections);
  const signal = options?.signal ?? null;
  if (signal !== null && (typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) {
    throw new TypeError('annotate(text, options): options.signal must be an AbortSignal');
  }
  return { corrections: [...corrections], signal, lexicon: checkLexicon(options?.lexicon) };
}

/**
 * `options.lexicon`: the reader's lexicon, as entries `[{name, kind}]` (`kind` person, org or
 * none) or as the page exports it (`{newsmark: 'lexicon', version: 1, entries}`); null when
 * absent or empty. A malformed one is a TypeError saying why.
 */
function checkLexicon(lx) {
  if (lx === undefined || lx === null) return null;
  try {
    const entries = validateLexicon(Array.isArray(lx) ? { version: 1, entries: lx } : lx);
    return entries.length ? entries : null;
  } catch (e) {
    throw new TypeError(`annotate(text, options): options.lexicon: ${e.message}`);
  }
}

/** A lexicon as the wasm takes it: lines of `kind<TAB>name`. */
export const lexiconLines = (lx) => (lx?.length ? lx.map((e) => `${e.kind}\t${e.name}`).join('\n') : null);
