// www/lib/annotation-key.js: the one way the page names a highlight (focus, menu, lit claims).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotationKey, findAnnotation } from '../../www/lib/annotation-key.js';

test('the key is kind:start:end, whatever else the annotation carries', () => {
  assert.equal(annotationKey({ kind: 'claim', start: 12, end: 40, score: 0.9, text: 'x' }), 'claim:12:40');
  assert.equal(annotationKey({ kind: 'person', start: 0, end: 0 }), 'person:0:0');
  // Same span, other kind: another highlight.
  assert.notEqual(annotationKey({ kind: 'org', start: 3, end: 9 }), annotationKey({ kind: 'person', start: 3, end: 9 }));
});

test('findAnnotation finds the first annotation with the key, or -1', () => {
  const anns = [
    { kind: 'claim', start: 0, end: 30 },
    { kind: 'person', start: 0, end: 10 },
    { kind: 'org', start: 0, end: 10 },
    { kind: 'person', start: 0, end: 10 },
  ];
  assert.equal(findAnnotation(anns, 'org:0:10'), 2);
  assert.equal(findAnnotation(anns, 'person:0:10'), 1);
  assert.equal(findAnnotation(anns, annotationKey({ kind: 'claim', start: 0, end: 30 })), 0);
  assert.equal(findAnnotation(anns, 'quote:0:10'), -1);
  assert.equal(findAnnotation([], 'claim:0:30'), -1);
});
