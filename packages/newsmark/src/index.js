// newsmark in the browser: the annotator runs in a module Web Worker (lib/worker.js, the
// page's own worker), so annotating never blocks the page. Bundlers (vite, webpack) see the
// `new Worker(new URL(...))` and `new URL('...wasm', import.meta.url)` below and emit both
// files; a plain <script type="module"> loads them next to this file.
//
// Calls are answered in order, each with its own result (FIFO, one at a time in the worker).
// An AbortSignal removes a queued call, or stops the one running by replacing the worker.

import { defaultTimeoutMs, START_TIMEOUT_MS } from './lib/client.js';
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

class WorkerAnnotator {
  #spawn;
  #worker = null;
  #isReady = false;
  #everReady = false;
  #queue = [];
  #inFlight = null;
  #nextId = 1;
  #disposed = false;
  #fatal = null;
  #timeoutMs;
  #startTimeoutMs;
  #startTimer = 0;
  #watchdog = 0;
  #settleReady;

  constructor(options) {
    this.#spawn = typeof options.worker === 'function' ? options.worker : defaultWorker;
    const t = options.timeoutMs;
    this.#timeoutMs = typeof t === 'function' ? t : typeof t === 'number' ? () => t : defaultTimeoutMs;
    this.#startTimeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
    /** Facts from the worker once ready: {version, claimThreshold, worker: true, memory}. */
    this.info = null;
    /** Workers started after the first (crashes, timeouts, aborted calls). */
    this.restarts = 0;
    this.ready = new Promise((resolve, reject) => {
      this.#settleReady = { resolve, reject };
    });
    this.ready.catch(() => {}); // reported through annotate() and ready, never unhandled
    this.#start();
  }

  get version() {
    return this.info ? this.info.version : null;
  }

  get claimThreshold() {
    return this.info ? this.info.claimThreshold : null;
  }

  get disposed() {
    return this.#disposed;
  }

  /** The Worker in use (tests and debugging), or null once disposed. */
  get worker() {
    return this.#worker;
  }

  annotate(text, options) {
    return new Promise((resolve, reject) => {
      if (this.#disposed) throw disposedError();
      if (this.#fatal) throw this.#fatal;
      const { corrections, signal } = checkRequest(text, options);
      if (signal?.aborted) throw abortReason(signal);
      const req = { id: this.#nextId++, text, corrections, resolve, reject, parts: [], signal, onAbort: null };
      if (signal) {
        req.onAbort = () => this.#abort(req);
        signal.addEventListener('abort', req.onAbort, { once: true });
      }
      this.#queue.push(req);
      this.#pump();
    });
  }

  /** Terminates the worker; pending calls reject with an AbortError (code 'disposed'). Safe to call again. */
  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#stopWorker();
    const err = disposedError();
    this.#failAll(err);
    if (!this.#everReady) this.#settleReady.reject(err);
  }

  // ---------------------------------------------------------------------------------------

  #start() {
    let worker;
    try {
      worker = this.#spawn();
    } catch (e) {
      this.#die(new NewsmarkError('load_failed', `the annotator's worker could not start: ${e && e.message ? e.message : e}`, { cause: e }));
      return;
    }
    this.#worker = worker;
    this.#isReady = false;
    const t0 = performance.now();
    worker.addEventListener('message', (ev) => {
      if (worker === this.#worker) this.#onMessage(ev.data, t0);
    });
    worker.addEventListener('error', (ev) => {
      ev.preventDefault?.();
      if (worker !== this.#worker) return;
      const why = ev.message || 'the worker script failed to load';
      if (!this.#isReady) this.#die(new NewsmarkError('load_failed', `the annotator could not start: ${why}`));
      else this.#crashed(new NewsmarkError('crashed', `the annotator's worker stopped: ${why}`));
    });
    worker.addEventListener('messageerror', () => {
      if (worker === this.#worker) this.#crashed(new NewsmarkError('crashed', 'the annotator sent a message that could not be read'));
    });
    this.#startTimer = setTimeout(() => {
      if (worker === this.#worker && !this.#isReady) this.#die(new NewsmarkError('load_failed', `the annotator did not start within ${Math.round(this.#startTimeoutMs / 1000)} s`));
    }, this.#startTimeoutMs);
  }

  #stopWorker() {
    clearTimeout(this.#startTimer);
    clearTimeout(this.#watchdog);
    this.#startTimer = 0;
    this.#watchdog = 0;
    if (this.#worker) {
      try {
        this.#worker.terminate();
      } catch {
        // already gone
      }
    }
    this.#worker = null;
    this.#isReady = false;
  }

  #restart() {
    this.#stopWorker();
    this.restarts++;
    this.#start();
  }

  #pump() {
    if (!this.#isReady || this.#inFlight || this.#disposed || this.#fatal) return;
    const req = this.#queue.shift();
    if (!req) return;
    this.#inFlight = req;
    const ms = this.#timeoutMs(req.text.length);
    this.#worker.postMessage({ type: 'annotate', id: req.id, text: req.text, corrections: req.corrections });
    this.#watchdog = setTimeout(() => {
      if (this.#inFlight === req) this.#crashed(new NewsmarkError('timeout', `the annotator gave no answer within ${Math.round(ms / 1000)} s; its worker was replaced`));
    }, ms);
  }

  #settle(req, ok, value) {
    if (req.signal && req.onAbort) req.signal.removeEventListener('abort', req.onAbort);
    if (ok) req.resolve(value);
    else req.reject(value);
  }

  #onMessage(msg, t0) {
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'ready') {
      clearTimeout(this.#startTimer);
      this.#isReady = true;
      this.info = { version: msg.version, claimThreshold: msg.claimThreshold, worker: true, memory: msg.memory ?? null, startupMs: performance.now() - t0 };
      if (!this.#everReady) {
        this.#everReady = true;
        this.#settleReady.resolve(this);
      }
      this.#pump();
      return;
    }
    if (msg.type === 'fatal') {
      const err = new NewsmarkError('load_failed', msg.message);
      if (this.#isReady) this.#crashed(err);
      else this.#die(err);
      return;
    }
    const req = this.#inFlight;
    if (!req || req.id !== msg.id) return;
    if (msg.type === 'part') {
      req.parts.push(msg.annotations);
      return;
    }
    if (msg.type === 'crashed') {
      this.#crashed(new NewsmarkError('crashed', `the annotator crashed: ${msg.message}`));
      return;
    }
    if (msg.type !== 'result' && msg.type !== 'error') return;
    clearTimeout(this.#watchdog);
    this.#watchdog = 0;
    this.#inFlight = null;
    if (msg.type === 'result') {
      const analysis = msg.analysis;
      if (req.parts.length) analysis.annotations = req.parts.flat().concat(analysis.annotations);
      this.#settle(req, true, analysis);
    } else {
      this.#settle(req, false, new NewsmarkError('annotate_failed', msg.message));
    }
    this.#pump();
  }

  /** The call in flight failed with the worker (trap, hang): reject it, replace the worker, go on. */
  #crashed(err) {
    const req = this.#inFlight;
    this.#inFlight = null;
    if (req) this.#settle(req, false, err);
    this.#restart();
  }

  #abort(req) {
    const i = this.#queue.indexOf(req);
    if (i >= 0) {
      this.#queue.splice(i, 1);
      this.#settle(req, false, abortReason(req.signal));
      return;
    }
    if (this.#inFlight === req) {
      // The worker cannot be interrupted: replace it, so that the next call need not wait.
      this.#inFlight = null;
      this.#settle(req, false, abortReason(req.signal));
      this.#restart();
    }
  }

  #failAll(err) {
    const all = this.#inFlight ? [this.#inFlight, ...this.#queue] : [...this.#queue];
    this.#inFlight = null;
    this.#queue = [];
    for (const req of all) this.#settle(req, false, err);
  }

  /** The annotator cannot work (it never loaded): every call rejects from now on. */
  #die(err) {
    if (this.#fatal) return;
    this.#fatal = err;
    this.#stopWorker();
    this.#failAll(err);
    if (!this.#everReady) this.#settleReady.reject(err);
  }
}
