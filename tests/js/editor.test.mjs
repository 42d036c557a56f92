// The correction editor's pure parts against the built core (www/pkg), in Node: an edge
// dragged to any offset snaps to word boundaries (lib/corrections.js snapEdge), and the
// page's instant preview of an edit (lib/preview.js) draws what the core then returns.
// Run: node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import init, { Annotator } from '../../www/pkg/newsmark_wasm.js';
import { addTag, changeKind, moveTag, removeTag, setSpeaker, snapEdge } from '../../www/lib/corrections.js';
import { previewCorrections } from '../../www/lib/preview.js';

await init({ module_or_path: readFileSync(new URL('../../www/pkg/newsmark_wasm_bg.wasm', import.meta.url)) });
const annotator = new Annotator();

// Invented: a name inside a quote inside a claim, and names of both kinds around them.
const TEXT =
  'The city council of Marlowe Bay met on Tuesday to vote on the harbour budget.\n\n' +
  '“Councillor Petra Lindqvist told us the harbour budget rose by 40 percent in 2025, the largest rise in a decade,” said Mayor Oskar Brandt, who chairs the Marlowe Bay Harbour Authority.\n\n' +
  'Brandt said the vote would take place next month. The Harbour Authority declined to comment.';

const at = (s, k = 0) => {
  let i = -1;
  for (let n = 0; n <= k; n++) i = TEXT.indexOf(s, i + 1);
  assert.ok(i >= 0, `${s} is in the text`);
  return i;
};
const slice = (r) => TEXT.slice(r.start, r.end);

test('snapEdge: an edge dropped anywhere lands on a word boundary, never past the other edge', () => {
  const name = { kind: 'person', start: at('Petra'), end: at('Lindqvist') + 'Lindqvist'.length };
  // Inside the word before: its start.
  assert.equal(slice(snapEdge(TEXT, name, 'start', at('Councillor') + 4)), 'Councillor Petra Lindqvist');
  // In the gap before the name: the name's own start (nothing but a space in between).
  assert.equal(slice(snapEdge(TEXT, name, 'start', at('Petra') - 1)), 'Petra Lindqvist');
  // Inside the name's second word: start at that word.
  assert.equal(slice(snapEdge(TEXT, name, 'start', at('Lindqvist') + 3)), 'Lindqvist');
  // Past the end: the last word stays.
  assert.equal(slice(snapEdge(TEXT, name, 'start', at('harbour budget rose'))), 'Lindqvist');
  // An end inside a word goes to the word's end; between words, back to the word before.
  assert.equal(slice(snapEdge(TEXT, name, 'end', at('told') + 1)), 'Petra Lindqvist told');
  assert.equal(slice(snapEdge(TEXT, name, 'end', at(' us the') + 1)), 'Petra Lindqvist told');
  assert.equal(slice(snapEdge(TEXT, name, 'end', at('Councillor'))), 'Petra');
  // A quote keeps the punctuation next to its words.
  const quote = { kind: 'quote', start: at('Councillor'), end: at('decade,') + 'decade,'.length };
  assert.equal(slice(snapEdge(TEXT, quote, 'end', at('largest') + 2)), 'Councillor Petra Lindqvist told us the harbour budget rose by 40 percent in 2025, the largest');
  assert.equal(slice(snapEdge(TEXT, quote, 'end', at('decade,') + 7)), slice(quote));
  assert.equal(slice(snapEdge(TEXT, quote, 'start', at('“'))), slice(quote), 'dropped on the opening mark: unchanged');
  const claim = { kind: 'claim', start: at('Brandt said'), end: at('next month.') + 'next month.'.length };
  assert.equal(slice(snapEdge(TEXT, claim, 'end', at('comment') + 3)), 'Brandt said the vote would take place next month. The Harbour Authority declined to comment.');
  // Offsets outside the text are clamped.
  assert.equal(slice(snapEdge(TEXT, claim, 'end', 1e9)), slice(snapEdge(TEXT, claim, 'end', TEXT.length)));
  assert.deepEqual(snapEdge(TEXT, name, 'start', -5), snapEdge(TEXT, name, 'start', 0));
});

/** (kind, start, end, byUser) of every annotation, sorted: what the reading view draws. */
const drawn = (analysis) =>
  analysis.annotations.map((a) => `${a.kind}:${a.start}:${a.end}:${a.byUser ? 'user' : 'model'}`).sort();

test('preview: each edit the page previews draws what the core returns for it', () => {
  const base = annotator.annotate(TEXT);
  const find = (kind, s) => {
    const a = base.annotations.find((x) => x.kind === kind && TEXT.slice(x.start, x.end) === s);
    assert.ok(a, `the core finds the ${kind} “${s}”`);
    return a;
  };
  const petra = find('person', 'Petra Lindqvist');
  const brandt = find('person', 'Oskar Brandt');
  const authority = find('org', 'Marlowe Bay Harbour Authority');
  const quote = base.annotations.find((x) => x.kind === 'quote' && x.start <= petra.start && x.end >= petra.end);
  assert.ok(quote, 'the name is inside a quote');
  const edits = {
    accept: addTag(TEXT, petra.start, petra.end, 'person'),
    reject: removeTag(TEXT, authority),
    retype: changeKind(TEXT, brandt, 'org'),
    'move a name': moveTag(TEXT, petra, at('Councillor'), petra.end),
    'move a quote': moveTag(TEXT, quote, quote.start, at('largest') + 'largest'.length),
    'add a name': addTag(TEXT, at('Tuesday'), at('Tuesday') + 'Tuesday'.length, 'org'),
  };
  for (const [what, c] of Object.entries(edits)) {
    const preview = previewCorrections(TEXT, base, [c]);
    assert.ok(preview, `${what} is previewed`);
    assert.deepEqual(drawn(preview), drawn(annotator.applyCorrections(TEXT, [c])), what);
    // Entities' mentions point at annotations of the preview with their entity.
    for (const [k, e] of preview.entities.entries()) for (const m of e.mentions) assert.equal(preview.annotations[m].entity, k, `${what}: mention ${m}`);
  }
  // All of them in a row, as a reader makes them before the core answers.
  const all = Object.values(edits);
  assert.deepEqual(drawn(previewCorrections(TEXT, base, all)), drawn(annotator.applyCorrections(TEXT, all)), 'all in a row');
  // The base analysis is left as it was.
  assert.deepEqual(drawn(base), drawn(annotator.annotate(TEXT)));
});

test('preview: what only the core can tell, or what no longer matches, is not previewed', () => {
  const base = annotator.annotate(TEXT);
  const quote = base.annotations.find((x) => x.kind === 'quote');
  assert.equal(previewCorrections(TEXT, base, [setSpeaker(TEXT, quote, 'Petra Lindqvist')]), null, 'a speaker waits for the core');
  const name = base.annotations.find((x) => x.kind === 'person');
  const gone = removeTag(TEXT, name);
  assert.equal(previewCorrections(TEXT, base, [gone, gone]), null, 'removing a tag that is not there');
  const moved = { ...gone, target: { ...gone.target, start: gone.target.start + 1, end: gone.target.end + 1 } };
  assert.equal(previewCorrections(TEXT, base, [moved]), null, 'an anchor whose offsets do not hold its text');
});

test('split: the page builds it, the core applies it, an exported file with it is read back', async () => {
  const { splitEntity, correctionProblem, describeCorrection } = await import('../../www/lib/corrections.js');
  const base = annotator.annotate(TEXT);
  const brandt = base.annotations.find((x) => x.kind === 'person' && x.text === 'Brandt');
  assert.ok(brandt && brandt.entity !== null, 'the short name is in an entity');
  assert.equal(base.entities[brandt.entity].name, 'Oskar Brandt');
  const c = splitEntity(TEXT, brandt);
  assert.equal(correctionProblem(c), null);
  assert.equal(describeCorrection(c), 'split “Brandt” off its entity');
  assert.equal(correctionProblem({ op: 'split', target: { start: 1 } }), 'split: bad target');
  const r = annotator.applyCorrections(TEXT, [c]);
  const after = r.annotations.find((x) => x.kind === 'person' && x.start === brandt.start);
  assert.equal(r.entities[after.entity].name, 'Brandt');
  assert.equal(after.byUser, true);
  const full = r.annotations.find((x) => x.kind === 'person' && x.text === 'Oskar Brandt');
  assert.equal(r.entities[full.entity].name, 'Oskar Brandt');
  assert.notEqual(after.entity, full.entity);
  assert.ok(!r.diagnostics.some((d) => d.code === 'correction_no_effect'));
  // The page's JSON export and import carry it (code points out, UTF-16 back).
  const { buildExport } = await import('../../www/lib/export.js');
  const { parseImport } = await import('../../www/lib/import.js');
  const file = JSON.stringify(buildExport({ text: TEXT, analysis: r, corrections: [c] }));
  const back = parseImport(file);
  assert.deepEqual(back.corrections.map((x) => [x.op, x.target.start, x.target.text]), [['split', brandt.start, 'Brandt']]);
});
