// Pages that are not a plain article: no article at all (the panel says so; "use my
// selection" works), a huge page (capped, with a message), frames and shadow DOM (read
// around, with a note), and a page that changes its text while annotated (a message, the
// page intact, no correction lost).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annotateWithAction, drawCount, extensionEnv, highlightTexts, openPage, panelLists, waitAnnotated, waitNextDraw } from './helpers.mjs';

const env = extensionEnv(test);

test('a page without an article: the panel says so, nothing is highlighted, and the reader’s selection can be annotated instead', async () => {
  const page = await openPage(env, 'no-article.html');
  const before = await page.evaluate(() => document.documentElement.outerHTML);
  const { panel } = await annotateWithAction(env, page, { expectArticle: false });
  await panel.waitFor(() => document.documentElement.dataset.article === 'none');
  const lists = await panelLists(panel);
  assert.match(lists.status, /No article found on this page/);
  assert.match(lists.status, /Use my selection/);
  assert.deepEqual(lists.entities, []);
  assert.deepEqual(await page.evaluate(() => [...CSS.highlights.keys()]), []);
  assert.equal(await page.evaluate(() => document.documentElement.outerHTML), before);

  await page.evaluate(() => {
    const r = document.createRange();
    r.selectNodeContents(document.getElementById('note'));
    getSelection().removeAllRanges();
    getSelection().addRange(r);
  });
  await panel.evaluate(() => document.getElementById('use-selection').click());
  await waitAnnotated(panel);
  assert.match((await panelLists(panel)).status, /^Your selection/);
  const h = await highlightTexts(page);
  assert.ok(h.person.includes('Hollis Wainwright'), h.person.join(', '));
  await page.close();
});

test('a huge page: the first million characters are annotated and the panel says the rest was left out', async () => {
  const page = await openPage(env, 'huge.html');
  const { panel } = await annotateWithAction(env, page, { expectArticle: false });
  await waitAnnotated(panel, 90_000);
  const lists = await panelLists(panel);
  assert.ok(
    lists.notes.some((n) => /very long \(1,3\d\d,\d\d\d characters of article text\); newsmark annotated the first (9\d\d|1,000),\d\d\d characters/.test(n)),
    lists.notes.join(' / '),
  );
  const counts = await page.evaluate(() => ({ person: CSS.highlights.get('newsmark-person')?.size ?? 0, org: CSS.highlights.get('newsmark-org')?.size ?? 0 }));
  assert.ok(counts.person > 1000 && counts.org > 1000, JSON.stringify(counts));
  assert.ok(lists.entities.includes('Benedikt Saarinen'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('frames and shadow DOM: the page’s own article is annotated, and the panel says what it could not read', async () => {
  const page = await openPage(env, 'frames-shadow.html');
  await page.waitForFunction(() => document.querySelector('fact-box')?.shadowRoot);
  const { panel } = await annotateWithAction(env, page);
  const lists = await panelLists(panel);
  assert.ok(lists.notes.some((n) => /a frame/.test(n)), lists.notes.join(' / '));
  assert.ok(lists.notes.some((n) => /shadow DOM/.test(n)), lists.notes.join(' / '));
  const h = await highlightTexts(page);
  assert.ok(h.person.includes('Margarethe Osei'), h.person.join(', '));
  assert.ok(h.person.includes('Ambrose Kettleby'), h.person.join(', '));
  assert.ok(!h.person.includes('Cornelius Abernethy'), 'text in the shadow root is not highlighted');
  await page.close();
});

test('the page changes its text while annotated: a message, the page keeps working, corrections are kept and re-attach', async () => {
  const page = await openPage(env, 'cms.html');
  const url = page.url();
  const { panel } = await annotateWithAction(env, page);
  // A correction first: remove the "Wexmoor" organization from the panel list.
  let n = await drawCount(panel);
  await panel.evaluate(() => [...document.querySelectorAll('#entities .entity')].find((b) => b.querySelector('.name').textContent === 'Wexmoor').click());
  await panel.waitFor(() => !!document.querySelector('#menu .menu-org [data-action=remove]'));
  await panel.evaluate(() => document.querySelector('#menu .menu-org [data-action=remove]').click());
  await waitNextDraw(panel, n);

  // The page's own script rewrites a paragraph and drops another (as live pages do).
  await page.evaluate(() => {
    const ps = document.querySelectorAll('.story-body > p');
    ps[1].firstChild.data = 'Council leader ';
    ps[1].querySelector('strong').textContent = 'Marisol Okafor-Ruiz';
    ps[2].remove();
  });
  await panel.waitFor(() => document.documentElement.dataset.pageChanged === 'text');
  const lists = await panelLists(panel);
  assert.ok(lists.notes.some((t) => /changed the article’s text/.test(t)), lists.notes.join(' / '));
  assert.equal(lists.corrections.length, 1);
  // The page is the page's: its new text is there, untouched by the extension.
  assert.equal(await page.evaluate(() => document.querySelector('.story-body strong').textContent), 'Marisol Okafor-Ruiz');
  assert.deepEqual(page.errors, []);

  // Annotating again follows the new text; the correction still applies.
  n = await drawCount(panel);
  await panel.evaluate(() => document.getElementById('annotate').click());
  await waitNextDraw(panel, n);
  const h = await highlightTexts(page);
  assert.ok(h.person.includes('Marisol Okafor-Ruiz'), h.person.join(', '));
  assert.ok(!h.org.includes('Wexmoor'), h.org.join(', '));
  const stored = await env.worker.evaluate(async (u) => (await chrome.storage.local.get(`newsmark:page:v1:${u}`))[`newsmark:page:v1:${u}`].corrections.length, url);
  assert.equal(stored, 1);
  await page.close();
});
