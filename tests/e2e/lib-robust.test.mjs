// The DOM-free modules behind issue 5, in Node: drawing in stretches, the CSV export and its
// formula neutralisation, the strict import, storage that keeps the corrections when the
// article does not fit, and the client that abandons stale work and survives crashes/hangs.

import test from 'node:test';
import assert from 'node:assert/strict';
import { buildHighlightTree, piecesByAnnotation, stretchBounds } from '../../www/lib/segments.js';
import { addTag, changeKind, removeTag, setSpeaker } from '../../www/lib/corrections.js';
import { codePointToUtf16Mapper, utf16ToCodePointMapper, utf8Length } from '../../www/lib/offsets.js';
import { buildCsv, csvCell, neutraliseCell } from '../../www/lib/csv.js';
import { buildExport } from '../../www/lib/export.js';
import { ImportError, parseImport } from '../../www/lib/import.js';
import { loadState, saveState } from '../../www/lib/storage.js';
import { AnnotatorClient } from '../../www/lib/client.js';
import { parseCsv } from './csv-parse.mjs';

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
// CSV.

test('csv: cells that could start a formula are neutralised; quoting follows RFC 4180', () => {
  for (const bad of ['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx', '＝1', '=HYPERLINK("http://x")']) {
    assert.equal(neutraliseCell(bad), `'${bad}`);
  }
  for (const ok of ['Jane', '1', '', " '=x", 'a=b', '0.5']) assert.equal(neutraliseCell(ok), ok);
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell('=cmd|"/c calc"!A1'), `"'=cmd|""/c calc""!A1"`);
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(0), '0');
});

test('csv: one row per annotation, offsets in code points, read back exactly', () => {
  const text = '😀 =Jane, "Smith" said: "-5% @ the +Acme\r\nCorp"';
  const at = (s) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length, text: s });
  const analysis = {
    annotations: [
      { kind: 'person', ...at('=Jane, "Smith"'), entity: 0, byUser: true },
      { kind: 'quote', ...at('-5% @ the +Acme\r\nCorp'), direct: true, speaker: { start: 3, end: 17, text: '=Jane, "Smith"', entity: 0, name: '@Jane' }, byUser: false },
      { kind: 'claim', ...at('said'), score: 0.87654321, reasons: ['=number', 'dated'], byUser: false },
    ],
    entities: [{ kind: 'person', name: '=Jane', mentions: [0] }],
    diagnostics: [],
  };
  const csv = buildCsv({ text, analysis });
  assert.ok(csv.startsWith('\ufeffkind,start,end,text,speaker,score,reasons\r\n'));
  assert.ok(csv.endsWith('\r\n'));
  const rows = parseCsv(csv);
  assert.equal(rows.length, 4);
  const cps = Array.from(text);
  const unneutral = (s) => (/^'[=+\-@\t\r＝＋－＠]/.test(s) ? s.slice(1) : s);
  rows.slice(1).forEach((r, i) => {
    const a = analysis.annotations[i];
    assert.equal(r.length, 7);
    assert.equal(r[0], a.kind);
    assert.equal(cps.slice(Number(r[1]), Number(r[2])).join(''), a.text, 'offsets are code points');
    assert.equal(unneutral(r[3]), a.text);
    for (const cell of r) assert.ok(!/^[=+\-@\t\r]/.test(cell), `cell ${JSON.stringify(cell)} could run as a formula`);
  });
  assert.equal(rows[2][4], "'@Jane");
  assert.equal(rows[3][5], '0.8765');
  assert.equal(rows[3][6], "'=number; dated");
});

// ---------------------------------------------------------------------------------------
// Import.

const ART = '😀 Jane Smith of Acme Corp said: "Prices rose 5% in 2023." Lee Sporn agreed. 𝒳';
function sampleCorrections(text = ART) {
  const at = (s) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });
  const q = at('Prices rose 5% in 2023.');
  return [
    addTag(text, at('Acme Corp').start, at('Acme Corp').end, 'org'),
    removeTag(text, { kind: 'person', ...at('Lee Sporn') }),
    changeKind(text, { kind: 'org', ...at('Jane Smith') }, 'person'),
    setSpeaker(text, { kind: 'quote', ...q }, 'Jane Smith', at('Jane Smith')),
    setSpeaker(text, { kind: 'quote', ...q }, '<img src=x onerror=alert(1)>'),
    { op: 'move', target: { ...at('Lee'), text: 'Lee', prefix: '', suffix: '' }, kind: 'person', to: { ...at('Lee Sporn'), text: 'Lee Sporn', prefix: 'x', suffix: 'y' } },
    { op: 'merge', into: { ...at('Jane Smith'), text: 'Jane Smith' }, from: { ...at('Lee Sporn'), text: 'Lee Sporn' } },
  ];
}
const emptyAnalysis = { annotations: [], entities: [], diagnostics: [] };
const exported = (text, corrections) => JSON.stringify(buildExport({ text, analysis: emptyAnalysis, corrections }));

test('import: an export reads back to exactly the same article and corrections', () => {
  const corrections = sampleCorrections();
  const back = parseImport(exported(ART, corrections));
  assert.equal(back.text, ART);
  assert.deepEqual(back.corrections, corrections);
  // With a byte order mark, and with the stale flag the exporter adds, too.
  assert.deepEqual(parseImport(`\ufeff${exported(ART, corrections)}`).corrections, corrections);
  const withStale = JSON.parse(exported(ART, corrections));
  withStale.corrections[0].stale = true;
  assert.deepEqual(parseImport(JSON.stringify(withStale)).corrections, corrections);
});

test('import: a bad file is refused with a message saying what is wrong', () => {
  const good = JSON.parse(exported(ART, sampleCorrections()));
  const variant = (f) => {
    const v = structuredClone(good);
    f(v);
    return JSON.stringify(v);
  };
  const cases = [
    ['{not json', /not a JSON file/],
    ['[1,2]', /not a newsmark export/],
    ['"text"', /not a newsmark export/],
    [variant((v) => (v.format = 'something-else')), /"format" is "something-else"/],
    [variant((v) => delete v.format), /"format" is missing/],
    [variant((v) => (v.version = 2)), /newer newsmark/],
    [variant((v) => (v.version = '1')), /unknown export version/],
    [variant((v) => (v.offsets = 'utf-16')), /unknown offsets/],
    [variant((v) => (v.text = 42)), /"text" is not a string/],
    [variant((v) => (v.corrections = {})), /"corrections" is not a list/],
    [variant((v) => (v.corrections[0].op = 'explode')), /correction 1: unknown operation "explode"/],
    [variant((v) => (v.corrections[0].kind = 'place')), /correction 1: "kind" must be one of person, org, quote, claim/],
    [variant((v) => (v.corrections[2].to = 'script')), /correction 3: "to" must be one of/],
    [variant((v) => (v.corrections[0].target.start = 1.5)), /correction 1: "target" offsets must be whole numbers/],
    [variant((v) => (v.corrections[0].target.start = '3')), /whole numbers/],
    [variant((v) => (v.corrections[0].target.end = 1e6)), /outside the text/],
    [variant((v) => (v.corrections[0].target.start = -1)), /outside the text/],
    [variant((v) => (v.corrections[0].target.end = v.corrections[0].target.start - 1)), /outside the text/],
    [variant((v) => (v.corrections[0].target.text = '')), /"target.text" must be a non-empty string/],
    [variant((v) => (v.corrections[0].target.text = { html: '<b>' })), /"target.text" must be a non-empty string/],
    [variant((v) => (v.corrections[0].target.prefix = 7)), /"target.prefix" must be a string/],
    [variant((v) => (v.corrections[0].target.suffix = 'x'.repeat(33))), /longer than 32 characters/],
    [variant((v) => (v.corrections[0].target.onerror = 'alert(1)')), /unknown field "target.onerror"/],
    [variant((v) => (v.corrections[0].__proto__x = 1)), /unknown field "__proto__x"/],
    [variant((v) => (v.corrections[0].stale = 'yes')), /"stale" must be true or false/],
    [variant((v) => (v.corrections[3].speaker.name = '  ')), /"speaker.name" must be a non-empty string/],
    [variant((v) => (v.corrections[3].speaker.role = 'x')), /unknown field "speaker.role"/],
    [variant((v) => (v.corrections[3].speaker.mention = { start: 0 })), /"speaker.mention" offsets must be whole numbers/],
    [variant((v) => (v.corrections[1] = null)), /correction 2: not an object/],
    [variant((v) => (v.corrections = new Array(10_001).fill(v.corrections[0]))), /more than 10,000 corrections/],
  ];
  for (const [raw, why] of cases) {
    assert.throws(() => parseImport(raw), (e) => e instanceof ImportError && why.test(e.message), `${why} for ${raw.slice(0, 80)}`);
  }
  assert.throws(() => parseImport('x'.repeat(64 * 1024 * 1024 + 1)), /larger than 64 MB/);
  assert.throws(() => parseImport(variant((v) => (v.text = 'é'.repeat(8 * 1024 * 1024 + 1)))), /longer than 16 MB/);
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
  const text = `${ART} ${'filler '.repeat(500)}`;
  const corrections = sampleCorrections(text).slice(0, 2);
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

test('client, queue mode: every request is answered in order with its own result; an error fails only its own', () => {
  const w = fakeWorld();
  const results = [];
  const errors = [];
  const busy = [];
  const c = new AnnotatorClient(
    w.spawn,
    { onResult: (r) => results.push([r.id, r.text, r.analysis.annotations.map((a) => a.n)]), onError: (m, r) => errors.push([r.id, r.text, m]), onBusyChange: (b) => busy.push(b) },
    { ...w.options, mode: 'queue' },
  );
  const ids = ['a', 'b', 'c'].map((t) => c.request(t, []));
  assert.deepEqual(ids, [1, 2, 3], 'request() returns each request\'s id');
  assert.equal(w.workers[0].posted.length, 0, 'nothing is sent before the worker is ready');
  w.workers[0].reply({ type: 'ready', version: 'x', claimThreshold: 0.5 });
  const posted = w.workers[0].posted;
  assert.deepEqual(posted.map((p) => p.text), ['a'], 'one request in flight');
  w.workers[0].reply({ type: 'part', id: posted[0].id, annotations: [{ n: 1 }] });
  w.workers[0].reply({ type: 'result', id: posted[0].id, analysis: { annotations: [{ n: 2 }] }, ms: 1 });
  assert.deepEqual(posted.map((p) => p.text), ['a', 'b'], 'the next one is sent once the first is answered; none superseded');
  w.workers[0].reply({ type: 'error', id: posted[1].id, message: 'bad corrections' });
  w.workers[0].reply({ type: 'result', id: posted[2].id, analysis: { annotations: [{ n: 3 }] }, ms: 1 });
  assert.deepEqual(results, [[1, 'a', [1, 2]], [3, 'c', [3]]], 'parts join their own result');
  assert.deepEqual(errors, [[2, 'b', 'bad corrections']], 'the error is reported for its own request only');
  assert.equal(c.dropped, 0, 'nothing is stale in queue mode');
  assert.equal(c.busy, false);
  assert.deepEqual(busy, [true, false]);
});

test('client, queue mode: cancel drops a waiting request or restarts for the running one; a crash fails only its own', () => {
  const w = fakeWorld();
  const results = [];
  const crashes = [];
  const c = new AnnotatorClient(w.spawn, { onResult: (r) => results.push(r.text), onCrash: (x) => crashes.push(x) }, { ...w.options, mode: 'queue' });
  w.workers[0].reply({ type: 'ready', version: 'x', claimThreshold: 0.5 });
  const a = c.request('a', []);
  const b = c.request('b', []);
  c.request('c', []);
  assert.equal(c.cancel(b), true);
  assert.equal(c.cancel(b), false, 'a request is cancelled once');
  assert.equal(c.cancel(a), true);
  assert.equal(w.workers[0].terminated, true, 'the running request was stopped by replacing the worker');
  assert.equal(c.restarts, 1);
  assert.equal(c.worker, w.workers[1]);
  w.workers[1].reply({ type: 'ready', version: 'x', claimThreshold: 0.5 });
  assert.deepEqual(w.workers[1].posted.map((p) => p.text), ['c'], '"b" was dropped, "c" goes to the new worker');
  const d = c.request('d', []);
  w.workers[1].reply({ type: 'crashed', id: w.workers[1].posted[0].id, message: 'RuntimeError: unreachable' });
  assert.equal(crashes.length, 1);
  assert.deepEqual([crashes[0].id, crashes[0].source, crashes[0].detail], [3, 'trap', 'RuntimeError: unreachable']);
  w.workers[2].reply({ type: 'ready', version: 'x', claimThreshold: 0.5 });
  assert.deepEqual(w.workers[2].posted.map((p) => [p.id, p.text]), [[d, 'd']], 'the queue goes on after a crash, without the text that crashed it');
  w.advance(8_100);
  assert.equal(crashes[1].reason, 'timeout');
  assert.deepEqual([crashes[1].id, crashes[1].source, crashes[1].timeoutMs], [d, 'watchdog', 8_000.05]);
  assert.deepEqual(results, []);
  c.terminate();
  assert.equal(w.workers[3].terminated, true);
  assert.equal(c.worker, null);
  assert.equal(c.request('e', []), null, 'a terminated client takes no requests');
});

test('client: a worker that cannot be made or does not start in time is fatal', () => {
  const w = fakeWorld();
  const fatal = [];
  const boom = new Error('blocked by CSP');
  const c = new AnnotatorClient(() => { throw boom; }, { onFatal: (m, cause) => fatal.push([m, cause]) }, { ...w.options, mode: 'queue' });
  assert.deepEqual(fatal, [["the annotator's worker could not start: blocked by CSP", boom]]);
  assert.equal(c.worker, null);
  assert.equal(c.request('a', []), null);
  const slow = new AnnotatorClient(w.spawn, { onFatal: (m) => fatal.push([m]) }, { ...w.options, startTimeoutMs: 5_000 });
  slow.request('a', []);
  w.advance(5_000);
  assert.deepEqual(fatal[1], ['the annotator did not start within 5 s']);
  assert.equal(w.workers[0].terminated, true, 'the worker that never started is stopped');
  assert.equal(slow.busy, false);
});

test('import: CRLF and CR become LF, as in a text box, with the corrections moved to match', () => {
  const text = 'Jane Smith said:\r\n"Grow."\rLee Sporn of Acme Corp\r\ndisagreed.';
  const at = (s) => [text.indexOf(s), text.indexOf(s) + s.length];
  const corrections = [addTag(text, ...at('Acme Corp'), 'org'), addTag(text, ...at('"Grow."\rLee'), 'quote')];
  const back = parseImport(exported(text, corrections));
  const lf = text.replace(/\r\n?/g, '\n');
  assert.equal(back.text, lf);
  assert.equal(back.corrections.length, 2);
  for (const c of back.corrections) {
    assert.equal(lf.slice(c.target.start, c.target.end), c.target.text);
    assert.ok(!/\r/.test(c.target.text + c.target.prefix + c.target.suffix));
  }
  assert.equal(back.corrections[1].target.text, '"Grow."\nLee');
});
