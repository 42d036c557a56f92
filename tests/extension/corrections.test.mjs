// Corrections in the extension: made in the side panel from a selection or a click on the
// page, saved per URL in chrome.storage.local, applied again after a reload, re-attached
// when the page's text shifts (anchors with context), and listed as orphans when their text
// is gone, never dropped.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annotateWithAction, clickAction, drawCount, extensionEnv, highlightTexts, openPage, panelLists, waitAnnotated, waitNextDraw } from './helpers.mjs';

const env = extensionEnv(test);

/** Selects the first occurrence of `text` inside `within` (a selector) on the page. */
async function selectText(page, within, text, { collapseAt = null } = {}) {
  await page.evaluate(
    ([sel, t, at]) => {
      const root = document.querySelector(sel);
      const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        const i = n.data.indexOf(t);
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(n, i + (at ?? 0));
        r.setEnd(n, at === null ? i + t.length : i + at);
        getSelection().removeAllRanges();
        getSelection().addRange(r);
        return;
      }
      throw new Error(`no "${t}" in ${sel}`);
    },
    [within, text, collapseAt],
  );
}

/** Clicks in the middle of the first occurrence of `text` inside `within`, as a reader would. */
async function clickText(page, within, text) {
  const box = await page.evaluate(
    ([sel, t]) => {
      const w = document.createTreeWalker(document.querySelector(sel), NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        const i = n.data.indexOf(t);
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(n, i + 1);
        r.setEnd(n, i + 2);
        r.startContainer.parentElement.scrollIntoView({ block: 'center' });
        const b = r.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      }
      return null;
    },
    [within, text],
  );
  assert.ok(box, `"${text}" is on the page`);
  await page.mouse.click(box.x, box.y);
}

async function storedCorrections(url) {
  return env.worker.evaluate(async (u) => {
    const key = `newsmark:page:v1:${u}`;
    return ((await chrome.storage.local.get(key))[key] || { corrections: [] }).corrections;
  }, url);
}

async function reloadAndAnnotate(page, panel) {
  await page.reload();
  await panel.waitFor(() => /Press the newsmark button/.test(document.getElementById('status').textContent));
  await clickAction(env, page);
  await waitAnnotated(panel);
}

test('a tag added from a selection and a tag removed from a click persist across reloads, shifted text and lost text', async () => {
  env.pages.setVariant('a');
  const page = await openPage(env, 'shifting.html');
  const url = page.url();
  const { panel } = await annotateWithAction(env, page);
  let h = await highlightTexts(page);
  assert.ok(h.org.includes('Wexmoor'), `the annotator tags "Wexmoor" (a place) as an organization: ${h.org}`);
  assert.ok(!h.org.includes('Kestrel Island'));

  // Add: select "Kestrel Island" on the page, press Org in the panel.
  await selectText(page, '.story-body', 'Kestrel Island');
  await panel.waitFor(() => !document.querySelector('[data-tag=org]').disabled && document.getElementById('tag-target').textContent.includes('Kestrel Island'));
  let n = await drawCount(panel);
  await panel.evaluate(() => document.querySelector('[data-tag=org]').click());
  await waitNextDraw(panel, n);
  h = await highlightTexts(page);
  assert.ok(h.org.includes('Kestrel Island'), h.org.join(', '));

  // Remove: click on "Wexmoor" in the page; the panel opens its menu; press Remove.
  await clickText(page, '.story-body', 'Wexmoor');
  await panel.waitFor(() => !document.getElementById('menu').hidden && !!document.querySelector('#menu .menu-org [data-action=remove]'));
  n = await drawCount(panel);
  await panel.evaluate(() => document.querySelector('#menu .menu-org [data-action=remove]').click());
  await waitNextDraw(panel, n);
  h = await highlightTexts(page);
  assert.ok(!h.org.includes('Wexmoor'), h.org.join(', '));
  let lists = await panelLists(panel);
  assert.equal(lists.corrections.length, 2, JSON.stringify(lists.corrections));

  const saved = await storedCorrections(url);
  assert.deepEqual(saved.map((c) => `${c.op}:${c.kind}:${c.target.text}`), ['add:org:Kestrel Island', 'remove:org:Wexmoor']);

  // Reload: the corrections come back with the page.
  await reloadAndAnnotate(page, panel);
  h = await highlightTexts(page);
  assert.ok(h.org.includes('Kestrel Island') && !h.org.includes('Wexmoor'), h.org.join(', '));
  lists = await panelLists(panel);
  assert.equal(lists.corrections.length, 2);
  assert.ok(lists.corrections.every((c) => !c.orphan));

  // The text shifts (a paragraph is inserted before): re-attached by their anchors.
  env.pages.setVariant('b');
  await reloadAndAnnotate(page, panel);
  h = await highlightTexts(page);
  assert.ok(h.claim.some((c) => c.startsWith('Update, 5 March')) || (await page.evaluate(() => document.body.innerText.includes('Update, 5 March'))));
  assert.ok(h.org.includes('Kestrel Island') && !h.org.includes('Wexmoor'), h.org.join(', '));
  assert.ok((await panelLists(panel)).corrections.every((c) => !c.orphan));

  // Their text is gone: listed as orphans, kept in storage, and the page is still fine.
  env.pages.setVariant('c');
  await reloadAndAnnotate(page, panel);
  lists = await panelLists(panel);
  assert.equal(lists.corrections.length, 2);
  assert.ok(lists.corrections.some((c) => c.orphan && /Wexmoor/.test(c.text)), JSON.stringify(lists.corrections));
  assert.ok(lists.notes.some((t) => /could not be placed/.test(t)), lists.notes.join(' / '));
  assert.equal((await storedCorrections(url)).length, 2);
  // The same list as the page's: "could not be placed", with Keep and Discard.
  const orphans = await panel.evaluate(() => [...document.querySelectorAll('#orphans-panel:not([hidden]) #orphans li .what')].map((e) => e.textContent));
  assert.deepEqual(orphans, ['remove the org tag on “Wexmoor”']);
  await panel.evaluate(() => document.querySelector('#orphans [data-keep-orphan]').click());
  await panel.waitFor(() => document.querySelector('#orphans .flag')?.textContent === 'kept');
  // What the two corrections taught, kept for every page in the extension's storage.
  assert.deepEqual(await panel.evaluate(() => [...document.querySelectorAll('#lexicon li:not(.empty) .what')].map((e) => e.textContent).sort()), ['Kestrel Island: organization', 'Wexmoor: not a name']);
  const taught = await env.worker.evaluate(async () => (await chrome.storage.local.get('newsmark:lexicon:v1'))['newsmark:lexicon:v1']);
  assert.equal(taught.entries.length, 2);
  h = await highlightTexts(page);
  assert.ok(h.person.includes('Marisol Okafor'));

  // Forgetting a correction is itself saved.
  n = await drawCount(panel);
  await panel.evaluate(() => document.querySelector('#corrections [data-forget="1"]').click());
  await waitNextDraw(panel, n);
  assert.equal((await storedCorrections(url)).length, 1);
  // Reset the lexicon, so that the tests after this one start without it.
  await panel.evaluate(() => document.getElementById('lexicon-reset').click());
  await panel.waitFor(() => !document.querySelector('#lexicon li:not(.empty)'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('quote speaker and kind changes from the panel menu, with undo', async () => {
  env.pages.setVariant('a');
  const page = await openPage(env, 'cms.html');
  const { panel } = await annotateWithAction(env, page);
  // Open a claim from the list and change it to a quote... then undo.
  const before = await highlightTexts(page);
  await panel.evaluate(() => document.querySelector('#claims .claim').click());
  await panel.waitFor(() => !!document.querySelector('#menu .menu-claim [data-action=kind][data-kind=quote]'));
  let n = await drawCount(panel);
  await panel.evaluate(() => document.querySelector('#menu .menu-claim [data-action=kind][data-kind=quote]').click());
  await waitNextDraw(panel, n);
  const changed = await highlightTexts(page);
  assert.equal(changed.claim.length, before.claim.length - 1);
  n = await drawCount(panel);
  await panel.evaluate(() => document.getElementById('undo').click());
  await waitNextDraw(panel, n);
  assert.deepEqual((await highlightTexts(page)).claim.sort(), before.claim.sort());

  // Set the speaker of Achterberg's direct quote to someone else, through the menu's form.
  await panel.evaluate(() => document.querySelector('#voices .quote-jump').click());
  await panel.waitFor(() => !!document.querySelector('#menu .menu-speaker input'));
  n = await drawCount(panel);
  await panel.evaluate(() => {
    const f = document.querySelector('#menu .menu-speaker');
    f.elements.speaker.value = 'Priya Venkataraman';
    f.requestSubmit();
  });
  await waitNextDraw(panel, n);
  const voices = (await panelLists(panel)).voices;
  assert.ok(voices.includes('Priya Venkataraman'), voices.join(', '));
  await page.close();
});
