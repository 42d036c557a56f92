// The DOM-free modules behind issue 5, in Node: drawing in stretches, storage that keeps the
// corrections when the article does not fit, and the client that abandons stale work and
// survives crashes and hangs.

import test from 'node:test';
import assert from 'node:assert/strict';
import { buildHighlightTree, piecesByAnnotation, stretchBounds } from '../../www/lib/segments.js';
import { addTag } from '../../www/lib/corrections.js';
import { codePointToUtf16Mapper, utf16ToCodePointMapper, utf8Length } from '../../www/lib/offsets.js';
import { loadState, saveState } from '../../www/lib/storage.js';
import { AnnotatorClient } from '../../www/lib/client.js';

// ---------------------------------------------------------------------------------------
// Drawing in stretches.

function randomAnnotations(n, length, seed = 7) {
  let s = seed;
  const rnd = (k) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % k;
  };
  const kinds = ['person', 'org', 'quote', 'claim'];
  const out = [];
  for (let i = 0; i < n; i++) {
    const start = rnd(length - 1);
    const len = 1 + rnd(kinds[i % 4] === 'claim' ? 3000 : 200);
    out.push({ kind: kinds[i % 4], start, end: Math.min(length, start + len) });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** [ann, start, end, opens, closes] of every mark, in document order, merged across stretches. */
function flatMarks(trees) {
  const out = [];
  const walk = (nodes, depth) => {
    for (const n of nodes) {
      if (n.type !== 'mark') continue;
      out.push([n.ann, n.start, n.end, n.opens, n.closes, depth]);
      walk(n.children, depth + 1);
    }
  };
  for (const t of trees) walk(t, 0);
  return out;
}

test('stretches: cut after line breaks no annotation crosses; every unit in exactly one stretch', () => {
  const para = `${'word '.repeat(300)}\n`;
  const text = para.repeat(200); // 300 k units
  const anns = randomAnnotations(2000, text.length).filter((a) => a.kind !== 'claim');
  const b = stretchBounds(text, anns, 16_384);
  assert.equal(b[0], 0);
  assert.equal(b.at(-1), text.length);
  for (let i = 1; i < b.length; i++) assert.ok(b[i] > b[i - 1], 'strictly increasing');
  for (const cut of b.slice(1, -1)) {
    assert.equal(text[cut - 1], '\n', `cut at ${cut} is just after a line break`);
    assert.ok(!anns.some((a) => a.start < cut && a.end > cut), `no annotation crosses ${cut}`);
  }
  assert.ok(b.length > 10 && b.length < 40, `${b.length - 1} stretches`);
});

test('stretches: a line without breaks or spaces is still cut, never inside a surrogate pair', () => {
  const text = '😀'.repeat(100_000);
  const b = stretchBounds(text, [], 16_384);
  assert.ok(b.length > 3);
  for (const cut of b) assert.ok(cut % 2 === 0, `cut ${cut} keeps pairs whole`);
  assert.deepEqual(stretchBounds('short', [], 16_384), [0, 5]);
});

test('stretches: trees built stretch by stretch draw the same as one tree of the whole text', () => {
  const text = `${'x'.repeat(99)}\n`.repeat(1000); // 100 k units, a line break every 100
  const anns = randomAnnotations(3000, text.length);
  const b = stretchBounds(text, anns, 4096);
  assert.ok(b.length > 5);
  const whole = buildHighlightTree(text.length, anns);
  const parts = [];
  for (let i = 0; i + 1 < b.length; i++) parts.push(buildHighlightTree(text.length, anns, { from: b[i], to: b[i + 1] }));
  // Pieces of each annotation, joined where a stretch boundary cut them, equal the whole-text
  // pieces; each annotation opens once and closes once.
  const joined = new Map();
  for (const t of parts) {
    for (const [ann, ps] of piecesByAnnotation(t)) {
      const list = joined.get(ann) ?? [];
      for (const [s, e] of ps) {
        if (list.length && list.at(-1)[1] === s && b.includes(s)) list.at(-1)[1] = e;
        else list.push([s, e]);
      }
      joined.set(ann, list);
    }
  }
  const wholePieces = piecesByAnnotation(whole);
  const sumLen = (ps) => ps.reduce((n, [s, e]) => n + e - s, 0);
  for (const [ann, ps] of wholePieces) assert.equal(sumLen(joined.get(ann)), sumLen(ps), `annotation ${ann} covers the same units`);
  const marks = flatMarks(parts);
  const opens = new Map();
  const closes = new Map();
  for (const [ann, , , o, c] of marks) {
    if (o) opens.set(ann, (opens.get(ann) ?? 0) + 1);
    if (c) closes.set(ann, (closes.get(ann) ?? 0) + 1);
  }
  for (const ann of wholePieces.keys()) {
    assert.equal(opens.get(ann), 1, `annotation ${ann} opens once`);
    assert.equal(closes.get(ann), 1, `annotation ${ann} closes once`);
  }
  // The candidates option gives the same tree as a full scan.
  const i = Math.floor(b.length / 2);
  const cands = anns.map((_, k) => k).filter((k) => anns[k].start < b[i + 1] && anns[k].end > b[i]);
  assert.deepEqual(buildHighlightTree(text.length, anns, { from: b[i], to: b[i + 1], candidates: cands }), parts[i]);
});

// ---------------------------------------------------------------------------------------
// Offsets.

test('code points back to UTF-16: inverse of the forward map, lone surrogates count one', () => {
  const text = 'a😀b\ud800c\udc00𝒳';
  const fwd = utf16ToCodePointMapper(text);
  const back = codePointToUtf16Mapper(text);
  const cps = Array.from(text).length;
  for (let c = 0; c <= cps; c++) assert.equal(fwd(back(c)), c);
  assert.throws(() => back(cps + 1), RangeError);
  assert.throws(() => back(1.5), RangeError);
  assert.equal(utf8Length('aé😀\ud800'), 1 + 2 + 4 + 3);
  assert.equal(utf8Length('x'.repeat(1000)), 1000);
});

// ---------------------------------------------------------------------------------------
// Storage.

function memoryStorage({ maxValue = Infinity } = {}) {
  const m = new Map();
  return {
    m,
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => {
      if (String(v).length > maxValue) throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
      m.set(k, String(v));
    },
    removeItem: (k) => m.delete(k),
  };
}

test('storage: an article too big for the quota is dropped, its corrections kept and reported', () => {
  const st = memoryStorage({ maxValue: 2000 });
  const text = `Jane Smith of Acme Corp said so. ${'filler '.repeat(500)}`;
  const corrections = [addTag(text, 0, 10, 'person'), addTag(text, 14, 23, 'org')];
  const r = saveState(st, { text, corrections });
  assert.equal(r.ok, false);
  assert.equal(r.quota, true);
  assert.equal(r.keptCorrections, true);
  assert.match(r.error, /full/);
  const back = loadState(st);
  assert.equal(back.problem, null);
  assert.deepEqual(back.state, { text: '', corrections, textDropped: text.length });
  // Known to be too big: not tried again, the corrections are still saved.
  let tries = 0;
  const counting = { ...st, setItem: (k, v) => (tries++, st.setItem(k, v)) };
  assert.equal(saveState(counting, { text, corrections: [] }, { knownTooBig: true }).keptCorrections, true);
  assert.equal(tries, 1, 'one write: the corrections only');
  // A short article fits again.
  assert.deepEqual(saveState(st, { text: 'short', corrections }), { ok: true, error: null });
});

// ---------------------------------------------------------------------------------------
// The client: abandoning stale work, crashes, hangs.

function fakeWorld() {
  let now = 0;
  const timers = new Map();
  let nextTimer = 1;
  const workers = [];
  const spawn = () => {
    const listeners = {};
    const w = { posted: [], terminated: false, listeners, addEventListener: (t, f) => (listeners[t] = f), postMessage: (m) => w.posted.push(m), terminate: () => (w.terminated = true) };
    w.reply = (m) => listeners.message({ data: m });
    workers.push(w);
    return w;
  };
  const world = {
    workers,
    spawn,
    get now() {
      return now;
    },
    options: {
      now: () => now,
      setTimer: (f, ms) => {
        const id = nextTimer++;
        timers.set(id, { at: now + ms, f });
        return id;
      },
      clearTimer: (id) => timers.delete(id),
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].f();
      }
      now = end;
    },
  };
  return world;
}

test('client: stale long work is abandoned (the worker restarted), short work is waited for', () => {
  const w = fakeWorld();
  const results = [];
  const c = new AnnotatorClient(w.spawn, { onResult: (r) => results.push(r.text) }, w.options);
  w.workers[0].reply({ type: 'ready', version: 'x', claimThreshold: 0.5 });
  const big = 'x'.repeat(1_000_000);
  c.request(big, []);
  assert.equal(w.workers[0].posted.length, 1);
  w.advance(100);
  c.request(`${big}y`, []);
  assert.equal(w.workers.length, 1, 'not abandoned in its first 300 ms');
  w.advance(250);
  assert.equal(w.workers.length, 2, 'abandoned once 300 ms have passed: a new worker');
  assert.equal(w.workers[0].terminated, true);
  assert.equal(c.dropped, 1);
  assert.equal(w.workers[1].posted.length, 0, 'the new worker gets the newest request once ready');
  w.workers[1].reply({ type: 'ready', version: 'x', claimThreshold: 0.5 });
  assert.equal(w.workers[1].posted[0].text, `${big}y`);
  w.workers[0].reply({ type: 'result', id: w.workers[0].posted[0].id, analysis: { annotations: [] }, ms: 1 });
  assert.deepEqual(results, [], 'a terminated worker is not listened to');
  // The answer arrives in parts.
  const id = w.workers[1].posted[0].id;
  w.workers[1].reply({ type: 'part', id, annotations: [{ n: 1 }, { n: 2 }] });
  w.workers[1].reply({ type: 'part', id, annotations: [{ n: 3 }] });
  let got = null;
  c.handlers.onResult = (r) => (got = r);
  w.workers[1].reply({ type: 'result', id, analysis: { annotations: [{ n: 4 }], entities: [], diagnostics: [] }, ms: 2000 });
  assert.deepEqual(got.analysis.annotations.map((a) => a.n), [1, 2, 3, 4]);
  // A short request that became stale is waited for, not abandoned.
  c.request('short', []);
  c.request('short!', []);
  w.advance(1000);
  assert.equal(w.workers.length, 2);
  // ...unless it runs far past any estimate (it may never end): then it is abandoned too.
  w.advance(1000);
  assert.equal(w.workers.length, 3);
});

test('client: a crash or a hang restarts the worker, is reported, and is not retried by itself', () => {
  const w = fakeWorld();
  const crashes = [];
  const results = [];
  const c = new AnnotatorClient(w.spawn, { onCrash: (x) => crashes.push(x), onResult: (r) => results.push(r.text) }, w.options);
  w.workers[0].reply({ type: 'ready', version: 'x', claimThreshold: 0.5 });
  c.request('trap me', [{ op: 'x' }]);
  w.workers[0].reply({ type: 'crashed', id: w.workers[0].posted[0].id, message: 'RuntimeError: unreachable' });
  assert.equal(crashes.length, 1);
  assert.equal(crashes[0].reason, 'crash');
  assert.equal(crashes[0].text, 'trap me');
  assert.deepEqual(crashes[0].corrections, [{ op: 'x' }]);
  assert.equal(w.workers.length, 2);
  assert.equal(w.workers[0].terminated, true);
  w.workers[1].reply({ type: 'ready', version: 'x', claimThreshold: 0.5 });
  assert.equal(w.workers[1].posted.length, 0, 'the text that crashed it is not sent again by itself');
  assert.equal(c.busy, false);
  // A worker that dies with an error event after start-up counts as a crash too.
  c.request('error event', []);
  w.workers[1].listeners.error({ message: 'boom', preventDefault() {} });
  assert.equal(crashes.length, 2);
  assert.equal(w.workers.length, 3);
  w.workers[2].reply({ type: 'ready', version: 'x', claimThreshold: 0.5 });
  // A hang: the watchdog fires after 8 s (+ 50 s per million units).
  c.request('hang', []);
  w.advance(7_900);
  assert.equal(crashes.length, 2);
  w.advance(200);
  assert.equal(crashes.length, 3);
  assert.equal(crashes[2].reason, 'timeout');
  assert.equal(w.workers.length, 4);
  w.workers[3].reply({ type: 'ready', version: 'x', claimThreshold: 0.5 });
  // retry() sends it again with a 4x longer watchdog.
  assert.equal(c.retry(), true);
  assert.equal(w.workers[3].posted[0].text, 'hang');
  w.advance(30_000);
  assert.equal(crashes.length, 3, 'the longer watchdog has not fired at 30 s');
  w.workers[3].reply({ type: 'result', id: w.workers[3].posted[0].id, analysis: { annotations: [] }, ms: 1 });
  assert.deepEqual(results, ['hang']);
  assert.equal(c.crashes, 3);
  assert.equal(c.restarts, 3);
});

test('client: a worker that cannot load is fatal, also on a restart (no restart loop)', () => {
  const w = fakeWorld();
  const fatal = [];
  const c = new AnnotatorClient(w.spawn, { onFatal: (m) => fatal.push(m) }, w.options);
  w.workers[0].reply({ type: 'ready', version: 'x', claimThreshold: 0.5 });
  c.request('a', []);
  w.workers[0].reply({ type: 'crashed', id: w.workers[0].posted[0].id, message: 'trap' });
  w.workers[1].reply({ type: 'fatal', message: 'the annotator could not load: offline' });
  assert.deepEqual(fatal, ['the annotator could not load: offline']);
  assert.equal(w.workers.length, 2);
  c.request('b', []);
  assert.equal(c.busy, false, 'a dead client takes no requests');
});
