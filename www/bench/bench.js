// The benchmark page's side: starts a fresh bench worker per measurement and passes texts to it.
// `window.bench` is called by scripts/report.mjs through Playwright. Not shipped.

function run(message) {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./bench-worker.js', import.meta.url), { type: 'module' });
    const fail = (e) => {
      w.terminate();
      reject(new Error(e && e.message ? e.message : String(e)));
    };
    w.addEventListener('error', fail);
    w.addEventListener('message', (ev) => {
      const m = ev.data;
      if (m.type === 'error') return fail(m);
      if (m.type !== 'done') return;
      w.terminate();
      resolve(m);
    });
    w.postMessage(message);
  });
}

window.bench = {
  /** Start-up of a fresh worker: fetch, compile, instantiate, model load (ms). */
  startup: () => run({ type: 'startup' }),
  /** Annotates each text in turn, `passes` times (after one unmeasured pass with `warmup`). */
  annotate: (texts, { passes = 1, warmup = true } = {}) => run({ type: 'annotate', texts, passes, warmup }),
};
document.getElementById('out').textContent = 'ready';
document.documentElement.dataset.bench = 'ready';
