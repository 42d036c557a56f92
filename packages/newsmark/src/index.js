// newsmark in the browser: the annotator runs in a module Web Worker (lib/worker.js, the
// page's own worker), so annotating never blocks the page. Bundlers (vite, webpack) see the
// `new Worker(new URL(...))` and `new URL('...wasm', import.meta.url)` below and emit both
// files; a plain <script type="module"> loads them next to this file.
//
// Calls are answered in order, each with its own result (FIFO, one at a time in the worker).
// An AbortSignal removes a queued call, or stops the one running by replacing the worker.
// The worker protocol (ids, parts, watchdogs, restarts) is the page's own client
// (lib/client.js) in its 'queue' mode; this file turns its answers into promises.

import { AnnotatorClient, defaultTimeoutMs, START_TIMEOUT_MS } from './lib/client.js';
import { NewsmarkError, abortReason, checkRequest, disposedError } from './shared.js';
import { pendingHandle } from './pending.js';

export * from './shared.js';
export { defaultTimeoutMs };

function defaultWorker() {
  return new Worker(new URL('./lib/worker.js', import.meta.url), { type: 'module' });
}

/**
 * Loads the annotator and resolves once it is ready. `options.worker`: false to run the wasm
 * in this thread (no worker), or a function returning a Worker running `newsmark/worker.js`
 * (for a CSP or a build setup that needs its own URL). `options.wasm`: in-thread only,
 * where the wasm comes from (a URL, bytes or a Response). `options.timeoutMs`: per call, a
 * number or a function of the text's length (default 8 s + 50 s per million UTF-16 units).
 */
export async function createAnnotator(options = {}) {
  const a = openAnnotator(options);
  try {
    await a.ready;
  } catch (e) {
    a.dispose();
    throw e;
  }
  return a;
}

/** The annotator at once, before it is ready: calls made before then are queued. */
export function openAnnotator(options = {}) {
  if (options === null || typeof options !== 'object') throw new TypeError('createAnnotator(options): options must be an object');
  if (options.worker === false || (options.worker === undefined && typeof Worker === 'undefined')) {
    return inThread(options);
  }
  return new WorkerAnnotator(options);
}

function inThread(options) {
  return pendingHandle(import('./direct.js').then(({ createDirect }) => createDirect(options.wasm ?? new URL('./pkg/newsmark_wasm_bg.wasm', import.meta.url))));
}

/** The NewsmarkError for a call whose worker crashed or hung (`info`: the client's onCrash). */
function crashError(info) {
  if (info.reason === 'timeout') {
    return new NewsmarkError('timeout', `the annotator gave no answer within ${Math.round(info.timeoutMs / 1000)} s; its worker was replaced`);
  }
  switch (info.source) {
    case 'trap':
      return new NewsmarkError('crashed', `the annotator crashed: ${info.detail}`);
    case 'error':
      return new NewsmarkError('crashed', `the annotator's worker stopped: ${info.detail || 'the worker script failed to load'}`);
    case 'fatal':
      return new NewsmarkError('load_failed', info.detail);
    default:
      return new NewsmarkError('crashed', info.message);
  }
}

class WorkerAnnotator {
  #client;
  #pending = new Map(); // request id -> {resolve, reject, signal, onAbort}
  #disposed = false;
  #everReady = false;
  #fatal = null;
  #settleReady;
  #infoFrom = null;
  #info = null;

  constructor(options) {
    const spawn = typeof options.worker === 'function' ? options.worker : defaultWorker;
    const t = options.timeoutMs;
    this.ready = new Promise((resolve, reject) => {
      this.#settleReady = { resolve, reject };
    });
    this.ready.catch(() => {}); // reported through annotate() and ready, never unhandled
    this.#client = new AnnotatorClient(
      spawn,
      {
        onReady: () => {
          this.#everReady = true;
          this.#settleReady.resolve(this);
        },
        onResult: (r) => this.#settle(r.id, true, r.analysis),
        onError: (message, { id }) => this.#settle(id, false, new NewsmarkError('annotate_failed', message)),
        onCrash: (info) => {
          if (info.id !== null) this.#settle(info.id, false, crashError(info));
        },
        onFatal: (message, cause) => this.#die(new NewsmarkError('load_failed', message, cause === undefined ? undefined : { cause })),
      },
      {
        mode: 'queue',
        timeoutMs: typeof t === 'function' ? t : typeof t === 'number' ? () => t : defaultTimeoutMs,
        startTimeoutMs: options.startTimeoutMs ?? START_TIMEOUT_MS,
      },
    );
  }

  /** Facts from the worker once ready: {version, claimThreshold, worker: true, memory, startupMs}. */
  get info() {
    const from = this.#client.info;
    if (from !== this.#infoFrom) {
      this.#infoFrom = from;
      this.#info = from && { version: from.version, claimThreshold: from.claimThreshold, worker: true, memory: from.memory, startupMs: from.startupMs };
    }
    return this.#info;
  }

  get version() {
    return this.info ? this.info.version : null;
  }

  get claimThreshold() {
    return this.info ? this.info.claimThreshold : null;
  }

  /** Workers started after the first (crashes, timeouts, aborted calls). */
  get restarts() {
    return this.#client.restarts;
  }

  get disposed() {
    return this.#disposed;
  }

  /** The Worker in use (tests and debugging), or null once disposed. */
  get worker() {
    return this.#client.worker;
  }

  annotate(text, options) {
    return new Promise((resolve, reject) => {
      if (this.#disposed) throw disposedError();
      if (this.#fatal) throw this.#fatal;
      const { corrections, signal, lexicon } = checkRequest(text, options);
      if (signal?.aborted) throw abortReason(signal);
      const id = this.#client.request(text, corrections, { lexicon });
      const req = { resolve, reject, signal, onAbort: null };
      this.#pending.set(id, req);
      if (signal) {
        // A queued call is dropped; the running one is stopped by replacing the worker.
        req.onAbort = () => {
          if (this.#client.cancel(id)) this.#settle(id, false, abortReason(signal));
        };
        signal.addEventListener('abort', req.onAbort, { once: true });
      }
    });
  }

  /** Terminates the worker; pending calls reject with an AbortError (code 'disposed'). Safe to call again. */
  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#client.terminate();
    const err = disposedError();
    this.#failAll(err);
    if (!this.#everReady) this.#settleReady.reject(err);
  }

  // ---------------------------------------------------------------------------------------

  #settle(id, ok, value) {
    const req = this.#pending.get(id);
    if (!req) return;
    this.#pending.delete(id);
    if (req.signal && req.onAbort) req.signal.removeEventListener('abort', req.onAbort);
    if (ok) req.resolve(value);
    else req.reject(value);
  }

  #failAll(err) {
    for (const id of [...this.#pending.keys()]) this.#settle(id, false, err);
  }

  /** The annotator cannot work (it never loaded): every call rejects from now on. */
  #die(err) {
    if (this.#fatal) return;
    this.#fatal = err;
    this.#failAll(err);
    if (!this.#everReady) this.#settleReady.reject(err);
  }
}
