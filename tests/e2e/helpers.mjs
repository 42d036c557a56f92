// Shared helpers for the browser tests: a server on a free port, Chromium, the seed article.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { test } from 'node:test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SEED_PATH = path.resolve(ROOT, '..', 'shared', 'fixtures', 'seed', 'article.txt');

/** The seed article (read-only, outside the repo). */
export function seedArticle() {
  if (!fs.existsSync(SEED_PATH)) throw new Error(`the seed article is missing: ${SEED_PATH}`);
  return fs.readFileSync(SEED_PATH, 'utf8');
}

/** Fails early, with the fix, when the wasm module has not been built. */
export function requireWasmBuild() {
  for (const f of ['newsmark_wasm.js', 'newsmark_wasm_bg.wasm']) {
    if (!fs.existsSync(path.join(ROOT, 'www', 'pkg', f))) {
      throw new Error(`www/pkg/${f} is missing: run scripts/build-wasm.sh first`);
    }
  }
}

/** Starts `node scripts/serve.mjs --port 0`; resolves to {url, stop}. */
export function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'serve.mjs'), '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the server did not start in 10 s: ${out}${err}`));
    }, 10_000);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^serving (http:\/\/127\.0\.0\.1:\d+\/)$/m);
      if (m) {
        clearTimeout(timer);
        const stop = () =>
          new Promise((res) => {
            if (child.exitCode !== null) return res();
            child.once('exit', () => res());
            child.kill('SIGTERM');
          });
        resolve({ url: m[1], stop, child });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening: ${out}${err}`));
    });
  });
}

/** Launches headless Chromium the way this machine needs it (Playwright gives it a fresh
 * temporary profile). */
/**
 * The flags headless Chromium needs on these machines (no sandbox as root, no GPU) and that
 * keep its own background connections off (toolchain.md); the extension tests add theirs.
 */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  return { browser, close: () => browser.close() };
}

/** Waits until the page's annotator has answered for the current text and corrections. */
export async function waitIdle(page, timeout = 15_000) {
  await page.waitForFunction(() => document.documentElement.dataset.annotator === 'idle', null, { timeout });
}

/** Types (fills) `text` into the article box and waits for the highlights. */
export async function setArticle(page, text) {
  await page.fill('#article', text);
  await waitIdle(page);
}

/** Collects console errors, page errors and failed requests of a page. */
export function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`http ${r.status()}: ${r.url()}`);
  });
  return errors;
}

/**
 * The annotations drawn in the reading view, read back from the DOM:
 * [{ann, kind, start, end, text, byUser}] in reading order (outer first).
 */
export async function drawnAnnotations(page) {
  return page.$$eval('#reading mark[data-opens]', (marks) =>
    marks.map((m) => {
      const ann = m.dataset.ann;
      const text = [...document.querySelectorAll(`#reading mark[data-ann="${ann}"]`)].map((p) => p.textContent).join('');
      const start = Number(m.querySelector('[data-start]').dataset.start);
      return { ann: Number(ann), kind: m.dataset.kind, start, end: start + text.length, text, byUser: m.classList.contains('hl-by-user') };
    }),
  );
}

/** The drawn annotation of `kind` starting at `start`, or undefined. */
export async function annotationAt(page, kind, start) {
  return (await drawnAnnotations(page)).find((a) => a.kind === kind && a.start === start);
}

/**
 * Clicks the highlight of `kind` that starts at `start`, on text that belongs to it directly
 * (not to a highlight nested inside it). Scrolls it into view first. Returns its data-ann.
 */
export async function clickAnnotation(page, kind, start) {
  const hit = await page.evaluate(
    ([k, s]) => {
      for (const m of document.querySelectorAll(`#reading mark[data-kind="${k}"][data-opens]`)) {
        if (Number(m.querySelector('[data-start]').dataset.start) !== s) continue;
        const seg = m.querySelector(':scope > .seg') ?? m.querySelector('.seg');
        seg.scrollIntoView({ block: 'center' });
        const r = seg.getClientRects()[0];
        return { ann: Number(m.dataset.ann), x: r.left + Math.min(4, r.width / 2), y: (r.top + r.bottom) / 2 };
      }
      return null;
    },
    [kind, start],
  );
  if (!hit) throw new Error(`no ${kind} highlight starts at ${start}`);
  await page.mouse.click(hit.x, hit.y);
  return hit.ann;
}

/**
 * Puts `text` in the article box the fast way (value + an input event), as a paste does.
 * Playwright's fill() types through the editing pipeline, which takes 20 s for 1 MB.
 */
export async function setValue(page, text) {
  await page.evaluate((t) => {
    const a = document.getElementById('article');
    a.focus();
    a.value = t;
    a.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

/** Pastes `text` over the whole article box through the real clipboard (Ctrl+A, Ctrl+V). */
export async function pasteText(context, page, origin, text) {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.focus('#article');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
}

/**
 * Records, in the page, every message between the page and its annotator worker:
 * `window.__posted` (annotate requests: {id, length}) and `window.__analyses` (id →
 * the whole analysis, parts joined), and `window.__workers` (workers started).
 * Test instrumentation only: it wraps the Worker constructor before the page's scripts run.
 */
export async function recordWorkerTraffic(context) {
  await context.addInitScript(() => {
    const Base = window.Worker;
    window.__posted = [];
    window.__analyses = {};
    window.__workers = 0;
    const parts = {};
    window.Worker = class extends Base {
      constructor(...args) {
        super(...args);
        window.__workers++;
        this.addEventListener('message', (e) => {
          const m = e.data;
          if (!m) return;
          if (m.type === 'part') (parts[m.id] ??= []).push(...m.annotations);
          if (m.type === 'result') window.__analyses[m.id] = { ...m.analysis, annotations: [...(parts[m.id] ?? []), ...m.analysis.annotations] };
        });
      }
      postMessage(m, ...rest) {
        if (m && m.type === 'annotate') window.__posted.push({ id: m.id, length: m.text.length });
        return super.postMessage(m, ...rest);
      }
    };
  });
}

/** The analysis of the newest request the page sent, once answered (see recordWorkerTraffic). */
export async function lastAnalysis(page) {
  return page.evaluate(() => {
    const last = window.__posted.at(-1);
    return last ? window.__analyses[last.id] ?? null : null;
  });
}

/**
 * Serves the wasm glue with `extra` JavaScript appended (it runs inside the module, so it
 * sees `Annotator` and the module's `wasm` exports). For simulating traps and hangs.
 */
export async function patchGlue(context, extra) {
  await context.route('**/pkg/newsmark_wasm.js', async (route) => {
    const response = await route.fetch();
    const body = `${await response.text()}\n${extra}\n`;
    await route.fulfill({ response, body });
  });
}

/**
 * Selects text[start, end) of the reading view (a DOM range over its text pieces), taking the
 * focus out of the text box as a mouse selection would.
 */
export async function selectInReading(page, start, end) {
  await page.evaluate(
    ([s, e]) => {
      if (document.activeElement && document.activeElement.id === 'article') document.activeElement.blur();
      const at = (off) => {
        for (const seg of document.querySelectorAll('#reading [data-start]')) {
          const a = Number(seg.dataset.start);
          if (off >= a && off <= a + seg.textContent.length) return [seg.firstChild, off - a];
        }
        throw new Error(`no text at ${off}`);
      };
      const r = document.createRange();
      r.setStart(...at(s));
      r.setEnd(...at(e));
      getSelection().removeAllRanges();
      getSelection().addRange(r);
    },
    [start, end],
  );
  await page.waitForFunction(() => !document.querySelector('[data-tag=org]').disabled);
}

/** Everything in the document that could only have come from markup in the text. */
export async function injectedElements(page) {
  return page.evaluate(() => {
    const bad = [];
    for (const img of document.querySelectorAll('img')) if (!img.getAttribute('src').endsWith('favicon.svg')) bad.push(`img ${img.outerHTML}`);
    const scripts = [...document.querySelectorAll('script')];
    if (scripts.length !== 1 || scripts[0].getAttribute('src') !== 'app/main.js') bad.push(`scripts: ${scripts.map((s) => s.outerHTML).join(' ')}`);
    for (const a of document.querySelectorAll('a[href]')) if (!a.getAttribute('href').startsWith('#')) bad.push(`a[href]: ${a.outerHTML.slice(0, 80)}`);
    for (const sel of ['iframe', 'svg', 'b', 'style', 'object', 'embed']) {
      for (const e of document.querySelectorAll(sel)) if (!e.closest('head')) bad.push(`${sel}: ${e.outerHTML.slice(0, 80)}`);
    }
    for (const e of document.querySelectorAll('*')) {
      for (const a of e.attributes) {
        if (/^on/i.test(a.name)) bad.push(`attribute ${a.name} on ${e.tagName}`);
        if (/^(href|src|action|formaction|xlink:href|data)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)) bad.push(`${a.name}=${a.value} on ${e.tagName}`);
      }
    }
    return bad;
  });
}

/** The saved state in the page's local storage, parsed (or null). */
export async function savedState(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('newsmark:state:v1')));
}

/**
 * Starts this file's server and browser before its tests and stops them after: the
 * returned object's `server` and `browser` are set once the `before` hook has run.
 */
export function serverAndBrowser() {
  const env = { server: null, browser: null, close: null };
  test.before(async () => {
    env.server = await startServer();
    ({ browser: env.browser, close: env.close } = await launchBrowser());
  });
  test.after(async () => {
    await env.close?.();
    await env.server?.stop();
  });
  return env;
}

/** The client rectangle of the character at UTF-16 offset `i` of the reading view. */
export async function charRect(page, i) {
  return page.evaluate((off) => {
    for (const seg of document.querySelectorAll('#reading [data-start]')) {
      const a = Number(seg.dataset.start);
      if (off >= a && off < a + seg.textContent.length) {
        const r = document.createRange();
        r.setStart(seg.firstChild, off - a);
        r.setEnd(seg.firstChild, off - a + 1);
        const b = r.getBoundingClientRect();
        return { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
      }
    }
    throw new Error(`no character at ${off}`);
  }, i);
}

/**
 * Imports `body` (a string, or a Playwright file payload) as the file `name` through the page's
 * import button, and returns what the alert bar says: the import reads the file asynchronously
 * and reports there either way, so a following waitIdle() waits for the new text, not the old.
 */
export async function importFile(page, name, body) {
  await page.evaluate(() => {
    document.getElementById('alert-text').textContent = '';
  });
  await page.setInputFiles('#import-file', typeof body === 'string' ? { name, mimeType: 'application/json', buffer: Buffer.from(body, 'utf8') } : body);
  await page.waitForFunction(() => document.getElementById('alert-text').textContent !== '', null, { timeout: 30_000 });
  return page.textContent('#alert-text');
}

/** The reader's work as a refused import must leave it: saved state, article, tags drawn. */
export async function currentWork(page) {
  return { state: await savedState(page), value: await page.inputValue('#article'), drawn: await drawnAnnotations(page) };
}
