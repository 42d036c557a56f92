// The page's shared, DOM-free modules (www/lib), tested in Node without a browser.

import test from 'node:test';
import assert from 'node:assert/strict';
import { buildHighlightTree, piecesByAnnotation } from '../../www/lib/segments.js';
import { makeAnchor, addTag, CorrectionStore, validateCorrections, correctionProblem, nearestMention, moveTag, mergeEntities, stepEdge } from '../../www/lib/corrections.js';
import { utf16ToCodePointMapper, tidyRange, snapOffset } from '../../www/lib/offsets.js';
import { loadState, saveState, STATE_KEY, CORRUPT_KEY_PREFIX, openLocalStorage } from '../../www/lib/storage.js';
import { buildExport, exportFileName } from '../../www/lib/export.js';
import { AnnotatorClient } from '../../www/lib/client.js';
import { voiceList, entityList, claimList, claimShown, layerCounts } from '../../www/lib/summary.js';

/** Collects the leaves of a highlight tree in order. */
function leaves(tree) {
  const out = [];
  const walk = (nodes, path) => {
    for (const n of nodes) {
      if (n.type === 'text') out.push({ start: n.start, end: n.end, path });
      else walk(n.children, [...path, n.ann]);
    }
  };
  walk(tree, []);
  return out;
}

test('highlight tree: covers the text exactly once, in order, with nested layers', () => {
  const text = 'Jane Smith said: "Prices rose 5% in May," at the Acme Corp meeting.';
  const anns = [
    { kind: 'claim', start: 0, end: text.length },
    { kind: 'person', start: 0, end: 10 },
    { kind: 'quote', start: 18, end: 40 },
    { kind: 'org', start: 49, end: 58 },
  ];
  const tree = buildHighlightTree(text.length, anns);
  const ls = leaves(tree);
  assert.equal(ls[0].start, 0);
  assert.equal(ls.at(-1).end, text.length);
  for (let i = 1; i < ls.length; i++) assert.equal(ls[i].start, ls[i - 1].end, 'leaves are contiguous');
  // The claim is outermost and unsplit; the others sit inside it.
  assert.equal(tree.length, 1);
  assert.equal(tree[0].ann, 0);
  const pieces = piecesByAnnotation(tree);
  for (const [i, a] of anns.entries()) assert.deepEqual(pieces.get(i), [[a.start, a.end]], `annotation ${i} is one piece`);
  const personLeaf = ls.find((l) => l.start === 0);
  assert.deepEqual(personLeaf.path, [0, 1]);
});

test('highlight tree: crossing spans are cut, and each piece says whether it opens or closes', () => {
  // A quote that starts in one sentence (claim) and ends in the next.
  const anns = [
    { kind: 'claim', start: 0, end: 20 },
    { kind: 'quote', start: 10, end: 30 },
    { kind: 'claim', start: 21, end: 40 },
  ];
  const tree = buildHighlightTree(45, anns);
  const pieces = piecesByAnnotation(tree);
  const q = pieces.get(1);
  assert.equal(q[0][0], 10);
  assert.equal(q.at(-1)[1], 30);
  // The quote's pieces cover exactly its span.
  const covered = q.reduce((n, [s, e]) => n + (e - s), 0);
  assert.equal(covered, 20);
  const marks = [];
  const walk = (nodes) => nodes.forEach((n) => n.type === 'mark' && (marks.push(n), walk(n.children)));
  walk(tree);
  const qm = marks.filter((m) => m.ann === 1);
  assert.ok(qm.length >= 2);
  assert.equal(qm.filter((m) => m.opens).length, 1);
  assert.equal(qm.filter((m) => m.closes).length, 1);
  assert.ok(qm.find((m) => m.opens).start === 10);
});

test('highlight tree: ignores spans outside the text and hidden layers', () => {
  const anns = [
    { kind: 'person', start: 0, end: 4 },
    { kind: 'org', start: 3, end: 99 },
    { kind: 'claim', start: 5, end: 5 },
    { kind: 'quote', start: 0, end: 8 },
  ];
  const tree = buildHighlightTree(10, anns, { include: (a) => a.kind !== 'quote' });
  assert.deepEqual([...piecesByAnnotation(tree).keys()], [0]);
  assert.equal(leaves(tree).at(-1).end, 10);
});

test('anchors: UTF-16 offsets, 32 code points of context, never half a surrogate pair', () => {
  const pre = '😀'.repeat(40);
  const text = `${pre} Jane Smith ${'é'.repeat(50)}`;
  const start = text.indexOf('Jane');
  const a = makeAnchor(text, start, start + 10);
  assert.equal(a.text, 'Jane Smith');
  assert.equal(text.slice(a.start, a.end), 'Jane Smith');
  assert.equal(Array.from(a.prefix).length, 32);
  assert.equal(a.prefix, `${'😀'.repeat(31)} `);
  assert.equal(Array.from(a.suffix).length, 32);
  assert.ok(text.endsWith(a.suffix.slice(1)) || text.includes(a.suffix));
  // An offset inside a surrogate pair is moved off it.
  assert.equal(snapOffset('a😀b', 2, -1), 1);
  assert.equal(snapOffset('a😀b', 2, 1), 3);
  assert.deepEqual(tidyRange('  Jane  ', 0, 8), { start: 2, end: 6, text: 'Jane' });
  assert.equal(tidyRange('   ', 0, 3), null);
});

test('code points: UTF-16 offsets map to code points', () => {
  const text = 'a😀b𝒳c';
  const cp = utf16ToCodePointMapper(text);
  assert.equal(cp(0), 0);
  assert.equal(cp(1), 1);
  assert.equal(cp(3), 2); // after the emoji
  assert.equal(cp(4), 3);
  assert.equal(cp(6), 4);
  assert.equal(cp(text.length), 5);
  assert.throws(() => cp(99), RangeError);
});

test('corrections store: push, undo, redo, and redo is cleared by a new edit', () => {
  const text = 'Shares of Globex rose.';
  const s = new CorrectionStore();
  const seen = [];
  s.subscribe((list, why) => seen.push([list.length, why]));
  assert.equal(s.canUndo, false);
  s.push(addTag(text, 10, 16, 'org'));
  s.push(addTag(text, 0, 6, 'claim'));
  assert.equal(s.list.length, 2);
  assert.ok(Object.isFrozen(s.list));
  assert.equal(s.undo(), true);
  assert.equal(s.list.length, 1);
  assert.equal(s.redo(), true);
  assert.equal(s.list.length, 2);
  s.undo();
  s.push(addTag(text, 17, 21, 'claim'));
  assert.equal(s.canRedo, false);
  assert.equal(s.list[1].target.text, 'rose');
  assert.equal(s.removeAt(0), true);
  assert.equal(s.list.length, 1);
  s.undo();
  assert.equal(s.list.length, 2);
  assert.deepEqual(seen.map((x) => x[1]), ['push', 'push', 'undo', 'redo', 'undo', 'push', 'remove', 'undo']);
  assert.throws(() => s.push({ op: 'add', target: { start: 0, end: 1, text: '' }, kind: 'org' }));
  assert.throws(() => s.push({ op: 'frobnicate' }));
});

test('corrections: validation names the bad one', () => {
  const good = addTag('Acme', 0, 4, 'org');
  assert.equal(correctionProblem(good), null);
  assert.throws(() => validateCorrections([good, { op: 'add', target: good.target, kind: 'place' }]), /correction 1: add: bad kind/);
  assert.throws(() => validateCorrections('nope'), /array/);
});

test('corrections: the nearest mention of an entity, distance after the quote counting double', () => {
  const analysis = {
    annotations: [
      { kind: 'person', start: 0, end: 4 },
      { kind: 'quote', start: 20, end: 30 },
      { kind: 'person', start: 34, end: 38 },
      { kind: 'person', start: 10, end: 14 },
    ],
    entities: [{ kind: 'person', name: 'Jane', mentions: [0, 2, 3] }],
  };
  // 6 before beats 4 after (cost 9).
  assert.deepEqual(nearestMention(analysis, 0, analysis.annotations[1]), { start: 10, end: 14 });
  analysis.annotations[2] = { kind: 'person', start: 31, end: 35 };
  // 1 after (cost 3) beats 6 before.
  assert.deepEqual(nearestMention(analysis, 0, analysis.annotations[1]), { start: 31, end: 35 });
  assert.equal(nearestMention(analysis, 5, analysis.annotations[1]), null);
});

function memoryStorage({ failSet = null } = {}) {
  const m = new Map();
  return {
    m,
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => {
      if (failSet) throw failSet();
      m.set(k, String(v));
    },
    removeItem: (k) => m.delete(k),
  };
}

test('storage: round trip', () => {
  const st = memoryStorage();
  const corrections = [addTag('Acme rose', 0, 4, 'org')];
  assert.deepEqual(saveState(st, { text: 'Acme rose', corrections }), { ok: true, error: null });
  assert.deepEqual(loadState(st), { state: { text: 'Acme rose', corrections }, problem: null, setAsideKey: null });
  assert.deepEqual(loadState(memoryStorage()), { state: null, problem: null, setAsideKey: null });
});

test('storage: a corrupt state is set aside, kept and reported', () => {
  for (const raw of ['{not json', JSON.stringify({ version: 1, text: 'x', corrections: [{ op: 'add' }] }), JSON.stringify({ version: 7 })]) {
    const st = memoryStorage();
    st.setItem(STATE_KEY, raw);
    const r = loadState(st, { now: () => 42 });
    assert.equal(r.state, null);
    assert.match(r.problem, /could not be restored/);
    assert.equal(r.setAsideKey, `${CORRUPT_KEY_PREFIX}42`);
    assert.equal(st.getItem(r.setAsideKey), raw);
    assert.equal(st.getItem(STATE_KEY), null);
  }
});

test('storage: quota and disabled storage are reported, not thrown', () => {
  const full = memoryStorage({ failSet: () => Object.assign(new Error('quota'), { name: 'QuotaExceededError' }) });
  const r = saveState(full, { text: 'x', corrections: [] });
  assert.equal(r.ok, false);
  assert.match(r.error, /full/);
  assert.equal(saveState(null, { text: 'x', corrections: [] }).ok, false);
  const win = {};
  Object.defineProperty(win, 'localStorage', {
    get() {
      throw Object.assign(new Error('denied'), { name: 'SecurityError' });
    },
  });
  assert.deepEqual(openLocalStorage(win), { storage: null, error: 'browser storage is disabled for this page' });
});

test('export: offsets become code points and slice to each annotation text', () => {
  const text = '😀 Jane Smith said "we grew 😀 5%" on Monday.';
  const u = (s) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length, text: s });
  const analysis = {
    annotations: [
      { kind: 'person', ...u('Jane Smith'), entity: 0, byUser: false },
      { kind: 'quote', ...u('we grew 😀 5%'), entity: null, direct: true, speaker: { ...u('Jane Smith'), entity: 0, name: 'Jane Smith' }, byUser: false },
    ],
    entities: [{ kind: 'person', name: 'Jane Smith', mentions: [0] }],
    diagnostics: [{ code: 'correction_not_found', message: 'gone', correction: 1 }],
  };
  const corrections = [addTag(text, u('Monday').start, u('Monday').end, 'claim'), { op: 'remove', target: { start: 900, end: 905, text: 'Globe' }, kind: 'org' }];
  const out = buildExport({ text, analysis, corrections, generator: { version: '0.1.0' }, createdAt: new Date(0) });
  assert.equal(out.offsets, 'unicode-code-points');
  const cps = Array.from(text);
  for (const a of out.annotations) assert.equal(cps.slice(a.start, a.end).join(''), a.text);
  const sp = out.annotations[1].speaker;
  assert.equal(cps.slice(sp.start, sp.end).join(''), 'Jane Smith');
  assert.equal(cps.slice(out.corrections[0].target.start, out.corrections[0].target.end).join(''), 'Monday');
  assert.equal(out.corrections[1].stale, true);
  assert.equal(out.corrections[0].stale, undefined);
  assert.ok(JSON.parse(JSON.stringify(out)));
  assert.equal(exportFileName('“Ünïcode” news: Q3 results!', new Date(0)), 'newsmark-unicode-news-q3-results-1970-01-01.json');
});

test('client: at most one request in flight; stale results are dropped', async () => {
  const posted = [];
  const listeners = {};
  const fake = {
    addEventListener: (t, f) => (listeners[t] = f),
    postMessage: (m) => posted.push(m),
    terminate() {},
  };
  const results = [];
  const busy = [];
  const c = new AnnotatorClient(fake, { onResult: (r) => results.push(r.text), onBusyChange: (b) => busy.push(b) });
  const reply = (m) => listeners.message({ data: m });
  c.request('a', []);
  assert.equal(posted.length, 0, 'nothing is sent before the worker is ready');
  reply({ type: 'ready', version: 'x', claimThreshold: 0.5 });
  assert.deepEqual(posted.map((p) => p.text), ['a']);
  c.request('ab', []);
  c.request('abc', []);
  assert.equal(posted.length, 1, 'one request in flight');
  reply({ type: 'result', id: posted[0].id, analysis: {}, ms: 1 });
  assert.deepEqual(results, [], 'the answer for "a" is stale and dropped');
  assert.deepEqual(posted.map((p) => p.text), ['a', 'abc'], '"ab" was superseded and never sent');
  reply({ type: 'result', id: posted[1].id, analysis: {}, ms: 1 });
  assert.deepEqual(results, ['abc']);
  assert.equal(c.busy, false);
  assert.deepEqual(busy, [true, false]);
  assert.equal(c.dropped, 1);
});

test('summary: voices group by speaker, unattributed last; claims by score', () => {
  const analysis = {
    annotations: [
      { kind: 'quote', text: 'a', speaker: { name: 'Lee Sporn', entity: 1 } },
      { kind: 'quote', text: 'b', speaker: null },
      { kind: 'quote', text: 'c', speaker: { name: 'Lee Sporn', entity: 1 } },
      { kind: 'quote', text: 'd', speaker: { name: 'the company', entity: null } },
      { kind: 'claim', text: 'x', score: 0.6, reasons: ['dated event'] },
      { kind: 'claim', text: 'y', score: 0.9, reasons: [] },
    ],
    entities: [
      { kind: 'org', name: 'Acme', mentions: [0] },
      { kind: 'person', name: 'Lee Sporn', mentions: [1, 2] },
    ],
  };
  const v = voiceList(analysis);
  assert.deepEqual(v.map((g) => [g.name, g.quotes]), [['Lee Sporn', [0, 2]], ['the company', [3]], [null, [1]]]);
  assert.deepEqual(claimList(analysis).map((c) => c.text), ['y', 'x']);
  // The reader's bar: claims under it leave the list and the counts; added ones stay.
  assert.deepEqual(claimList(analysis, 0.7).map((c) => c.text), ['y']);
  assert.equal(layerCounts(analysis, 0.7).claim, 1);
  assert.equal(claimShown({ kind: 'claim', score: 0.1, byUser: true }, 0.7), true);
  assert.equal(claimShown({ kind: 'person' }, 0.99), true);
  assert.deepEqual(entityList(analysis).map((e) => e.name), ['Lee Sporn', 'Acme']);
});

test('edges step by whole words and never leave a tag empty; move and merge are valid corrections', () => {
  const t = 'The board of Alibaba Group, said: "we agree." 😀 Zoë';
  const at = (w) => [t.indexOf(w), t.indexOf(w) + w.length];
  const slice = (r) => r && t.slice(r.start, r.end);
  const [a, b] = at('Alibaba');
  assert.equal(slice(stepEdge(t, a, b, 'end', 1)), 'Alibaba Group');
  assert.equal(slice(stepEdge(t, a, b, 'start', -1)), 'of Alibaba');
  assert.equal(stepEdge(t, a, b, 'start', 1), null, 'one word cannot lose its only word');
  assert.equal(stepEdge(t, a, b, 'end', -1), null);
  assert.equal(slice(stepEdge(t, ...at('Alibaba Group'), 'start', 1)), 'Group');
  assert.equal(slice(stepEdge(t, ...at('we agree."'), 'end', -1)), 'we', 'trailing punctuation goes with the word');
  assert.equal(stepEdge(t, 0, 3, 'start', -1), null, 'nothing before the first word');
  assert.equal(stepEdge(t, ...at('Zoë'), 'end', 1), null, 'nothing after the last word');
  assert.equal(slice(stepEdge(t, ...at('Zoë'), 'start', -1)), 'agree." 😀 Zoë', 'an emoji is not a word, and is not split');
  const m = moveTag(t, { kind: 'org', start: a, end: b }, a, b + 6);
  assert.equal(correctionProblem(m), null);
  assert.equal(m.to.text, 'Alibaba Group');
  assert.throws(() => moveTag(t, { kind: 'org', start: a, end: b }, 3, 4), RangeError);
  const g = mergeEntities(t, { start: a, end: b }, { start: 4, end: 9 });
  assert.equal(correctionProblem(g), null);
  assert.equal(g.from.text, 'Alibaba');
  assert.equal(g.into.text, 'board');
});
