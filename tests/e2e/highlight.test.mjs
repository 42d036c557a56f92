// The highlighter and the selection mapping of www/lib (highlight.js, selection.js) in real
// Chromium, on a bare page of their own (no app code): the DOM they draw for overlapping
// layers, and DOM selections across nested marks, emoji and lone surrogates mapped back to
// UTF-16 offsets. The pure logic is tested in Node (tests/js/highlight.test.mjs).

import test from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './helpers.mjs';

const env = serverAndBrowser();

const EMOJI = '👩🏽‍💻'; // 7 UTF-16 units: surrogate pairs, a modifier and a joiner
const TEXT = `Ana Lee said "Acme ${EMOJI} rose \uD800 5%". Then\nBo Chan of Acme left.\uDC00`;

const at = (s, from = 0) => {
  const i = TEXT.indexOf(s, from);
  if (i < 0) throw new Error(`not in the text: ${s}`);
  return i;
};
const Q = at('"Acme');
const SPANS = {
  person: [0, 7], // Ana Lee
  claim: [0, at('Then') - 1], // the first sentence, to its full stop
  quote: [Q, at('Then') + 4], // crosses the claim's end
  org: [Q + 1, Q + 5], // Acme, inside the quote inside the claim
  person2: [at('Bo'), at('Bo') + 7],
  org2: [at('Acme left'), at('Acme left') + 4],
  claim2: [at('Bo'), at('left.') + 5], // scores under a 0.5 bar
};
const ANALYSIS = {
  entities: [
    { name: 'Ana Lee', kind: 'person', mentions: [0] },
    { name: 'Acme', kind: 'org', mentions: [3, 5] },
    { name: 'Bo Chan', kind: 'person', mentions: [4] },
  ],
  annotations: [
    { kind: 'person', start: SPANS.person[0], end: SPANS.person[1], entity: 0 },
    { kind: 'claim', start: SPANS.claim[0], end: SPANS.claim[1], score: 0.9, reasons: ['number'] },
    { kind: 'quote', start: SPANS.quote[0], end: SPANS.quote[1], direct: true, speaker: { name: 'Ana Lee' } },
    { kind: 'org', start: SPANS.org[0], end: SPANS.org[1], entity: 1 },
    { kind: 'person', start: SPANS.person2[0], end: SPANS.person2[1], entity: 2 },
    { kind: 'org', start: SPANS.org2[0], end: SPANS.org2[1], entity: 1 },
    { kind: 'claim', start: SPANS.claim2[0], end: SPANS.claim2[1], score: 0.2, reasons: [] },
  ],
};

/**
 * A page of the test server's origin holding only #before, #root and #after, with the two
 * modules loaded as window.H and window.S and the text (lone surrogates and all, passed as
 * UTF-16 units) as window.TEXT.
 */
async function bare(t) {
  const context = await env.browser.newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const url = new URL('__highlight-test.html', env.server.url).href;
  await page.route(url, (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: '<!doctype html><meta charset="utf-8"><body><p id="before">before</p><div id="root"></div><p id="after">after</p></body>' }),
  );
  await page.goto(url);
  await page.evaluate(async ([units, analysis]) => {
    window.H = await import('/lib/highlight.js');
    window.S = await import('/lib/selection.js');
    window.TEXT = String.fromCharCode(...units);
    window.ANALYSIS = analysis;
    window.root = document.getElementById('root');
    // The DOM position of UTF-16 offset `off`, found by counting the text nodes' units (not
    // through data-start, which is what is under test).
    window.positionAt = (off, preferNext = false) => {
      const walk = document.createTreeWalker(window.root, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const len = n.data.length;
        if (off < seen + len || (off === seen + len && !preferNext)) return [n, off - seen];
        seen += len;
      }
      throw new Error(`no text at ${off}`);
    };
    window.select = (anchor, focus) => {
      const [an, ao] = anchor;
      const [fn, fo] = focus;
      getSelection().setBaseAndExtent(an, ao, fn, fo);
      return window.S.selectionOffsets(window.root, getSelection(), window.TEXT.length);
    };
  }, [[...TEXT].flatMap((c) => [...Array(c.length).keys()].map((k) => c.charCodeAt(k))), ANALYSIS]);
  t.after(() => assert.deepEqual(errors, []));
  return page;
}

test('renderReading draws every unit once, layers nested, crossing spans cut into opening and closing pieces', async (t) => {
  const page = await bare(t);
  const r = await page.evaluate(async () => {
    const h = H.renderReading(root, TEXT, ANALYSIS, { hidden: new Set() });
    const complete = await h.done;
    const segs = [...root.querySelectorAll('.seg')];
    const marksOf = (i) => [...root.querySelectorAll(`mark[data-ann="${i}"]`)];
    const around = (el) => {
      const out = [];
      for (let m = el.parentElement.closest('mark'); m; m = m.parentElement.closest('mark')) out.push(Number(m.dataset.ann));
      return out;
    };
    return {
      complete,
      stretches: h.stretches,
      sameText: root.textContent === TEXT,
      segsMatch: segs.every((s) => TEXT.slice(Number(s.dataset.start), Number(s.dataset.start) + s.textContent.length) === s.textContent),
      segsInOrder: segs.every((s, i) => i === 0 || Number(s.dataset.start) === Number(segs[i - 1].dataset.start) + segs[i - 1].textContent.length),
      opening: S.openingMarks(root).map((m) => Number(m.dataset.ann)),
      quotePieces: marksOf(2).map((m) => ({ opens: m.hasAttribute('data-opens'), contStart: m.classList.contains('hl-cont-start'), contEnd: m.classList.contains('hl-cont-end'), around: around(m), text: m.textContent })),
      orgAround: around(marksOf(3)[0]),
      pieceTexts: ANALYSIS.annotations.map((_, i) => marksOf(i).map((m) => m.textContent).join('')),
      personTitle: marksOf(0)[0].title,
      kinds: marksOf(1).map((m) => `${m.className}|${m.dataset.kind}|${m.tabIndex}`),
      busy: root.getAttribute('aria-busy'),
      long: root.classList.contains('is-long'),
    };
  });
  assert.equal(r.complete, true);
  assert.equal(r.stretches, 1);
  assert.equal(r.sameText, true, 'the drawn text is the text, lone surrogates included');
  assert.equal(r.segsMatch, true, 'each piece sits at its data-start');
  assert.equal(r.segsInOrder, true, 'pieces are contiguous');
  // Reading order, the outer of two highlights that start together first.
  assert.deepEqual(r.opening, [1, 0, 2, 3, 6, 4, 5]);
  const quote = TEXT.slice(...SPANS.quote);
  const cut = SPANS.claim[1];
  assert.deepEqual(r.quotePieces, [
    { opens: true, contStart: false, contEnd: true, around: [1], text: TEXT.slice(SPANS.quote[0], cut) },
    { opens: false, contStart: true, contEnd: false, around: [], text: TEXT.slice(cut, SPANS.quote[1]) },
  ]);
  assert.equal(r.quotePieces[0].text + r.quotePieces[1].text, quote);
  assert.deepEqual(r.orgAround, [2, 1], 'Acme sits in the quote, in the claim');
  assert.deepEqual(r.pieceTexts, ANALYSIS.annotations.map((a) => TEXT.slice(a.start, a.end)));
  assert.equal(r.personTitle, 'Person · Ana Lee (1 mention)');
  assert.deepEqual(r.kinds, ['hl hl-claim|claim|-1']);
  assert.equal(r.busy, null);
  assert.equal(r.long, false);
});

test('renderReading leaves out hidden layers and claims under the bar (not the reader\'s own), text intact', async (t) => {
  const page = await bare(t);
  const r = await page.evaluate(async () => {
    const draw = async (analysis, options) => {
      await H.renderReading(root, TEXT, analysis, options).done;
      return { same: root.textContent === TEXT, opening: S.openingMarks(root).map((m) => `${m.dataset.kind}:${m.dataset.ann}`), byUser: [...root.querySelectorAll('mark.hl-by-user')].map((m) => m.dataset.ann) };
    };
    const noOrgs = await draw(ANALYSIS, { hidden: new Set(['org']) });
    const bar = await draw(ANALYSIS, { hidden: new Set(), minClaimScore: 0.5 });
    const mine = structuredClone(ANALYSIS);
    mine.annotations[6].byUser = true;
    const barMine = await draw(mine, { hidden: new Set(), minClaimScore: 0.5 });
    return { noOrgs, bar, barMine, stretchesLeft: root.querySelectorAll('.stretch').length };
  });
  assert.deepEqual(r.noOrgs, { same: true, opening: ['claim:1', 'person:0', 'quote:2', 'claim:6', 'person:4'], byUser: [] });
  assert.deepEqual(r.bar, { same: true, opening: ['claim:1', 'person:0', 'quote:2', 'org:3', 'person:4', 'org:5'], byUser: [] });
  assert.deepEqual(r.barMine, { same: true, opening: ['claim:1', 'person:0', 'quote:2', 'org:3', 'claim:6', 'person:4', 'org:5'], byUser: ['6'] });
  assert.equal(r.stretchesLeft, 1, 'a new render replaces the old one');
});

test('selectionOffsets: UTF-16 offsets across nested marks, both directions, emoji and lone surrogates', async (t) => {
  const page = await bare(t);
  const emoji = at(EMOJI);
  const lone = at('\uD800');
  const r = await page.evaluate(
    async ([org, five, emoji, emojiLen, lone]) => {
      await H.renderReading(root, TEXT, ANALYSIS, { hidden: new Set() }).done;
      const [orgNode] = positionAt(org + 2);
      const out = {};
      // From inside Acme (org in quote in claim) to inside "5%" (the quote, outside Acme).
      out.forward = select(positionAt(org + 2), positionAt(five + 1));
      out.backward = select(positionAt(five + 1), positionAt(org + 2));
      out.sameNode = orgNode.parentElement.closest('mark').dataset.ann;
      // Exactly Acme: from the start to the end of its own text node.
      out.acme = select(positionAt(org, true), positionAt(org + 4));
      out.acmeEndsNode = positionAt(org + 4)[1] === positionAt(org + 4)[0].data.length;
      // The emoji exactly; a position between the units of a surrogate pair stays a UTF-16 offset.
      out.emoji = select(positionAt(emoji, true), positionAt(emoji + emojiLen));
      const [en, eo] = positionAt(emoji + 1);
      out.midPair = S.domPositionToOffset(root, en, eo, TEXT.length);
      // Just after the lone high surrogate, and selecting it alone.
      const [ln, lo] = positionAt(lone + 1);
      out.afterLone = S.domPositionToOffset(root, ln, lo, TEXT.length);
      out.lone = select(positionAt(lone, true), positionAt(lone + 1));
      out.loneText = TEXT.slice(out.lone.start, out.lone.end).charCodeAt(0);
      return out;
    },
    [SPANS.org[0], at('5%'), emoji, EMOJI.length, lone],
  );
  assert.equal(r.sameNode, '3', 'the selection starts inside the nested org mark');
  assert.deepEqual(r.forward, { start: SPANS.org[0] + 2, end: at('5%') + 1 });
  assert.deepEqual(r.backward, r.forward);
  assert.deepEqual(r.acme, { start: SPANS.org[0], end: SPANS.org[1] });
  assert.equal(r.acmeEndsNode, true);
  assert.deepEqual(r.emoji, { start: emoji, end: emoji + EMOJI.length });
  assert.equal(TEXT.slice(r.emoji.start, r.emoji.end), EMOJI);
  assert.equal(r.midPair, emoji + 1);
  assert.equal(r.afterLone, lone + 1);
  assert.deepEqual(r.lone, { start: lone, end: lone + 1 });
  assert.equal(r.loneText, 0xd800);
});

test('selectionOffsets: element positions, selections clipped to the root, empty and outside ones', async (t) => {
  const page = await bare(t);
  const r = await page.evaluate(async () => {
    await H.renderReading(root, TEXT, ANALYSIS, { hidden: new Set() }).done;
    const mark = (i, n = 0) => root.querySelectorAll(`mark[data-ann="${i}"]`)[n];
    const before = document.getElementById('before');
    const after = document.getElementById('after');
    const out = {};
    // Boundaries on elements: at a mark's first child, after a mark's last child.
    const org = mark(3);
    const quoteTail = mark(2, 1);
    out.elements = select([org, 0], [quoteTail, quoteTail.childNodes.length]);
    out.rootEnds = [S.domPositionToOffset(root, root, 0, TEXT.length), S.domPositionToOffset(root, root, root.childNodes.length, TEXT.length)];
    out.outsideNode = S.domPositionToOffset(root, before.firstChild, 1, TEXT.length);
    // Starting before the root, ending after it, or both.
    out.fromBefore = select([before.firstChild, 2], positionAt(4));
    out.toAfter = select(positionAt(TEXT.length - 3), [after.firstChild, 3]);
    out.across = select([before.firstChild, 0], [after.firstChild, 5]);
    out.outside = select([before.firstChild, 0], [before.firstChild, 4]);
    out.collapsed = select(positionAt(10), positionAt(10));
    getSelection().removeAllRanges();
    out.none = S.selectionOffsets(root, getSelection(), TEXT.length);
    return out;
  });
  assert.deepEqual(r.elements, { start: SPANS.org[0], end: SPANS.quote[1] });
  assert.deepEqual(r.rootEnds, [0, TEXT.length]);
  assert.equal(r.outsideNode, null);
  assert.deepEqual(r.fromBefore, { start: 0, end: 4 });
  assert.deepEqual(r.toAfter, { start: TEXT.length - 3, end: TEXT.length });
  assert.deepEqual(r.across, { start: 0, end: TEXT.length });
  assert.equal(r.outside, null);
  assert.equal(r.collapsed, null);
  assert.equal(r.none, null);
});

test('a long text is drawn in stretches, slice by slice; a newer render or cancelReading stops the older one', async (t) => {
  const page = await bare(t);
  const r = await page.evaluate(async () => {
    // ~120 k units in lines of a name, a quote and a claim, plus one quote over 80 k units.
    const lines = [];
    for (let i = 0; i < 2000; i++) lines.push(`Person${i} Lee said "line ${i} 👩🏽‍💻 \uD800 rose" at Org${i} here.`);
    const text = lines.join('\n');
    const annotations = [];
    let p = 0;
    for (const line of lines) {
      annotations.push({ kind: 'person', start: p, end: p + line.indexOf(' said') });
      annotations.push({ kind: 'quote', start: p + line.indexOf('"'), end: p + line.lastIndexOf('"') + 1 });
      annotations.push({ kind: 'claim', start: p, end: p + line.length, score: 0.9 });
      p += line.length + 1;
    }
    annotations.push({ kind: 'quote', start: 5_000, end: 85_000 }); // longer than any stretch may grow to avoid a cut
    const analysis = { entities: [], annotations };
    const fractions = [];
    const h = H.renderReading(root, text, analysis, { hidden: new Set(), budgetMs: 0, onProgress: (f) => fractions.push(f) });
    const busyAtFirst = root.getAttribute('aria-busy');
    const drawnAtFirst = root.querySelectorAll('.stretch').length;
    const complete = await h.done;
    const pieces = (i) => [...root.querySelectorAll(`mark[data-ann="${i}"]`)];
    const out = {
      complete,
      stretches: h.stretches,
      divs: root.querySelectorAll('.stretch').length,
      busyAtFirst,
      drawnAtFirst,
      busyAfter: root.getAttribute('aria-busy'),
      long: root.classList.contains('is-long'),
      same: root.textContent === text,
      fractionsRise: fractions.every((f, i) => i === 0 || f > fractions[i - 1]),
      lastFraction: fractions.at(-1),
      piecesRight: annotations.every((a, i) => pieces(i).map((m) => m.textContent).join('') === text.slice(a.start, a.end)),
      opensOnce: annotations.map((_, i) => pieces(i).filter((m) => m.hasAttribute('data-opens')).length).map((n, i) => [i, n]).filter(([, n]) => n !== 1).slice(0, 5),
      bigQuoteStretches: new Set(pieces(annotations.length - 1).map((m) => m.closest('.stretch'))).size,
    };
    // A newer render cancels the one in progress; cancelReading stops the newest.
    const first = H.renderReading(root, text, analysis, { hidden: new Set(), budgetMs: 0 });
    const second = H.renderReading(root, text, analysis, { hidden: new Set(), budgetMs: 0 });
    H.cancelReading(root);
    out.cancelled = [await first.done, await second.done];
    out.afterCancel = { busy: root.getAttribute('aria-busy'), long: root.classList.contains('is-long') };
    return out;
  });
  assert.equal(r.complete, true);
  assert.ok(r.stretches > 2, `stretches: ${r.stretches}`);
  assert.equal(r.divs, r.stretches);
  assert.equal(r.busyAtFirst, 'true');
  assert.ok(r.drawnAtFirst < r.stretches, 'drawing yields between slices');
  assert.equal(r.busyAfter, null);
  assert.equal(r.long, true);
  assert.equal(r.same, true);
  assert.equal(r.fractionsRise, true);
  assert.equal(r.lastFraction, 1);
  assert.equal(r.piecesRight, true, 'every annotation, cut at stretch bounds or not, reads as its text');
  assert.deepEqual(r.opensOnce, []);
  assert.ok(r.bigQuoteStretches > 1, 'the long quote crosses stretches');
  assert.deepEqual(r.cancelled, [false, false]);
  assert.deepEqual(r.afterCancel, { busy: null, long: false });
});

test('the same text drawn again keeps or patches its stretches, and always reads as a fresh drawing', async (t) => {
  const page = await bare(t);
  const r = await page.evaluate(async () => {
    const lines = [];
    for (let i = 0; i < 400; i++) lines.push(`Person${i} Lee said "line ${i} 👩🏽‍💻 rose" at Org${i} here.`);
    const text = lines.join('\n');
    const base = [];
    let p = 0;
    for (const line of lines) {
      base.push({ kind: 'person', start: p, end: p + line.indexOf(' said'), entity: null });
      base.push({ kind: 'quote', start: p + line.indexOf('"'), end: p + line.lastIndexOf('"') + 1 });
      base.push({ kind: 'claim', start: p, end: p + line.length, score: 0.9 });
      p += line.length + 1;
    }
    // A quote crossing a claim's end (cut in two pieces where it crosses).
    base.push({ kind: 'quote', start: base[1050].start + 3, end: base[1053].start + 5 });
    base.sort((x, y) => x.start - y.start);
    const idx = (kind, n) => base.findIndex((a) => a.kind === kind && a.start >= text.indexOf(`Person${n} `));

    // The drawing, independent of how text is cut into pieces: marks (kind, by the reader,
    // cut or not, opening or not) and text, adjacent text joined.
    const canon = (el) => {
      const out = [];
      const walk = (n) => {
        for (const c of n.childNodes) {
          if (c.nodeType === 3) {
            if (typeof out.at(-1) === 'string') out[out.length - 1] += c.data;
            else out.push(c.data);
          } else if (c.tagName === 'MARK') {
            out.push({ k: c.dataset.kind, ann: c.dataset.ann, u: c.classList.contains('hl-by-user'), o: c.hasAttribute('data-opens'), cs: c.classList.contains('hl-cont-start'), ce: c.classList.contains('hl-cont-end'), title: c.title });
            walk(c);
            out.push('/');
          } else walk(c);
        }
      };
      walk(el);
      return JSON.stringify(out);
    };
    const draw = async (el, anns) => {
      const h = H.renderReading(el, text, { entities: [], annotations: anns }, { hidden: new Set(), budgetMs: 1000 });
      await h.done;
    };
    const steps = [];
    const step = async (what, anns) => {
      const divs = new Set(root.querySelectorAll('.stretch'));
      await draw(root, anns);
      const fresh = document.createElement('div');
      document.body.appendChild(fresh);
      await draw(fresh, anns);
      fresh.remove();
      const kept = [...root.querySelectorAll('.stretch')].filter((d) => divs.has(d)).length;
      steps.push({ what, same: canon(root) === canon(fresh), kept, of: root.querySelectorAll('.stretch').length });
    };
    await draw(root, base);
    let anns = base;
    await step('nothing changed', anns);
    anns = anns.filter((_, i) => i !== idx('person', 200));
    await step('a name removed', anns);
    anns = anns.map((a, i) => (i === idx('person', 100) ? { ...a, kind: 'org' } : a));
    await step('a name retyped', anns);
    anns = anns.map((a, i) => (i === idx('quote', 300) ? { ...a, byUser: true } : a));
    await step('a quote accepted', anns);
    anns = anns.filter((_, i) => i !== idx('claim', 250));
    await step('a claim around a name and a quote removed', anns);
    const crossed = anns.findIndex((a) => a.kind === 'claim' && a.start === text.indexOf('Person350 '));
    anns = anns.filter((_, i) => i !== crossed);
    await step('a claim a quote crosses removed (redrawn)', anns);
    const q = idx('quote', 50);
    anns = anns.map((a, i) => (i === q ? { ...a, end: a.end - 2, byUser: true } : a));
    await step('a quote moved (redrawn)', anns);
    anns = [...anns, { kind: 'org', start: text.indexOf('Org10 '), end: text.indexOf('Org10 ') + 5, byUser: true }];
    await step('a tag added (redrawn)', anns);
    return steps;
  });
  for (const s of r) assert.equal(s.same, true, `${s.what}: the same drawing as from scratch`);
  // Every stretch is kept (patched or as it was) unless it had to be redrawn; a redraw
  // replaces the stretches it touches only.
  for (const s of r.slice(0, 5)) assert.equal(s.kept, s.of, `${s.what}: every stretch kept (${s.kept} of ${s.of})`);
  for (const s of r.slice(5)) assert.ok(s.kept >= s.of - 2 && s.kept < s.of, `${s.what}: only the touched stretches redrawn (${s.kept} of ${s.of} kept)`);
});
