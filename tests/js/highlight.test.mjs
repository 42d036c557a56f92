// The pure part of the highlighter (www/lib/highlight.js): in what order annotations are taken,
// which of them each stretch of a long text looks at, and that drawing stretch by stretch
// nests overlapping layers exactly as one tree of the whole text does. The DOM it builds is
// tested in Chromium (tests/e2e/highlight.test.mjs). Run: node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeAnnotation, sortedByStart, stretchCandidates } from '../../www/lib/highlight.js';
import { buildHighlightTree, stretchBounds } from '../../www/lib/segments.js';

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = ['person', 'org', 'quote', 'claim'];

function randomAnnotations(rand, length, count, maxLen) {
  const anns = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor(rand() * (length - 1));
    const end = Math.min(length, start + 1 + Math.floor(rand() * maxLen));
    anns.push({ kind: KINDS[Math.floor(rand() * 4)], start, end });
  }
  return anns;
}

/** For every UTF-16 unit, the annotations drawn around it, outermost first ("0>3>1"). */
function unitPaths(trees, length) {
  const paths = new Array(length).fill(null);
  const walk = (nodes, path) => {
    for (const n of nodes) {
      if (n.type === 'text') for (let p = n.start; p < n.end; p++) paths[p] = path.join('>');
      else walk(n.children, [...path, n.ann]);
    }
  };
  for (const t of trees) walk(t, []);
  return paths;
}

test('sortedByStart: by start, ties and sorted input keep their order, the input is untouched', () => {
  assert.deepEqual(sortedByStart([]), []);
  const sorted = [{ start: 0 }, { start: 0 }, { start: 4 }, { start: 9 }];
  assert.deepEqual(sortedByStart(sorted), [0, 1, 2, 3]);
  const anns = [{ start: 30 }, { start: 5 }, { start: 30 }, { start: 0 }, { start: 5 }];
  const copy = structuredClone(anns);
  assert.deepEqual(sortedByStart(anns), [3, 1, 4, 0, 2]);
  assert.deepEqual(anns, copy);
});

test('stretchCandidates: each stretch gets exactly the annotations that overlap it, in any input order', () => {
  const rand = rng(7);
  for (let round = 0; round < 200; round++) {
    const length = 50 + Math.floor(rand() * 500);
    const anns = randomAnnotations(rand, length, Math.floor(rand() * 40), Math.max(1, Math.floor(rand() * 200)));
    const cuts = new Set([0, length]);
    const pieces = 1 + Math.floor(rand() * 8);
    for (let i = 0; i < pieces; i++) cuts.add(Math.floor(rand() * length));
    const bounds = [...cuts].sort((x, y) => x - y);
    const next = stretchCandidates(anns);
    for (let i = 0; i + 1 < bounds.length; i++) {
      const [from, to] = [bounds[i], bounds[i + 1]];
      const got = [...next(from, to)].sort((x, y) => x - y);
      const want = anns.map((a, j) => j).filter((j) => anns[j].start < to && anns[j].end > from);
      assert.deepEqual(got, want, `round ${round}, stretch ${from}..${to} of ${JSON.stringify(anns)}`);
    }
  }
});

test('stretchCandidates: a span that crosses several stretches is handed to each of them', () => {
  const anns = [
    { kind: 'claim', start: 5, end: 95 }, // crosses every cut below
    { kind: 'quote', start: 40, end: 60 },
    { kind: 'person', start: 0, end: 3 },
    { kind: 'org', start: 70, end: 72 },
  ];
  const next = stretchCandidates(anns);
  assert.deepEqual(next(0, 30).sort(), [0, 2]);
  assert.deepEqual(next(30, 50).sort(), [0, 1]);
  assert.deepEqual(next(50, 80).sort(), [0, 1, 3]);
  assert.deepEqual(next(80, 100).sort(), [0]);
});

test('stretch by stretch, overlapping layers nest exactly as in one tree of the whole text', () => {
  const rand = rng(2026);
  for (let round = 0; round < 60; round++) {
    // No line breaks: stretchBounds has to cut inside annotations.
    const length = 200 + Math.floor(rand() * 1500);
    const text = 'x'.repeat(length);
    const anns = randomAnnotations(rand, length, 5 + Math.floor(rand() * 60), 1 + Math.floor(rand() * 300));
    const include = (a) => a.kind !== 'org' || a.start % 2 === 0; // some hidden, as a layer toggle would
    const bounds = stretchBounds(text, anns, 64);
    assert.ok(bounds.length > 3, 'several stretches');
    const next = stretchCandidates(anns);
    const trees = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      trees.push(buildHighlightTree(length, anns, { include, from: bounds[i], to: bounds[i + 1], candidates: next(bounds[i], bounds[i + 1]) }));
    }
    const whole = unitPaths([buildHighlightTree(length, anns, { include })], length);
    assert.deepEqual(unitPaths(trees, length), whole, `round ${round}: ${JSON.stringify(anns)}`);
  }
});

test('nesting of crossing layers: longest outside, the crossing span cut where the other ends', () => {
  //            0         1         2         3         4
  //            0123456789012345678901234567890123456789012345
  const text = 'Ana Lee said "Acme rose 5%". Then more text here.';
  const anns = [
    { kind: 'person', start: 0, end: 7 }, // Ana Lee
    { kind: 'claim', start: 0, end: 28 }, // the first sentence
    { kind: 'quote', start: 13, end: 34 }, // crosses the claim's end
    { kind: 'org', start: 14, end: 18 }, // Acme, inside both
  ];
  const bounds = [0, 20, text.length];
  const next = stretchCandidates(anns);
  const trees = [0, 1].map((i) => buildHighlightTree(text.length, anns, { from: bounds[i], to: bounds[i + 1], candidates: next(bounds[i], bounds[i + 1]) }));
  const paths = unitPaths(trees, text.length);
  assert.equal(paths[0], '1>0'); // claim > person
  assert.equal(paths[10], '1'); // "said"
  assert.equal(paths[15], '1>2>3'); // claim > quote > org (the quote is shorter than the claim)
  assert.equal(paths[27], '1>2'); // the quote's part inside the claim
  assert.equal(paths[30], '2'); // ... and outside it
  assert.equal(paths[40], '');
});

test('describeAnnotation: kind, entity, speaker, score and reasons, by the reader', () => {
  const analysis = { entities: [{ name: 'Ana Lee', mentions: [0, 4] }] };
  assert.equal(describeAnnotation({ kind: 'person', entity: 0 }, analysis), 'Person · Ana Lee (2 mentions)');
  assert.equal(describeAnnotation({ kind: 'quote', direct: false, speaker: { name: 'Ana Lee' } }, analysis), 'Quote · reported speech · speaker: Ana Lee');
  assert.equal(describeAnnotation({ kind: 'quote', speaker: null, byUser: true }, analysis), 'Quote · direct quote · no speaker found · changed by you');
  assert.equal(describeAnnotation({ kind: 'claim', score: 0.874, reasons: ['number', 'date'] }, analysis), 'Claim · check-worthiness 87% · number, date');
});
