// The page under load (issue 5): a 10 MB paste does not freeze the page (the annotator works
// in a worker, the page shows progress, timers keep ticking), stale work is dropped at once
// when the text changes, a text over the annotator's limit is announced before any work,
// and a 1 MB article is drawn in slices while the reader keeps typing (debounced: one request
// for a burst of keys).

import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, clickAnnotation, drawnAnnotations, pasteText, recordWorkerTraffic, requireWasmBuild, seedArticle, waitIdle, watchErrors, serverAndBrowser } from './helpers.mjs';

requireWasmBuild();
const SEED = seedArticle().replace(/\r\n?/g, '\n');
const BENCH = path.resolve(ROOT, '..', 'shared', 'data', 'bench', 'brown_press.jsonl');

/** About `n` UTF-16 units of real press text (read from ../shared, never stored here). */
function pressText(n) {
  const docs = fs.existsSync(BENCH)
    ? fs.readFileSync(BENCH, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text)
    : [SEED];
  const all = docs.join('\n\n');
  let out = '';
  while (out.length < n) out += `${all}\n\n`;
  return out.slice(0, n);
}

const env = serverAndBrowser();
/** The page's origin (once the server is up). */
const origin = () => new URL(env.server.url).origin;

/** Starts counting timer ticks in the page (every 20 ms); `stopTicks` returns the gaps. */
async function startTicks(page) {
  await page.evaluate(() => {
    window.__gaps = [];
    let last = performance.now();
    window.__tick = setInterval(() => {
      const now = performance.now();
      window.__gaps.push(now - last);
      last = now;
    }, 20);
  });
}
async function stopTicks(page) {
  return page.evaluate(() => {
    clearInterval(window.__tick);
    const g = window.__gaps;
    return { ticks: g.length, max: Math.max(...g) };
  });
}

test('a 10 MB paste: the page stays responsive and shows progress; a new text drops the stale work', async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  t.after(() => context.close());
  await recordWorkerTraffic(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await waitIdle(page);
  const big = pressText(10_000_000);
  await startTicks(page);
  await pasteText(context, page, origin(), big);
  const paste = await stopTicks(page);
  t.diagnostic(`longest gap while pasting: ${Math.round(paste.max)} ms`);
  assert.ok(paste.max < 1_000, `pasting 10 MB blocked the page for ${Math.round(paste.max)} ms`);
  // Too long for the text box: kept beside it, the box read-only, the reading view has it.
  assert.equal(await page.inputValue('#article'), '');
  assert.equal(await page.evaluate(() => document.getElementById('article').readOnly), true);
  assert.ok(await page.isVisible('#large-note'));
  assert.match(await page.textContent('#large-text'), /^This article has 10,000,000 characters: too long to edit in a text box/);
  assert.equal(await page.textContent('#char-count'), '10,000,000 characters');
  // ...shown there at once, without highlights, while it is annotated.
  await page.waitForFunction((head) => document.querySelector('#reading > .stretch')?.textContent.startsWith(head), big.slice(0, 200), { timeout: 10_000 });
  // The request goes out a moment after the text is shown (a short debounce), which a
  // loaded machine can stretch: the status is waited for, not read at once.
  await page.waitForFunction(() => document.getElementById('status')?.textContent.startsWith('Annotating'), null, { timeout: 10_000 }).catch(() => {});
  assert.match(await page.textContent('#status'), /^Annotating 10,000,000 characters…$/);
  assert.match(await page.textContent('#entities'), /Annotating…/);

  // While the worker annotates 10 MB, the page's own timers keep ticking.
  await startTicks(page);
  await page.waitForTimeout(3_000);
  const { ticks, max } = await stopTicks(page);
  t.diagnostic(`timer ticks in 3 s: ${ticks}, longest gap ${Math.round(max)} ms`);
  assert.ok(ticks >= 50, `the main thread ran its timer ${ticks} times in 3 s`);
  assert.ok(max < 1_000, `the longest the main thread was blocked: ${Math.round(max)} ms`);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.annotator), 'busy');
  assert.ok(await page.isVisible('#progress'));
  assert.match(await page.textContent('#progress-text'), /^Annotating 10,000,000 characters in the background… \d+ s$/);
  assert.equal(await page.evaluate(() => document.getElementById('progress-bar').hasAttribute('value')), false, 'an indeterminate bar: the annotator reports no fraction');
  assert.equal(await page.isVisible('#limit-note'), false, '10 MB is under the limit');
  // 10 MB does not fit in Web Storage: said clearly, once, and the corrections are kept.
  assert.match(await page.textContent('#save-status'), /Not saved: this article \(10,000,000 characters\) is too big for this browser’s storage\. Your corrections are saved without the article/);
  assert.match(await page.textContent('#alert-text'), /Your work is not being saved in this browser/);

  // Paste a short article over it: answered at once, not after the 10 MB work.
  const t0 = Date.now();
  await pasteText(context, page, origin(), SEED);
  // The stale work is dropped (the worker restarted), so the short text is answered in well
  // under a second here; the wait is generous for a loaded machine. How soon is reported.
  await waitIdle(page, 120_000);
  const ms = Date.now() - t0;
  t.diagnostic(`the short article was highlighted ${ms} ms after it replaced the 10 MB one`);
  assert.ok((await drawnAnnotations(page)).length > 10);
  assert.equal(await page.textContent('#reading'), SEED);
  assert.equal(await page.inputValue('#article'), SEED, 'a short article is back in the text box');
  assert.equal(await page.evaluate(() => document.getElementById('article').readOnly), false);
  assert.equal(await page.isVisible('#large-note'), false);
  assert.equal(await page.isVisible('#progress'), false);
  // Replacing the long article outside the text box's own undo can be undone.
  assert.equal(await page.textContent('#alert-action'), 'Undo');
  const traffic = await page.evaluate(() => ({ workers: window.__workers, posted: window.__posted, answered: Object.keys(window.__analyses).map(Number) }));
  const bigReq = traffic.posted.find((p) => p.length === big.length);
  assert.ok(bigReq, 'the 10 MB text was sent to the annotator');
  assert.ok(!traffic.answered.includes(bigReq.id), 'its stale work never finished: it was dropped');
  assert.equal(traffic.workers, 2, 'by restarting the worker');
  assert.match(await page.textContent('#save-status'), /^Saved in this browser/);
  assert.deepEqual(errors, []);
});

test('a text over the annotator’s 16 MB limit is announced at once, before any work', async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await waitIdle(page);
  const huge = pressText(17 * 1024 * 1024);
  await pasteText(context, page, origin(), huge);
  await page.waitForSelector('#limit-note:not([hidden])', { timeout: 5_000 });
  assert.match(await page.textContent('#limit-note'), /^This text is 17\.0 MB\. newsmark annotates the first 16 MB of a text; the rest is shown without highlights\.$/);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.annotator), 'busy');
  // A short text takes the note away.
  await pasteText(context, page, origin(), SEED);
  // The long text is still being shown (drawn in slices) when the short one's result comes:
  // that result must be drawn (it once threw there and left the page busy for good).
  await waitIdle(page, 120_000);
  assert.equal(await page.isVisible('#limit-note'), false);
  assert.ok((await drawnAnnotations(page)).length > 10);
  assert.deepEqual(errors, []);
});

test('a 1 MB article: typing goes on while it is annotated (one request per burst), then it is drawn in slices', async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  t.after(() => context.close());
  await recordWorkerTraffic(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await waitIdle(page);
  const text = pressText(1_000_000);
  const before = await page.evaluate(() => window.__posted.length);
  await pasteText(context, page, origin(), text);
  await startTicks(page);
  // A burst of typing at the end, right after the paste.
  await page.keyboard.press('Control+End');
  const typed = ' Jane Smith said: "We will be back."';
  await page.keyboard.type(typed, { delay: 15 });
  assert.equal(await page.inputValue('#article'), text + typed, 'every key reached the text box');
  await waitIdle(page, 60_000);
  const { ticks, max } = await stopTicks(page);
  t.diagnostic(`timer ticks while annotating and drawing: ${ticks}, longest gap ${Math.round(max)} ms`);
  assert.ok(max < 1_000, `the longest the main thread was blocked: ${Math.round(max)} ms`);
  const posted = (await page.evaluate(() => window.__posted)).slice(before);
  t.diagnostic(`requests for the paste and ${typed.length} keys: ${posted.length}`);
  assert.ok(posted.length <= 3, `debounced: ${posted.length} requests for ${typed.length + 1} edits`);
  assert.equal(posted.at(-1).length, text.length + typed.length, 'the last request is the final text');

  // Everything is drawn, in stretches, and the reading view is exactly the text.
  const final = text + typed;
  assert.equal(await page.textContent('#reading'), final);
  const stretches = await page.locator('#reading > .stretch').count();
  assert.ok(stretches > 40, `${stretches} stretches`);
  assert.equal(await page.locator('#reading .stretch.is-stale').count(), 0);
  assert.equal(await page.getAttribute('#reading', 'aria-busy'), null);
  const marks = await drawnAnnotations(page);
  assert.ok(marks.length > 5_000, `${marks.length} highlights`);
  for (const m of marks.slice(-200)) assert.equal(final.slice(m.start, m.end), m.text);
  assert.match(await page.textContent('#status'), /^[\d,]+ tags in 1,000,036 characters · annotated in [\d,]+ ms/);
  // The side panel lists the most frequent names, not all of them.
  assert.ok((await page.locator('#entities li').count()) <= 201);
  assert.match(await page.textContent('#entities'), /… and [\d,]+ more names \(the exports list them all\)\./);
  // A highlight at the very end works: its menu opens and a correction applies.
  const last = marks.filter((m) => m.kind === 'person').at(-1);
  const ann = await clickAnnotation(page, 'person', last.start);
  await page.locator(`#tag-menu section[data-ann="${ann}"] [data-action=kind][data-kind=org]`).click();
  await waitIdle(page, 60_000);
  assert.ok((await drawnAnnotations(page)).some((m) => m.kind === 'org' && m.start === last.start && m.byUser));
  assert.deepEqual(errors, []);
});

// About a minute on a 2-core machine, so not in the default run: NEWSMARK_SLOW=1 runs it.
test('a 10 MB article is annotated and drawn to the end without freezing the page (NEWSMARK_SLOW=1)', { skip: !process.env.NEWSMARK_SLOW && 'slow: set NEWSMARK_SLOW=1' }, async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await waitIdle(page);
  const big = pressText(10_000_000);
  await pasteText(context, page, origin(), big);
  await startTicks(page);
  await waitIdle(page, 600_000);
  const { ticks, max } = await stopTicks(page);
  t.diagnostic(`timer ticks: ${ticks}, longest gap ${Math.round(max)} ms`);
  assert.ok(max < 1_000, `the longest the main thread was blocked: ${Math.round(max)} ms`);
  assert.match(await page.textContent('#status'), /^[\d,]+ tags in 10,000,000 characters · annotated in [\d,]+ ms/);
  assert.equal(await page.evaluate(() => document.getElementById('reading').textContent.length), big.length);
  const last = await page.evaluate(() => {
    const m = [...document.querySelectorAll('#reading mark[data-opens]')].at(-1);
    return { start: Number(m.querySelector('[data-start]').dataset.start) };
  });
  assert.ok(last.start > big.length - 20_000, 'highlights reach the end of the text');
  assert.deepEqual(errors, []);
});
