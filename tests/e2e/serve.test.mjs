// scripts/serve.mjs: port 0, MIME types, the CSP header, path traversal.

import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startServer } from './helpers.mjs';

/** A raw GET that sends the path exactly as given (fetch would normalise `..`). */
function rawGet(base, rawPath, method = 'GET') {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: rawPath, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let server;
test.before(async () => {
  server = await startServer();
});
test.after(async () => {
  await server?.stop();
});

test('prints its URL on 127.0.0.1 and serves the page at /', async () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.notEqual(new URL(server.url).port, '0');
  const r = await rawGet(server.url, '/');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/html/);
  assert.match(r.body, /<title>newsmark/);
});

test('the CSP header is the policy of the page meta tag, on every response', async () => {
  const html = fs.readFileSync(path.join(ROOT, 'www', 'index.html'), 'utf8');
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  assert.ok(meta, 'index.html has a CSP meta tag');
  for (const p of ['/', '/lib/worker.js', '/favicon.svg', '/no-such-file']) {
    const r = await rawGet(server.url, p);
    assert.equal(r.headers['content-security-policy'], meta[1], p);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', p);
  }
  for (const d of ["script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "style-src 'self'"]) {
    assert.ok(meta[1].includes(d), d);
  }
  assert.ok(!meta[1].includes('unsafe-inline') && !/'unsafe-eval'/.test(meta[1]));
});

test('MIME types', async () => {
  const want = {
    '/index.html': /^text\/html/,
    '/app/main.js': /^text\/javascript/,
    '/lib/worker.js': /^text\/javascript/,
    '/app/app.css': /^text\/css/,
    '/favicon.svg': /^image\/svg\+xml/,
    '/pkg/newsmark_wasm_bg.wasm': /^application\/wasm$/,
    '/pkg/newsmark_wasm.js': /^text\/javascript/,
  };
  for (const [p, re] of Object.entries(want)) {
    const r = await rawGet(server.url, p, 'HEAD');
    assert.equal(r.status, 200, p);
    assert.match(r.headers['content-type'], re, p);
  }
});

test('never serves anything outside www/', async () => {
  const attempts = [
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/%2E%2E/etc/passwd',
    '/..%2fpackage.json',
    '/app/..%2f..%2fpackage.json',
    '/..%5cpackage.json',
    '/%2e%2e%5c%2e%2e%5cetc%5cpasswd',
    '//etc/passwd',
    '/.git/config',
    '/%00index.html',
    '/%E0%A4%A',
  ];
  for (const p of attempts) {
    const r = await rawGet(server.url, p);
    assert.ok([400, 403, 404].includes(r.status), `${p} → ${r.status}`);
    assert.doesNotMatch(r.body, /"devDependencies"|root:x:0:0/, p);
  }
  const post = await rawGet(server.url, '/', 'POST');
  assert.equal(post.status, 405);
});

test('--port must be a number', async () => {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'serve.mjs'), '--port', 'abc'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /invalid port/);
});
