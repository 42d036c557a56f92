// A whole web page pasted as plain text (select all, copy): its menus, share and legal lines
// are left untagged and listed in a note, and one click reads a left-out block as article text
// (a correction: kept, undoable). The page is invented.

import test from 'node:test';
import assert from 'node:assert/strict';
import { drawnAnnotations, requireWasmBuild, serverAndBrowser, setArticle, waitIdle, watchErrors } from './helpers.mjs';

requireWasmBuild();
const env = serverAndBrowser();

const PAGE = [
  'Skip to main content',
  'News | Sport | Weather | Business',
  'Home',
  'Sign in',
  'Harbour town votes to keep its ferry',
  'The council of Port Elling voted on Monday to keep the island ferry running through the winter, after a campaign by residents who said the service was their only link to the hospital.',
  '"Without the boat we are cut off for months," said Tomas Berg, who led the campaign. The vote was nine to four, and the council will pay for the extra crossings itself.',
  'The ferry company said it would need two more crew members to run the service in bad weather, and that it had already begun to look for them in the region.',
  'Share this article',
  'Related stories',
  'Ingrid Solheim named harbour master',
  'Facebook',
  'Twitter',
  'Most read',
  'Copyright 2031 The Coast Courier. All rights reserved.',
  'Privacy policy',
].join('\n');

test('a pasted page: furniture untagged and listed; one click brings a block back, undo takes it away', async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await waitIdle(page);
  await setArticle(page, PAGE);

  const marks = await drawnAnnotations(page);
  const texts = marks.map((m) => m.text);
  assert.ok(texts.includes('Tomas Berg'), `the article is tagged: ${JSON.stringify(texts)}`);
  for (const furniture of ['Facebook', 'Twitter', 'Ingrid Solheim', 'Coast Courier', 'Home']) {
    assert.ok(!texts.some((x) => x.includes(furniture)), `${furniture} is furniture: ${JSON.stringify(texts)}`);
  }
  // Left-out blocks are drawn dimmed (a CSS Custom Highlight: the reading view's DOM is not
  // changed), the teaser among them.
  const dimmed = () =>
    page.evaluate(() => {
      const h = CSS.highlights.get('newsmark-furniture');
      return h ? [...h].map((r) => r.toString()) : [];
    });
  const before = await dimmed();
  assert.ok(before.some((x) => x.includes('Ingrid Solheim')), `the teaser is dimmed: ${JSON.stringify(before)}`);
  assert.ok(before.some((x) => x.includes('Facebook')));
  assert.ok(!before.some((x) => x.includes('Tomas Berg')), 'the article is not dimmed');
  const note = page.locator('.note-furniture_set_aside');
  await assert.doesNotReject(note.waitFor({ state: 'visible' }), 'a note says furniture was left out');
  await note.locator('summary').click();
  const teaser = note.locator('li', { hasText: 'Ingrid Solheim' });
  assert.equal(await teaser.count(), 1, 'the teaser is listed');
  await teaser.getByRole('button', { name: /Tag this block|Read as article text/ }).click();
  await waitIdle(page);
  const after = (await drawnAnnotations(page)).map((m) => m.text);
  assert.ok(after.some((x) => x.includes('Ingrid Solheim')), `the block brought back is tagged: ${JSON.stringify(after)}`);
  assert.ok(!after.includes('Facebook'), 'the rest stays furniture');
  assert.equal(await page.locator('.note-furniture_set_aside li', { hasText: 'Ingrid Solheim' }).count(), 0);
  assert.ok(!(await dimmed()).some((x) => x.includes('Ingrid Solheim')), 'the block brought back is no longer dimmed');

  // The correction is an ordinary one: undo takes the block back out.
  await page.click('#undo');
  await waitIdle(page);
  const undone = (await drawnAnnotations(page)).map((m) => m.text);
  assert.ok(!undone.some((x) => x.includes('Ingrid Solheim')), 'undo leaves the block out again');
  assert.deepEqual(errors, []);
});
