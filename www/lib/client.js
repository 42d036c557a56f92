// Talking to the annotator in a Web Worker (see worker.js). No DOM here. The page, the
// extension's side panel and the npm package (packages/newsmark) all use this one client.
//
// At most one request is in flight. What happens to the others depends on the mode:
//   'latest' (the page's): while one runs, newer requests replace each other, and only the
//     newest is sent next; a result that a newer request has made stale is dropped and
//     never reaches the page. So typing never queues up work and never shows old results.
//   'queue' (the package's): requests wait in order and each is answered (onResult, onError
//     or onCrash, carrying the id that `request` returned); nothing is ever stale.
// `cancel(id)` forgets one request: a waiting one is removed, the one in flight is stopped
// by replacing the worker.
//
// In 'latest' mode, long stale work is not waited out: when the request in flight has
// become stale and is expected to run on for longer than a fresh worker takes to start, the
// worker is terminated and a new one started (given a factory; see `constructor`). The same
// mechanism, in both modes, recovers from a worker that dies (a wasm trap, out of memory) or
// stops answering (a watchdog scaled to the text's length): the worker is replaced, the
// page is told (`onCrash`), and the request that killed it is not sent again by itself, so
// one bad text cannot make a restart loop. `retry()` sends it again with a longer watchdog.
// A worker that cannot load at all is fatal (`onFatal`): restarting would not help.

/** UTF-16 units per millisecond assumed before anything has been measured (250 k/s). */
export const ASSUMED_THROUGHPUT = 250;

/** How long a request may run before the worker counts as hung: 8 s + 50 s per million units. */
export function defaultTimeoutMs(length) {
  return 8_000 + length / 20;
}

/** How long a fresh worker may take to load the module before it counts as failed. */
export const START_TIMEOUT_MS = 60_000;

export class AnnotatorClient {
  #spawn;
  #canRestart;
  #worker = null;
  #nextId = 1;
  #inFlight = null; // {id, text, corrections, sentAt, timeoutMs, parts}
  #waiting = []; // requests not yet sent, oldest first (in 'latest' mode at most one: the newest)
  #queueing;
  #closed = false;
  #ready = false;
  #everReady = false;
  #fatal = null;
  #spawnedAt = 0;
  #startTimer = 0;
  #watchdog = 0;
  #abandonTimer = 0;
  #throughput = null; // measured UTF-16 units per ms (moving average)
  #failed = null; // the request that crashed or hung the worker, for retry()
  #calls = new Map(); // id -> {msg, resolve, reject, sent}: calls (exports, imports) not yet answered
  #opts;

  /**
   * @param {Worker | (() => Worker)} workerOrFactory a worker running worker.js, or a function
   *   that starts one. Only with a factory can the client restart the worker.
   * @param {{onReady?: Function, onResult?: Function, onError?: Function, onCrash?: Function,
   *   onFatal?: Function, onBusyChange?: Function}} handlers
   * @param {{mode?: 'latest' | 'queue', timeoutMs?: (length: number) => number,
   *   startTimeoutMs?: number, abandonAfterMs?: number, now?: () => number,
   *   setTimer?: Function, clearTimer?: Function}} options
   */
  constructor(workerOrFactory, handlers = {}, options = {}) {
    this.#canRestart = typeof workerOrFactory === 'function';
    this.#spawn = this.#canRestart ? workerOrFactory : () => workerOrFactory;
    this.handlers = handlers;
    this.#opts = {
      mode: 'latest',
      timeoutMs: defaultTimeoutMs,
      startTimeoutMs: START_TIMEOUT_MS,
      abandonAfterMs: 300,
      now: () => performance.now(),
      setTimer: (f, ms) => setTimeout(f, ms),
      clearTimer: (t) => clearTimeout(t),
      ...options,
    };
    if (this.#opts.mode !== 'latest' && this.#opts.mode !== 'queue') throw new TypeError(`AnnotatorClient: unknown mode ${this.#opts.mode}`);
    this.#queueing = this.#opts.mode === 'queue';
    this.info = null;
    /** Results dropped because a newer request had replaced them. */
    this.dropped = 0;
    /** Workers started after the first one (stale work abandoned, crashes, hangs). */
    this.restarts = 0;
    /** Crashes and hangs seen. */
    this.crashes = 0;
    this.#start();
  }

  get busy() {
    return this.#waiting.length > 0 || this.#inFlight !== null;
  }

  get ready() {
    return this.#ready;
  }

  /** The request being worked on: {length, sentAt} or null (for a progress display). */
  get working() {
    const r = this.#inFlight;
    return r ? { length: r.text.length, sentAt: r.sentAt } : null;
  }

  /** The Worker in use, or null once terminated or dead (tests and debugging). */
  get worker() {
    return this.#worker;
  }

  /**
   * Asks for the analysis of `text` with `corrections` applied: in 'latest' mode the newest
   * request wins; in 'queue' mode each is answered in turn. Returns the request's id (the
   * `id` of its result, error or crash), or null when the client can take no requests.
   * `lexicon`: the reader's lexicon ([{name, kind}]), applied before the corrections.
   */
  request(text, corrections, { timeoutFactor = 1, lexicon = null } = {}) {
    if (this.#fatal || this.#closed) return null;
    const wasBusy = this.busy;
    const req = { id: this.#nextId++, text, corrections, timeoutFactor, lexicon };
    if (this.#queueing) this.#waiting.push(req);
    else this.#waiting = [req];
    this.#failed = null;
    if (!wasBusy) this.handlers.onBusyChange?.(true);
    this.#pump();
    return req.id;
  }

  /**
   * Forgets request `id`: one still waiting is removed; the one in flight is stopped by
   * replacing the worker (without a factory, its answer is ignored). Nothing is reported for
   * it. Returns whether it was pending.
   */
  cancel(id) {
    const i = this.#waiting.findIndex((r) => r.id === id);
    if (i >= 0) {
      this.#waiting.splice(i, 1);
    } else if (this.#inFlight && this.#inFlight.id === id) {
      if (this.#canRestart) {
        this.#restart();
      } else {
        this.#clearRequestTimers();
        this.#inFlight = null;
        this.#pump();
      }
    } else {
      return false;
    }
    if (!this.busy) this.handlers.onBusyChange?.(false);
    return true;
  }

  /**
   * Asks the worker to run `op` ('export': `{text, corrections, format}` → the file's text;
   * 'import': `{text, corrections, format, content}` → `{corrections, …}`) beside the
   * annotation requests. Resolves with the value; rejects with an Error carrying the core's
   * message, or when the worker stops or is replaced before it answers (nothing is resent).
   */
  call(op, payload) {
    if (this.#fatal || this.#closed) return Promise.reject(new Error(this.#fatal || 'the annotator was closed'));
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      const c = { msg: { ...payload, type: 'call', op, id }, resolve, reject, sent: false };
      this.#calls.set(id, c);
      this.#sendCalls();
    });
  }

  #sendCalls() {
    if (!this.#ready || !this.#worker) return;
    for (const c of this.#calls.values()) {
      if (c.sent) continue;
      c.sent = true;
      this.#worker.postMessage(c.msg);
    }
  }

  /** Every call sent to the worker that is going away fails (calls not yet sent wait). */
  #failCalls(why) {
    for (const [id, c] of this.#calls) {
      if (!c.sent && !this.#fatal && !this.#closed) continue;
      this.#calls.delete(id);
      c.reject(new Error(why));
    }
  }

  /** Sends the request that crashed or hung the worker once more, with a 4x longer watchdog. */
  retry() {
    const f = this.#failed;
    if (!f || this.#fatal) return false;
    this.request(f.text, f.corrections, { timeoutFactor: 4 * (f.timeoutFactor || 1), lexicon: f.lexicon });
    return true;
  }

  // ---------------------------------------------------------------------------------------

  #start() {
    let worker;
    try {
      worker = this.#spawn();
    } catch (e) {
      this.#worker = null;
      this.#die(`the annotator's worker could not start: ${e && e.message ? e.message : e}`, e);
      return;
    }
    this.#worker = worker;
    this.#ready = false;
    this.#spawnedAt = this.#opts.now();
    worker.addEventListener('message', (ev) => {
      if (worker === this.#worker) this.#onMessage(ev.data);
    });
    worker.addEventListener('error', (ev) => {
      ev.preventDefault?.();
      if (worker !== this.#worker) return;
      if (!this.#ready) this.#die(`the annotator could not start: ${ev.message || 'the worker script failed to load'}`);
      else this.#crashed('crash', ev.message || 'the worker stopped with an error', { source: 'error', detail: ev.message || '' });
    });
    worker.addEventListener('messageerror', () => {
      if (worker === this.#worker) this.#crashed('crash', 'the annotator sent a message that could not be read', { source: 'messageerror', detail: '' });
    });
    if (this.#canRestart) {
      const ms = this.#opts.startTimeoutMs;
      this.#startTimer = this.#opts.setTimer(() => {
        if (worker === this.#worker && !this.#ready) this.#die(`the annotator did not start within ${Math.round(ms / 1000)} s`);
      }, ms);
    }
  }

  #clearRequestTimers() {
    this.#opts.clearTimer(this.#watchdog);
    this.#opts.clearTimer(this.#abandonTimer);
    this.#watchdog = 0;
    this.#abandonTimer = 0;
  }

  /** Stops the worker and every timer; forgets the request in flight. */
  #stopWorker() {
    this.#failCalls(this.#fatal || (this.#closed ? 'the annotator was closed' : 'the annotator restarted before it answered; try again'));
    this.#clearRequestTimers();
    this.#opts.clearTimer(this.#startTimer);
    this.#startTimer = 0;
    this.#inFlight = null;
    this.#ready = false;
    try {
      this.#worker?.terminate();
    } catch {
      // already gone
    }
    this.#worker = null;
  }

  #restart() {
    this.#stopWorker();
    this.restarts++;
    this.#start();
  }

  /** Milliseconds a fresh worker took to become ready (measured), or a guess. */
  get startupMs() {
    return this.info?.startupMs ?? 300;
  }

  #expectedMs(length) {
    return length / (this.#throughput ?? ASSUMED_THROUGHPUT);
  }

  /**
   * When the stale request in flight becomes worth abandoning (the worker restarted): once it
   * has run `abandonAfterMs`, if what it still needs by the throughput measured so far is
   * more than a restart costs; in any case once it runs far past that estimate (it may never
   * end). A time on the `now()` clock.
   */
  #abandonAt() {
    const r = this.#inFlight;
    const expected = this.#expectedMs(r.text.length);
    const early = r.sentAt + this.#opts.abandonAfterMs;
    if (expected - this.#opts.abandonAfterMs > this.startupMs) return early;
    return Math.max(early, r.sentAt + 2 * expected + 2 * this.startupMs + 1000);
  }

  #shouldAbandon() {
    if (!this.#inFlight || !this.#waiting.length || !this.#canRestart) return false;
    return this.#opts.now() >= this.#abandonAt();
  }

  #pump() {
    if (this.#closed || this.#fatal) return;
    if (this.#inFlight && this.#waiting.length && !this.#queueing) {
      // What is in flight is stale.
      if (this.#shouldAbandon()) {
        this.dropped++;
        this.#restart();
        return; // the newest request goes to the new worker once it is ready
      }
      this.#scheduleAbandonCheck();
      return;
    }
    if (!this.#ready || this.#inFlight || !this.#waiting.length) return;
    const req = this.#waiting.shift();
    const timeoutMs = this.#opts.timeoutMs(req.text.length) * (req.timeoutFactor || 1);
    this.#inFlight = { ...req, sentAt: this.#opts.now(), timeoutMs, parts: [] };
    this.#worker.postMessage({ type: 'annotate', id: req.id, text: req.text, corrections: req.corrections, lexicon: req.lexicon });
    if (this.#canRestart) {
      this.#watchdog = this.#opts.setTimer(() => {
        if (this.#inFlight && this.#inFlight.id === req.id) this.#crashed('timeout', `no answer after ${Math.round(timeoutMs / 1000)} s`, { source: 'watchdog', detail: '' });
      }, timeoutMs);
    }
  }

  #scheduleAbandonCheck() {
    if (this.#abandonTimer || !this.#canRestart) return;
    const wait = Math.max(0, this.#abandonAt() - this.#opts.now());
    this.#abandonTimer = this.#opts.setTimer(() => {
      this.#abandonTimer = 0;
      this.#pump();
    }, wait + 1);
  }

  #onMessage(msg) {
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'ready') {
      this.#opts.clearTimer(this.#startTimer);
      this.#ready = true;
      const first = !this.#everReady;
      this.#everReady = true;
      this.info = { version: msg.version, claimThreshold: msg.claimThreshold, formats: msg.formats ?? [], startupMs: this.#opts.now() - this.#spawnedAt, memory: msg.memory ?? null };
      if (first) this.handlers.onReady?.(this.info);
      this.#sendCalls();
      this.#pump();
      if (!this.busy) this.handlers.onBusyChange?.(false);
      return;
    }
    if (msg.type === 'fatal') {
      // A worker that cannot load the module will not load it on a restart either.
      if (this.#ready) this.#crashed('crash', msg.message, { source: 'fatal', detail: msg.message });
      else this.#die(msg.message);
      return;
    }
    if (msg.type === 'reply') {
      const c = this.#calls.get(msg.id);
      if (!c) return;
      this.#calls.delete(msg.id);
      if (msg.ok) c.resolve(msg.value);
      else c.reject(new Error(msg.message));
      return;
    }
    if (msg.type === 'crashed' && this.#calls.has(msg.id)) {
      // A call trapped the module: the worker is replaced as for a request.
      this.#crashed('crash', msg.message, { source: 'trap', detail: msg.message });
      return;
    }
    const req = this.#inFlight;
    if (!req || req.id !== msg.id) return;
    if (msg.type === 'part') {
      req.parts.push(msg.annotations);
      return;
    }
    if (msg.type === 'crashed') {
      this.#crashed('crash', msg.message, { source: 'trap', detail: msg.message });
      return;
    }
    if (msg.type !== 'result' && msg.type !== 'error') return;
    this.#clearRequestTimers();
    this.#inFlight = null;
    if (msg.type === 'result' && req.text.length >= 10_000 && msg.ms > 0) {
      const tp = req.text.length / msg.ms;
      this.#throughput = this.#throughput === null ? tp : 0.5 * this.#throughput + 0.5 * tp;
    }
    const stale = !this.#queueing && this.#waiting.length > 0;
    if (stale) {
      this.dropped++;
    } else if (msg.type === 'result') {
      const analysis = msg.analysis;
      if (req.parts.length) analysis.annotations = req.parts.flat().concat(analysis.annotations);
      this.handlers.onResult?.({ id: req.id, text: req.text, corrections: req.corrections, analysis, ms: msg.ms, memory: msg.memory ?? null });
    } else {
      this.handlers.onError?.(msg.message, { id: req.id, text: req.text, corrections: req.corrections });
    }
    this.#pump();
    if (!this.busy) this.handlers.onBusyChange?.(false);
  }

  /**
   * The worker died or hung: replace it, report, and do not resend what killed it. `source`
   * says what was seen ('trap', 'error', 'messageerror', 'fatal', 'watchdog'), `detail` the
   * worker's or the event's own words ('' when it had none).
   */
  #crashed(reason, message, { source, detail }) {
    if (this.#fatal || this.#closed) return;
    const req = this.#inFlight;
    this.crashes++;
    if (!this.#canRestart) {
      this.#die(message);
      return;
    }
    const elapsed = req ? this.#opts.now() - req.sentAt : 0;
    this.#failed = req ? { text: req.text, corrections: req.corrections, timeoutFactor: req.timeoutFactor, lexicon: req.lexicon } : null;
    this.#restart();
    this.handlers.onCrash?.({
      reason,
      message,
      source,
      detail,
      id: req ? req.id : null,
      text: req ? req.text : null,
      corrections: req ? req.corrections : null,
      elapsedMs: elapsed,
      timeoutMs: req ? req.timeoutMs : null,
      canRetry: !!req,
    });
    if (!this.busy) this.handlers.onBusyChange?.(false);
  }

  /** The annotator cannot work (it never loaded): no request is taken from now on. */
  #die(message, cause) {
    if (this.#fatal || this.#closed) return;
    this.#fatal = message;
    this.#stopWorker();
    this.#waiting = [];
    this.handlers.onFatal?.(message, cause);
    this.handlers.onBusyChange?.(false);
  }

  /** Stops the worker for good; what is pending is forgotten (nothing more is reported). */
  terminate() {
    this.#closed = true;
    this.#stopWorker();
    this.#waiting = [];
  }
}
