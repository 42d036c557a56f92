// Issue #18: corrections that survive edits of the article (placed approximately) or are
// listed as "could not be placed" (never lost), and the lexicon learnt from corrections,
// applied to the next article. Invented articles only.

import test from 'node:test';
import assert from 'node:assert/strict';
import { annotationAt, clickAnnotation, drawnAnnotations, requireWasmBuild, selectInReading, setArticle, waitIdle, watchErrors, serverAndBrowser } from './helpers.mjs';

requireWasmBuild();
const env = serverAndBrowser();

const FIRST =
  'Dunmore Vale fell sharply on Thursday after the grocer warned that profits would halve. ' +
  'Talbot Reese, who chairs Dunmore Vale, said the company had been hurt by rising energy costs.\n\n' +
  'Quillan Marsh, which follows the grocer, said the warning was the third this year. Brisk Harbor, a consumer group, said shoppers would pay more. ' +
  'Meanwhile Greenway Forward, the new lobby for farmers, asked ministers for help.';
const SECOND =
  'A month later, Dunmore Vale named a new chief executive. The board of Dunmore Vale chose Imre Castellanos, ' +
  'who had run a rival chain in the north.\n\nQuillan Marsh raised its forecast for the grocer on Monday. Brisk Harbor welcomed the change ' +
  'but warned that prices were still high. Greenway Forward said its members wanted a meeting with the new boss.';
const ORGS = ['Dunmore Vale', 'Quillan Marsh', 'Brisk Harbor', 'Greenway Forward'];

/** Occurrences of the four organizations in `text` not drawn as an org, or drawn as a person. */
async function orgErrors(page, text) {
  const drawn = await drawnAnnotations(page);
  let n = 0;
  for (const o of ORGS) {
    for (let i = text.indexOf(o); i >= 0; i = text.indexOf(o, i + 1)) {
      const org = drawn.some((a) => a.kind === 'org' && a.start === i && a.end === i + o.length);
      const person = drawn.some((a) => a.kind === 'person' && a.start < i + o.length && i < a.end);
      if (!org || person) n++;
    }
  }
  return n;
}

const lexiconNames = (page) => page.$$eval('#lexicon li:not(.empty) .what', (l) => l.map((x) => x.textContent));
/** The lexicon's list holds `n` names: it is redrawn when the edit's analysis comes back, which
 * on a loaded machine can be after the page first reads as idle, so the count is waited for. */
async function lexiconHas(page, n, message) {
  await page
    .waitForFunction((k) => document.querySelectorAll('#lexicon li:not(.empty) .what').length === k, n, { timeout: 10_000 })
    .catch(() => {});
  assert.equal((await lexiconNames(page)).length, n, message);
}
const savedLexicon = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('newsmark:lexicon:v1') ?? 'null'));

test('corrections in one article fix the same errors in the next; undo, export, import and reset', async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await setArticle(page, FIRST);
  assert.ok((await orgErrors(page, FIRST)) >= 4, 'the annotator gets these names wrong');

  // The reader fixes the first mention of each: retype a person tag, or tag a missed name.
  for (const o of ORGS) {
    const start = FIRST.indexOf(o);
    if (await annotationAt(page, 'person', start)) {
      const ann = await clickAnnotation(page, 'person', start);
      await page.locator(`#tag-menu section[data-ann="${ann}"] [data-action=kind][data-kind=org]`).click();
    } else {
      await selectInReading(page, start, start + o.length);
      await page.click('[data-tag=org]');
    }
    await waitIdle(page);
  }
  assert.equal(await orgErrors(page, FIRST), 0, 'every mention, the second "Dunmore Vale" too');
  assert.equal(await page.locator('#notes [data-code=correction_no_effect]').count(), 0, 'the lexicon doing a correction\'s work is no news');
  assert.deepEqual((await lexiconNames(page)).sort(), ORGS.map((o) => `${o}: organization`).sort());
  assert.equal((await savedLexicon(page)).entries.length, 4);

  // Undo takes the last lesson back; redo teaches it again.
  await page.click('#undo');
  await waitIdle(page);
  await lexiconHas(page, 3);
  await page.click('#redo');
  await waitIdle(page);
  await lexiconHas(page, 4);

  // A second article, after a reload and with the first article's corrections forgotten
  // (Forget keeps what they taught): the same errors do not come back.
  await page.reload();
  await waitIdle(page);
  while (await page.locator('#corrections [data-forget]').count()) {
    await page.locator('#corrections [data-forget]').first().click();
    await waitIdle(page);
  }
  await lexiconHas(page, 4, 'forgetting a correction keeps its lesson');
  await setArticle(page, SECOND);
  assert.equal(await orgErrors(page, SECOND), 0, 'no error of the first article recurs');
  assert.ok(await annotationAt(page, 'person', SECOND.indexOf('Imre Castellanos')), 'other names are left alone');

  // Forget one name, then undo that from the alert.
  await page.locator('#lexicon [data-unlearn="Quillan Marsh"]').click();
  await waitIdle(page);
  await lexiconHas(page, 3);
  assert.ok((await orgErrors(page, SECOND)) >= 1, 'Quillan Marsh is wrong again');
  await page.click('#alert-action');
  await waitIdle(page);
  await lexiconHas(page, 4);
  assert.equal(await orgErrors(page, SECOND), 0);

  // Export, reset (with undo), import back.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#lexicon-export')]);
  const file = JSON.parse(await (await import('node:fs/promises')).readFile(await download.path(), 'utf8'));
  assert.equal(file.entries.length, 4);
  await page.click('#lexicon-reset');
  await waitIdle(page);
  await lexiconHas(page, 0);
  assert.ok((await orgErrors(page, SECOND)) >= 4, 'without the lexicon the errors are back');
  await page.setInputFiles('#lexicon-file', { name: 'lexicon.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await page.waitForFunction(() => document.querySelectorAll('#lexicon li:not(.empty)').length === 4);
  await waitIdle(page);
  assert.equal(await orgErrors(page, SECOND), 0);

  // Hostile files: a clear message, and nothing changes.
  const before = await savedLexicon(page);
  for (const [name, body, why] of [
    ['bad.json', '{"version": 1, "entries": [', /not valid JSON/],
    ['kind.json', JSON.stringify({ version: 1, entries: [{ name: 'X', kind: 'quote' }] }), /entry 1/],
    ['huge.json', JSON.stringify({ version: 1, entries: Array.from({ length: 20_001 }, (_, i) => ({ name: `N${i}`, kind: 'org' })) }), /at most 20,000/],
    ['big.json', ' '.repeat(4_100_000), /at most 4 MB/],
  ]) {
    await page.evaluate(() => (document.getElementById('alert-text').textContent = ''));
    await page.setInputFiles('#lexicon-file', { name, mimeType: 'application/json', buffer: Buffer.from(body) });
    await page.waitForFunction(() => document.getElementById('alert-text').textContent !== '');
    const msg = await page.textContent('#alert-text');
    assert.match(msg, why, name);
    assert.match(msg, /Nothing was changed/, name);
    assert.deepEqual(await savedLexicon(page), before, name);
  }
  assert.deepEqual(errors, []);
});

test('an edited article: a correction follows a fixed typo, one whose text is gone is listed and kept', async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  const text = 'Residents said Brisk Harbour, a consumer group, would sue the council. The council said it would not comment.';
  await setArticle(page, text);
  const start = text.indexOf('Brisk Harbour');
  await selectInReading(page, start, start + 'Brisk Harbour'.length);
  await page.click('[data-tag=org]');
  await waitIdle(page);
  assert.ok(await annotationAt(page, 'org', start));
  assert.equal(await page.isVisible('#orphans-panel'), false);

  // A typo fixed inside the tag: the correction follows it.
  const fixed = text.replace('Brisk Harbour', 'Brisk Harbor');
  await setArticle(page, fixed);
  const tag = await annotationAt(page, 'org', start);
  assert.equal(tag?.text, 'Brisk Harbor');
  assert.equal(tag.byUser, true);

  // The name deleted: the correction is listed as not placed, and kept.
  const gone = fixed.replace('Brisk Harbor, a consumer group,', 'a consumer group');
  await setArticle(page, gone);
  await page.waitForSelector('#orphans-panel:not([hidden])');
  assert.deepEqual(await page.$$eval('#orphans li .what', (l) => l.map((x) => x.textContent)), ['tag “Brisk Harbour” as org']);
  assert.equal(await page.locator('#reading mark.hl-by-user').count(), 0, 'not placed anywhere else');
  await page.click('#orphans [data-keep-orphan]');
  assert.equal(await page.textContent('#orphans .flag'), 'kept');

  // Still there after a reload, and placed again when the text comes back.
  await page.reload();
  await waitIdle(page);
  assert.equal(await page.locator('#orphans li').count(), 1, 'listed after a reload');
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('newsmark:state:v1')).corrections.length);
  assert.equal(saved, 1);
  await setArticle(page, fixed);
  assert.equal(await page.isVisible('#orphans-panel'), false);
  assert.equal((await annotationAt(page, 'org', start))?.byUser, true);

  // Discard: gone from the list and from storage (Undo brings it back).
  await setArticle(page, gone);
  await page.waitForSelector('#orphans-panel:not([hidden])');
  await page.click('#orphans [data-forget]');
  await waitIdle(page);
  assert.equal(await page.isVisible('#orphans-panel'), false);
  assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('newsmark:state:v1')).corrections.length), 0);
  await page.click('#undo');
  await waitIdle(page);
  assert.equal(await page.locator('#orphans li').count(), 1);
  assert.deepEqual(errors, []);
});
