// <newsmark-annotator> in Chromium, loaded by a plain module script from an installed
// tarball: it annotates a textarea as it is typed in, draws highlights and panels in its
// shadow root (never touching the textarea), takes corrections (a click on a tag, a
// selection), emits its events, honours its attributes, and terminates its worker when removed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { copyFixture, countWorkers, installTarball, launchBrowser, serveDir, watchPage } from './helpers.mjs';

let dir;
let server;
let browser;

before(async () => {
  dir = installTarball('element');
  copyFixture('plain', dir);
  server = await serveDir(dir);
  ({ browser } = await launchBrowser());
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function openPage() {
  const context = await browser.newContext();
  await countWorkers(context);
  await context.addInitScript(() => {
    window.__events = [];
    for (const type of ['newsmark-annotated', 'newsmark-correction', 'newsmark-error']) {
      document.addEventListener(type, (e) => window.__events.push({ type, id: e.target.id, detail: type === 'newsmark-annotated' ? { text: e.detail.text, n: e.detail.analysis.annotations.length } : type === 'newsmark-correction' ? { op: e.detail.correction?.op, n: e.detail.corrections.length, reason: e.detail.reason } : { message: e.detail.message } }));
    }
  });
  const page = await context.newPage();
  const problems = watchPage(page, server.url.slice(0, -1));
  await page.goto(`${server.url}element.html`);
  return { context, page, problems };
}

/** Waits until element `id` has drawn the analysis of its text as it is now. */
async function idle(page, id = 'box') {
  await page.waitForFunction(
    (i) => {
      const el = document.getElementById(i);
      return el.state === 'idle' && el.analysis && window.__events.some((e) => e.type === 'newsmark-annotated' && e.id === i && e.detail.text === el.text);
    },
    id,
    { timeout: 30_000 },
  );
}

/** The highlights drawn in the element's shadow root: ["kind:text*"] (* = by the reader). */
function drawn(page, id = 'box') {
  return page.evaluate((i) => {
    const root = document.getElementById(i).shadowRoot.querySelector('.reading');
    return [...root.querySelectorAll('mark[data-opens]')].map((m) => {
      const parts = [...root.querySelectorAll(`mark[data-ann="${m.dataset.ann}"]`)].map((p) => p.textContent).join('');
      return `${m.dataset.kind}:${parts}${m.classList.contains('hl-by-user') ? '*' : ''}`;
    });
  }, id);
}

test('typing in the wrapped textarea draws highlights and panels; a click corrects a tag and the correction stays while typing', async () => {
  const { context, page, problems } = await openPage();
  await page.click('#story');
  await page.keyboard.type('Velmora Tesk, the harbour master of Quillport, said the Quillport Ferry Authority would cut crossings by 12 percent.');
  await idle(page);
  let d = await drawn(page);
  assert.ok(d.includes('person:Velmora Tesk'), d.join(' | '));
  const panels = await page.evaluate(() => {
    const r = document.getElementById('box').shadowRoot;
    return Object.fromEntries(['person', 'org', 'voices', 'claims'].map((k) => [k, [...r.querySelectorAll(`[data-list="${k}"] li`)].map((li) => li.textContent)]));
  });
  assert.ok(panels.person.some((t) => t.startsWith('Velmora Tesk')), JSON.stringify(panels));
  assert.ok(panels.org.some((t) => t.startsWith('Quillport Ferry Authority')), JSON.stringify(panels));
  assert.ok(panels.voices.length > 0 && panels.claims.length > 0, JSON.stringify(panels));
  assert.equal(await page.$eval('#story', (t) => t.children.length + (t.querySelector('mark') ? 1 : 0)), 0, 'the textarea holds no markup');

  // Click the person tag, make it an organization.
  const mark = page.locator('#box').locator('mark.hl-person[data-opens]').first();
  await mark.click();
  const menu = page.locator('#box').locator('.menu');
  await menu.waitFor({ state: 'visible' });
  await menu.locator('button[data-kind="org"]').click();
  await idle(page);
  d = await drawn(page);
  assert.ok(d.includes('org:Velmora Tesk*'), d.join(' | '));

  // Keep typing, before and after the corrected name.
  await page.click('#story');
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' Mirelle Dunsany of the Lantern Guild disagreed.');
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('QUILLPORT — ');
  await idle(page);
  d = await drawn(page);
  assert.ok(d.includes('org:Velmora Tesk*'), `the correction stays: ${d.join(' | ')}`);
  assert.ok(d.some((x) => x.startsWith('person:Mirelle Dunsany')), d.join(' | '));

  // Tag a selection made in the textarea.
  await page.evaluate(() => {
    const t = document.getElementById('story');
    const i = t.value.indexOf('Lantern Guild');
    t.focus();
    t.setSelectionRange(i, i + 'Lantern Guild'.length);
  });
  await page.locator('#box').locator('.bar button[data-tag="org"]').click();
  await idle(page);
  d = await drawn(page);
  assert.ok(d.includes('org:Lantern Guild*'), d.join(' | '));

  const corrections = await page.evaluate(() => document.getElementById('box').corrections.map((c) => c.op));
  assert.deepEqual(corrections, ['changeKind', 'add']);
  const events = await page.evaluate(() => window.__events.filter((e) => e.id === 'box' && e.type === 'newsmark-correction').map((e) => `${e.detail.reason}:${e.detail.op}:${e.detail.n}`));
  assert.deepEqual(events, ['push:changeKind:1', 'push:add:2']);

  // Undo the last correction from the element's toolbar.
  await page.locator('#box').locator('.bar button[data-action="undo"]').click();
  await idle(page);
  d = await drawn(page);
  assert.ok(!d.includes('org:Lantern Guild*') && d.includes('org:Velmora Tesk*'), d.join(' | '));
  assert.deepEqual(problems, []);
  await context.close();
});


test('corrections set from outside are applied; attributes choose layers and the claim bar', async () => {
  const { context, page } = await openPage();
  await page.fill('#story', 'Orrin Vashti, who chairs the Quillport Ferry Authority, said the authority now runs 300 boats. The weather was mild.');
  await idle(page);
  const all = await drawn(page);
  assert.ok(all.includes('person:Orrin Vashti') && all.some((x) => x.startsWith('claim:')), all.join(' | '));
  await page.evaluate(() => {
    // A saved correction, as a CMS stores it (the page's correction format).
    const el = document.getElementById('box');
    const text = el.text;
    const i = text.indexOf('Orrin Vashti');
    el.corrections = [{ op: 'remove', kind: 'person', target: { start: i, end: i + 12, text: 'Orrin Vashti', prefix: text.slice(0, i), suffix: text.slice(i + 12, i + 44) } }];
  });
  await idle(page);
  let d = await drawn(page);
  assert.ok(!d.includes('person:Orrin Vashti'), d.join(' | '));
  await page.evaluate(() => document.getElementById('box').setAttribute('layers', 'person org'));
  d = await drawn(page);
  assert.ok(d.length > 0 && d.every((x) => x.startsWith('person:') || x.startsWith('org:')), d.join(' | '));
  await page.evaluate(() => {
    const el = document.getElementById('box');
    el.setAttribute('layers', 'claim');
    el.setAttribute('min-claim-score', '1');
  });
  d = await drawn(page);
  assert.deepEqual(d, [], 'no claim scores 1');
  const bad = await page.evaluate(() => {
    try {
      document.getElementById('box').corrections = [{ op: 'nonsense' }];
      return null;
    } catch (e) {
      return e.name;
    }
  });
  assert.equal(bad, 'TypeError');
  // The contenteditable one: only people and organizations, no panels.
  await idle(page, 'rich');
  const rich = await drawn(page, 'rich');
  assert.ok(rich.some((x) => x.startsWith('person:')), rich.join(' | '));
  assert.ok(rich.every((x) => x.startsWith('person:') || x.startsWith('org:')), rich.join(' | '));
  assert.equal(await page.$eval('#editable', (e) => e.querySelectorAll('*').length), 0, 'the contenteditable is never touched');
  await context.close();
});

test('removing the element terminates its worker; two elements, two workers, none left', async () => {
  const { context, page } = await openPage();
  await page.fill('#story', 'Orrin Vashti spoke.');
  await idle(page);
  await idle(page, 'rich');
  assert.equal((await page.evaluate(() => window.__workers)).live, 2);
  await page.evaluate(() => {
    document.getElementById('box').remove();
    document.getElementById('rich').remove();
  });
  assert.deepEqual(await page.evaluate(() => window.__workers), { made: 2, terminated: 2, live: 0 });
  await context.close();
});
