// Talking to the annotator in a Web Worker (see worker.js). No DOM here.
//
// At most one request is in flight. While it runs, newer requests replace each other, and
// only the newest is sent next; a result that a newer request has made stale is dropped
// and never reaches the page. So typing never queues up work and never shows old results.

export class AnnotatorClient {
  #worker;
  #nextId = 1;
  #inFlight = null; // {id, text, corrections, sentAt}
  #latest = null; // the newest request, not yet answered
  #ready = false;
  #fatal = null;

  /**
   * @param {Worker} worker a worker running worker.js
   * @param {{onReady?: Function, onResult?: Function, onError?: Function, onFatal?: Function, onBusyChange?: Function}} handlers
   */
  constructor(worker, handlers = {}) {
    this.#worker = worker;
    this.handlers = handlers;
    this.info = null;
    this.dropped = 0;
    worker.addEventListener('message', (ev) => this.#onMessage(ev.data));
    worker.addEventListener('error', (ev) => {
      ev.preventDefault?.();
      this.#die(`the annotator could not start: ${ev.message || 'the worker script failed to load'}`);
    });
    worker.addEventListener('messageerror', () => this.#die('the annotator sent a message that could not be read'));
  }

  get busy() {
    return this.#latest !== null || this.#inFlight !== null;
  }

  get ready() {
    return this.#ready;
  }

  /** Asks for the analysis of `text` with `corrections` applied; the newest request wins. */
  request(text, corrections) {
    if (this.#fatal) return;
    const wasBusy = this.busy;
    this.#latest = { id: this.#nextId++, text, corrections };
    if (!wasBusy) this.handlers.onBusyChange?.(true);
    this.#pump();
  }

  #pump() {
    if (!this.#ready || this.#inFlight || !this.#latest) return;
    const req = this.#latest;
    this.#latest = null;
    this.#inFlight = { ...req, sentAt: performance.now() };
    this.#worker.postMessage({ type: 'annotate', id: req.id, text: req.text, corrections: req.corrections });
  }

  #onMessage(msg) {
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'ready') {
      this.#ready = true;
      this.info = { version: msg.version, claimThreshold: msg.claimThreshold };
      this.handlers.onReady?.(this.info);
      this.#pump();
      return;
    }
    if (msg.type === 'fatal') {
      this.#die(msg.message);
      return;
    }
    if (msg.type !== 'result' && msg.type !== 'error') return;
    const req = this.#inFlight;
    if (!req || req.id !== msg.id) return;
    this.#inFlight = null;
    const stale = this.#latest !== null;
    if (stale) {
      this.dropped++;
    } else if (msg.type === 'result') {
      this.handlers.onResult?.({ text: req.text, corrections: req.corrections, analysis: msg.analysis, ms: msg.ms });
    } else {
      this.handlers.onError?.(msg.message, { text: req.text, corrections: req.corrections });
    }
    this.#pump();
    if (!this.busy) this.handlers.onBusyChange?.(false);
  }

  #die(message) {
    if (this.#fatal) return;
    this.#fatal = message;
    this.#inFlight = null;
    this.#latest = null;
    this.handlers.onFatal?.(message);
    this.handlers.onBusyChange?.(false);
  }

  terminate() {
    this.#worker.terminate();
  }
}
