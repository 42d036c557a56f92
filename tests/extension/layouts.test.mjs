// The extension on article layouts written for these tests: a CMS article with navigation,
// ads, captions, related links and comments; a strict-CSP page (no 'wasm-unsafe-eval'); a
// paywall-style overlay; an infinite-scroll feed. Each is annotated through the toolbar
// button (activeTab + scripting) and checked in the page (highlights) and the side panel
// (lists). The whole browser runs through a recording proxy: at the end, no request may have
// left 127.0.0.1 and none may carry article text.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annotateWithAction, averageColor, extensionEnv, highlightTexts, openPage, pageSnapshot, panelLists } from './helpers.mjs';

const env = extensionEnv(test);

/** Names that appear only in page furniture (nav, ads, captions, bylines, related, comments, footer, overlay). */
const FURNITURE_NAMES = [
  'Gordon Vance', 'Pellworth', 'Felix Harrowgate', 'Brannock', 'Teodora Lindqvist', 'Rafael Dunmore', 'Lionel Brackwater', 'Quenby Marsh',
  'Oswin Pemberly', 'Heath Pomeroy', 'Ambrose Tilley', 'Celandine Moss', 'Winifred Ashcombe', 'Harriet Quill', 'Leave a Reply',
  'Ottilie Brandauer', 'Casimir Ouellette', 'Eustace Pellegrin', 'Imogen Hartwell', 'Subscribe',
];

/** Every phrase of every article the tests annotate: none may appear in any request. */
const ARTICLE_PHRASES = [
  'night ferries', 'Marisol Okafor', 'Desmond Achterberg', 'Priya Venkataraman', 'Lindenfeld glassworks', 'Annelise Vaucanson',
  'Rosalind Achebe-Moore', 'Lucan Featherstone', 'eastern tram line', 'Benedetta Marchetti-Long', 'Wilhelmina Strand',
];

function allTexts(h) {
  return [...h.person, ...h.org, ...h.quote, ...h.claim].join(' | ');
}

function assertNoFurniture(h) {
  const all = allTexts(h);
  for (const name of FURNITURE_NAMES) assert.ok(!all.includes(name), `furniture "${name}" was highlighted: ${all}`);
}

test('a CMS article: names and quotes highlighted across inline elements, furniture left alone, layout and DOM untouched, removal exact', async () => {
  const page = await openPage(env, 'cms.html');
  const before = await pageSnapshot(page);
  const clip = await page.evaluate(() => {
    const r = document.querySelector('.story-body').getBoundingClientRect();
    return { x: r.x, y: r.y + scrollY, width: r.width, height: 260 };
  });
  // caret: 'initial', or Playwright leaves style="" on the page's textarea.
  const shot = () => page.screenshot({ clip, fullPage: true, caret: 'initial', animations: 'allow' });
  const pixelsBefore = await shot();
  const nameColorBefore = await averageColor(page, '.story-body strong');
  const { panel } = await annotateWithAction(env, page);
  const h = await highlightTexts(page);
  assert.deepEqual(h.person.sort(), ['Desmond Achterberg', 'Marisol Okafor', 'Okafor', 'Priya Venkataraman']);
  assert.ok(h.org.includes('Tidewater Transit Authority'), h.org.join(', ')); // inside a link
  assert.ok(h.org.includes('Quayside Residents Association'), h.org.join(', '));
  assert.ok(h.quote.includes('We have asked the island to wait long enough, and tonight we stopped asking,'), h.quote.join(' | '));
  assert.ok(h.quote.includes('Nobody asked the people who live on the water,'), h.quote.join(' | '));
  // A claim that runs across <strong> and <em>.
  assert.ok(h.claim.some((c) => c.startsWith('“We have asked the island') && c.endsWith('after the meeting.')), h.claim.join(' | '));
  assertNoFurniture(h);

  const lists = await panelLists(panel);
  for (const name of ['Marisol Okafor', 'Desmond Achterberg', 'Priya Venkataraman', 'Tidewater Transit Authority', 'Kestrel Island Ferry Company']) {
    assert.ok(lists.entities.includes(name), `the panel lists ${name}: ${lists.entities.join(', ')}`);
  }
  for (const name of FURNITURE_NAMES) assert.ok(!lists.entities.includes(name));
  assert.ok(lists.voices.includes('Marisol Okafor') && lists.voices.includes('Desmond Achterberg'), lists.voices.join(', '));
  assert.ok(lists.claims >= 4, `claims listed: ${lists.claims}`);
  assert.match(lists.status, /Harbour council backs night ferry trial/);

  // The highlights are painted (the page's pixels changed) ...
  assert.ok(!(await shot()).equals(pixelsBefore), 'the highlights are visible');
  // A person's name gets the person colour (blue) behind it: the injected ::highlight rules apply.
  const [r, g, b] = await averageColor(page, '.story-body strong');
  assert.ok(b - r > 25 && r < nameColorBefore[0] - 25, `"Marisol Okafor" is painted blue: ${[r, g, b]} (was ${nameColorBefore})`);
  // ... but highlighting changed neither the DOM nor any element's box.
  const during = await pageSnapshot(page);
  assert.equal(during.html, before.html, 'the DOM changed while highlighted');
  assert.deepEqual(during.boxes, before.boxes, 'the layout changed while highlighted');

  // Lighting an entity from the panel highlights its mentions in the page.
  await panel.evaluate(() => [...document.querySelectorAll('#entities .entity')].find((b) => b.textContent.includes('Marisol Okafor')).click());
  await page.waitForFunction(() => CSS.highlights.get('newsmark-focus')?.size === 2);

  // One click removes everything; the page is exactly as before.
  await panel.evaluate(() => document.getElementById('remove').click());
  await panel.waitFor(() => /Highlights removed/.test(document.getElementById('status').textContent));
  const names = await page.evaluate(() => [...CSS.highlights.keys()]);
  assert.deepEqual(names, []);
  const after = await pageSnapshot(page);
  assert.equal(after.html, before.html);
  assert.equal(after.text, before.text);
  assert.equal(after.nodes, before.nodes);
  assert.deepEqual(after.boxes, before.boxes);
  assert.ok((await shot()).equals(pixelsBefore), 'the page looks exactly as before, pixel for pixel');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('closing the side panel takes the highlights away with it', async () => {
  const page = await openPage(env, 'strict-csp.html');
  const before = await page.evaluate(() => document.documentElement.outerHTML);
  const { panel } = await annotateWithAction(env, page);
  assert.ok((await highlightTexts(page)).person.length > 0);
  await panel.evaluate(() => setTimeout(() => window.close(), 0)).catch(() => {});
  await page.waitForFunction(() => CSS.highlights.size === 0, null, { timeout: 10_000 });
  assert.equal(await page.evaluate(() => document.documentElement.outerHTML), before);
  await page.close();
});

test('a strict-CSP page (no wasm-unsafe-eval): the annotator runs in the extension, the page is highlighted', async () => {
  const page = await openPage(env, 'strict-csp.html');
  const violations = [];
  page.on('console', (m) => {
    if (/Content Security Policy|CompileError/i.test(m.text())) violations.push(m.text());
  });
  const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
  assert.ok(csp && !csp.includes('wasm-unsafe-eval'), `the page is served with a strict CSP: ${csp}`);
  const { panel } = await annotateWithAction(env, page);
  const h = await highlightTexts(page);
  assert.ok(h.person.includes('Annelise Vaucanson'), h.person.join(', '));
  assert.ok(h.person.includes('Tobiah Reinholt'), h.person.join(', '));
  assert.ok(h.org.includes('Brenhall Glass Cooperative'), h.org.join(', '));
  assert.ok(h.quote.some((q) => q.startsWith('We rebuilt it')), h.quote.join(' | '));
  assertNoFurniture(h);
  const lists = await panelLists(panel);
  assert.ok(lists.entities.includes('Annelise Vaucanson'));
  assert.deepEqual(violations, []);
  await page.close();
});

test('a paywall-style overlay: the article behind it is annotated, the modal is not', async () => {
  const page = await openPage(env, 'paywall.html');
  const before = await pageSnapshot(page);
  await annotateWithAction(env, page);
  const h = await highlightTexts(page);
  assert.ok(h.person.includes('Rosalind Achebe-Moore'), h.person.join(', '));
  assert.ok(h.person.includes('Lucan Featherstone'), h.person.join(', '));
  assert.ok(h.org.includes('Fenwick Growers Union'), h.org.join(', '));
  assertNoFurniture(h);
  assert.equal((await pageSnapshot(page)).html, before.html);
  // The overlay still works as the page made it: it covers the article and its buttons are there.
  assert.equal(await page.evaluate(() => document.elementFromPoint(innerWidth / 2, 10).closest('.paywall-overlay') !== null), true);
  await page.close();
});

test('an infinite-scroll feed: the first story is annotated; a story loaded later is reported, not silently missed', async () => {
  const page = await openPage(env, 'infinite.html');
  const { panel } = await annotateWithAction(env, page);
  let h = await highlightTexts(page);
  assert.ok(h.person.includes('Benedetta Marchetti-Long'), h.person.join(', '));
  assert.ok(h.person.includes('Osric Delacroix'), h.person.join(', '));
  assert.ok(!allTexts(h).includes('Wilhelmina'), 'the next story is not there yet');
  // The reader scrolls; the page appends the next story.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForSelector('article[data-story="2"]');
  await panel.waitFor(() => document.documentElement.dataset.pageChanged === 'added');
  const lists = await panelLists(panel);
  assert.ok(lists.notes.some((n) => /added text/.test(n)), JSON.stringify(lists));
  // The first story's highlights are still in place.
  h = await highlightTexts(page);
  assert.ok(h.person.includes('Benedetta Marchetti-Long'));
  // Annotating again takes in the new story.
  await panel.evaluate(() => document.getElementById('annotate').click());
  await panel.waitFor(() => document.documentElement.dataset.drawn !== undefined && document.getElementById('status').dataset.kind === 'ok' && document.documentElement.dataset.annotator === 'idle');
  await page.waitForFunction(() => [...(CSS.highlights.get('newsmark-person') ?? [])].some((r) => r.toString().includes('Wilhelmina Strand')));
  h = await highlightTexts(page);
  assert.ok(h.org.includes('Aldous Reading Trust'), h.org.join(', '));
  await page.close();
});

/**
 * The browser's own background services, which Chromium contacts with or without the
 * extension (checked: a bare headless Chromium with the same flags makes the same requests).
 * They are allowed through the proxy's log only if they carry no article text; requests of
 * the pages and of the extension are checked separately and strictly.
 */
const BROWSER_SERVICES = new Set(['update.googleapis.com', 'clients2.google.com', 'accounts.google.com']);

test('privacy: no request of a page or of the extension left 127.0.0.1, and no request of the whole browser carried article text', async () => {
  // Strict: everything the pages, the service worker and the side panel (with its worker) asked for.
  const reqs = env.extensionRequests;
  assert.ok(reqs.some((r) => r.from === 'panel'), 'the side panel’s requests were recorded');
  const bad = reqs.filter((r) => !/^(chrome-extension:\/\/|http:\/\/127\.0\.0\.1:\d+\/|data:|blob:chrome-extension:)/.test(r.url));
  assert.deepEqual(bad.map((r) => `${r.from}: ${r.url}`), [], 'requests of the pages or the extension that left 127.0.0.1');
  // Every request the whole browser sent, as the proxy saw it (URL and body).
  const log = env.proxy.log;
  assert.ok(log.length >= 4, `the proxy saw the page loads (${log.length} requests)`);
  const away = log.filter((r) => r.host !== '127.0.0.1' && !BROWSER_SERVICES.has(r.host));
  assert.deepEqual(away.map((r) => `${r.method} ${r.url}`), [], 'requests that left 127.0.0.1');
  for (const r of [...log, ...reqs]) {
    let url = r.url;
    try {
      url = decodeURIComponent(r.url);
    } catch {
      // keep it raw
    }
    const hay = url + r.body;
    for (const phrase of ARTICLE_PHRASES) assert.ok(!hay.includes(phrase), `${r.url} carries "${phrase}"`);
  }
  for (const r of log.filter((x) => x.host === '127.0.0.1')) assert.equal(r.method, 'GET', `only GETs for the pages' own files: ${r.method} ${r.url}`);
});
