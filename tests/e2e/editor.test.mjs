// The correction editor (issue 18) in Chromium: dragging a highlight's edges with the mouse
// and by touch (layers nested: a name inside a quote inside a claim), snapped to words, one
// undo step per drag; one-key review (accept, reject, retype, Tab to the next suggestion),
// each action said in the live region; and axe-core finding nothing on the editor.

import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, charRect, clickAnnotation, drawnAnnotations, requireWasmBuild, savedState, serverAndBrowser, setArticle, waitIdle, watchErrors } from './helpers.mjs';

requireWasmBuild();
const env = serverAndBrowser();

// Invented: a name inside a quote inside a claim.
const TEXT =
  'The city council of Marlowe Bay met on Tuesday to vote on the harbour budget.\n\n' +
  '“Councillor Petra Lindqvist told us the harbour budget rose by 40 percent in 2025, the largest rise in a decade,” said Mayor Oskar Brandt, who chairs the Marlowe Bay Harbour Authority.\n\n' +
  'Brandt said the vote would take place next month. The Harbour Authority declined to comment.';
const at = (s) => {
  const i = TEXT.indexOf(s);
  assert.ok(i >= 0, s);
  return i;
};

/** The client point in the middle of the character at UTF-16 offset `i` of the reading view. */
async function charPoint(page, i) {
  const b = await charRect(page, i);
  return { x: (b.left + b.right) / 2, y: (b.top + b.bottom) / 2 };
}

/** The middle of the visible resize handle of `edge`, once shown. */
async function handlePoint(page, edge) {
  const h = page.locator(`.resize-handle[data-edge=${edge}]`);
  await h.waitFor({ state: 'visible' });
  const b = await h.boundingBox();
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** The drawn annotations containing `[start, end)`, as `kind:text`. */
async function layersAround(page, start, end) {
  return (await drawnAnnotations(page)).filter((a) => a.start <= start && a.end >= end).map((a) => `${a.kind}:${a.text}`);
}

async function announced(page, re) {
  await page.waitForFunction((src) => new RegExp(src).test(document.getElementById('announcer').textContent), re.source, { timeout: 5000 });
  return page.locator('#announcer').textContent();
}

async function newPage(options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 }, ...options });
  // Which kind of pointer pressed the handles (the page's own code cannot tell the test).
  await context.addInitScript(() => {
    window.__pointerTypes = [];
    document.addEventListener('pointerdown', (e) => window.__pointerTypes.push(e.pointerType), true);
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await setArticle(page, TEXT);
  return { context, page, errors };
}

test('drag with the mouse: the edge snaps to words, the selected layer moves alone, one undo step', async (t) => {
  const { context, page, errors } = await newPage();
  t.after(() => context.close());
  const name = { start: at('Petra'), end: at('Petra Lindqvist') + 'Petra Lindqvist'.length };
  const before = await layersAround(page, name.start, name.end);
  assert.ok(before.some((l) => l.startsWith('person:Petra Lindqvist')), `the name is tagged: ${before}`);
  const quote = (await drawnAnnotations(page)).find((a) => a.kind === 'quote' && a.start <= name.start && a.end >= name.end);
  const claim = (await drawnAnnotations(page)).find((a) => a.kind === 'claim' && a.start <= quote.start && a.end >= quote.end);
  assert.ok(quote && claim, 'the name is inside a quote inside a claim');

  // The name's start handle, dropped in the middle of the word before it.
  await clickAnnotation(page, 'person', name.start);
  const from = await handlePoint(page, 'start');
  const to = await charPoint(page, at('Councillor') + 5);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
  await waitIdle(page);
  let saved = await savedState(page);
  assert.equal(saved.corrections.length, 1, 'one correction for one drag');
  const c = saved.corrections[0];
  assert.equal(c.op, 'move');
  assert.equal(c.kind, 'person');
  assert.deepEqual([c.target.start, c.target.end], [name.start, name.end]);
  assert.deepEqual([c.to.start, c.to.end, c.to.text], [at('Councillor'), name.end, 'Councillor Petra Lindqvist'], 'snapped to the start of the word');
  let drawn = await drawnAnnotations(page);
  assert.ok(drawn.some((a) => a.kind === 'person' && a.start === at('Councillor') && a.end === name.end && a.byUser), 'the name is drawn moved');
  assert.ok(drawn.some((a) => a.kind === 'quote' && a.start === quote.start && a.end === quote.end), 'the quote is unchanged');
  assert.ok(drawn.some((a) => a.kind === 'claim' && a.start === claim.start && a.end === claim.end), 'the claim is unchanged');
  assert.match(await announced(page, /now reads/), /Person “Petra Lindqvist” now reads “Councillor Petra Lindqvist”/);

  // One undo step takes the whole drag back.
  await page.locator('#undo').click();
  await waitIdle(page);
  saved = await savedState(page);
  assert.equal(saved.corrections.length, 0);
  drawn = await drawnAnnotations(page);
  assert.ok(drawn.some((a) => a.kind === 'person' && a.start === name.start && a.end === name.end && !a.byUser), 'the name is back');
  assert.equal(await page.locator('#undo').isDisabled(), true, 'nothing else to undo');

  // The quote around the name: pick its section of the menu, drag its end into a word.
  await clickAnnotation(page, 'person', name.start);
  await page.locator(`#tag-menu .menu-section.menu-quote .menu-title`).click();
  await page.waitForFunction(() => document.querySelector('#tag-menu .menu-section.is-active')?.classList.contains('menu-quote'));
  const qEnd = await handlePoint(page, 'end');
  const into = await charPoint(page, at('largest') + 3);
  await page.mouse.move(qEnd.x, qEnd.y);
  await page.mouse.down();
  await page.mouse.move(into.x, into.y, { steps: 12 });
  await page.mouse.up();
  await waitIdle(page);
  saved = await savedState(page);
  assert.equal(saved.corrections.length, 1);
  assert.equal(saved.corrections[0].kind, 'quote');
  assert.deepEqual([saved.corrections[0].to.start, saved.corrections[0].to.end], [quote.start, at('largest') + 'largest'.length], 'snapped to the end of the word');
  drawn = await drawnAnnotations(page);
  assert.ok(drawn.some((a) => a.kind === 'person' && a.start === name.start && a.end === name.end), 'the name inside is unchanged');
  assert.ok(drawn.some((a) => a.kind === 'claim' && a.start === claim.start && a.end === claim.end), 'the claim outside is unchanged');
  assert.ok(drawn.some((a) => a.kind === 'quote' && a.start === quote.start && a.end === at('largest') + 'largest'.length && a.byUser));
  // The handles follow the moved quote, and the menu stays open on it.
  assert.equal(await page.locator('#tag-menu').isVisible(), true);
  const endNow = await handlePoint(page, 'end');
  const lastChar = await charPoint(page, at('largest') + 6);
  assert.ok(Math.abs(endNow.y - lastChar.y) < 12 && endNow.x > lastChar.x - 2 && endNow.x < lastChar.x + 16, `the end handle sits after “largest” (${JSON.stringify(endNow)} vs ${JSON.stringify(lastChar)})`);

  // Escape during a drag drops it: nothing changes.
  const s2 = await handlePoint(page, 'start');
  const far = await charPoint(page, at('Tuesday'));
  await page.mouse.move(s2.x, s2.y);
  await page.mouse.down();
  await page.mouse.move(far.x, far.y, { steps: 5 });
  await page.keyboard.press('Escape');
  await page.mouse.up();
  await waitIdle(page);
  assert.equal((await savedState(page)).corrections.length, 1, 'a dropped drag is no correction');
  assert.deepEqual(await page.evaluate(() => [...new Set(window.__pointerTypes)]), ['mouse']);
  assert.deepEqual(errors, []);
});

test('drag by touch: a tap selects the name, a finger drags its start handle over the word before', async (t) => {
  const { context, page, errors } = await newPage({ hasTouch: true });
  t.after(() => context.close());
  const name = { start: at('Oskar Brandt'), end: at('Oskar Brandt') + 'Oskar Brandt'.length };
  const drawn = await drawnAnnotations(page);
  assert.ok(drawn.some((a) => a.kind === 'person' && a.start === name.start && a.end === name.end), 'the name is tagged');
  const tap = await charPoint(page, name.start + 2);
  await page.touchscreen.tap(tap.x, tap.y);
  const from = await handlePoint(page, 'start');
  const to = await charPoint(page, at('Mayor') + 2);
  // Real touch input through the DevTools protocol: Chromium turns it into pointer events
  // with pointerType "touch".
  const cdp = await context.newCDPSession(page);
  const touch = (type, p) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: p ? [{ x: p.x, y: p.y, id: 1 }] : [] });
  await touch('touchStart', from);
  for (let k = 1; k <= 10; k++) await touch('touchMove', { x: from.x + ((to.x - from.x) * k) / 10, y: from.y + ((to.y - from.y) * k) / 10 });
  await touch('touchEnd');
  await waitIdle(page);
  const types = await page.evaluate(() => window.__pointerTypes);
  assert.ok(types.length >= 2 && types.every((x) => x === 'touch'), `touch pointers only: ${types}`);
  const saved = await savedState(page);
  assert.equal(saved.corrections.length, 1, 'one correction for one drag');
  const c = saved.corrections[0];
  assert.equal(c.op, 'move');
  assert.deepEqual([c.to.start, c.to.end, c.to.text], [at('Mayor'), name.end, 'Mayor Oskar Brandt']);
  assert.ok((await drawnAnnotations(page)).some((a) => a.kind === 'person' && a.start === at('Mayor') && a.end === name.end && a.byUser));
  assert.deepEqual(errors, []);
});

/** The focused highlight as `kind:text`. */
const focused = (page) => page.evaluate(() => {
  const m = document.activeElement.closest('#reading mark[data-ann]');
  if (!m) return null;
  const parts = [...document.querySelectorAll(`#reading mark[data-ann="${m.dataset.ann}"]`)].map((x) => x.textContent).join('');
  return `${m.dataset.kind}:${parts}`;
});

test('one-key review: Tab to each suggestion, a accepts, r rejects, o retypes, each announced', async (t) => {
  const { context, page, errors } = await newPage();
  t.after(() => context.close());
  const all = await drawnAnnotations(page); // reading order, outer first
  assert.ok(all.length >= 6 && all.every((a) => !a.byUser), 'only suggestions to start with');
  await page.focus('#reading mark[tabindex="0"]');
  assert.equal(await focused(page), `${all[0].kind}:${all[0].text}`);

  // Tab walks the suggestions in reading order; Shift+Tab walks back.
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), `${all[1].kind}:${all[1].text}`);
  assert.match(await announced(page, /Suggestion 2 of/), new RegExp(`^Suggestion 2 of ${all.length}: `));
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(page), `${all[1].kind}:${all[1].text}`);

  // a: accepted (the reader's now), the focus moves on to the next suggestion.
  const first = all[1];
  await page.keyboard.press('a');
  assert.match(await announced(page, /^Accepted/), new RegExp(`^Accepted: .*Next: .*; ${all.length - 1} suggestions left\\.$`));
  await waitIdle(page);
  assert.equal(await focused(page), `${all[2].kind}:${all[2].text}`);
  let drawn = await drawnAnnotations(page);
  assert.ok(drawn.some((a) => a.kind === first.kind && a.start === first.start && a.end === first.end && a.byUser), 'accepted');

  // r: rejected (removed).
  const second = all[2];
  await page.keyboard.press('r');
  assert.match(await announced(page, /^Rejected/), /^Rejected: .*Next: /);
  await waitIdle(page);
  drawn = await drawnAnnotations(page);
  assert.ok(!drawn.some((a) => a.kind === second.kind && a.start === second.start && a.end === second.end), 'rejected');

  // Tab skips what was reviewed: from the start, the first suggestion after all[0] is all[3].
  await page.focus(`#reading mark[data-opens][data-ann="${drawn.find((a) => a.start === all[0].start && a.kind === all[0].kind).ann}"]`);
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), `${all[3].kind}:${all[3].text}`);

  // A name retyped with o (or p): a change of kind, announced.
  const person = drawn.find((a) => a.kind === 'person' && !a.byUser);
  await page.focus(`#reading mark[data-opens][data-ann="${person.ann}"]`);
  await page.keyboard.press('o');
  assert.match(await announced(page, /^Retyped/), new RegExp(`^Retyped: person “${person.text}” is now an organization\\.`));
  await waitIdle(page);
  drawn = await drawnAnnotations(page);
  assert.ok(drawn.some((a) => a.kind === 'org' && a.start === person.start && a.end === person.end && a.byUser), 'retyped');

  const saved = await savedState(page);
  assert.deepEqual(
    saved.corrections.map((c) => c.op),
    ['add', 'remove', 'changeKind'],
  );
  // Undo and redo are announced with what they undo.
  await page.keyboard.press('Control+z');
  assert.match(await announced(page, /^Undone/), /^Undone: change “.*” from person to org\.$/);
  await page.keyboard.press('Control+Shift+z');
  assert.match(await announced(page, /^Redone/), /^Redone: change “.*” from person to org\.$/);
  await waitIdle(page);

  // Past the last suggestion, Tab leaves the reading view as usual.
  const opening = await page.$$eval('#reading mark[data-opens]', (ms) => ms.length);
  await page.focus(`#reading mark[data-opens]:nth-of-type(1)`);
  let left = false;
  for (let k = 0; k < opening + 2 && !left; k++) {
    await page.keyboard.press('Tab');
    left = await page.evaluate(() => !document.getElementById('reading').contains(document.activeElement));
  }
  assert.ok(left, 'Tab leaves the reading view after the last suggestion');
  assert.deepEqual(errors, []);
});

test('axe-core finds no accessibility violation on the editor (menu open, handles shown, after a review)', async (t) => {
  // axe is injected as an inline script from node_modules, which the page's CSP forbids:
  // this context alone lets it in.
  const { context, page, errors } = await newPage({ bypassCSP: true });
  t.after(() => context.close());
  await page.focus('#reading mark[tabindex="0"]');
  await page.keyboard.press('a');
  await waitIdle(page);
  await clickAnnotation(page, 'person', at('Petra'));
  await handlePoint(page, 'end');
  await page.addScriptTag({ path: path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  assert.deepEqual(result, [], JSON.stringify(result, null, 2));
  // The live region is there for screen readers, polite and atomic.
  assert.equal(await page.getAttribute('#announcer', 'aria-live'), 'polite');
  assert.deepEqual(errors, []);
});

test('all mentions: a name retyped or removed everywhere it is named, one undo step; a speaker picked from the list', async (t) => {
  const { context, page, errors } = await newPage();
  t.after(() => context.close());
  const full = { start: at('Oskar Brandt'), end: at('Oskar Brandt') + 'Oskar Brandt'.length };
  const short = { start: at('Brandt said'), end: at('Brandt said') + 'Brandt'.length };
  let drawn = await drawnAnnotations(page);
  for (const m of [full, short]) assert.ok(drawn.some((a) => a.kind === 'person' && a.start === m.start && a.end === m.end), `person at ${m.start}`);

  // Retype every mention of the entity from one of them.
  await clickAnnotation(page, 'person', short.start);
  const section = page.locator('#tag-menu .menu-section.menu-person');
  await section.getByLabel(/all 2 mentions of “Oskar Brandt”/).check();
  await section.getByRole('button', { name: 'Change to organization' }).click();
  assert.match(await announced(page, /^Changed all/), /^Changed all 2 mentions of “Oskar Brandt” to organization\.$/);
  await waitIdle(page);
  drawn = await drawnAnnotations(page);
  for (const m of [full, short]) assert.ok(drawn.some((a) => a.kind === 'org' && a.start === m.start && a.end === m.end && a.byUser), `org at ${m.start}`);
  let saved = await savedState(page);
  assert.deepEqual(saved.corrections.map((c) => `${c.op}:${c.target.text}:${c.to}`).sort(), ['changeKind:Brandt:org', 'changeKind:Oskar Brandt:org']);
  // One undo step takes both back.
  await page.locator('#undo').click();
  await waitIdle(page);
  drawn = await drawnAnnotations(page);
  for (const m of [full, short]) assert.ok(drawn.some((a) => a.kind === 'person' && a.start === m.start && a.end === m.end && !a.byUser), `person again at ${m.start}`);
  assert.equal((await savedState(page)).corrections.length, 0);
  assert.equal(await page.locator('#undo').isDisabled(), true);

  // Without the box ticked, one mention only; with it, Remove removes them all.
  await clickAnnotation(page, 'person', full.start);
  await page.locator('#tag-menu .menu-section.menu-person').getByLabel(/all 2 mentions/).check();
  await page.locator('#tag-menu .menu-section.menu-person').getByRole('button', { name: /Remove this person tag/ }).click();
  await waitIdle(page);
  drawn = await drawnAnnotations(page);
  assert.ok(!drawn.some((a) => a.kind === 'person' && (a.start === full.start || a.start === short.start)), 'both removed');
  saved = await savedState(page);
  assert.deepEqual(saved.corrections.map((c) => c.op), ['remove', 'remove']);
  await page.locator('#undo').click();
  await waitIdle(page);

  // A quote's speaker picked from the people and organizations found.
  const quote = (await drawnAnnotations(page)).find((a) => a.kind === 'quote' && a.text.startsWith('the vote'));
  assert.ok(quote, 'the reported quote is tagged');
  await clickAnnotation(page, 'quote', quote.start);
  const qs = page.locator('#tag-menu .menu-section.menu-quote');
  // The lists of entities are filled when first reached (a long article names hundreds).
  assert.equal(await qs.locator('select[name=entity] option').count(), 1, 'only the placeholder before');
  await qs.locator('select[name=entity]').focus();
  const entityCount = await page.$$eval('#entities button', (bs) => bs.length);
  assert.equal(await qs.locator('select[name=entity] option').count(), entityCount + 1, 'every entity after');
  await qs.locator('input[name=speaker]').focus();
  assert.equal(await qs.locator('datalist option').count(), entityCount, "the typed name's suggestions too");
  const petra = await qs.locator('select[name=entity] option').evaluateAll((os) => os.findIndex((o) => o.textContent.startsWith('Petra Lindqvist (person')));
  assert.ok(petra > 0, 'she is in the list');
  await qs.locator('select[name=entity]').selectOption({ index: petra });
  await qs.locator('form.menu-speaker-pick button[type=submit]').click();
  assert.match(await announced(page, /^Speaker of/), /^Speaker of “the vote would take place next month\.” set to Petra Lindqvist\.$/);
  await waitIdle(page);
  saved = await savedState(page);
  const c = saved.corrections.at(-1);
  assert.equal(c.op, 'setSpeaker');
  assert.equal(c.speaker.name, 'Petra Lindqvist');
  assert.deepEqual([c.speaker.mention.start, c.speaker.mention.text], [at('Petra Lindqvist'), 'Petra Lindqvist'], 'the speaker is named at her mention');
  const voices = await page.$$eval('#voices > li', (lis) => lis.map((li) => [li.querySelector('.voice .name').textContent, [...li.querySelectorAll('.quote-jump')].map((b) => b.textContent)]));
  assert.ok(voices.some(([name, qs2]) => name === 'Petra Lindqvist' && qs2.some((q) => q.startsWith('the vote'))), `the side panel lists the quote under her: ${JSON.stringify(voices)}`);
  assert.deepEqual(errors, []);
});

test('split: a name the model joined to another entity is split off into its own', async (t) => {
  const { context, page, errors } = await newPage();
  t.after(() => context.close());
  const short = at('Brandt said');
  const entities = () => page.$$eval('#entities button', (bs) => bs.map((b) => `${b.querySelector('.name').textContent}:${b.querySelector('.badge').textContent}`));
  assert.ok((await entities()).includes('Oskar Brandt:2'), `one entity of two mentions first: ${await entities()}`);
  await clickAnnotation(page, 'person', short);
  await page.locator('#tag-menu .menu-section.menu-person').getByRole('button', { name: /^Split off “Brandt” from “Oskar Brandt”/ }).click();
  assert.match(await announced(page, /^Split/), /^Split “Brandt” off “Oskar Brandt”: an entity of its own now\.$/);
  await waitIdle(page);
  const saved = await savedState(page);
  assert.deepEqual(saved.corrections.map((c) => [c.op, c.target.start, c.target.text]), [['split', short, 'Brandt']]);
  const now = await entities();
  assert.ok(now.includes('Oskar Brandt:1') && now.includes('Brandt:1'), `two entities now: ${now}`);
  // Undo joins them again.
  await page.locator('#undo').click();
  await waitIdle(page);
  assert.ok((await entities()).includes('Oskar Brandt:2'));
  // A name whose entity's mentions all read the same offers no split.
  await clickAnnotation(page, 'person', at('Petra'));
  assert.equal(await page.locator('#tag-menu [data-action=split]').count(), 0);
  assert.deepEqual(errors, []);
});
