// The package's TypeScript declarations, from the installed tarball: a consumer that uses
// every exported type passes `tsc --noEmit` (bundler and node16 resolution, strict, no
// skipLibCheck), and a consumer that misuses the API fails on exactly the marked lines.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PKG, PKG_BIN, copyFixture, installTarball } from './helpers.mjs';

let dir;

before(() => {
  dir = installTarball('types', { type: 'module' });
  copyFixture('types', dir);
  // The editor's own ProseMirror packages, as a CMS has them installed (types only here).
  for (const p of ['prosemirror-state', 'prosemirror-view', 'prosemirror-model', 'prosemirror-transform', 'orderedmap']) {
    const from = path.join(PKG, 'node_modules', p);
    if (fs.existsSync(from)) fs.symlinkSync(from, path.join(dir, 'node_modules', p), 'dir');
  }
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function tsc(project) {
  return spawnSync(path.join(PKG_BIN, 'tsc'), ['--noEmit', '-p', project, '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
}

test('tsc --noEmit accepts a consumer using every exported type (moduleResolution bundler)', () => {
  const r = tsc('tsconfig.json');
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});

test('tsc --noEmit accepts the same consumer with node16 resolution', () => {
  const r = tsc('tsconfig.node16.json');
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});

test('tsc rejects misuse, on each marked line and nowhere else', () => {
  const r = tsc('tsconfig.bad.json');
  assert.notEqual(r.status, 0, 'tsc accepted code it must reject');
  const src = fs.readFileSync(path.join(dir, 'bad.ts'), 'utf8').split('\n');
  const expected = src.map((l, i) => (l.includes('EXPECT-ERROR') ? i + 1 : 0)).filter(Boolean);
  const got = [...new Set([...r.stdout.matchAll(/^bad\.ts\((\d+),\d+\): error/gm)].map((m) => Number(m[1])))];
  assert.deepEqual(got, expected, r.stdout);
});
