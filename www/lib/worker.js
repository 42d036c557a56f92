// The annotator in a module Web Worker, so that annotating never blocks typing.
//
// Messages in:  {type: 'annotate', id, text, corrections, lexicon?}
//               {type: 'call', id, op: 'export', text, corrections, format, lexicon?}
//               {type: 'call', id, op: 'import', text, corrections, format, content, lexicon?}
// `lexicon` is the reader's ([{name, kind}]; see lexicon.js), applied before the corrections
// (the core takes it as lines of kind<TAB>name).
// Messages out: {type: 'ready', version, claimThreshold, memory}
//               {type: 'part', id, annotations}       (zero or more, before the result)
//               {type: 'result', id, analysis, ms, memory}
//               {type: 'error', id, message}          (e.g. malformed corrections)
//               {type: 'crashed', id, message}        (a wasm trap; this worker then closes)
//               {type: 'fatal', message}              (the module could not load)
//               {type: 'reply', id, ok, value | message} (a call: the core's export in a
//                                                      standard format, or an import's corrections)
// `memory` is the wasm linear memory in bytes (it only grows). A big analysis is sent in
// parts of PART annotations, so that the page never spends long on one message.
// The page (client.js) keeps at most one request in flight, drops stale results and
// replaces this worker when it crashes or hangs.

import init, { Annotator, exportFormats, version } from '../pkg/newsmark_wasm.js';

const PART = 4000;

let annotator = null;
let wasm = null;

const ready = (async () => {
  try {
    wasm = await init({ module_or_path: new URL('../pkg/newsmark_wasm_bg.wasm', import.meta.url) });
    annotator = new Annotator();
    self.postMessage({ type: 'ready', version: version(), claimThreshold: annotator.claimThreshold, formats: exportFormats(), memory: memoryBytes() });
    return true;
  } catch (e) {
    self.postMessage({ type: 'fatal', message: `the annotator could not load: ${describe(e)}` });
    return false;
  }
})();

function memoryBytes() {
  return wasm && wasm.memory ? wasm.memory.buffer.byteLength : null;
}

function describe(e) {
  return e && e.message ? `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}` : String(e);
}

/** A trap or an exhausted resource: the module's state can no longer be trusted. */
function isCrash(e) {
  return (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) || e instanceof RangeError || (e && e.name === 'RuntimeError');
}

/** A call: the core writes a standard format, or reads one back as corrections. */
const lines = (lx) => (lx?.length ? lx.map((e) => `${e.kind}\t${e.name}`).join('\n') : null);

function call(msg) {
  let value;
  try {
    const lx = lines(msg.lexicon);
    if (msg.op === 'export') value = annotator.exportAs(msg.text, msg.corrections || null, msg.format, lx);
    else if (msg.op === 'import') value = annotator.importAnnotations(msg.text, msg.corrections || null, msg.format || 'auto', msg.content, lx);
    else throw new Error(`unknown call ${JSON.stringify(msg.op)}`);
  } catch (e) {
    if (isCrash(e)) {
      self.postMessage({ type: 'crashed', id: msg.id, message: describe(e) });
      self.close();
      return;
    }
    self.postMessage({ type: 'reply', id: msg.id, ok: false, message: e && e.message ? e.message : String(e) });
    return;
  }
  self.postMessage({ type: 'reply', id: msg.id, ok: true, value });
}

self.addEventListener('message', async (ev) => {
  const msg = ev.data;
  if (!msg || (msg.type !== 'annotate' && msg.type !== 'call')) return;
  if (!(await ready)) return;
  if (msg.type === 'call') {
    call(msg);
    return;
  }
  const t0 = performance.now();
  let analysis;
  try {
    analysis = (Array.isArray(msg.corrections) && msg.corrections.length) || msg.lexicon?.length
      ? annotator.applyCorrections(msg.text, msg.corrections || null, lines(msg.lexicon))
      : annotator.annotate(msg.text);
  } catch (e) {
    if (isCrash(e)) {
      self.postMessage({ type: 'crashed', id: msg.id, message: describe(e) });
      self.close();
      return;
    }
    self.postMessage({ type: 'error', id: msg.id, message: describe(e) });
    return;
  }
  const ms = performance.now() - t0;
  const all = analysis.annotations;
  let from = 0;
  for (; all.length - from > PART; from += PART) {
    self.postMessage({ type: 'part', id: msg.id, annotations: all.slice(from, from + PART) });
  }
  analysis.annotations = from ? all.slice(from) : all;
  self.postMessage({ type: 'result', id: msg.id, analysis, ms, memory: memoryBytes() });
});
