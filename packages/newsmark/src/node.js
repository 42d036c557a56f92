// newsmark in Node (>= 20): the wasm bytes are read from the installed package and run in
// this thread (see direct.js). Same API as the browser entry, without workers.

import { readFile } from 'node:fs/promises';
import { createDirect } from './direct.js';
import { NewsmarkError } from './shared.js';
import { pendingHandle } from './pending.js';

export * from './shared.js';

const WASM_URL = new URL('./pkg/newsmark_wasm_bg.wasm', import.meta.url);

/**
 * Loads the annotator. `options.wasm`: the module's bytes (or a WebAssembly.Module) when
 * they come from elsewhere; by default they are read from this package.
 */
export async function createAnnotator(options = {}) {
  if (options === null || typeof options !== 'object') throw new TypeError('createAnnotator(options): options must be an object');
  let source = options.wasm;
  if (source === undefined) {
    try {
      source = await readFile(WASM_URL);
    } catch (e) {
      throw new NewsmarkError('load_failed', `the annotator could not read ${WASM_URL.pathname}: ${e.message}`, { cause: e });
    }
  }
  return createDirect(source);
}

/**
 * The annotator at once, before it has loaded: calls made before then wait for it (they are
 * queued, in order); `ready` resolves when it has loaded, or rejects as createAnnotator would.
 */
export function openAnnotator(options = {}) {
  return pendingHandle(createAnnotator(options));
}
