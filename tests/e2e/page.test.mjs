// The page in headless Chromium: the seed article's highlights and side panel, layers,
// lighting, a normal session without console errors, and storage failures.

import test from 'node:test';
import assert from 'node:assert/strict';
import { clickAnnotation, drawnAnnotations, requireWasmBuild, seedArticle, setArticle, waitIdle, watchErrors, serverAndBrowser } from './helpers.mjs';

requireWasmBuild();
const SEED = seedArticle().replace(/\r\n?/g, '\n');

const env = serverAndBrowser();

async function newPage(t, options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 }, ...options });
  t.after(() => context.close());
  const page = await context.newPage();
  return { context, page };
}

/** Pastes `text` into the article box through the real clipboard (Ctrl+V). */
async function paste(context, page, text) {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.server.url).origin });
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.focus('#article');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await waitIdle(page);
}

test('(a) pasting the seed article highlights all four layers and fills the side panel', async (t) => {
  const { context, page } = await newPage(t);
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await waitIdle(page);
  assert.match(await page.textContent('#reading'), /Paste or type an article/, 'an empty page says what to do');
  await paste(context, page, SEED);
  assert.equal(await page.inputValue('#article'), SEED);

  // The reading view shows exactly the text, and every segment knows its offset.
  assert.equal(await page.textContent('#reading'), SEED);
  const badSegs = await page.$$eval(
    '#reading [data-start]',
    (segs, text) => segs.filter((s) => text.slice(Number(s.dataset.start), Number(s.dataset.start) + s.textContent.length) !== s.textContent).length,
    SEED,
  );
  assert.equal(badSegs, 0);

  const marks = await drawnAnnotations(page);
  const byKind = (k) => marks.filter((m) => m.kind === k);
  for (const k of ['person', 'org', 'quote', 'claim']) assert.ok(byKind(k).length > 0, `some ${k} highlights`);
  assert.ok(byKind('person').some((m) => m.text === 'Lee Sporn'), 'Lee Sporn is a person');
  assert.ok(byKind('org').some((m) => m.text === 'Alibaba'), 'Alibaba is an organization');
  assert.ok(byKind('quote').some((m) => m.text.includes('the consistent strategy of Alibaba')), 'the Lee Sporn quote');
  assert.ok(byKind('claim').some((m) => m.text.includes('250 members')), 'the 250 members claim');
  // Layers nest: names inside claim sentences.
  assert.ok((await page.locator('#reading mark[data-kind=claim] mark[data-kind=org]').count()) > 0);
  // Legend counts match the drawing.
  for (const k of ['person', 'org', 'quote', 'claim']) {
    assert.equal(Number(await page.textContent(`[data-count=${k}]`)), byKind(k).length, `${k} count`);
  }

  // Side panel: people and organizations with counts.
  const ents = await page.$$eval('#entities button', (bs) => bs.map((b) => ({ name: b.querySelector('.name').textContent, n: Number(b.querySelector('.badge').textContent), kind: b.dataset.kind })));
  const alibaba = ents.find((e) => e.name === 'Alibaba');
  assert.ok(alibaba && alibaba.kind === 'org', 'Alibaba listed as an organization');
  assert.equal(alibaba.n, marks.filter((m) => m.kind === 'org' && m.text === 'Alibaba').length, 'its count is its number of mentions');
  assert.ok(ents.some((e) => e.name === 'Lee Sporn' && e.kind === 'person'));
  assert.equal(ents.reduce((n, e) => n + e.n, 0), byKind('person').length + byKind('org').length, 'every name is under one entity');

  // Voices: quotes grouped by speaker.
  const voices = await page.$$eval('#voices > li', (lis) =>
    lis.map((li) => ({ name: li.querySelector('.voice .name').textContent, n: Number(li.querySelector('.badge').textContent), quotes: li.querySelectorAll('.quote-jump').length })),
  );
  assert.ok(voices.some((v) => v.name === 'Lee Sporn' && v.n >= 1 && v.quotes === v.n));
  assert.equal(voices.reduce((n, v) => n + v.n, 0), byKind('quote').length, 'every quote is under one voice');

  // Claims ranked by score, with reasons.
  const claims = await page.$$eval('#claims button.claim', (bs) => bs.map((b) => ({ score: Number(b.querySelector('.score-num').textContent), reasons: [...b.querySelectorAll('.reason')].map((r) => r.textContent) })));
  assert.equal(claims.length, byKind('claim').length);
  for (let i = 1; i < claims.length; i++) assert.ok(claims[i - 1].score >= claims[i].score, 'claims are ranked by score');
  assert.ok(claims.every((c) => c.reasons.length > 0), 'every claim says why');
  assert.ok(claims.some((c) => c.reasons.includes('contains a number')));

  assert.match(await page.textContent('#status'), /\d+ tags in [\d,]+ characters/);
  assert.deepEqual(errors, []);
});

test('the claims bar hides claims under the reader\'s score and brings them back', async (t) => {
  const { page } = await newPage(t);
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await setArticle(page, SEED);
  const drawn = async () => (await drawnAnnotations(page)).filter((m) => m.kind === 'claim').length;
  const listed = () => page.$$eval('#claims button.claim .score-num', (ns) => ns.map((n) => Number(n.textContent)));
  const all = await listed();
  assert.ok(all.length >= 3, 'the seed has claims');
  const floor = Number(await page.getAttribute('#claim-min', 'min'));
  assert.ok(floor > 0 && floor <= Math.min(...all), 'the bar starts at the model threshold, under every claim');
  assert.equal(await drawn(), all.length);

  // Raise the bar between the scores: only the higher claims stay, in the text and the panel.
  const sorted = [...all].sort((a, b) => a - b);
  const bar = sorted[Math.floor(sorted.length / 2)] + 1;
  await page.locator('#claim-min').fill(String(bar));
  assert.equal(await page.textContent('#claim-min-out'), `${bar}%`);
  const kept = await listed();
  assert.ok(kept.length > 0 && kept.length < all.length, `some claims hidden at ${bar}%`);
  assert.ok(kept.every((s) => s >= bar - 0.5), 'only claims at or over the bar are listed');
  assert.equal(await drawn(), kept.length, 'the text shows the same claims');
  assert.equal(Number(await page.textContent('[data-count=claim]')), kept.length, 'the legend counts them');
  assert.match(await page.textContent('#claims-count'), new RegExp(`${all.length - kept.length} under your bar`));
  assert.equal(await page.textContent('#reading'), SEED, 'the text is intact');

  // Back to the floor: every claim returns.
  await page.locator('#claim-min').fill(String(floor));
  assert.equal((await listed()).length, all.length);
  assert.equal(await drawn(), all.length);
  assert.deepEqual(errors, []);
});

test('a claim dismissed from the ranked list is a kept correction that undo, redo and forget act on', async (t) => {
  const { page } = await newPage(t);
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await setArticle(page, SEED);
  const texts = () => page.$$eval('#claims button.claim .claim-text', (ns) => ns.map((n) => n.textContent));
  const before = await texts();
  assert.ok(before.length >= 2);
  const top = before[0];
  await page.locator('#claims .claim-dismiss').first().click();
  await waitIdle(page);
  const after = await texts();
  assert.equal(after.length, before.length - 1, 'one claim fewer');
  assert.ok(!after.includes(top), 'the dismissed one is gone from the list');
  assert.equal((await drawnAnnotations(page)).filter((m) => m.kind === 'claim').length, after.length, 'and from the text');
  assert.match(await page.textContent('#corrections'), /remove the claim tag/);
  // Undo brings it back, redo dismisses it again.
  await page.click('#undo');
  await waitIdle(page);
  assert.deepEqual(await texts(), before);
  await page.click('#redo');
  await waitIdle(page);
  assert.deepEqual(await texts(), after);
  // Kept: after a reload the claim is still dismissed; forgetting the correction restores it.
  await page.reload();
  await waitIdle(page);
  assert.deepEqual(await texts(), after);
  await page.locator('#corrections [data-forget]').first().click();
  await waitIdle(page);
  assert.deepEqual(await texts(), before);
  assert.deepEqual(errors, []);
});

test('legend toggles each layer; the side panel lights mentions and quotes', async (t) => {
  const { page } = await newPage(t);
  await page.goto(env.server.url);
  await setArticle(page, SEED);
  const count = (k) => page.locator(`#reading mark[data-kind=${k}]`).count();
  for (const k of ['person', 'org', 'quote', 'claim']) {
    const before = await count(k);
    assert.ok(before > 0);
    await page.click(`[data-layer=${k}]`);
    assert.equal(await page.getAttribute(`[data-layer=${k}]`, 'aria-pressed'), 'false');
    assert.equal(await count(k), 0, `${k} hidden`);
    assert.equal(await page.textContent('#reading'), SEED, 'hiding a layer keeps the text');
    await page.click(`[data-layer=${k}]`);
    assert.equal(await count(k), before, `${k} shown again`);
  }

  // An entity lights all its mentions: the most mentioned one.
  const btn = page.locator('#entities button').first();
  const n = Number(await btn.locator('.badge').textContent());
  const name = await btn.locator('.name').textContent();
  const kind = await btn.getAttribute('data-kind');
  assert.ok(n >= 2);
  await btn.click();
  assert.equal(await btn.getAttribute('aria-pressed'), 'true');
  const lit = await page.$$eval('#reading mark.is-lit', (ms) => [...new Set(ms.map((m) => Number(m.dataset.ann)))].sort((x, y) => x - y));
  assert.equal(lit.length, n, 'as many lit highlights as mentions');
  assert.deepEqual(lit, JSON.parse(await btn.getAttribute('data-anns')).sort((x, y) => x - y));
  const litText = await page.$$eval('#reading mark.is-lit', (ms) => ms.map((m) => [m.dataset.kind, m.textContent]));
  assert.ok(litText.every(([k]) => k === kind));
  assert.ok(litText.some(([, x]) => x === name), `"${name}" itself is among them`);
  await btn.click();
  assert.equal(await page.locator('#reading mark.is-lit').count(), 0, 'a second click clears it');

  // A speaker lights their quotes, even with the quote layer hidden.
  await page.click('[data-layer=quote]');
  const voice = page.locator('#voices button.voice:not(.voice-none)').first();
  const quoteCount = Number(await voice.locator('.badge').textContent());
  const firstQuote = (await page.locator('#voices > li').first().locator('.quote-jump').first().textContent()).slice(0, 20);
  await voice.click();
  assert.equal(await page.getAttribute('[data-layer=quote]', 'aria-pressed'), 'true', 'the layer comes back');
  const litQuotes = await page.$$eval('#reading mark.is-lit', (ms) => ms.map((m) => [m.dataset.kind, m.textContent]));
  assert.ok(litQuotes.length >= 1);
  assert.ok(litQuotes.every(([k]) => k === 'quote'));
  assert.ok(litQuotes.some(([, x]) => x.replace(/\s+/g, ' ').includes(firstQuote.replace(/^“/, ''))));
  assert.equal(new Set(await page.$$eval('#reading mark.is-lit', (ms) => ms.map((m) => m.dataset.ann))).size, quoteCount);
});

test('(e) a normal session logs no console errors and fails no request', async (t) => {
  const { context, page } = await newPage(t);
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await paste(context, page, SEED);
  await page.keyboard.type(' More text typed at the end by Jane Smith.', { delay: 5 });
  await waitIdle(page);
  // Click a highlight, change its kind, undo, redo.
  const org = (await drawnAnnotations(page)).find((a) => a.kind === 'org');
  await clickAnnotation(page, 'org', org.start);
  await page.click('#tag-menu [data-action=kind][data-kind=person]');
  await waitIdle(page);
  await page.click('#undo');
  await waitIdle(page);
  await page.click('#redo');
  await waitIdle(page);
  // Layers, lighting, keyboard navigation, the menu and Escape.
  await page.click('[data-layer=claim]');
  await page.click('#entities button >> nth=0');
  await page.locator('#reading mark[data-opens] >> nth=0').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  assert.equal(await page.isVisible('#tag-menu'), true);
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible('#tag-menu'), false);
  const download = page.waitForEvent('download');
  await page.click('#export');
  await (await download).path();
  await page.reload();
  await waitIdle(page);
  assert.ok((await page.locator('#reading mark').count()) > 0);
  assert.deepEqual(errors, []);
});

test('a storage quota failure is shown in the status line', async (t) => {
  const { page, context } = await newPage(t);
  await context.addInitScript(() => {
    Storage.prototype.setItem = function setItem() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto(env.server.url);
  await setArticle(page, 'Jane Smith works at Acme Corp.');
  const status = page.locator('#save-status');
  assert.match(await status.textContent(), /Not saved: the browser storage for this page is full/);
  assert.ok(await status.evaluate((e) => e.classList.contains('is-error')));
  assert.ok(await status.isVisible());
  assert.ok((await page.locator('#reading mark').count()) > 0, 'the page still works');
});

test('disabled storage is reported and the page still works', async (t) => {
  const { page, context } = await newPage(t);
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
  });
  await page.goto(env.server.url);
  await setArticle(page, 'Jane Smith works at Acme Corp.');
  assert.match(await page.textContent('#save-status'), /Not saved: browser storage is disabled/);
  assert.ok((await page.locator('#reading mark').count()) > 0);
});

test('a corrupt saved state is set aside and reported, and the page works', async (t) => {
  for (const bad of ['{"version":1,"text":"Jane', JSON.stringify({ version: 1, text: 'x', corrections: [{ op: 'add', kind: 'org' }] })]) {
    const { page, context } = await newPage(t);
    await context.addInitScript((raw) => {
      if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('newsmark:state:v1', raw);
      }
    }, bad);
    const errors = watchErrors(page);
    await page.goto(env.server.url);
    await waitIdle(page);
    assert.ok(await page.isVisible('#alert'));
    const msg = await page.textContent('#alert-text');
    assert.match(msg, /could not be restored/);
    const key = msg.match(/"(newsmark:state:v1:corrupt:\d+)"/)[1];
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), key), bad, 'the corrupt state is kept');
    await setArticle(page, 'Jane Smith works at Acme Corp.');
    assert.ok((await page.locator('#reading mark').count()) > 0);
    await page.reload();
    await waitIdle(page);
    assert.equal(await page.inputValue('#article'), 'Jane Smith works at Acme Corp.', 'saving works again');
    assert.equal(await page.isVisible('#alert'), false);
    assert.deepEqual(errors, []);
  }
});

test('an annotator that cannot load is reported on the page', async (t) => {
  const { page, context } = await newPage(t);
  await context.route('**/newsmark_wasm_bg.wasm', (route) => route.abort('failed'));
  await page.goto(env.server.url);
  await page.waitForFunction(() => document.documentElement.dataset.annotator === 'failed', null, { timeout: 10_000 });
  assert.match(await page.textContent('#status'), /The annotator failed: the annotator could not load/);
  assert.match(await page.textContent('#reading'), /could not start/);
  // Typing still works and is still saved.
  await page.fill('#article', 'Jane Smith works at Acme Corp.');
  assert.match(await page.textContent('#save-status'), /^Saved/);
});

test('empty input says what to do; diagnostics are shown', async (t) => {
  const { page } = await newPage(t);
  await page.goto(env.server.url);
  await setArticle(page, 'Jane Smith works at Acme Corp.');
  assert.ok((await page.locator('#reading mark').count()) > 0);
  await setArticle(page, '   \n  ');
  assert.match(await page.textContent('#reading'), /Paste or type an article/);
  assert.equal(await page.locator('#reading mark').count(), 0);
  assert.equal(await page.isVisible('#notes'), false, 'no note for plain emptiness: the message says it');
  await setArticle(page, '\u0001\u0002\u0003\u0004\u0005\u0006 binary \u0007\u0008\u000e\u000f\u0010\u0011');
  const note = page.locator('#notes [data-code=binary_text]');
  assert.equal(await note.count(), 1);
  assert.ok(await note.isVisible());
  assert.match(await note.textContent(), /binary/);
});
