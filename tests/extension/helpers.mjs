// Helpers for the extension tests: a server for the article layouts in pages/, headless
// Chromium with the unpacked extension (dist/chromium), the toolbar click (CDP
// Extensions.triggerAction, which grants activeTab as a real click does) and the side panel
// (found among the browser's targets and driven over CDP: Playwright does not list it).

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../e2e/helpers.mjs';

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

/** The paragraph that /shifting.html variant 'b' inserts before the article's first one. */
export const INSERTED_PARAGRAPH = '<p>Update, 5 March: this story has been updated with the council’s timetable, published on Wednesday evening.</p>';

/**
 * Serves tests/extension/pages on 127.0.0.1: /strict-csp.html with a CSP header, /huge.html
 * generated (about 1.3 million characters of article), /shifting.html = cms.html as it is
 * (variant 'a'), with a paragraph inserted before the article (variant 'b'), or without its
 * first paragraph (variant 'c'); `setVariant` switches. Records every request it answers.
 */
/**
 * The browser may drop a connection mid-request when a test closes its page or its context
 * (ECONNRESET): an event for the request, not a failure of the test that ran before it.
 */
function ignoreResets(req, res) {
  req.on('error', () => {});
  res.on('error', () => {});
}

export async function startPages() {
  const requests = [];
  let variant = 'a';
  const server = http.createServer((req, res) => {
    ignoreResets(req, res);
    requests.push({ method: req.method, url: req.url });
    const url = new URL(req.url, 'http://127.0.0.1');
    const name = url.pathname === '/' ? '/cms.html' : url.pathname;
    const headers = { 'cache-control': 'no-store' };
    if (name === '/strict-csp.html') headers['content-security-policy'] = STRICT_CSP;
    if (name === '/shifting.html') {
      let html = fs.readFileSync(path.join(PAGES, 'cms.html'), 'utf8');
      const first = html.indexOf('<p>The Wexmoor harbour council');
      const firstEnd = html.indexOf('</p>', first) + 4;
      if (variant === 'b') html = html.slice(0, first) + INSERTED_PARAGRAPH + html.slice(first);
      if (variant === 'c') html = html.slice(0, first) + html.slice(firstEnd);
      res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] });
      res.end(html);
      return;
    }
    if (name === '/huge.html') {
      const paras = [];
      for (let i = 0; paras.length * FILLER.length < 1_300_000; i++) paras.push(`<p>${FILLER}Report ${i + 1}.</p>`);
      res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Orrin Valley reservoir log</title><link rel="icon" href="data:,"></head><body><main><article><h1>Orrin Valley reservoir log</h1>${paras.join('\n')}</article></main></body></html>`);
      return;
    }
    // The shared modules and Readability, for the library tests (lib.html).
    let file = path.join(PAGES, path.normalize(name).replace(/^([/\\])+/, ''));
    if (name.startsWith('/lib/')) file = path.join(ROOT, 'www', 'lib', path.basename(name));
    if (name === '/vendor/readability.js') file = path.join(ROOT, 'node_modules', '@mozilla', 'readability', 'Readability.js');
    if (!(file.startsWith(PAGES) || file.startsWith(path.join(ROOT, 'www', 'lib')) || file.endsWith('Readability.js')) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}/`;
  return {
    base,
    requests,
    setVariant: (v) => {
      variant = v;
    },
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

/**
 * A recording HTTP proxy that the whole browser is sent through (pages, the extension's
 * pages, workers and service worker, the browser itself; loopback included): it forwards
 * requests for 127.0.0.1 and refuses everything else. `log` holds every request it saw:
 * {method, url, host, body} (CONNECT tunnels as method CONNECT, never opened).
 */
export async function startProxy() {
  const log = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let target;
      try {
        target = new URL(req.url);
      } catch {
        target = null;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      log.push({ method: req.method, url: req.url, host: target ? target.hostname : '', body });
      if (!target || target.hostname !== '127.0.0.1' || target.protocol !== 'http:') {
        res.writeHead(403, { 'content-type': 'text/plain' });
        res.end('refused by the test proxy');
        return;
      }
      const up = http.request(
        { host: '127.0.0.1', port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode, r.headers);
          r.on('error', () => res.destroy());
          r.pipe(res);
        },
      );
      up.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      up.end(Buffer.concat(chunks));
    });
    ignoreResets(req, res);
  });
  server.on('connect', (req, socket) => {
    log.push({ method: 'CONNECT', url: req.url, host: req.url.split(':')[0], body: '' });
    socket.on('error', () => {});
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.on('clientError', (_, socket) => socket.destroy());
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { port: server.address().port, log, stop: () => new Promise((r) => server.close(() => r())) };
}

/**
 * Headless Chromium with the extension loaded. Returns {context, extensionId, worker, cdp}
 * (cdp: a browser-level CDP session).
 */
export async function launchWithExtension({ proxyPort = null } = {}) {
  requireExtensionBuild();
  const proxy = proxyPort ? [`--proxy-server=http://127.0.0.1:${proxyPort}`, '--proxy-bypass-list=<-loopback>'] : [];
  const context = await chromium.launchPersistentContext('', {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 800 },
    args: [
      ...CHROMIUM_ARGS,
      // The browser's own background services (sign-in, autofill, component updates): off, so
      // that the proxy sees only what pages and the extension ask for.
      '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,Translate,CertificateTransparencyComponentUpdater,ChromeSignin',
      '--disable-client-side-phishing-detection',
      '--disable-default-apps',
      '--disable-domain-reliability',
      '--no-pings',
      '--enable-unsafe-extension-debugging',
      `--disable-extensions-except=${EXT_DIR}`,
      `--load-extension=${EXT_DIR}`,
      ...proxy,
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
    if (m.method === 'Network.requestWillBeSent') {
      env.extensionRequests?.push({ from: 'panel', url: m.params.request.url, body: m.params.request.postData ?? '' });
    }
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
      // The panel may still be loading: a throw counts as "not yet".
      const v = await evaluate(fn, arg).catch(() => false);
      if (v) return v;
      if (Date.now() - start > ms) throw new Error(`the panel never satisfied ${fn.toString().slice(0, 120)}; status: ${await evaluate(() => document.getElementById('status').textContent).catch((e) => e.message)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  // Record the panel's (and its worker's) requests from now on, with their bodies ...
  await send('Network.enable', {}).catch(() => {});
  // ... and the ones it made before we attached (its own load, its worker, the model): the
  // panel may have loaded before the attach, so its resource timing entries are the record
  // of those (URLs only; a body would need a request made after this point).
  await waitFor(() => document.readyState === 'complete' && location.protocol === 'chrome-extension:').catch(() => {});
  const loaded = await evaluate(() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).map((e) => e.name)).catch(() => []);
  for (const url of loaded ?? []) env.extensionRequests?.push({ from: 'panel', url, body: '' });
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
      return `${e.tagName}:${Math.round(r.x + scrollX)},${Math.round(r.y + scrollY)},${Math.round(r.width)},${Math.round(r.height)}`;
    });
    let nodes = 0;
    const w = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
    while (w.nextNode()) nodes++;
    return { html: document.documentElement.outerHTML, text: document.body.innerText, boxes, nodes };
  });
}

/**
 * Starts the pages server, the recording proxy and Chromium with the extension before a
 * file's tests, and stops them after. The returned object is filled in by the `before` hook.
 */
export function extensionEnv(test) {
  const env = { pages: null, proxy: null, context: null, extensionId: null, worker: null, cdp: null, extensionRequests: [] };
  test.before(async () => {
    env.pages = await startPages();
    env.proxy = await startProxy();
    Object.assign(env, await launchWithExtension({ proxyPort: env.proxy.port }));
    // Requests of the pages and the extension's service worker (Playwright sees both); the
    // side panel's are added by sidePanel().
    env.context.on('request', (r) => env.extensionRequests.push({ from: r.serviceWorker() ? 'service worker' : 'page', url: r.url(), body: r.postData() ?? '' }));
  });
  test.after(async () => {
    await env.context?.close();
    await env.proxy?.stop();
    await env.pages?.stop();
  });
  return env;
}

/** Opens `file` of the test pages in a new tab (a unique URL per call). */
let opened = 0;
export async function openPage(env, file) {
  const page = await env.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.pages.base}${file}${file.includes('?') ? '&' : '?'}t=${++opened}`);
  page.errors = errors;
  return page;
}

/** Clicks the toolbar button on `page`, and returns its side panel once it has drawn (or said why not). */
export async function annotateWithAction(env, page, { expectArticle = true } = {}) {
  const tabId = await tabIdOf(env, page);
  await clickAction(env, page);
  const panel = await sidePanel(env, tabId);
  if (expectArticle) await waitAnnotated(panel);
  return { panel, tabId };
}

/** How many times the panel has drawn highlights so far. */
export async function drawCount(panel) {
  return panel.evaluate(() => Number(document.documentElement.dataset.draws || 0));
}

/** Waits for the panel's next drawing after `before` (a drawCount). */
export async function waitNextDraw(panel, before) {
  await panel.waitFor((n) => Number(document.documentElement.dataset.draws || 0) > n && document.documentElement.dataset.annotator === 'idle', before);
}

/** The side panel's lists as text. */
export async function panelLists(panel) {
  return panel.evaluate(() => ({
    status: document.getElementById('status').textContent,
    entities: [...document.querySelectorAll('#entities .entity .name')].map((e) => e.textContent),
    voices: [...document.querySelectorAll('#voices .voice .name')].map((e) => e.textContent),
    claims: document.querySelectorAll('#claims .claim').length,
    corrections: [...document.querySelectorAll('#corrections li')].map((e) => ({ text: e.textContent, orphan: e.classList.contains('not-found') })),
    notes: [...document.querySelectorAll('#notes .note')].map((e) => e.textContent),
  }));
}

/**
 * The average colour [r, g, b] of the page's pixels over the element `selector` (a
 * screenshot, decoded off-screen in the page: nothing is added to its DOM).
 */
export async function averageColor(page, selector) {
  const box = await page.locator(selector).first().boundingBox();
  const png = await page.screenshot({ clip: box, caret: 'initial', animations: 'allow' });
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(bmp, 0, 0);
    const d = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
    const sum = [0, 0, 0];
    for (let i = 0; i < d.length; i += 4) for (let k = 0; k < 3; k++) sum[k] += d[i + k];
    return sum.map((s) => Math.round(s / (d.length / 4)));
  }, png.toString('base64'));
}
