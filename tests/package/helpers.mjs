// Shared helpers for the package tests: building and installing the tarball, a static server,
// Chromium. Every article text here is invented.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export { launchBrowser } from '../e2e/helpers.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PKG = path.join(ROOT, 'packages', 'newsmark');
export const PKG_BIN = path.join(PKG, 'node_modules', '.bin');
export const EXAMPLE = path.join(ROOT, 'examples', 'cms-editor');
export const FIXTURES = path.join(ROOT, 'tests', 'package', 'fixtures');

/** An invented article: people, an organization, a direct and a reported quote, claims. */
export const ARTICLE = [
  'Velmora Tesk, the harbour master of Quillport, said on Tuesday that the Quillport Ferry Authority would cut crossings by 12 percent next year.',
  '',
  '"We cannot run 40 boats with 22 crews," Tesk told reporters. Dorian Ashcombe, who leads the Saltmarsh Rowing Club, said the plan would strand about 3,000 commuters.',
].join('\n');

function newest(dir) {
  let t = 0;
  for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, f.name);
    t = Math.max(t, f.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/**
 * The packed tarball (dist/newsmark-VERSION.tgz) and its pack report, built by
 * scripts/build-package.sh when missing or older than its sources (under a lock: test files
 * may run at once).
 */
export function ensurePackage() {
  const report = path.join(ROOT, 'dist', 'pack.json');
  const sources = Math.max(newest(path.join(PKG, 'src')), newest(path.join(ROOT, 'www', 'lib')), newest(path.join(ROOT, 'www', 'pkg')), fs.statSync(path.join(PKG, 'package.json')).mtimeMs);
  const fresh = () => {
    if (!fs.existsSync(report)) return false;
    const [p] = JSON.parse(fs.readFileSync(report, 'utf8'));
    const tgz = path.join(ROOT, 'dist', p.filename);
    return fs.existsSync(tgz) && fs.statSync(tgz).mtimeMs >= sources;
  };
  const lock = path.join(ROOT, 'dist', '.build-lock');
  fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    if (fresh()) break;
    try {
      fs.mkdirSync(lock);
    } catch {
      if (waited > 180_000) throw new Error('gave up waiting for another build-package.sh');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      continue;
    }
    try {
      if (!fresh()) execFileSync('bash', [path.join(ROOT, 'scripts', 'build-package.sh')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
    break;
  }
  const [p] = JSON.parse(fs.readFileSync(report, 'utf8'));
  return { report: p, tarball: path.join(ROOT, 'dist', p.filename) };
}

/** A temp dir with `package.json` and the tarball installed (offline: it has no dependencies). */
export function installTarball(name, extraPackageJson = {}) {
  const { tarball } = ensurePackage();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `newsmark-${name}-`));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, version: '1.0.0', ...extraPackageJson }, null, 2));
  const r = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', tarball], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm install of the tarball failed: ${r.stderr}`);
  return dir;
}

/** Copies the files of fixtures/NAME into `dir`. */
export function copyFixture(name, dir) {
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/**
 * Serves `dir` on 127.0.0.1 (a free port) with a strict CSP like a CMS would send; resolves
 * to {url, requests, stop}. `requests` lists every path asked for.
 */
export function serveDir(dir, { csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; worker-src 'self'; object-src 'none'" } = {}) {
  const requests = [];
  const root = fs.realpathSync(dir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(url.pathname);
    let p = path.join(root, decodeURIComponent(url.pathname));
    if (p.endsWith(path.sep)) p = path.join(p, 'index.html');
    let real;
    try {
      real = fs.realpathSync(p);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    if (!fs.statSync(real).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    const headers = { 'Content-Type': MIME[path.extname(real)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' };
    if (csp) headers['Content-Security-Policy'] = csp;
    res.writeHead(200, headers);
    fs.createReadStream(real).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}/`;
      resolve({ url, requests, stop: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/** Console errors, page errors, failed requests and requests to anywhere but `origin`. */
export function watchPage(page, origin) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`off-origin request: ${u}`);
  });
  return problems;
}

/** Counts Workers made and terminated in a page (wraps the constructor before any script). */
export async function countWorkers(context) {
  await context.addInitScript(() => {
    const Base = window.Worker;
    window.__workers = { made: 0, terminated: 0, live: 0 };
    window.Worker = class extends Base {
      constructor(...args) {
        super(...args);
        window.__workers.made++;
        window.__workers.live++;
      }
      terminate() {
        if (!this.__gone) {
          this.__gone = true;
          window.__workers.terminated++;
          window.__workers.live--;
        }
        return super.terminate();
      }
    };
  });
}
