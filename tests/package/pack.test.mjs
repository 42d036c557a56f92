// What `npm pack` ships: the exact file list, a size budget, an exports map whose every
// target (and every `types`) is in the tarball, the shared www/lib modules unchanged, and
// one version for the package and the wasm crate.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, ensurePackage } from './helpers.mjs';

const { report, tarball } = ensurePackage();
const files = report.files.map((f) => f.path).sort();

const EXPECTED = [
  'README.md',
  'dist/analysis.d.ts',
  'dist/corrections.d.ts',
  'dist/direct.js',
  'dist/element.d.ts',
  'dist/element.js',
  'dist/index.d.ts',
  'dist/index.js',
  'dist/lib/annotation-key.js',
  'dist/lib/client.js',
  'dist/lib/corrections.js',
  'dist/lib/highlight.js',
  'dist/lib/offsets.js',
  'dist/lib/segments.js',
  'dist/lib/selection.js',
  'dist/lib/summary.js',
  'dist/lib/worker.js',
  'dist/node.js',
  'dist/pending.js',
  'dist/pkg/newsmark_wasm.d.ts',
  'dist/pkg/newsmark_wasm.js',
  'dist/pkg/newsmark_wasm_bg.wasm',
  'dist/prosemirror.d.ts',
  'dist/prosemirror.js',
  'dist/shared.js',
  'dist/styles.d.ts',
  'dist/styles.js',
  'package.json',
];

/** Size budget: the wasm is most of it (1.76 MB raw, ~0.87 MB gzipped today). */
const MAX_PACKED = 1_100_000;
const MAX_UNPACKED = 2_400_000;

test('the tarball holds exactly the expected files', () => {
  assert.deepEqual(files, EXPECTED);
});

test('the tarball is within its size budget', () => {
  assert.ok(report.size <= MAX_PACKED, `packed ${report.size} > ${MAX_PACKED}`);
  assert.ok(report.unpackedSize <= MAX_UNPACKED, `unpacked ${report.unpackedSize} > ${MAX_UNPACKED}`);
  console.log(`# ${report.filename}: ${report.size} bytes packed, ${report.unpackedSize} unpacked, ${report.entryCount} files`);
});

test('package.json: ESM, no runtime dependencies, every export and types target shipped, the element listed as a side effect', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newsmark-pack-'));
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', tmp]);
    const dir = path.join(tmp, 'package');
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'newsmark');
    assert.equal(pkg.type, 'module');
    assert.equal(pkg.dependencies, undefined, 'no runtime dependencies');
    assert.ok(fs.existsSync(path.join(dir, pkg.types)), `types: ${pkg.types}`);
    for (const k of ['.', './element', './prosemirror', './corrections', './styles', './newsmark_wasm_bg.wasm', './worker.js', './package.json']) {
      assert.ok(k in pkg.exports, `exports has ${k}`);
    }
    const targets = (v) => (typeof v === 'string' ? [v] : Object.values(v).flatMap(targets));
    for (const [k, v] of Object.entries(pkg.exports)) {
      for (const t of targets(v)) assert.ok(fs.existsSync(path.join(dir, t)), `exports ${k} → ${t} is shipped`);
      if (typeof v === 'object' && !k.endsWith('.wasm') && k !== './worker.js') assert.ok(v.types, `exports ${k} has types`);
    }
    assert.equal(pkg.exports['.'].node, './dist/node.js');
    assert.equal(pkg.exports['.'].browser, './dist/index.js');
    assert.ok(pkg.sideEffects.includes('./dist/element.js'));
    for (const f of pkg.sideEffects) assert.ok(fs.existsSync(path.join(dir, f)), f);
    // Every relative import in a shipped .js or .d.ts resolves inside the tarball.
    for (const f of files.filter((x) => x.endsWith('.js') || x.endsWith('.ts'))) {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of src.matchAll(/(?:from|import\(|new URL\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
        let t = path.join(dir, path.dirname(f), m[1]);
        if (f.endsWith('.d.ts') && !fs.existsSync(t)) t = t.replace(/\.js$/, '.d.ts');
        assert.ok(fs.existsSync(t), `${f} imports ${m[1]}`);
      }
    }
    // The shared modules ship as they are in www/lib and www/pkg (one copy of the logic).
    for (const f of files.filter((x) => x.startsWith('dist/lib/'))) {
      assert.ok(fs.readFileSync(path.join(dir, f)).equals(fs.readFileSync(path.join(ROOT, 'www', 'lib', path.basename(f)))), `${f} is www/lib/${path.basename(f)}`);
    }
    assert.ok(fs.readFileSync(path.join(dir, 'dist/pkg/newsmark_wasm_bg.wasm')).equals(fs.readFileSync(path.join(ROOT, 'www', 'pkg', 'newsmark_wasm_bg.wasm'))));
    const crate = fs.readFileSync(path.join(ROOT, 'wasm', 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
    assert.equal(pkg.version, crate, 'the package and the wasm crate share one version');
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    for (const w of ['createAnnotator', '<newsmark-annotator', 'newsmark-annotated', 'newsmark-correction', 'newsmark-error', 'min-claim-score', 'newsmarkPlugin', 'AbortError']) {
      assert.ok(readme.includes(w), `the README documents ${w}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
