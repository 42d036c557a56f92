// The annotator in this thread: the wasm module instantiated here, no worker. What Node uses
// (node.js), and browsers without module workers (createAnnotator({worker: false})).
//
// The core runs synchronously, so each call gets its own result, in call order; an
// AbortSignal only helps before the call starts. A wasm trap (which the core is built never
// to cause) leaves the module unusable: that call and every later one reject with
// code 'crashed'.

import init, { Annotator as WasmAnnotator, version } from './pkg/newsmark_wasm.js';
import { NewsmarkError, abortReason, checkRequest, disposedError, lexiconLines } from './shared.js';

let crashed = null; // the module-wide trap, once there was one

function isTrap(e) {
  return (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) || e instanceof RangeError || (e && e.name === 'RuntimeError');
}

export class DirectAnnotator {
  #wasm;
  #disposed = false;

  constructor(wasmAnnotator, memory) {
    this.#wasm = wasmAnnotator;
    this.info = { version: version(), claimThreshold: wasmAnnotator.claimThreshold, worker: false, memory: memory?.buffer?.byteLength ?? null };
    this.ready = Promise.resolve(this);
  }

  get version() {
    return this.info.version;
  }

  get claimThreshold() {
    return this.info.claimThreshold;
  }

  get disposed() {
    return this.#disposed;
  }

  annotate(text, options) {
    return new Promise((resolve, reject) => {
      if (this.#disposed) throw disposedError();
      if (crashed) throw crashed;
      const { corrections, signal, lexicon } = checkRequest(text, options);
      if (signal?.aborted) throw abortReason(signal);
      try {
        resolve(corrections.length || lexicon ? this.#wasm.applyCorrections(text, corrections, lexiconLines(lexicon)) : this.#wasm.annotate(text));
      } catch (e) {
        if (isTrap(e)) {
          crashed = new NewsmarkError('crashed', `the annotator crashed: ${e.message}`, { cause: e });
          throw crashed;
        }
        throw new NewsmarkError('annotate_failed', e && e.message ? e.message : String(e), { cause: e });
      }
    });
  }

  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    try {
      this.#wasm.free();
    } catch {
      // a crashed module may not free; nothing else holds the handle
    }
    this.#wasm = null;
  }
}

/** Instantiates the module (once per realm) from `source` (bytes, a URL, a Response...). */
export async function createDirect(source) {
  let out;
  try {
    out = await init({ module_or_path: source });
  } catch (e) {
    throw new NewsmarkError('load_failed', `the annotator could not load: ${e && e.message ? e.message : e}`, { cause: e });
  }
  return new DirectAnnotator(new WasmAnnotator(), out.memory);
}
