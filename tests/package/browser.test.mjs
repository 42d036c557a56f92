// The browser entry in Chromium, loaded by a plain <script type="module"> from an installed
// tarball and served with a strict CSP: the worker, concurrency, abort, timeouts, dispose
// (workers terminated), calls before ready, a 10 MB article.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { ARTICLE, copyFixture, countWorkers, installTarball, launchBrowser, serveDir, watchPage } from './helpers.mjs';

let dir;
let server;
let browser;

before(async () => {
  dir = installTarball('plain');
  copyFixture('plain', dir);
  server = await serveDir(dir);
  ({ browser } = await launchBrowser());
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh page with the package loaded as `window.newsmark`, workers counted. */
async function openPage() {
  const context = await browser.newContext();
  await countWorkers(context);
  const page = await context.newPage();
  const problems = watchPage(page, server.url.slice(0, -1));
  await page.goto(`${server.url}api.html`);
  await page.waitForSelector('#out[data-done]', { timeout: 30_000 });
  return { context, page, problems };
}

test('a plain module script annotates in a worker, loading only its own files', async () => {
  const { context, page, problems } = await openPage();
  const out = JSON.parse(await page.textContent('#out'));
  assert.equal(out.info.worker, true);
  assert.equal(out.slices, true);
  assert.ok(out.annotations.some(([k, , , t]) => k === 'person' && t === 'Orrin Vashti'), JSON.stringify(out.annotations));
  assert.ok(server.requests.includes('/node_modules/newsmark/dist/pkg/newsmark_wasm_bg.wasm'), 'the wasm comes from the package');
  assert.ok(server.requests.includes('/node_modules/newsmark/dist/lib/worker.js'), 'the worker comes from the package');
  assert.deepEqual(await page.evaluate(() => window.__workers), { made: 1, terminated: 1, live: 0 }, 'dispose() terminated the worker');
  assert.deepEqual(problems, []);
  await context.close();
});

test('concurrent calls each get their own result; corrections per call', async () => {
  const { context, page } = await openPage();
  const r = await page.evaluate(async (article) => {
    const { createAnnotator, addTag } = window.newsmark;
    const a = await createAnnotator();
    const texts = [article, 'Mirelle Dunsany spoke.', '', 'The Lantern Guild has 300 members, Orrin Vashti said.', article.toUpperCase()];
    const withFix = addTag(texts[1], 0, 15, 'org');
    const results = await Promise.all(texts.map((t, i) => a.annotate(t, i === 1 ? { corrections: [withFix] } : undefined)));
    // A reader's lexicon, through the worker: the person is now an organization.
    const learnt = await a.annotate(article, { lexicon: [{ name: 'Velmora Tesk', kind: 'org' }] });
    results.push(learnt);
    texts.push(article);
    a.dispose();
    return results.map((res, i) => ({
      ok: res.annotations.every((x) => texts[i].slice(x.start, x.end) === x.text),
      n: res.annotations.length,
      kinds: res.annotations.map((x) => `${x.kind}:${x.text}${x.byUser ? '*' : ''}`),
      diagnostics: res.diagnostics.map((d) => d.code),
    }));
  }, ARTICLE);
  assert.equal(r.length, 6);
  assert.ok(r[5].kinds.includes('org:Velmora Tesk*') && !r[5].kinds.some((k) => k.startsWith('person:Velmora Tesk')), `the lexicon applied (a reader's tag): ${r[5].kinds}`);
  for (const x of r) assert.ok(x.ok, 'offsets slice each call\'s own text');
  assert.ok(r[0].kinds.includes('person:Velmora Tesk'), r[0].kinds.join(' | '));
  assert.ok(r[1].kinds.includes('org:Mirelle Dunsany*'), `the correction applied to its own call: ${r[1].kinds}`);
  assert.deepEqual(r[2].diagnostics, ['empty_text']);
  assert.ok(r[3].kinds.some((k) => k.startsWith('person:Orrin Vashti')));
  assert.notDeepEqual(r[0].kinds, r[4].kinds, 'different texts, different results');
  await context.close();
});

test('calls before ready are queued; dispose twice is safe; pending calls reject with AbortError; the worker is gone', async () => {
  const { context, page } = await openPage();
  const r = await page.evaluate(async () => {
    const { openAnnotator } = window.newsmark;
    const before = window.__workers.live;
    const a = openAnnotator();
    const infoBefore = a.info;
    const early = await a.annotate('Orrin Vashti said so.');
    const pending = [a.annotate('Mirelle Dunsany said so.'), a.annotate('Orrin Vashti agreed.')];
    a.dispose();
    a.dispose();
    const settled = await Promise.allSettled(pending);
    const after = await a.annotate('x').then(() => null, (e) => ({ name: e.name, code: e.code, message: e.message }));
    const b = openAnnotator();
    const bad = await b.annotate(42).then(() => null, (e) => e.name);
    b.dispose();
    return { before, infoBefore, early: early.annotations.length, settled: settled.map((s) => [s.status, s.reason?.name, s.reason?.code]), after, bad, workers: window.__workers, disposed: a.disposed };
  });
  assert.equal(r.infoBefore, null, 'not ready yet when opened');
  assert.ok(r.early > 0, 'a call made before ready is answered');
  assert.deepEqual(r.settled, [['rejected', 'AbortError', 'disposed'], ['rejected', 'AbortError', 'disposed']]);
  assert.equal(r.after.name, 'AbortError');
  assert.equal(r.after.code, 'disposed');
  assert.equal(r.bad, 'TypeError', 'a non-string text is a TypeError');
  assert.equal(r.disposed, true);
  assert.deepEqual(r.workers, { made: 3, terminated: 3, live: 0 }, 'every worker made was terminated');
  await context.close();
});

test('an AbortSignal drops a queued call and stops a running one (the worker is replaced)', async () => {
  const { context, page } = await openPage();
  const r = await page.evaluate(async (article) => {
    const { createAnnotator } = window.newsmark;
    const a = await createAnnotator();
    const long = article.repeat(4000); // ~1 MB: runs for a while
    const c1 = new AbortController();
    const c2 = new AbortController();
    const running = a.annotate(long, { signal: c1.signal });
    const queued = a.annotate(article, { signal: c2.signal });
    const next = a.annotate(article);
    c2.abort();
    await new Promise((res) => setTimeout(res, 50));
    c1.abort();
    const out = await Promise.allSettled([running, queued, next]);
    const pre = await a.annotate(article, { signal: AbortSignal.abort() }).then(() => 'resolved', (e) => e.name);
    const res = { out: out.map((s) => [s.status, s.reason?.name]), restarts: a.restarts, nextOk: out[2].status === 'fulfilled' && out[2].value.annotations.length > 0, pre };
    a.dispose();
    res.workers = window.__workers.live;
    return res;
  }, ARTICLE);
  assert.deepEqual(r.out, [['rejected', 'AbortError'], ['rejected', 'AbortError'], ['fulfilled', undefined]]);
  assert.equal(r.restarts, 1, 'the running call was stopped by replacing the worker');
  assert.ok(r.nextOk);
  assert.equal(r.pre, 'AbortError', 'an already aborted signal rejects at once');
  assert.equal(r.workers, 0, 'no worker left behind');
  await context.close();
});

test('a call over its time limit rejects with code timeout, and the annotator goes on', async () => {
  const { context, page } = await openPage();
  const r = await page.evaluate(async (article) => {
    const { createAnnotator } = window.newsmark;
    const a = await createAnnotator({ timeoutMs: (n) => (n > 100_000 ? 5 : 30_000) });
    const slow = await a.annotate(article.repeat(2000)).then(() => null, (e) => ({ name: e.name, code: e.code }));
    const after = await a.annotate(article);
    a.dispose();
    return { slow, after: after.annotations.length, restarts: a.restarts, live: window.__workers.live };
  }, ARTICLE);
  assert.deepEqual(r.slow, { name: 'NewsmarkError', code: 'timeout' });
  assert.ok(r.after > 0);
  assert.equal(r.restarts, 1);
  assert.equal(r.live, 0);
  await context.close();
});

test('a 10 MB article in the worker: every annotation slices the text, nothing truncated', async () => {
  const { context, page } = await openPage();
  const r = await page.evaluate(async (article) => {
    const { createAnnotator } = window.newsmark;
    const a = await createAnnotator();
    const text = `${article}\n\n`.repeat(Math.ceil(10_000_000 / (article.length + 2)));
    const t0 = performance.now();
    const res = await a.annotate(text);
    const ms = performance.now() - t0;
    let bad = 0;
    for (const x of res.annotations) if (text.slice(x.start, x.end) !== x.text) bad++;
    const last = res.annotations.reduce((m, x) => Math.max(m, x.end), 0);
    a.dispose();
    return { length: text.length, n: res.annotations.length, bad, last, diagnostics: res.diagnostics.map((d) => d.code), ms };
  }, ARTICLE);
  assert.ok(r.length >= 10_000_000);
  assert.equal(r.bad, 0);
  assert.ok(r.n > 100_000, `${r.n} annotations`);
  assert.ok(r.last > r.length - 1000, 'annotated to the end');
  assert.deepEqual(r.diagnostics, []);
  console.log(`# 10 MB in the worker: ${Math.round(r.ms)} ms, ${r.n} annotations`);
  await context.close();
});

test('what the worker reports becomes each call\'s own result or NewsmarkError; the queue goes on after a crash', async () => {
  const { context, page } = await openPage();
  const r = await page.evaluate(async () => {
    const { createAnnotator } = window.newsmark;
    // A stand-in for the worker that speaks its protocol: each text says what to do.
    const fakeWorker = () => {
      const t = new EventTarget();
      const w = {
        addEventListener: t.addEventListener.bind(t),
        terminate: () => (w.gone = true),
        postMessage: ({ id, text }) =>
          setTimeout(() => {
            if (text === 'trap') reply({ type: 'crashed', id, message: 'RuntimeError: unreachable' });
            else if (text === 'stop') t.dispatchEvent(new ErrorEvent('error', { message: 'boom' }));
            else if (text === 'fatal') reply({ type: 'fatal', message: 'the annotator could not load: gone' });
            else if (text === 'unreadable') t.dispatchEvent(new Event('messageerror'));
            else if (text === 'bad') reply({ type: 'error', id, message: 'malformed' });
            else {
              reply({ type: 'part', id, annotations: [{ text: `${text}1` }] });
              reply({ type: 'result', id, analysis: { annotations: [{ text: `${text}2` }], entities: [], diagnostics: [] }, ms: 1 });
            }
          }),
      };
      const reply = (data) => w.gone || t.dispatchEvent(new MessageEvent('message', { data }));
      setTimeout(() => reply({ type: 'ready', version: 'fake', claimThreshold: 0.5, memory: 1 }));
      return w;
    };
    const a = await createAnnotator({ worker: fakeWorker });
    const texts = ['one', 'trap', 'bad', 'stop', 'fatal', 'unreadable', 'two'];
    const out = await Promise.allSettled(texts.map((t) => a.annotate(t)));
    const res = {
      info: [a.info.version, a.info.worker],
      out: out.map((s) => (s.status === 'fulfilled' ? s.value.annotations.map((x) => x.text) : [s.reason.name, s.reason.code, s.reason.message])),
      restarts: a.restarts,
    };
    a.dispose();
    // Failures to load: a factory that throws, a worker that does not start in time.
    const thrown = new Error('nope');
    res.factory = await createAnnotator({ worker: () => { throw thrown; } }).then(() => null, (e) => [e.code, e.message, e.cause === thrown]);
    res.slow = await createAnnotator({ startTimeoutMs: 1 }).then(() => null, (e) => [e.code, e.message]);
    res.live = window.__workers.live;
    return res;
  });
  assert.deepEqual(r.info, ['fake', true]);
  assert.deepEqual(r.out, [
    ['one1', 'one2'],
    ['NewsmarkError', 'crashed', 'the annotator crashed: RuntimeError: unreachable'],
    ['NewsmarkError', 'annotate_failed', 'malformed'],
    ['NewsmarkError', 'crashed', "the annotator's worker stopped: boom"],
    ['NewsmarkError', 'load_failed', 'the annotator could not load: gone'],
    ['NewsmarkError', 'crashed', 'the annotator sent a message that could not be read'],
    ['two1', 'two2'],
  ]);
  assert.equal(r.restarts, 4, 'each crash replaced the worker');
  assert.deepEqual(r.factory, ['load_failed', "the annotator's worker could not start: nope", true]);
  assert.deepEqual(r.slow, ['load_failed', 'the annotator did not start within 0 s']);
  assert.equal(r.live, 0, 'no worker left behind');
  await context.close();
});
