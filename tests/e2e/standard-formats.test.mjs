// The standard formats in the page (issue 18): the "Export as…" menu downloads what the core
// writes (through the annotator's worker); a spaCy or W3C file made for the article imports
// back as corrections that give exactly the same tags; a file for another text, with
// duplicate ids, in a wrong shape or too big is refused with a clear message and changes
// nothing.

import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clickAnnotation, currentWork, drawnAnnotations, importFile, requireWasmBuild, savedState, seedArticle, selectInReading, setValue, waitIdle, watchErrors, serverAndBrowser } from './helpers.mjs';

requireWasmBuild();
const SEED = seedArticle().replace(/\r\n?/g, '\n');
const TEXT = `😀 ${SEED}`;

const env = serverAndBrowser();

async function newPage(t) {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await waitIdle(page);
  return { page, errors };
}

/** Chooses `format` in the export menu; the downloads it starts (brat: .txt then .ann). */
async function downloadAs(page, format, count = 1) {
  const files = [];
  const got = new Promise((resolve) => {
    page.on('download', async (d) => {
      files.push({ name: d.suggestedFilename(), body: fs.readFileSync(await d.path(), 'utf8') });
      if (files.length === count) resolve();
    });
  });
  await page.selectOption('#export-format', format);
  await got;
  assert.equal(await page.inputValue('#export-format'), '', 'the menu is ready for the next export');
  return files;
}

const cps = (s, start, end) => Array.from(s).slice(start, end).join('');
const tagsOf = (drawn) => drawn.map(({ kind, start, end, text }) => ({ kind, start, end, text }));

/** The page's article with a reader's org added and a model org removed. */
async function corrected(t) {
  const { page, errors } = await newPage(t);
  await setValue(page, TEXT);
  await waitIdle(page);
  const start = TEXT.indexOf('Francisco');
  await selectInReading(page, start, start + 'Francisco'.length);
  await page.click('[data-tag=org]');
  await waitIdle(page);
  const org = (await drawnAnnotations(page)).find((a) => a.kind === 'org' && !a.byUser);
  const ann = await clickAnnotation(page, 'org', org.start);
  await page.locator(`#tag-menu section[data-ann="${ann}"] [data-action=remove]`).click();
  await waitIdle(page);
  return { page, errors, drawn: await drawnAnnotations(page) };
}

test('spaCy and W3C exports slice the article by code points and import back as the same tags', async (t) => {
  const { page, errors, drawn } = await corrected(t);
  const [spacy] = await downloadAs(page, 'spacy');
  assert.match(spacy.name, /^newsmark-.*\.jsonl$/);
  assert.equal(spacy.body.trimEnd().split('\n').length, 1);
  const doc = JSON.parse(spacy.body);
  assert.equal(doc.text, TEXT);
  const spans = doc.spans.map((s) => ({ label: s.label, text: cps(TEXT, s.start, s.end) }));
  const LABEL = { person: 'PERSON', org: 'ORG', quote: 'QUOTE', claim: 'CLAIM' };
  const want = drawn.map((a) => ({ label: LABEL[a.kind], text: a.text }));
  const key = (x) => `${x.label} ${x.text}`;
  assert.deepEqual(spans.map(key).sort(), want.map(key).sort(), 'every drawn tag, offsets in code points');
  assert.ok(spans.some((s) => s.label === 'ORG' && s.text === 'Francisco'));

  const [w3c] = await downloadAs(page, 'w3c');
  assert.match(w3c.name, /\.jsonld$/);
  const coll = JSON.parse(w3c.body);
  assert.equal(coll.type, 'AnnotationCollection');
  assert.equal(coll.first.items.length, drawn.length);
  for (const it of coll.first.items) {
    const [quote, pos] = it.target.selector;
    assert.equal(quote.type, 'TextQuoteSelector');
    assert.equal(cps(TEXT, pos.start, pos.end), quote.exact);
  }
  const mine = coll.first.items.find((i) => i.target.selector[0].exact === 'Francisco' && i.body[0].value === 'org');
  assert.equal(mine.creator.type, 'Person', "the reader's tag is the reader's");

  const [txt, ann] = await downloadAs(page, 'brat', 2);
  assert.ok(txt.name.endsWith('.txt') && ann.name.endsWith('.ann'));
  assert.equal(txt.body, TEXT);
  for (const line of ann.body.split('\n').filter((l) => l.startsWith('T'))) {
    const [, typeOffs, words] = line.split('\t');
    const pieces = typeOffs.split(' ').slice(1).join(' ').split(';').map((p) => cps(TEXT, ...p.split(' ').map(Number)));
    assert.equal(words, pieces.join(' ').replace(/\t/g, ' '), line);
  }

  // Into a fresh page with the same article and no corrections: the same tags.
  for (const file of [spacy, w3c]) {
    const other = await newPage(t);
    await setValue(other.page, TEXT);
    await waitIdle(other.page);
    const msg = await importFile(other.page, file.name, file.body);
    assert.match(msg, /^Imported the \d+ tags of “newsmark-.*” \((spaCy JSONL|W3C Web Annotation)\) as corrections: \d+ added, \d+ removed/);
    await waitIdle(other.page);
    assert.deepEqual(tagsOf(await drawnAnnotations(other.page)), tagsOf(drawn), file.name);
    assert.ok((await savedState(other.page)).corrections.length >= 2, 'kept as corrections');
    // Imported again: nothing to change.
    assert.match(await importFile(other.page, file.name, file.body), /has the same \d+ tags as the article: nothing to change\.$/);
    assert.deepEqual(other.errors, []);
  }
  assert.deepEqual(errors, []);
});

test('an import is one undo step', async (t) => {
  const { page, drawn } = await corrected(t);
  const [spacy] = await downloadAs(page, 'spacy');
  const other = await newPage(t);
  await setValue(other.page, TEXT);
  await waitIdle(other.page);
  const before = await drawnAnnotations(other.page);
  await importFile(other.page, spacy.name, spacy.body);
  await waitIdle(other.page);
  assert.deepEqual(tagsOf(await drawnAnnotations(other.page)), tagsOf(drawn));
  assert.equal(await other.page.textContent('#alert-action'), 'Undo import');
  await other.page.click('#alert-action');
  await waitIdle(other.page);
  assert.deepEqual(tagsOf(await drawnAnnotations(other.page)), tagsOf(before));
  assert.deepEqual((await savedState(other.page)).corrections, []);
});

test('a W3C or spaCy file for another text, with duplicate ids, or too big is refused and nothing is lost', async (t) => {
  const { page, errors } = await corrected(t);
  const [spacy] = await downloadAs(page, 'spacy');
  const [w3c] = await downloadAs(page, 'w3c');
  const before = await currentWork(page);

  const coll = JSON.parse(w3c.body);
  const dup = structuredClone(coll);
  dup.first.items[1].id = dup.first.items[0].id;
  const place = structuredClone(coll);
  place.first.items[0].body[0].value = 'place';
  const otherText = JSON.stringify({ text: 'Another article entirely.', spans: [{ start: 0, end: 7, label: 'PERSON' }] });
  const moved = structuredClone(coll);
  moved.first.items[0].target.selector[0].exact = 'words that are nowhere in this article';
  const bad = [
    ['other.jsonl', otherText, /its "text" is not this article/],
    ['dup.jsonld', JSON.stringify(dup), /annotation 2: its id "urn:newsmark:annotation:1" was already used by annotation 1/],
    ['place.jsonld', JSON.stringify(place), /annotation 1: its tag "place" is not one of person, org, quote, claim/],
    ['moved.jsonld', JSON.stringify(moved), /annotation 1: "words that are nowhere in this article" is not in this article \(was the file made for another text\?\)/],
    ['label.jsonl', spacy.body.replace('"label":"ORG"', '"label":"GPE"'), /label "GPE" is not one of PERSON, ORG, QUOTE, CLAIM/],
    ['broken.jsonl', `${spacy.body}{"text": "x", "spans": [`, /line 2 is not JSON/],
  ];
  for (const [name, body, why] of bad) {
    const msg = await importFile(page, name, body);
    assert.match(msg, new RegExp(`^“${name.replace('.', '\\.')}” was not imported: `), msg);
    assert.match(msg, why, name);
    assert.match(msg, /\. Nothing was changed\.$/);
    await waitIdle(page);
    assert.deepEqual(await currentWork(page), before, `${name}: the work is untouched`);
  }
  // 50 MB of spaCy: refused by its size, before it is read.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsmark-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const big = path.join(dir, 'big.jsonl');
  const fd = fs.openSync(big, 'w');
  fs.writeSync(fd, '{"text": "');
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  for (let i = 0; i < 50; i++) fs.writeSync(fd, chunk);
  fs.writeSync(fd, '", "spans": []}\n');
  fs.closeSync(fd);
  const msg = await importFile(page, 'big.jsonl', [big]); // a path, not a body
  assert.match(msg, /“big\.jsonl” was not imported: the file is larger than 32 MB, the most read for a spaCy JSONL file\. Nothing was changed\.$/);
  assert.deepEqual(await savedState(page), before.state);
  assert.deepEqual(await drawnAnnotations(page), before.drawn);
  assert.deepEqual(errors, []);
});

test('brat and CoNLL exports import back: brat as the same tags and speakers, CoNLL as the same names; other texts refused', async (t) => {
  const { page, errors, drawn } = await corrected(t);
  const [spacy] = await downloadAs(page, 'spacy');
  // Who made each tag travels with it (W3C's creator, spaCy's provenance).
  const prov = JSON.parse(spacy.body).spans.find((s) => s.label === 'ORG' && cps(TEXT, s.start, s.end) === 'Francisco');
  assert.equal(prov.provenance, 'person');
  assert.ok(JSON.parse(spacy.body).spans.some((s) => s.provenance === 'model'));
  const [, ann] = await downloadAs(page, 'brat', 2);
  const [conll] = await downloadAs(page, 'conll');
  assert.match(conll.name, /\.conll$/);

  const other = await newPage(t);
  await setValue(other.page, TEXT);
  await waitIdle(other.page);
  const fresh = await drawnAnnotations(other.page);
  const names = (list) => tagsOf(list).filter((a) => a.kind === 'person' || a.kind === 'org');
  const rest = (list) => tagsOf(list).filter((a) => a.kind === 'quote' || a.kind === 'claim');
  const msg = await importFile(other.page, conll.name, conll.body);
  assert.match(msg, /^Imported the \d+ tags of “newsmark-.*” \(CoNLL IOB\) as corrections: \d+ added, \d+ removed/);
  await waitIdle(other.page);
  const afterConll = await drawnAnnotations(other.page);
  assert.deepEqual(names(afterConll), names(drawn), 'the names of the corrected page');
  assert.deepEqual(rest(afterConll), rest(fresh), 'quotes and claims untouched by a CoNLL file');

  const third = await newPage(t);
  await setValue(third.page, TEXT);
  await waitIdle(third.page);
  const msg2 = await importFile(third.page, ann.name, ann.body);
  assert.match(msg2, /\(brat standoff\) as corrections: \d+ added, \d+ removed/);
  await waitIdle(third.page);
  assert.deepEqual(tagsOf(await drawnAnnotations(third.page)), tagsOf(drawn), 'brat: every tag of the corrected page');
  assert.match(await importFile(third.page, ann.name, ann.body), /nothing to change\.$/);
  assert.deepEqual(third.errors, []);

  // Made for another text: refused, nothing changed.
  const before = await savedState(other.page);
  for (const [name, body] of [
    ['other.ann', 'T1\tPERSON 0 7\tAnother\n'],
    ['other.conll', 'Another\tB-PER\narticle\tO\n'],
  ]) {
    const m = await importFile(other.page, name, body);
    assert.match(m, new RegExp(`^“${name.replace('.', '\\.')}” was not imported: .*another text.*Nothing was changed\\.$`), m);
    assert.deepEqual(await savedState(other.page), before);
  }
  assert.deepEqual(other.errors, []);
  assert.deepEqual(errors, []);
});
