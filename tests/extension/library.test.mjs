// The two shared modules the extension is built on, run in a plain page (no extension):
// www/lib/main-content.js (the article, its text, offsets <-> DOM ranges) and
// www/lib/page-highlights.js (the Highlight API, and the <mark> fallback that must put the
// page back exactly as it was).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extensionEnv, openPage } from './helpers.mjs';

const env = extensionEnv(test);

async function withModules(page) {
  await page.addScriptTag({ url: '/vendor/readability.js' });
  await page.evaluate(async () => {
    window.mc = await import('/lib/main-content.js');
    window.ph = await import('/lib/page-highlights.js');
  });
}

test('findArticle: the story body only, white space collapsed, blocks a blank line apart', async () => {
  const page = await openPage(env, 'cms.html');
  await withModules(page);
  const r = await page.evaluate(() => {
    const a = mc.findArticle(document, { Readability: window.Readability });
    return { ok: a.ok, text: a.text, title: a.title, pieces: a.pieces.length };
  });
  assert.equal(r.ok, true);
  assert.ok(r.text.startsWith('The Wexmoor harbour council voted on Tuesday'), r.text.slice(0, 80));
  assert.ok(r.text.endsWith('The council will review the trial in November.'), r.text.slice(-80));
  assert.ok(r.text.includes('Council leader Marisol Okafor said the vote was close. “We have asked'), 'inline elements join without breaks');
  assert.ok(r.text.includes('since 2023.\n\nCouncil leader'), 'paragraphs are a blank line apart');
  for (const furniture of ['Advertisement', 'Brannock', 'Related', 'Lionel', 'Photo:', 'Share on', 'Heath Pomeroy', 'Leave a Reply', 'Most read', 'Teodora', 'Wexmoor Gazette']) {
    assert.ok(!r.text.includes(furniture), `"${furniture}" is furniture`);
  }
  assert.ok(!/[ \t]{2}|\n /.test(r.text), 'white space is collapsed');
  await page.close();
});

test('findArticle: what follows the story in its own container (the readers\' comments, a legal line) is left out', async () => {
  const page = await openPage(env, 'cms.html');
  await withModules(page);
  const r = await page.evaluate(() => {
    const para = (t) => `<p>${t}</p>`;
    const story = [
      'The harbour council of Port Elling voted on Monday to keep the island ferry running through the winter, after a long campaign by residents.',
      'The ferry company said it would need two more crew members to run the service in bad weather, and that it had begun to look for them.',
      'The council will pay for the extra crossings from its reserve fund, and it will review the service when the spring timetable is agreed.',
      'Residents said they were relieved, and that they would keep watching the council until the spring timetable had been published in full.',
    ];
    const comment = 'I have taken that ferry every week for thirty years and the council has never asked us what we think of it.';
    document.body.innerHTML = `<div>${story.map(para).join('')}<h3>Comments (2)</h3>${para('Anna K, 9:12')}${para(comment)}${para('Peter L, 10:40')}${para(comment)}${para('© 2031 The Coast Courier. All rights reserved.')}</div>`;
    return mc.findArticle(document, { Readability: window.Readability }).text;
  });
  assert.ok(r.startsWith('The harbour council of Port Elling') && r.endsWith('published in full.'), r);
  await page.close();
});

test('offsets map to DOM ranges and back, across inline elements and collapsed white space', async () => {
  const page = await openPage(env, 'cms.html');
  await withModules(page);
  // Indent a paragraph with source-like white space and split it into inline pieces.
  await page.evaluate(() => {
    const p = document.querySelectorAll('.story-body > p')[5];
    p.innerHTML = '\n      The council   will <i>review\n   the</i> trial in <a href="#x">Novem<b>ber</b></a>.\n    ';
  });
  const bad = await page.evaluate(() => {
    const a = mc.findArticle(document, { Readability: window.Readability });
    const problems = [];
    let seed = 7;
    const rnd = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let k = 0; k < 400; k++) {
      const s = rnd(a.text.length);
      const e = Math.min(a.text.length, s + 1 + rnd(120));
      const want = a.text.slice(s, e);
      if (!want.trim()) continue;
      const ranges = mc.rangesFor(document, a.pieces, s, e);
      if (!ranges.length) {
        problems.push(`no range for ${s}-${e}`);
        continue;
      }
      // The ranges' text is the slice (white space aside): no furniture between paragraphs.
      const got = ranges.map((r) => r.toString()).join('');
      if (got.replace(/\s+/g, '') !== want.replace(/\s+/g, '')) problems.push(`${s}-${e}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
      const range = document.createRange();
      range.setStart(ranges[0].startContainer, ranges[0].startOffset);
      range.setEnd(ranges.at(-1).endContainer, ranges.at(-1).endOffset);
      const back = mc.offsetsOfRange(a.pieces, range);
      const trimmedStart = s + (want.length - want.trimStart().length);
      const trimmedEnd = e - (want.length - want.trimEnd().length);
      if (!back || back.start > trimmedStart || back.end < trimmedEnd || back.start < s || back.end > e) problems.push(`${s}-${e} came back as ${JSON.stringify(back)}`);
    }
    const tail = a.text.slice(a.text.lastIndexOf('\n\n') + 2);
    return { problems, tail };
  });
  assert.equal(bad.tail, 'The council will review the trial in November.');
  assert.deepEqual(bad.problems, []);
  await page.close();
});

test('the <mark> fallback highlights across inline elements and puts the page back exactly, same nodes', async () => {
  const page = await openPage(env, 'cms.html');
  await withModules(page);
  const r = await page.evaluate(() => {
    const before = document.documentElement.outerHTML;
    const a = mc.findArticle(document, { Readability: window.Readability });
    const nodes = a.pieces.map((p) => [p.node, p.node.data]);
    const find = (s) => a.text.indexOf(s);
    const items = [];
    const add = (kind, s) => items.push({ kind, spans: mc.spansFor(a.pieces, find(s), find(s) + s.length) });
    add('person', 'Marisol Okafor');
    add('claim', 'Council leader Marisol Okafor said the vote was close. “We have asked the island');
    add('quote', 'We have asked the island to wait long enough, and tonight we stopped asking,');
    add('org', 'Tidewater Transit Authority');
    add('person', 'Okafor told');
    const hl = new ph.PageHighlighter(document, { mode: 'marks' });
    const drawn = hl.draw(items);
    const marks = [...document.querySelectorAll('mark[data-newsmark]')].map((m) => [m.dataset.newsmark, m.textContent]);
    const textWhile = document.body.innerText;
    // A position inside a mark maps back to the original node.
    const m = document.querySelector('mark.newsmark-org');
    const pos = hl.originalPosition(m.firstChild, 3);
    const origOk = pos.node.nodeType === 3 && pos.node.data.length === 0 ? true : pos.node === a.pieces.find((p) => p.node === pos.node)?.node;
    hl.clear();
    return {
      drawn,
      marks,
      sameText: textWhile === document.body.innerText,
      restored: document.documentElement.outerHTML === before,
      sameNodes: nodes.every(([n, d]) => n.isConnected && n.data === d),
      left: document.querySelectorAll('mark').length,
      origOk,
    };
  });
  assert.equal(r.drawn, 5);
  assert.ok(r.marks.some(([k, t]) => k === 'claim person' && t === 'Marisol Okafor'), JSON.stringify(r.marks));
  assert.ok(r.marks.some(([k, t]) => k === 'claim quote' && t === 'We have asked the island'), JSON.stringify(r.marks));
  assert.ok(r.marks.some(([k, t]) => k === 'org' && t === 'Tidewater Transit Authority'));
  assert.equal(r.sameText, true, 'the marks do not change the text');
  assert.equal(r.restored, true, 'the DOM is exactly as before');
  assert.equal(r.sameNodes, true, 'the original text nodes are back, with their text');
  assert.equal(r.left, 0);
  assert.equal(r.origOk, true);
  await page.close();
});

test('the Highlight API path registers one highlight per layer and clears them all', async () => {
  const page = await openPage(env, 'cms.html');
  await withModules(page);
  const r = await page.evaluate(() => {
    const a = mc.findArticle(document, { Readability: window.Readability });
    const at = (s) => mc.spansFor(a.pieces, a.text.indexOf(s), a.text.indexOf(s) + s.length);
    const hl = new ph.PageHighlighter(document);
    hl.draw([
      { kind: 'person', spans: at('Priya Venkataraman') },
      { kind: 'org', spans: at('Quayside Residents Association') },
      { kind: 'claim', spans: at('The trial will cost £2.1 million') },
    ]);
    const registered = Object.fromEntries([...CSS.highlights].map(([k, h]) => [k, [...h].map((x) => x.toString())]));
    hl.focus([{ spans: at('Priya Venkataraman') }]);
    const focused = CSS.highlights.has('newsmark-focus');
    hl.clear();
    return { mode: hl.mode, registered, focused, left: CSS.highlights.size };
  });
  assert.equal(r.mode, 'highlight-api');
  assert.deepEqual(r.registered, {
    'newsmark-claim': ['The trial will cost £2.1 million'],
    'newsmark-org': ['Quayside Residents Association'],
    'newsmark-person': ['Priya Venkataraman'],
  });
  assert.equal(r.focused, true);
  assert.equal(r.left, 0);
  await page.close();
});
