// newsmark in Node (>= 20): the wasm bytes are read from the installed package and run in
// this thread (see direct.js). Same API as the browser entry, without workers.

import { readFile } from 'node:fs/promises';
import { createDirect } from './direct.js';
import { NewsmarkError, disposedError } from './shared.js';

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
  const loading = createAnnotator(options);
  let inner = null;
  let disposed = false;
  const handle = {
    info: null,
    get version() {
      return inner ? inner.version : null;
    },
    get claimThreshold() {
      return inner ? inner.claimThreshold : null;
    },
    get disposed() {
      return disposed;
    },
    async annotate(text, opts) {
      if (disposed) throw disposedError();
      const a = await loading;
      if (disposed) throw disposedError();
      return a.annotate(text, opts);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      inner?.dispose();
    },
  };
  handle.ready = loading.then((a) => {
    inner = a;
    handle.info = a.info;
    if (disposed) {
      a.dispose();
      throw disposedError();
    }
    return handle;
  });
  handle.ready.catch(() => {}); // reported through annotate() and ready, never unhandled
  return handle;
}
