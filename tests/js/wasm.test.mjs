// The built module (www/pkg) as the page uses it, in Node: UTF-16 offsets on strings that
// only JavaScript can make (lone surrogates), and hostile text. Run: node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import init, { Annotator } from '../../www/pkg/newsmark_wasm.js';

await init({ module_or_path: readFileSync(new URL('../../www/pkg/newsmark_wasm_bg.wasm', import.meta.url)) });
const annotator = new Annotator();

function assertSlices(text, r) {
  for (const x of r.annotations) {
    assert.ok(0 <= x.start && x.start < x.end && x.end <= text.length, `offsets ${x.start}..${x.end}`);
    assert.equal(text.slice(x.start, x.end), x.text.replace(/\uFFFD/g, (m, i) => text[x.start + i]), 'slice matches');
    if (x.speaker && x.speaker.start !== null) {
      assert.equal(text.slice(x.speaker.start, x.speaker.end).length, x.speaker.end - x.speaker.start);
    }
  }
}

test('lone surrogates keep UTF-16 offsets aligned with the caller\'s string', () => {
  const text = '\uD800 lone high, \uDC00 lone low. "Prices will rise 5% in May," said Jane Smith. \uD83D';
  const r = annotator.annotate(text);
  assertSlices(text, r);
  const q = r.annotations.find((x) => x.kind === 'quote');
  assert.ok(q, 'the quote is found');
  assert.equal(text.slice(q.start, q.end), q.text);
  assert.equal(q.speaker.name, 'Jane Smith');
});

test('emoji with skin tones and joiners, RTL and CJK text', () => {
  const text = '👩🏽‍💻🇺🇳 مرحبا بالعالم. 東京の会社。 "We hired 40 engineers in Cairo," said Amal Hassan, chief executive of Nile Systems Inc.';
  const r = annotator.annotate(text);
  assertSlices(text, r);
  assert.ok(r.annotations.some((x) => x.kind === 'person' && x.text === 'Amal Hassan'));
});

test('script and markup stay text in the results', () => {
  const text = '<img src=x onerror=alert(1)> <script>alert(1)</script> The council met on Monday and approved a $4 million budget.';
  const r = annotator.annotate(text);
  assertSlices(text, r);
  assert.equal(typeof structuredClone(r), 'object');
});

test('empty text gives a diagnostic, not an error', () => {
  const r = annotator.annotate('   ');
  assert.deepEqual(r.annotations, []);
  assert.equal(r.diagnostics[0].code, 'empty_text');
});

test('malformed corrections throw an Error with a message', () => {
  assert.throws(() => annotator.applyCorrections('Jane Smith spoke.', [{ op: 'add' }]), (e) => e instanceof Error && /malformed corrections/.test(e.message));
  assert.throws(() => annotator.applyCorrections('Jane Smith spoke.', 'nonsense'), Error);
});
