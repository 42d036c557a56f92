// The annotator in a module Web Worker, so that annotating never blocks typing.
//
// Messages in:  {type: 'annotate', id, text, corrections}
// Messages out: {type: 'ready', version, claimThreshold}
//               {type: 'result', id, analysis, ms}
//               {type: 'error', id, message}          (e.g. malformed corrections)
//               {type: 'fatal', message}              (the module could not load)
// The page (client.js) keeps at most one request in flight and drops stale results.

import init, { Annotator, version } from '../pkg/newsmark_wasm.js';

let annotator = null;

const ready = (async () => {
  try {
    await init({ module_or_path: new URL('../pkg/newsmark_wasm_bg.wasm', import.meta.url) });
    annotator = new Annotator();
    self.postMessage({ type: 'ready', version: version(), claimThreshold: annotator.claimThreshold });
    return true;
  } catch (e) {
    self.postMessage({ type: 'fatal', message: `the annotator could not load: ${e && e.message ? e.message : e}` });
    return false;
  }
})();

self.addEventListener('message', async (ev) => {
  const msg = ev.data;
  if (!msg || msg.type !== 'annotate') return;
  if (!(await ready)) return;
  const t0 = performance.now();
  try {
    const analysis = Array.isArray(msg.corrections) && msg.corrections.length
      ? annotator.applyCorrections(msg.text, msg.corrections)
      : annotator.annotate(msg.text);
    self.postMessage({ type: 'result', id: msg.id, analysis, ms: performance.now() - t0 });
  } catch (e) {
    self.postMessage({ type: 'error', id: msg.id, message: e && e.message ? e.message : String(e) });
  }
});
