// No lost work (issue 5): every correction is in storage the moment it is made (proved by
// crashing the tab, so no unload handler can help); storage that starts failing mid-session
// is shown at once and recovers; an article too big for the quota still has its corrections
// kept, and pasting it again brings them back. (A corrupt saved state, disabled storage and
// a quota failure from the start: page.test.mjs; export → import: import-export.test.mjs.)

import test from 'node:test';
import assert from 'node:assert/strict';
import {
  clickAnnotation,
  drawnAnnotations,
 
  pasteText,
  requireWasmBuild,
  savedState,
  seedArticle,
  selectInReading,
  setValue,
 
  waitIdle,
  watchErrors, serverAndBrowser } from './helpers.mjs';

requireWasmBuild();
const SEED = seedArticle().replace(/\r\n?/g, '\n');

const env = serverAndBrowser();

/** The corrections listed in the side panel (what the reader sees). */
async function listed(page) {
  return page.$$eval('#corrections li:not(.empty) .what', (ws) => ws.map((w) => w.textContent));
}

test('every correction is saved the moment it is made: a crashed tab loses none', async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(env.server.url);
  await setValue(page, SEED);
  await waitIdle(page);
  const lengths = [];
  // Read storage right after each edit, before the annotator has answered.
  const step = async (edit) => {
    await edit();
    lengths.push((await savedState(page)).corrections.length);
    await waitIdle(page);
  };
  const start = SEED.indexOf('Francisco');
  await step(async () => {
    await selectInReading(page, start, start + 'Francisco'.length);
    await page.keyboard.press('o');
  });
  const orgs = (await drawnAnnotations(page)).filter((a) => a.kind === 'org' && !a.byUser);
  await step(async () => {
    const ann = await clickAnnotation(page, 'org', orgs[0].start);
    await page.locator(`#tag-menu section[data-ann="${ann}"] [data-action=remove]`).click();
  });
  await step(async () => {
    const ann = await clickAnnotation(page, 'org', orgs[1].start);
    await page.locator(`#tag-menu section[data-ann="${ann}"] [data-action=kind][data-kind=person]`).click();
  });
  const quote = (await drawnAnnotations(page)).find((a) => a.kind === 'quote');
  await step(async () => {
    const ann = await clickAnnotation(page, 'quote', quote.start);
    await page.locator(`#tag-menu section[data-ann="${ann}"] form.menu-speaker input`).fill('Lee Sporn');
    await page.locator(`#tag-menu section[data-ann="${ann}"] form.menu-speaker input`).press('Enter');
  });
  await step(() => page.click('#undo'));
  await step(() => page.click('#redo'));
  await step(() => page.locator('#corrections [data-forget="0"]').click());
  assert.deepEqual(lengths, [1, 2, 3, 4, 3, 4, 3]);
  const seen = await listed(page);
  const saved = await savedState(page);
  assert.equal(saved.text, SEED);

  // Crash the tab: no pagehide, no beforeunload, nothing gets a last chance to save.
  const cdp = await context.newCDPSession(page);
  const crashed = new Promise((r) => page.once('crash', r));
  cdp.send('Page.crash').catch(() => {});
  await crashed;
  const again = await context.newPage();
  const errors = watchErrors(again);
  await again.goto(env.server.url);
  await waitIdle(again);
  assert.equal(await again.inputValue('#article'), SEED);
  assert.deepEqual(await listed(again), seen, 'the same corrections, in order');
  assert.deepEqual((await savedState(again)).corrections, saved.corrections);
  assert.deepEqual(errors, []);
});

test('storage that fails mid-session is shown at once, every time it matters, and recovers', async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await setValue(page, SEED);
  await waitIdle(page);
  assert.match(await page.textContent('#save-status'), /^Saved in this browser$/);
  // The disk fills up.
  await page.evaluate(() => {
    window.__setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function setItem() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const start = SEED.indexOf('Francisco');
  await selectInReading(page, start, start + 'Francisco'.length);
  await page.keyboard.press('o');
  await waitIdle(page);
  const status = page.locator('#save-status');
  assert.match(await status.textContent(), /^Not saved: the browser storage for this page is full\. Use Export JSON to keep your work\.$/);
  assert.ok(await status.evaluate((e) => e.classList.contains('is-error')));
  assert.ok(await page.isVisible('#alert'));
  assert.match(await page.textContent('#alert-text'), /^Your work is not being saved in this browser: the browser storage for this page is full\./);
  // Said once in the alert; the status line keeps saying it.
  await page.click('#alert-close');
  await page.click('#undo');
  await waitIdle(page);
  assert.equal(await page.isVisible('#alert'), false);
  assert.match(await status.textContent(), /^Not saved/);
  // The disk has room again: the next edit saves everything, including what was not saved.
  await page.click('#redo');
  await waitIdle(page);
  await page.evaluate(() => {
    Storage.prototype.setItem = window.__setItem;
  });
  await selectInReading(page, SEED.indexOf('Alibaba'), SEED.indexOf('Alibaba') + 'Alibaba'.length);
  await page.keyboard.press('p');
  await waitIdle(page);
  assert.match(await status.textContent(), /^Saved in this browser$/);
  assert.equal((await savedState(page)).corrections.length, 2);
  await page.reload();
  await waitIdle(page);
  assert.equal((await listed(page)).length, 2);
  assert.deepEqual(errors, []);
});

test('an article too big for the quota: its corrections are kept, and come back with the article', async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  t.after(() => context.close());
  // A small quota: 4,000 characters per value.
  await context.addInitScript(() => {
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function setItem(k, v) {
      if (String(v).length > 4000) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return set.call(this, k, v);
    };
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await waitIdle(page);
  const text = `${SEED}\n\n${SEED}`;
  const origin = new URL(env.server.url).origin;
  await pasteText(context, page, origin, text);
  await waitIdle(page);
  const start = text.indexOf('Francisco');
  await selectInReading(page, start, start + 'Francisco'.length);
  await page.keyboard.press('o');
  await waitIdle(page);
  const person = (await drawnAnnotations(page)).find((a) => a.kind === 'person' && !a.byUser);
  const ann = await clickAnnotation(page, 'person', person.start);
  await page.locator(`#tag-menu section[data-ann="${ann}"] [data-action=remove]`).click();
  await waitIdle(page);
  assert.match(await page.textContent('#save-status'), /^Not saved: the browser storage for this page is full\. Your corrections are saved without the article: paste it again to get them back\./);
  const saved = await savedState(page);
  assert.equal(saved.text, '');
  assert.equal(saved.textDropped, text.length);
  assert.equal(saved.corrections.length, 2);

  await page.reload();
  await waitIdle(page);
  assert.match(
    await page.textContent('#alert-text'),
    new RegExp(`^The article \\(${text.length.toLocaleString('en')} characters\\) was too big to keep in this browser; your 2 corrections were kept\\. Paste the same article again to get them back\\.$`),
  );
  assert.equal(await page.locator('#corrections li:not(.empty)').count(), 2);
  await pasteText(context, page, origin, text);
  await waitIdle(page);
  const marks = await drawnAnnotations(page);
  assert.ok(marks.some((m) => m.kind === 'org' && m.start === start && m.byUser), 'the added tag is back');
  assert.ok(!marks.some((m) => m.kind === 'person' && m.start === person.start), 'the removal is back');
  assert.equal(await page.locator('#corrections li.not-found').count(), 0);
  assert.deepEqual(errors, []);
});
