// A tiny consumer (fixtures/bundler: the API and the element, imported by package name) built
// with vite and with webpack against the installed tarball, then run in Chromium: the wasm
// and the worker must be found by the bundlers (new URL(..., import.meta.url)), nothing may
// load from elsewhere, and both must annotate.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PKG, PKG_BIN, copyFixture, installTarball, launchBrowser, serveDir, watchPage } from './helpers.mjs';

let dir;
let browser;

before(async () => {
  dir = installTarball('bundler', { type: 'module' });
  copyFixture('bundler', dir);
  ({ browser } = await launchBrowser());
});

after(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function runBuilt(outDir) {
  const server = await serveDir(outDir);
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchPage(page, server.url.slice(0, -1));
  try {
    await page.goto(server.url);
    await page.waitForSelector('#out[data-done]', { timeout: 30_000 });
    const text = await page.textContent('#out');
    assert.ok(!text.startsWith('error'), text);
    const out = JSON.parse(text);
    await page.waitForFunction(() => document.getElementById('box').state === 'idle' && document.getElementById('box').analysis, null, { timeout: 30_000 });
    const marks = await page.evaluate(() => [...document.getElementById('box').shadowRoot.querySelectorAll('mark[data-opens]')].map((m) => m.dataset.kind));
    return { out, marks, problems, requests: server.requests };
  } finally {
    await context.close();
    await server.stop();
  }
}

function checkRun({ out, marks, problems, requests }) {
  assert.equal(out.worker, true, 'runs in a worker');
  assert.equal(out.slices, true);
  assert.ok(out.annotations.includes('person:Mirelle Dunsany'), out.annotations.join(' | '));
  assert.ok(out.annotations.some((a) => a.startsWith('quote:')), out.annotations.join(' | '));
  assert.deepEqual(out.fixed, ['org:Lantern Guild']);
  assert.ok(marks.includes('person') && marks.includes('org'), `the element drew: ${marks}`);
  assert.ok(requests.some((r) => r.endsWith('.wasm')), `the wasm was served: ${requests}`);
  assert.deepEqual(problems, []);
}

test('vite build of the consumer runs in Chromium', async () => {
  const outDir = path.join(dir, 'dist-vite');
  const r = spawnSync(path.join(PKG_BIN, 'vite'), ['build', dir, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, `vite build failed:\n${r.stdout}\n${r.stderr}`);
  fs.copyFileSync(path.join(dir, 'favicon.svg'), path.join(outDir, 'favicon.svg'));
  const wasm = fs.readdirSync(path.join(outDir, 'assets')).filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `one wasm emitted: ${wasm}`);
  checkRun(await runBuilt(outDir));
});

test('webpack build of the consumer runs in Chromium', async () => {
  const require = createRequire(path.join(PKG, 'package.json'));
  const webpack = require('webpack');
  const outDir = path.join(dir, 'dist-webpack');
  const stats = await new Promise((resolve, reject) =>
    webpack(
      {
        mode: 'production',
        context: dir,
        entry: './src/main.js',
        output: { path: outDir, filename: 'main.js', clean: true },
        resolve: { modules: [path.join(dir, 'node_modules')] },
        performance: { hints: false },
        devtool: false,
      },
      (err, s) => (err ? reject(err) : resolve(s)),
    ),
  );
  assert.ok(!stats.hasErrors(), stats.toString({ all: false, errors: true, errorDetails: true }));
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8').replace('./src/main.js', './main.js').replace('type="module" ', 'defer ');
  fs.writeFileSync(path.join(outDir, 'index.html'), html);
  fs.copyFileSync(path.join(dir, 'favicon.svg'), path.join(outDir, 'favicon.svg'));
  assert.ok(fs.readdirSync(outDir).some((f) => f.endsWith('.wasm')), `a wasm asset was emitted: ${fs.readdirSync(outDir)}`);
  checkRun(await runBuilt(outDir));
});
