// The package in Node >= 20, from the tarball installed with npm in a temp dir: the
// `node -e "import('newsmark')…"` smoke test, then the API (the wasm read from the package's
// file and run in this thread): results, corrections, concurrency, dispose, errors, limits.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARTICLE, installTarball } from './helpers.mjs';

let dir;
let nm; // the installed package, imported by name resolution from the temp dir
let require;

before(async () => {
  dir = installTarball('node');
  require = createRequire(path.join(dir, 'package.json'));
  nm = await import(pathToFileURL(require.resolve('newsmark')).href);
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('node -e "import(\'newsmark\')" annotates text after npm install of the tarball', () => {
  const script = `import('newsmark').then(async ({ createAnnotator }) => {
    const a = await createAnnotator();
    const text = ${JSON.stringify(ARTICLE)};
    const r = await a.annotate(text);
    console.log(JSON.stringify({ worker: a.info.worker, kinds: r.annotations.map((x) => x.kind + ':' + x.text), slices: r.annotations.every((x) => text.slice(x.start, x.end) === x.text) }));
    a.dispose();
  })`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.worker, false);
  assert.equal(out.slices, true);
  assert.ok(out.kinds.includes('person:Velmora Tesk'), out.kinds.join(' | '));
  assert.ok(out.kinds.includes('org:Quillport Ferry Authority'), out.kinds.join(' | '));
  assert.ok(out.kinds.some((k) => k.startsWith('quote:We cannot run 40 boats')), out.kinds.join(' | '));
  assert.ok(out.kinds.some((k) => k.startsWith('claim:')), out.kinds.join(' | '));
});

test('the exports map resolves in Node: the Node entry, the wasm, the corrections, package.json; the element imports without a DOM', async () => {
  assert.match(require.resolve('newsmark'), /dist[\\/]node\.js$/);
  assert.ok(fs.statSync(require.resolve('newsmark/newsmark_wasm_bg.wasm')).size > 100_000);
  assert.equal(require('newsmark/package.json').name, 'newsmark');
  const c = await import(pathToFileURL(require.resolve('newsmark/corrections')).href);
  assert.equal(typeof c.addTag, 'function');
  const el = await import(pathToFileURL(require.resolve('newsmark/element')).href);
  assert.equal(typeof el.NewsmarkAnnotatorElement, 'function');
});

test('results carry UTF-16 offsets; corrections in, applied and reported', async () => {
  const a = await nm.createAnnotator();
  const text = `👩🏽‍💻 ${ARTICLE}`;
  const r = await a.annotate(text);
  for (const x of r.annotations) assert.equal(text.slice(x.start, x.end), x.text);
  const person = r.annotations.find((x) => x.kind === 'person' && x.text === 'Velmora Tesk');
  assert.ok(person);
  const fixes = [nm.changeKind(text, person, 'org'), nm.addTag(text, text.indexOf('harbour master'), text.indexOf('harbour master') + 14, 'person')];
  const r2 = await a.annotate(text, { corrections: fixes });
  assert.ok(r2.annotations.some((x) => x.kind === 'org' && x.text === 'Velmora Tesk' && x.byUser));
  assert.ok(r2.annotations.some((x) => x.kind === 'person' && x.text === 'harbour master' && x.byUser));
  // A correction whose text is gone is reported, not dropped.
  const r3 = await a.annotate('Nothing to see here.', { corrections: fixes });
  assert.ok(r3.diagnostics.some((d) => d.code === 'correction_not_found'));
  await assert.rejects(a.annotate(text, { corrections: [{ op: 'add', kind: 'nope' }] }), TypeError);
  // A reader's lexicon, as entries or as the page exports it; a malformed one is a TypeError.
  for (const lexicon of [[{ name: 'Velmora Tesk', kind: 'org' }], { newsmark: 'lexicon', version: 1, entries: [{ name: 'Velmora Tesk', kind: 'org' }] }]) {
    const r4 = await a.annotate(text, { lexicon });
    assert.ok(r4.annotations.some((x) => x.kind === 'org' && x.text === 'Velmora Tesk'), JSON.stringify(lexicon));
    assert.ok(!r4.annotations.some((x) => x.kind === 'person' && x.text === 'Velmora Tesk'));
  }
  await assert.rejects(a.annotate(text, { lexicon: [{ name: 'Velmora Tesk', kind: 'company' }] }), /options\.lexicon/);
  await assert.rejects(a.annotate(text, { lexicon: { version: 2, entries: [] } }), TypeError);
  await assert.rejects(a.annotate(null), TypeError);
  await assert.rejects(a.annotate(text, { signal: AbortSignal.abort() }), { name: 'AbortError' });
  a.dispose();
});

test('concurrent calls each get their own result; dispose is safe twice; calls after it reject with AbortError', async () => {
  const a = nm.openAnnotator(); // not loaded yet: calls wait for it
  assert.equal(a.info, null);
  const texts = [ARTICLE, 'Mirelle Dunsany spoke.', '', ARTICLE.slice(0, 120)];
  const rs = await Promise.all(texts.map((t) => a.annotate(t)));
  rs.forEach((r, i) => {
    for (const x of r.annotations) assert.equal(texts[i].slice(x.start, x.end), x.text);
  });
  assert.deepEqual(rs[2].diagnostics.map((d) => d.code), ['empty_text']);
  assert.ok(rs[0].annotations.length > rs[3].annotations.length);
  a.dispose();
  a.dispose();
  assert.equal(a.disposed, true);
  await assert.rejects(a.annotate('x'), { name: 'AbortError', code: 'disposed' });
  const b = await nm.createAnnotator();
  b.dispose();
  b.dispose();
  await assert.rejects(b.annotate('x'), (e) => e instanceof nm.NewsmarkError && e.code === 'disposed');
});

test('over 16 MB of UTF-8: a text_truncated diagnostic, and offsets still slice the text', async () => {
  const a = await nm.createAnnotator();
  const text = `${ARTICLE}\n\n${'é'.repeat(8_400_000)}`; // 16.8 MB of UTF-8
  const r = await a.annotate(text);
  assert.ok(r.diagnostics.some((d) => d.code === 'text_truncated'), JSON.stringify(r.diagnostics));
  for (const x of r.annotations) assert.equal(text.slice(x.start, x.end), x.text);
  assert.ok(r.annotations.some((x) => x.text === 'Velmora Tesk'));
  a.dispose();
});
