// The benchmark in a module worker, like the page's annotator (www/lib/worker.js), with each
// start-up phase timed on its own. Not shipped.
//
// In:  {type: 'startup'} | {type: 'annotate', texts: string[], passes, warmup}
// Out: {type: 'done', startup: {fetchMs, compileMs, instantiateMs, modelMs, wasmBytes, memory},
//       times?: number[][] (ms per text, per pass), annotations?, memory}  |  {type: 'error', message}

import init, { Annotator, version } from '../pkg/newsmark_wasm.js';

async function start() {
  const t0 = performance.now();
  const response = await fetch(new URL('../pkg/newsmark_wasm_bg.wasm', import.meta.url));
  const bytes = await response.arrayBuffer();
  const t1 = performance.now();
  const module = await WebAssembly.compile(bytes);
  const t2 = performance.now();
  const wasm = await init({ module_or_path: module });
  const t3 = performance.now();
  const annotator = new Annotator();
  const t4 = performance.now();
  return {
    wasm,
    annotator,
    startup: {
      fetchMs: t1 - t0,
      compileMs: t2 - t1,
      instantiateMs: t3 - t2,
      modelMs: t4 - t3,
      wasmBytes: bytes.byteLength,
      memory: wasm.memory.buffer.byteLength,
      version: version(),
    },
  };
}

self.addEventListener('message', async (ev) => {
  const m = ev.data;
  try {
    const { wasm, annotator, startup } = await start();
    if (m.type === 'startup') {
      self.postMessage({ type: 'done', startup });
      return;
    }
    if (m.warmup) for (const text of m.texts) annotator.annotate(text); // wasm tier-up
    const times = [];
    let annotations = 0;
    for (let pass = 0; pass < m.passes; pass++) {
      const row = [];
      for (const text of m.texts) {
        const t = performance.now();
        const a = annotator.annotate(text);
        row.push(performance.now() - t);
        if (pass === 0) annotations += a.annotations.length;
      }
      times.push(row);
    }
    self.postMessage({ type: 'done', startup, times, annotations, memory: wasm.memory.buffer.byteLength });
  } catch (e) {
    self.postMessage({ type: 'error', message: e && e.message ? e.message : String(e) });
  }
});
