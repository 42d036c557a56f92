// (c) The article never leaves the browser: every request the page (and its worker) makes
// while pasting, annotating, correcting, exporting and reloading goes to its own static
// files on 127.0.0.1, and no URL or request body carries article text. The export is
// checked too: offsets in code points, slicing to each annotation's text.

import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, clickAnnotation, drawnAnnotations, requireWasmBuild, seedArticle, waitIdle, watchErrors, serverAndBrowser } from './helpers.mjs';

requireWasmBuild();
// An emoji first, so code points and UTF-16 units differ in the export.
const TEXT = `😀 ${seedArticle().replace(/\r\n?/g, '\n')}`;

const env = serverAndBrowser();

/** True when `s` contains any 12-character stretch of the article (or a URL-encoding of one). */
function carriesArticleText(s) {
  if (!s) return false;
  let decoded = s;
  try {
    decoded = decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    // keep it raw
  }
  const hay = [s, decoded];
  for (let i = 0; i + 12 <= TEXT.length; i += 3) {
    const w = TEXT.slice(i, i + 12);
    if (!w.trim()) continue;
    if (hay.some((h) => h.includes(w))) return true;
  }
  return false;
}

test('(c) no request leaves the page’s own static files, and none carries article text', async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  t.after(() => context.close());
  const origin = new URL(env.server.url).origin;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const requests = [];
  context.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData(), type: r.resourceType() }));
  const sockets = [];
  const page = await context.newPage();
  page.on('websocket', (ws) => sockets.push(ws.url()));
  page.on('worker', (w) => requests.push({ url: w.url(), method: 'GET', body: null, type: 'worker' }));
  const errors = watchErrors(page);

  await page.goto(env.server.url);
  await waitIdle(page);
  // Paste.
  await page.evaluate((x) => navigator.clipboard.writeText(x), TEXT);
  await page.focus('#article');
  await page.keyboard.press('Control+V');
  await waitIdle(page);
  assert.ok((await page.locator('#reading mark').count()) > 10);
  // Type.
  await page.keyboard.type(' Jane Smith said: "We will be back."', { delay: 2 });
  await waitIdle(page);
  // Correct: remove one tag, change another, tag a selection, set a speaker.
  const orgs = (await drawnAnnotations(page)).filter((a) => a.kind === 'org');
  let ann = await clickAnnotation(page, 'org', orgs[0].start);
  await page.locator(`#tag-menu section[data-ann="${ann}"] [data-action=remove]`).click();
  await waitIdle(page);
  ann = await clickAnnotation(page, 'org', orgs[1].start);
  await page.locator(`#tag-menu section[data-ann="${ann}"] [data-action=kind][data-kind=person]`).click();
  await waitIdle(page);
  await page.evaluate(() => {
    const seg = [...document.querySelectorAll('#reading [data-start]')].find((s) => s.textContent.includes('Francisco'));
    const i = seg.textContent.indexOf('Francisco');
    const r = document.createRange();
    r.setStart(seg.firstChild, i);
    r.setEnd(seg.firstChild, i + 'Francisco'.length);
    getSelection().removeAllRanges();
    getSelection().addRange(r);
  });
  await page.waitForFunction(() => !document.querySelector('[data-tag=org]').disabled);
  await page.click('[data-tag=org]');
  await waitIdle(page);
  const quote = (await drawnAnnotations(page)).find((a) => a.kind === 'quote');
  ann = await clickAnnotation(page, 'quote', quote.start);
  await page.locator(`#tag-menu section[data-ann="${ann}"] form.menu-speaker input`).fill('Lee Sporn');
  await page.locator(`#tag-menu section[data-ann="${ann}"] form.menu-speaker input`).press('Enter');
  await waitIdle(page);
  assert.equal(await page.locator('#corrections li:not(.empty)').count(), 4);

  // Export, and check the file.
  const dl = page.waitForEvent('download');
  await page.click('#export');
  const download = await dl;
  assert.match(download.suggestedFilename(), /^newsmark-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(data.offsets, 'unicode-code-points');
  const text = await page.inputValue('#article');
  assert.equal(data.text, text);
  const cps = Array.from(text);
  assert.ok(data.annotations.length > 10);
  for (const a of data.annotations) {
    assert.equal(cps.slice(a.start, a.end).join(''), a.text, `${a.kind} ${a.start}..${a.end}`);
    if (a.speaker && a.speaker.start !== null) assert.equal(cps.slice(a.speaker.start, a.speaker.end).join(''), a.speaker.text);
  }
  assert.ok(data.annotations.some((a) => text.slice(a.start, a.end) !== a.text), 'the offsets really are code points, not UTF-16 units');
  assert.equal(data.corrections.length, 4);
  for (const c of data.corrections) assert.equal(cps.slice(c.target.start, c.target.end).join(''), c.target.text);
  assert.ok(data.annotations.some((a) => a.kind === 'org' && a.text === 'Francisco' && a.byUser));

  // Reload: the state comes back from local storage, not from the network.
  await page.reload();
  await waitIdle(page);
  assert.equal(await page.inputValue('#article'), text);

  // Every request: GET, same origin, an existing file under www/, no article text.
  const www = path.join(ROOT, 'www');
  assert.ok(requests.some((r) => r.url.endsWith('/pkg/newsmark_wasm_bg.wasm')), 'the worker’s requests are seen too');
  for (const r of requests) {
    const u = new URL(r.url);
    assert.equal(u.origin, origin, `request to another origin: ${r.url}`);
    assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
    assert.ok(!r.body, `request with a body: ${r.url}`);
    assert.equal(u.search, '', `query string: ${r.url}`);
    const file = path.join(www, u.pathname === '/' ? 'index.html' : decodeURIComponent(u.pathname));
    assert.ok(file.startsWith(www + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile(), `not a static file of the page: ${r.url}`);
    assert.ok(!carriesArticleText(r.url), `article text in ${r.url}`);
    assert.ok(!carriesArticleText(r.body), `article text in the body of ${r.url}`);
  }
  assert.deepEqual(sockets, []);
  assert.deepEqual(errors, []);
});

test('(c) the checker itself catches article text in a URL', () => {
  assert.equal(carriesArticleText(`http://127.0.0.1/x?q=${encodeURIComponent(TEXT.slice(500, 540))}`), true);
  assert.equal(carriesArticleText('http://127.0.0.1/lib/worker.js'), false);
});
