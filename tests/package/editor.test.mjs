// The CMS editor example (examples/cms-editor: ProseMirror + newsmark/prosemirror), built with
// vite and driven in Chromium: type, see highlights, correct a tag, keep typing (the
// correction stays), undo (the correction stays), and the editor's document never holds a
// highlight.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXAMPLE, ensurePackage, launchBrowser, serveDir, watchPage } from './helpers.mjs';

let server;
let browser;
let out;

before(async () => {
  ensurePackage(); // the example links packages/newsmark, whose dist/ this builds
  if (!fs.existsSync(path.join(EXAMPLE, 'node_modules', '.bin', 'vite'))) throw new Error('examples/cms-editor has no node_modules: run scripts/setup.sh');
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'newsmark-cms-editor-'));
  const r = spawnSync(path.join(EXAMPLE, 'node_modules', '.bin', 'vite'), ['build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { cwd: EXAMPLE, encoding: 'utf8' });
  assert.equal(r.status, 0, `vite build of the example failed:\n${r.stdout}\n${r.stderr}`);
  server = await serveDir(out);
  ({ browser } = await launchBrowser());
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

async function settled(page) {
  await page.waitForFunction(() => window.newsmarkDemo && window.newsmarkDemo.isCurrent() && document.getElementById('status').dataset.state === 'idle', null, { timeout: 20_000 });
}

/**
 * The highlights in the editor: [{kind, text, byUser}] from the plugin's decorations, after
 * checking that each is drawn (some element of its kind holds its text's start).
 */
async function highlights(page) {
  const hs = await page.evaluate(() => window.newsmarkDemo.highlights());
  const drawn = await page.$$eval('.ProseMirror .hl', (els) => els.map((e) => ({ kind: e.dataset.nmKind, text: e.textContent })));
  for (const h of hs) {
    assert.ok(drawn.some((d) => d.kind === h.kind && d.text && h.text.startsWith(d.text)), `the ${h.kind} "${h.text}" is drawn`);
  }
  return hs;
}

async function clickText(page, text) {
  const box = await page.evaluate((t) => {
    const walker = document.createTreeWalker(document.querySelector('.ProseMirror'), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(t);
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(n, i + 1);
      r.setEnd(n, i + 2);
      const b = r.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    }
    return null;
  }, text);
  assert.ok(box, `"${text}" is on screen`);
  await page.mouse.click(box.x, box.y);
}

test('type, see highlights, correct a tag, keep typing and undo: the correction stays', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchPage(page, server.url.slice(0, -1));
  await page.goto(server.url);
  await page.waitForFunction(() => document.getElementById('status').dataset.state === 'idle', null, { timeout: 30_000 });

  await page.click('.ProseMirror');
  await page.keyboard.type('Velmora Tesk, the harbour master of Quillport, said the Quillport Ferry Authority would cut crossings by 12 percent.');
  await settled(page);
  let hs = await highlights(page);
  assert.ok(hs.some((h) => h.kind === 'person' && h.text === 'Velmora Tesk'), `a person highlight on Velmora Tesk: ${JSON.stringify(hs)}`);
  const docBefore = await page.evaluate(() => JSON.stringify(window.newsmarkDemo.view.state.doc.toJSON()));
  assert.ok(!docBefore.includes('"marks"') && !docBefore.includes('hl-'), 'highlights are decorations, not marks in the document');

  // Correct it: Velmora Tesk is (say) the name of an organization here.
  await clickText(page, 'Velmora Tesk');
  await page.waitForSelector('#menu:not([hidden])');
  await page.click('#menu-kinds button[data-kind="org"]');
  await settled(page);
  hs = await highlights(page);
  assert.ok(hs.some((h) => h.kind === 'org' && h.text === 'Velmora Tesk' && h.byUser), `changed to an organization: ${JSON.stringify(hs)}`);
  assert.ok(!hs.some((h) => h.kind === 'person' && h.text === 'Velmora Tesk'));

  // Keep typing at the end, and before the corrected name (its anchor must move). (The
  // pauses make each burst of typing its own undo step, as a writer's pauses do.)
  await page.waitForTimeout(600);
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('"We cannot run 40 boats with 22 crews," said Dorian Ashcombe of the Saltmarsh Rowing Club.');
  await settled(page);
  await page.waitForTimeout(600);
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('QUILLPORT — ');
  await settled(page);
  hs = await highlights(page);
  assert.ok(hs.some((h) => h.kind === 'org' && h.text === 'Velmora Tesk' && h.byUser), `still an organization after typing: ${JSON.stringify(hs)}`);
  assert.ok(hs.some((h) => h.kind === 'person' && h.text === 'Dorian Ashcombe'), 'the new text is annotated');
  const c1 = await page.evaluate(() => window.newsmarkDemo.getCorrections());
  assert.equal(c1.length, 1);
  assert.equal(c1[0].op, 'changeKind');
  assert.equal(c1[0].target.text, 'Velmora Tesk');
  const text1 = await page.evaluate(() => window.newsmarkDemo.view.state.doc.textBetween(0, window.newsmarkDemo.view.state.doc.content.size, '\n\n'));
  assert.equal(text1.slice(c1[0].target.start, c1[0].target.end), 'Velmora Tesk', 'the anchor followed the insertion before it');

  // Undo everything typed after the correction: the correction is not undone or lost.
  const first = 'Velmora Tesk, the harbour master of Quillport, said the Quillport Ferry Authority would cut crossings by 12 percent.';
  const docText = () => page.evaluate(() => window.newsmarkDemo.view.state.doc.textContent);
  for (let i = 0; i < 10 && (await docText()) !== first; i++) await page.keyboard.press('Control+z');
  assert.equal(await docText(), first, 'undo took the typing back');
  await settled(page);
  hs = await highlights(page);
  assert.ok(hs.some((h) => h.kind === 'org' && h.text === 'Velmora Tesk' && h.byUser), `still an organization after undo: ${JSON.stringify(hs)}`);
  assert.equal((await page.evaluate(() => window.newsmarkDemo.getCorrections())).length, 1);

  // Undo the first sentence too, then redo it: the correction comes back with its text.
  for (let i = 0; i < 10 && (await docText()) !== ''; i++) await page.keyboard.press('Control+z');
  assert.equal(await docText(), '');
  await settled(page);
  assert.equal((await page.evaluate(() => window.newsmarkDemo.getCorrections())).length, 1, 'kept while its text is gone');
  for (let i = 0; i < 10 && (await docText()) !== first; i++) await page.keyboard.press('Control+y');
  assert.equal(await docText(), first);
  await settled(page);
  hs = await highlights(page);
  assert.ok(hs.some((h) => h.kind === 'org' && h.text === 'Velmora Tesk' && h.byUser), `the correction is back after redo: ${JSON.stringify(hs)}`);

  // Saved for the CMS: a reload brings it back.
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('cms-editor:newsmark-corrections')));
  assert.equal(saved.length, 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('tag a selection in the editor, then remove a tag', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => document.getElementById('status').dataset.state === 'idle', null, { timeout: 30_000 });
  await page.click('.ProseMirror');
  await page.keyboard.type('The Lantern Guild met at noon. Orrin Vashti said the guild had 300 members.');
  await settled(page);
  // Select "Lantern Guild" with the keyboard and tag it as an organization.
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < 'Lantern Guild'.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.click('#toolbar button[data-tag="org"]');
  await settled(page);
  let hs = await highlights(page);
  assert.ok(hs.some((h) => h.kind === 'org' && h.text === 'Lantern Guild' && h.byUser), `tagged: ${JSON.stringify(hs)}`);
  // Remove the person tag on Orrin Vashti, if found; else the one we added.
  const target = hs.find((h) => h.kind === 'person' && h.text === 'Orrin Vashti') ?? hs.find((h) => h.text === 'Lantern Guild');
  await page.keyboard.press('Control+End');
  await clickText(page, target.text);
  await page.waitForSelector('#menu:not([hidden])');
  await page.click('#menu-remove');
  await settled(page);
  hs = await highlights(page);
  assert.ok(!hs.some((h) => h.kind === target.kind && h.text === target.text), `removed: ${JSON.stringify(hs)}`);
  assert.equal((await page.evaluate(() => window.newsmarkDemo.getCorrections())).length, 2);
  await context.close();
});
