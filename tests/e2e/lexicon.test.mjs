// The reader's lexicon in www/lib (DOM-free, in Node): what a correction teaches, following
// the corrections store through push, undo, redo and forget, hostile files, and storage
// that sets a broken lexicon aside instead of losing it.

import test from 'node:test';
import assert from 'node:assert/strict';
import { CorrectionStore, Lexicon, addTag, changeKind, lessonOf, moveTag, parseLexiconFile, removeTag, setSpeaker } from '../../www/lib/corrections.js';
import { LEXICON_KEY, loadLexicon, saveLexicon } from '../../www/lib/storage.js';

const TEXT = 'Shares of Dunmore Vale fell, said Talbot Reese of Quillan Marsh.';
const at = (w) => ({ kind: 'person', start: TEXT.indexOf(w), end: TEXT.indexOf(w) + w.length });

test('lessons: tag, retype and untag teach; moves, speakers and claims do not', () => {
  assert.deepEqual(lessonOf(addTag(TEXT, at('Dunmore Vale').start, at('Dunmore Vale').end, 'org')), { name: 'Dunmore Vale', kind: 'org' });
  assert.deepEqual(lessonOf(changeKind(TEXT, at('Quillan Marsh'), 'org')), { name: 'Quillan Marsh', kind: 'org' });
  assert.deepEqual(lessonOf(removeTag(TEXT, at('Talbot Reese'))), { name: 'Talbot Reese', kind: 'none' });
  assert.deepEqual(lessonOf(changeKind(TEXT, at('Talbot Reese'), 'claim')), { name: 'Talbot Reese', kind: 'none' });
  assert.equal(lessonOf(addTag(TEXT, 0, 6, 'claim')), null);
  assert.equal(lessonOf(moveTag(TEXT, at('Talbot Reese'), 34, 40)), null);
  assert.equal(lessonOf(setSpeaker(TEXT, { ...at('Talbot Reese'), kind: 'quote' }, 'Talbot Reese')), null);
});

test('the lexicon follows the store: push and redo teach, undo takes back, forget keeps', () => {
  const store = new CorrectionStore();
  const lx = new Lexicon([{ name: 'Quillan Marsh', kind: 'person' }], store.list);
  store.subscribe((list, reason) => lx.follow(list, reason));
  const names = () => Object.fromEntries(lx.entries.map((e) => [e.name, e.kind]));
  store.push(changeKind(TEXT, at('Quillan Marsh'), 'org'));
  store.push(removeTag(TEXT, at('Talbot Reese')));
  assert.deepEqual(names(), { 'Quillan Marsh': 'org', 'Talbot Reese': 'none' });
  store.undo();
  store.undo();
  assert.deepEqual(names(), { 'Quillan Marsh': 'person' }, 'undo restores what was there before');
  store.redo();
  assert.deepEqual(names(), { 'Quillan Marsh': 'org' });
  store.removeAt(0);
  assert.deepEqual(names(), { 'Quillan Marsh': 'org' }, 'Forget keeps the lesson');
  store.reset([addTag(TEXT, 10, 22, 'org')]);
  assert.equal(lx.size, 1, 'a restored or imported list teaches nothing');
  assert.deepEqual(JSON.parse(JSON.stringify(lx)), { newsmark: 'lexicon', version: 1, entries: [{ name: 'Quillan Marsh', kind: 'org' }] });
});

test('hostile lexicon files are refused with the reason', () => {
  assert.deepEqual(parseLexiconFile('{"version":1,"entries":[{"name":" Dunmore   Vale ","kind":"org"}]}'), [{ name: 'Dunmore Vale', kind: 'org' }]);
  for (const [body, why] of [
    ['{"version":1,"entries":[', /not valid JSON/],
    ['{"version":2,"entries":[]}', /not a newsmark lexicon/],
    ['[{"name":"X","kind":"org"}]', /not a newsmark lexicon/],
    ['{"version":1,"entries":[{"name":"X","kind":"quote"}]}', /entry 1/],
    ['{"version":1,"entries":[{"name":"  ","kind":"org"}]}', /entry 1/],
    [`{"version":1,"entries":[{"name":"${'x'.repeat(121)}","kind":"org"}]}`, /entry 1/],
    [JSON.stringify({ version: 1, entries: Array.from({ length: 20_001 }, (_, i) => ({ name: `N${i}`, kind: 'org' })) }), /at most 20,000/],
  ]) {
    assert.throws(() => parseLexiconFile(body), (e) => e instanceof TypeError && why.test(e.message), why.source);
  }
});

test('a saved lexicon that does not read is set aside, not lost', () => {
  const map = new Map();
  const st = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, String(v)), removeItem: (k) => map.delete(k) };
  assert.deepEqual(loadLexicon(st), { entries: [], problem: null });
  assert.equal(saveLexicon(st, new Lexicon([{ name: 'Quillan Marsh', kind: 'org' }])), null);
  assert.deepEqual(loadLexicon(st).entries, [{ name: 'Quillan Marsh', kind: 'org' }]);
  map.set(LEXICON_KEY, '{broken');
  const r = loadLexicon(st, () => 7);
  assert.deepEqual(r.entries, []);
  assert.match(r.problem, /kept under "newsmark:lexicon:v1:corrupt:7"/);
  assert.equal(map.get(`${LEXICON_KEY}:corrupt:7`), '{broken');
  const full = { ...st, setItem: () => { throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' }); } };
  assert.match(saveLexicon(full, new Lexicon()), /full/);
});
