// Helpers for the extension tests: a server for the article layouts in pages/, headless
// Chromium with the unpacked extension (dist/chromium), the toolbar click (CDP
// Extensions.triggerAction, which grants activeTab as a real click does) and the side panel
// (found among the browser's targets and driven over CDP: Playwright does not list it).

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXT_DIR = path.join(ROOT, 'dist', 'chromium');
export const PAGES = path.join(ROOT, 'tests', 'extension', 'pages');

export function requireExtensionBuild() {
  for (const f of ['manifest.json', 'content.js', 'panel.js', 'pkg/newsmark_wasm_bg.wasm']) {
    if (!fs.existsSync(path.join(EXT_DIR, f))) throw new Error(`dist/chromium/${f} is missing: run scripts/build-wasm.sh and scripts/build-extension.sh first`);
  }
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml' };

/** A strict policy without 'wasm-unsafe-eval' (and no inline script or style). */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'";

/** One paragraph of invented filler for the huge page (names inside, so there is work). */
const FILLER =
  'At the Orrin Valley water board meeting, treasurer Benedikt Saarinen said the reservoir held 61 percent of its capacity, and that the Orrin Valley Water Board would publish new figures every Thursday. ';

/**
 * Serves tests/extension/pages on 127.0.0.1: /strict-csp.html with a CSP header, /huge.html
 * generated (about 1.3 million characters of article). Records every request it answers.
 */
export async function startPages() {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, url: req.url });
    const url = new URL(req.url, 'http://127.0.0.1');
    const name = url.pathname === '/' ? '/cms.html' : url.pathname;
    const headers = { 'cache-control': 'no-store' };
    if (name === '/strict-csp.html') headers['content-security-policy'] = STRICT_CSP;
    if (name === '/huge.html') {
      const paras = [];
      for (let i = 0; paras.length * FILLER.length < 1_300_000; i++) paras.push(`<p>${FILLER}Report ${i + 1}.</p>`);
      res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Orrin Valley reservoir log</title><link rel="icon" href="data:,"></head><body><main><article><h1>Orrin Valley reservoir log</h1>${paras.join('\n')}</article></main></body></html>`);
      return;
    }
    const file = path.join(PAGES, path.normalize(name).replace(/^([/\\])+/, ''));
    if (!file.startsWith(PAGES) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}/`;
  return { base, requests, stop: () => new Promise((r) => server.close(() => r())) };
}

/**
 * Headless Chromium with the extension loaded. Returns {context, extensionId, worker, cdp}
 * (cdp: a browser-level CDP session).
 */
export async function launchWithExtension() {
  requireExtensionBuild();
  const context = await chromium.launchPersistentContext('', {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-unsafe-extension-debugging',
      `--disable-extensions-except=${EXT_DIR}`,
      `--load-extension=${EXT_DIR}`,
    ],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 10_000 });
  const extensionId = new URL(worker.url()).host;
  const cdp = await context.browser().newBrowserCDPSession();
  return { context, extensionId, worker, cdp };
}

async function targets(cdp) {
  return (await cdp.send('Target.getTargets', { filter: [{}] })).targetInfos;
}

/** The Chromium tab id of `page` (as the extension sees it). */
export async function tabIdOf(env, page) {
  await page.bringToFront();
  return env.worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0].id);
}

/** Clicks the extension's toolbar button on `page` (whose URL must be unique among the tabs). */
export async function clickAction(env, page) {
  const url = page.url();
  const tab = (await targets(env.cdp)).find((t) => t.type === 'tab' && t.url === url);
  if (!tab) throw new Error(`no tab target for ${url}`);
  await env.cdp.send('Extensions.triggerAction', { id: env.extensionId, targetId: tab.targetId });
}

/**
 * The side panel of tab `tabId`, driven over CDP: `evaluate(fn, arg)` runs `fn(arg)` in it
 * (an async function's result is awaited) and returns the JSON-able result.
 */
export async function sidePanel(env, tabId, timeout = 10_000) {
  const want = `chrome-extension://${env.extensionId}/panel.html?tab=${tabId}`;
  const t0 = Date.now();
  let target;
  while (!(target = (await targets(env.cdp)).find((t) => t.type === 'page' && t.url === want))) {
    if (Date.now() - t0 > timeout) throw new Error(`the side panel for tab ${tabId} did not open`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const { sessionId } = await env.cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let nextId = 1;
  const waiting = new Map();
  const onMessage = (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    if (m.id && waiting.has(m.id)) {
      waiting.get(m.id)(m);
      waiting.delete(m.id);
    }
  };
  env.cdp.on('Target.receivedMessageFromTarget', onMessage);
  const send = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (m) => (m.error ? reject(new Error(m.error.message)) : resolve(m.result)));
      env.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  const evaluate = async (fn, arg) => {
    const expression = `(${fn.toString()})(${JSON.stringify(arg ?? null)})`;
    const r = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`in the panel: ${r.exceptionDetails.exception?.description || r.exceptionDetails.text}`);
    return r.result.value;
  };
  const waitFor = async (fn, arg, ms = 20_000) => {
    const start = Date.now();
    for (;;) {
      const v = await evaluate(fn, arg);
      if (v) return v;
      if (Date.now() - start > ms) throw new Error(`the panel never satisfied ${fn.toString().slice(0, 120)}; status: ${await evaluate(() => document.getElementById('status').textContent)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { evaluate, waitFor, detach: () => env.cdp.off('Target.receivedMessageFromTarget', onMessage) };
}

/** Waits until the panel has an answer for its page (drawn highlights, or a message). */
export async function waitAnnotated(panel, ms = 30_000) {
  return panel.waitFor(() => document.documentElement.dataset.annotator === 'idle' && document.getElementById('status').dataset.kind === 'ok' && document.documentElement.dataset.drawn !== undefined, null, ms);
}

/**
 * The highlights on `page`, read from its CSS highlight registry: {kind: [text, …]}, each
 * range's text with white space collapsed.
 */
export async function highlightTexts(page) {
  return page.evaluate(() => {
    const out = {};
    for (const kind of ['person', 'org', 'quote', 'claim', 'focus']) {
      const h = CSS.highlights.get(`newsmark-${kind}`);
      out[kind] = h ? [...h].map((r) => r.toString().replace(/\s+/g, ' ').trim()) : [];
    }
    return out;
  });
}

/** A fingerprint of the page: its DOM, its text and the boxes of its elements. */
export async function pageSnapshot(page) {
  return page.evaluate(() => {
    const boxes = [...document.body.querySelectorAll('*')].map((e) => {
      const r = e.getBoundingClientRect();
      return `${e.tagName}:${Math.round(r.x)},${Math.round(r.y)},${Math.round(r.width)},${Math.round(r.height)}`;
    });
    let nodes = 0;
    const w = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
    while (w.nextNode()) nodes++;
    return { html: document.documentElement.outerHTML, text: document.body.innerText, boxes, nodes, scroll: [scrollX, scrollY] };
  });
}
