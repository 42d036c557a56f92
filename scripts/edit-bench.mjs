#!/usr/bin/env node
// How long an edit takes to show, on a 20,000-word article (issue 18: under 50 ms).
//
//   node scripts/edit-bench.mjs [--rounds N] [--words N] [--json]
//
// Serves the page, pastes an article of about 20,000 words (../shared/data/bench/
// brown_press.jsonl documents joined, read at run time and never copied into the
// repository) into headless Chromium, and makes edits with real input (Playwright's mouse
// and keyboard go through the browser's input pipeline): accept (a), retype (o), reject (r),
// Delete, undo, redo, a kind changed from the menu, an edge dragged with the mouse. Each
// edit starts from a settled page (the annotator's answer for the previous one drawn).
//
// An edit's time is from the input event to the end of the next frame's work on the page's
// thread (a task queued from the first animation frame after the handlers runs once that
// frame's style, layout and paint are done): what the page's code decides. Also printed:
// the page's own script for the event, and the Event Timing API's duration (input to the
// frame on screen, 8 ms steps, reported from 16 ms up), which adds the compositor's raster
// and presentation: in headless Chromium without a GPU on a loaded machine that is some
// 30-40 ms for any key, an edit or not (the no-edit row shows it). And the time until the
// annotator's own answer is drawn (the whole text re-read in the worker), which the reader
// does not wait for. Exits 1 when an edit's median to the frame is over the budget.
// Needs scripts/build-wasm.sh first, and /usr/bin/chromium (or CHROMIUM_PATH).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, setValue, startServer, waitIdle } from '../tests/e2e/helpers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = path.resolve(ROOT, '..', 'shared', 'data', 'bench', 'brown_press.jsonl');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const ROUNDS = opt('--rounds', 5);
const WORDS = opt('--words', 20_000);
const BUDGET_MS = 50;
const json = args.includes('--json');
const log = (s = '') => {
  if (!json) process.stdout.write(`${s}\n`);
};

function article() {
  if (!fs.existsSync(BENCH)) throw new Error(`${BENCH} is missing (../shared must sit beside the repository)`);
  let text = '';
  let words = 0;
  for (const line of fs.readFileSync(BENCH, 'utf8').split('\n')) {
    if (!line.trim() || words >= WORDS) continue;
    const t = JSON.parse(line).text;
    text += (text ? '\n\n' : '') + t;
    words += t.split(/\s+/).filter(Boolean).length;
  }
  return { text, words };
}

/** Installed in the page: records, per input event, the time to the next frame. */
function instrument() {
  window.__edits = [];
  window.__timing = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__timing.push({ name: e.name, start: e.startTime, duration: e.duration, processing: e.processingEnd - e.processingStart, delay: e.processingStart - e.startTime });
    }
  }).observe({ type: 'event', buffered: true, durationThreshold: 16 });
  for (const type of ['keydown', 'pointerup', 'click']) {
    // Capturing on window, so that no handler can stop it; the frame it waits for comes
    // after the task that runs the page's handlers.
    window.addEventListener(type, (ev) => {
      const t0 = ev.timeStamp;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => window.__edits.push({ type, start: t0, ms: performance.now() - t0 });
        ch.port2.postMessage(0);
      });
    }, true);
  }
}

/** The frame time of the last `type` event, and the Event Timing duration of that event. */
async function lastEdit(page, type) {
  await page.waitForFunction((t) => window.__edits.some((e) => e.type === t), type);
  await page.waitForTimeout(50); // let the Event Timing entry arrive
  return page.evaluate((t) => {
    const e = window.__edits.filter((x) => x.type === t).at(-1);
    const timing = window.__timing.filter((x) => x.name === t && Math.abs(x.start - e.start) < 1).at(-1);
    window.__edits = [];
    window.__timing = [];
    return { frameMs: e.ms, eventTimingMs: timing ? timing.duration : null, handlerMs: timing ? timing.processing : null, inputDelayMs: timing ? timing.delay : null };
  }, type);
}

/** Runs `act`, returns the edit's time and the time until the annotator's answer is drawn. */
async function measure(page, type, act) {
  await page.evaluate(() => {
    window.__edits = [];
    window.__timing = [];
  });
  const t0 = Date.now();
  await act();
  const edit = await lastEdit(page, type);
  await waitIdle(page, 60_000);
  return { ...edit, ms: edit.frameMs, settledMs: Date.now() - t0 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main() {
  const { text, words } = article();
  const loadBefore = os.loadavg()[0];
  const server = await startServer();
  const { browser, close } = await launchBrowser();
  const results = {};
  const record = (name, r) => (results[name] ??= []).push(r);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(instrument);
    await page.goto(server.url);
    await waitIdle(page, 30_000);
    await setValue(page, text);
    await waitIdle(page, 120_000);
    const status = await page.textContent('#status');
    log(`article: ${words.toLocaleString('en')} words, ${text.length.toLocaleString('en')} UTF-16 units; ${status}`);

    // Names spread through the article, each a suggestion still.
    const people = await page.$$eval('#reading mark[data-kind=person][data-opens]', (ms) => ms.map((m) => Number(m.querySelector('[data-start]').dataset.start)));
    const focusName = async (k) => {
      const start = people[Math.floor(((k + 0.5) * people.length) / (ROUNDS + 1))];
      const sel = await page.evaluate((s) => {
        for (const m of document.querySelectorAll('#reading mark[data-kind][data-opens]')) {
          if (Number(m.querySelector('[data-start]').dataset.start) >= s && !m.classList.contains('hl-by-user') && m.dataset.kind === 'person') {
            m.focus();
            m.scrollIntoView({ block: 'center' });
            return m.dataset.ann;
          }
        }
        return null;
      }, start);
      if (sel === null) throw new Error('no name to edit');
      return sel;
    };
    const clickName = async (k) => {
      for (let attempt = 0; ; attempt++) {
        const ann = await focusName(k + attempt * 0.01);
        await page.waitForTimeout(100); // let the scroll settle
        const box = await page.locator(`#reading mark[data-ann="${ann}"] .seg`).first().boundingBox();
        await page.mouse.click(box.x + Math.min(4, box.width / 2), box.y + box.height / 2);
        try {
          await page.locator('#tag-menu').waitFor({ state: 'visible', timeout: 3000 });
          return ann;
        } catch (e) {
          if (attempt >= 3) throw e;
        }
      }
    };

    for (let k = 0; k < ROUNDS; k++) {
      // Not an edit: the focus moves to the next highlight. What any key costs here.
      await focusName(k);
      record('(no edit: ArrowRight)', await measure(page, 'keydown', () => page.keyboard.press('ArrowRight')));
      await focusName(k);
      record('accept (a)', await measure(page, 'keydown', () => page.keyboard.press('a')));
      record('retype (o)', await measure(page, 'keydown', () => page.keyboard.press('o')));
      record('reject (r)', await measure(page, 'keydown', () => page.keyboard.press('r')));
      await focusName(k + 0.3);
      record('Delete', await measure(page, 'keydown', () => page.keyboard.press('Delete')));
      record('undo (Ctrl+Z)', await measure(page, 'keydown', () => page.keyboard.press('Control+Z')));
      record('redo (Ctrl+Shift+Z)', await measure(page, 'keydown', () => page.keyboard.press('Control+Shift+Z')));
      await clickName(k + 0.6);
      const button = page.locator('#tag-menu .menu-section').first().locator('[data-action=kind]').first();
      const b = await button.boundingBox();
      record('change kind (menu click)', await measure(page, 'click', () => page.mouse.click(b.x + b.width / 2, b.y + b.height / 2)));
      // Drag the end handle of a name one word on.
      const ann = await clickName(k + 0.15);
      const h = await page.locator('.resize-handle[data-edge=end]').boundingBox();
      const to = await page.evaluate((i) => {
        const marks = document.querySelectorAll(`#reading mark[data-ann="${i}"] .seg`);
        const last = marks[marks.length - 1];
        const r = last.getBoundingClientRect();
        return { x: r.right + 40, y: (r.top + r.bottom) / 2 };
      }, ann);
      await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
      await page.mouse.down();
      await page.mouse.move(to.x, to.y, { steps: 8 });
      record('drag an edge (release)', await measure(page, 'pointerup', () => page.mouse.up()));
      await page.keyboard.press('Escape');
    }
    const corrections = await page.evaluate(() => JSON.parse(localStorage.getItem('newsmark:state:v1')).corrections.length);
    log(`${corrections} corrections made; times per edit, ms (${ROUNDS} rounds, different names each round):`);
    log('');
    log(`${''.padEnd(28)} ${'to the frame'.padStart(15)} ${'script'.padStart(9)} ${'on screen'.padStart(10)}   annotator's answer`);
    log(`${'edit'.padEnd(28)} ${'median'.padStart(7)} ${'max'.padStart(7)} ${'median'.padStart(9)} ${'median'.padStart(10)}   drawn (median)`);
    let over = false;
    const summary = {};
    for (const [name, rs] of Object.entries(results)) {
      const ms = rs.map((r) => r.ms);
      const med = median(ms);
      const max = Math.max(...ms);
      summary[name] = { median: med, max, settledMedian: median(rs.map((r) => r.settledMs)), runs: rs };
      if (med > BUDGET_MS && !name.startsWith('(')) over = true;
      const handlers = rs.map((r) => r.handlerMs).filter((x) => x !== null);
      const screen = rs.map((r) => r.eventTimingMs ?? 16);
      log(
        `${name.padEnd(28)} ${med.toFixed(1).padStart(7)} ${max.toFixed(1).padStart(7)} ${(handlers.length ? median(handlers).toFixed(1) : '<16').padStart(9)} ${median(screen).toFixed(0).padStart(10)}   ${median(rs.map((r) => r.settledMs)).toFixed(0)}`,
      );
    }
    log('');
    log('(to the frame: input to the end of the next frame\'s work on the page\'s thread; script: the event\'s handlers; on screen: Event Timing, input to the frame presented, software raster here)');
    log(`load average during the run: ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after, on ${os.cpus().length} cores (other processes share them)`);
    log(over ? `OVER BUDGET: an edit's median to the frame is over ${BUDGET_MS} ms` : `every edit's median to the frame is under ${BUDGET_MS} ms`);
    if (json) process.stdout.write(`${JSON.stringify({ words, units: text.length, budgetMs: BUDGET_MS, load: [loadBefore, os.loadavg()[0]], edits: summary }, null, 1)}\n`);
    process.exitCode = over ? 1 : 0;
  } finally {
    await close();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
