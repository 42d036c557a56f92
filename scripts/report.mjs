#!/usr/bin/env node
// The size and speed report (issue 5): one command, plain text.
//
//   node scripts/report.mjs [--native] [--json]
//
// - shipped sizes: what the page loads (scripts/size.mjs), by kind, raw / gzip / brotli;
// - in headless Chromium, through www/bench/ (not shipped), in a module worker like the page:
//   throughput on ../shared/data/bench/brown_press.jsonl (88 press documents, one call per
//   document, median of 3 passes after a warm-up), milliseconds per article (median, p95) over
//   the dev articles of ../shared/data/dev/gum_news_full.jsonl, start-up (fetch, compile,
//   instantiate, model load; median of 5 fresh workers) and the page's own start-up (navigation
//   to "annotator ready"), and the wasm memory after annotating one 10 MB article;
// - every throughput also as a ratio to the reference systems of ../shared/toolchain.md;
// - with --native, `cargo bench --bench annotate`'s own chars/s and scaling lines, the command
//   line's JSONL batch on one thread and on every core (`--jobs`), and the Python wheel's
//   annotate_batch when .venv-py has it (scripts/setup.sh builds it).
// The data is read from ../shared at run time and never copied into the repository.
// Needs scripts/build-wasm.sh first, and /usr/bin/chromium (or CHROMIUM_PATH).

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createServer } from './serve.mjs';
import { launchBrowser } from '../tests/e2e/helpers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = path.resolve(ROOT, '..', 'shared');
const BENCH = path.join(SHARED, 'data', 'bench', 'brown_press.jsonl');
const DEV = path.join(SHARED, 'data', 'dev', 'gum_news_full.jsonl');
const args = process.argv.slice(2);
const REFERENCES = [
  // ../shared/toolchain.md, measured on brown_press.jsonl on this machine kind.
  ['compromise 14', 110_000],
  ['spaCy sm NER', 46_000],
  ['wink-nlp', 1_570_000],
];

const log = (s = '') => process.stdout.write(`${s}\n`);
const progress = (s) => process.stderr.write(`… ${s}\n`);

function readJsonl(file) {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing (../shared must sit beside the repository)`);
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

const codePoints = (s) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Nearest-rank percentile. */
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;
const rate = (cps) => (cps >= 1e6 ? `${(cps / 1e6).toFixed(2)} M chars/s` : `${(cps / 1e3).toFixed(0)} k chars/s`);
const ms = (x) => `${x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x)} ms`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

function ratios(cps) {
  return REFERENCES.map(([name, ref]) => `${(cps / ref).toFixed(2)}x ${name} (${rate(ref)})`).join(' · ');
}

// ---------------------------------------------------------------------------------------

/** The data files the core embeds in the wasm (include_bytes! in src/lib.rs), for a breakdown. */
function embedded() {
  const lib = path.join(ROOT, 'src', 'lib.rs');
  if (!fs.existsSync(lib)) return [];
  const out = [];
  for (const m of fs.readFileSync(lib, 'utf8').matchAll(/include_bytes!\("([^"]+)"\)/g)) {
    const f = path.resolve(path.dirname(lib), m[1]);
    if (!fs.existsSync(f)) continue;
    const b = fs.readFileSync(f);
    out.push({ file: path.relative(ROOT, f), raw: b.length, gzip: gzipSync(b, { level: 9 }).length });
  }
  return out;
}

function sizes() {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'size.mjs'), '--json'], { encoding: 'utf8' });
  const { files, total } = JSON.parse(out);
  const kindOf = (f) => {
    if (f.endsWith('.wasm')) return 'wasm (code and embedded data)';
    if (/\.m?js$/.test(f)) return 'JavaScript';
    if (f.endsWith('.css')) return 'CSS';
    if (f.endsWith('.html')) return 'HTML';
    return 'other (icon)';
  };
  const groups = new Map();
  for (const f of files) {
    const k = kindOf(f.file);
    const g = groups.get(k) ?? { files: 0, raw: 0, gzip: 0, brotli: 0 };
    g.files++;
    g.raw += f.raw;
    g.gzip += f.gzip;
    g.brotli += f.brotli;
    groups.set(k, g);
  }
  return { groups, total, files };
}

async function inBrowser() {
  const server = createServer(path.join(ROOT, 'www'));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const { browser, close } = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}bench/`);
    await page.waitForFunction(() => document.documentElement.dataset.bench === 'ready');
    const bench = (fn, ...a) => page.evaluate(([f, x]) => window.bench[f](...x), [fn, a]);

    progress('start-up: 5 fresh workers');
    const starts = [];
    for (let i = 0; i < 5; i++) starts.push((await bench('startup')).startup);

    progress('the page itself: navigation to "annotator ready", 5 times');
    const pageReady = [];
    for (let i = 0; i < 5; i++) {
      const p = await context.newPage();
      await p.goto(url);
      await p.waitForFunction(() => document.documentElement.dataset.annotator === 'idle', null, { timeout: 60_000 });
      pageReady.push(await p.evaluate(() => performance.now()));
      await p.close();
    }

    progress('brown_press.jsonl: 1 warm-up pass, 3 measured');
    const press = readJsonl(BENCH).map((d) => d.text);
    const pressChars = press.reduce((n, t) => n + codePoints(t), 0);
    const pressRun = await bench('annotate', press, { passes: 3, warmup: true });
    const passTotals = pressRun.times.map((row) => row.reduce((a, b) => a + b, 0));

    progress('gum_news_full.jsonl (dev): 1 warm-up pass, 3 measured');
    const dev = readJsonl(DEV).map((d) => d.text);
    const devRun = await bench('annotate', dev, { passes: 3, warmup: true });
    const perDoc = dev.map((_, i) => median(devRun.times.map((row) => row[i])));
    const devChars = dev.reduce((n, t) => n + codePoints(t), 0);

    progress('scaling: 4 documents, then the same 16 times over (3 passes each)');
    const one = press.slice(0, 4).join('\n\n');
    const sixteen = Array(16).fill(one).join('\n\n');
    const s1 = await bench('annotate', [one], { passes: 3, warmup: true });
    const s16 = await bench('annotate', [sixteen], { passes: 3, warmup: true });
    const scaling = { units: one.length, t1: median(s1.times.map((r) => r[0])), t16: median(s16.times.map((r) => r[0])) };

    progress('one 10 MB article (brown_press repeated): 1 pass');
    let big = '';
    const all = press.join('\n\n');
    while (big.length < 10_000_000) big += `${all}\n\n`;
    big = big.slice(0, 10_000_000);
    const bigRun = await bench('annotate', [big], { passes: 1, warmup: false });

    if (errors.length) throw new Error(`the bench page failed: ${errors.join('; ')}`);
    return {
      startup: {
        fetch: median(starts.map((s) => s.fetchMs)),
        compile: median(starts.map((s) => s.compileMs)),
        instantiate: median(starts.map((s) => s.instantiateMs)),
        model: median(starts.map((s) => s.modelMs)),
        total: median(starts.map((s) => s.fetchMs + s.compileMs + s.instantiateMs + s.modelMs)),
        wasmBytes: starts[0].wasmBytes,
        memory: starts[0].memory,
        version: starts[0].version,
        pageReady: median(pageReady),
      },
      press: { docs: press.length, chars: pressChars, ms: median(passTotals), passes: passTotals, annotations: pressRun.annotations },
      dev: { docs: dev.length, chars: devChars, median: median(perDoc), p95: percentile(perDoc, 95), max: Math.max(...perDoc), totalMs: perDoc.reduce((a, b) => a + b, 0) },
      scaling,
      big: { units: big.length, chars: codePoints(big), ms: bigRun.times[0][0], annotations: bigRun.annotations, memory: bigRun.memory, memoryBefore: bigRun.startup.memory },
      browser: browser.version(),
    };
  } finally {
    await close();
    server.close();
    server.closeAllConnections?.();
  }
}

function native() {
  progress('cargo bench --bench annotate (builds in release first)');
  return new Promise((resolve) => {
    const child = spawn('cargo', ['bench', '--bench', 'annotate', '--', '--warm-up-time', '1', '--measurement-time', '3'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, lines: out.split('\n').filter((l) => /chars\/s|scaling:|vs /.test(l)), err: code ? err.slice(-2000) : '' }));
  });
}

/** Seconds for `newsmark annotate --jsonl --jobs N` over brown_press (best of 3). */
function cliBatch(bin, jobs) {
  const input = fs.readFileSync(BENCH);
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    execFileSync(bin, ['annotate', '--jsonl', '--jobs', String(jobs)], { input, maxBuffer: 1 << 30, stdio: ['pipe', 'ignore', 'pipe'] });
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return best;
}

/** Seconds for the wheel's annotate_batch over brown_press (best of 3), or null without it. */
function pythonBatch() {
  const py = path.join(ROOT, '.venv-py', 'bin', 'python');
  if (!fs.existsSync(py)) return null;
  const code = [
    'import json, sys, time, newsmark',
    'texts = [json.loads(l)["text"] for l in open(sys.argv[1]) if l.strip()]',
    'newsmark.annotate(texts[0])',
    'best = min((lambda t: (newsmark.annotate_batch(texts), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(3))',
    'print(best)',
  ].join('\n');
  try {
    return Number(execFileSync(py, ['-c', code, BENCH], { encoding: 'utf8' }).trim());
  } catch {
    return null;
  }
}

function batch() {
  progress('command line batch (cargo build --release -p newsmark-cli first)');
  execFileSync('cargo', ['build', '--release', '--quiet', '-p', 'newsmark-cli'], { cwd: ROOT, stdio: 'inherit' });
  const bin = path.join(process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target'), 'release', 'newsmark');
  const chars = readJsonl(BENCH).reduce((n, d) => n + codePoints(d.text), 0);
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  progress('python wheel batch (if .venv-py has it)');
  return { chars, cores, one: cliBatch(bin, 1), all: cliBatch(bin, cores), python: pythonBatch() };
}

// ---------------------------------------------------------------------------------------

const loadBefore = os.loadavg()[0];
const report = {};
const { groups, total } = sizes();
report.sizes = { groups: Object.fromEntries(groups), total };

const b = await inBrowser();
report.browser = b;
if (args.includes('--native')) {
  report.native = await native();
  report.batch = batch();
}

if (args.includes('--json')) {
  log(JSON.stringify(report, null, 2));
  process.exit(0);
}

log('newsmark: size and speed report');
log(`${new Date().toISOString()} · newsmark ${b.startup.version} · ${b.browser} (headless) · node ${process.version}`);
log(`${os.cpus().length} cores · load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after (timings on a shared machine vary with it)`);
log();
log('Shipped page (everything index.html loads; www/bench is not shipped)');
log(`  ${pad('', 32)}${lpad('files', 6)}${lpad('raw', 12)}${lpad('gzip', 12)}${lpad('brotli', 12)}`);
for (const [k, g] of groups) log(`  ${pad(k, 32)}${lpad(g.files, 6)}${lpad(kb(g.raw), 12)}${lpad(kb(g.gzip), 12)}${lpad(kb(g.brotli), 12)}`);
log(`  ${pad('total', 32)}${lpad('', 6)}${lpad(kb(total.raw), 12)}${lpad(kb(total.gzip), 12)}${lpad(kb(total.brotli), 12)}   (budget: 1024.0 KB gzip)`);
const data = embedded();
if (data.length) {
  log('  embedded in the wasm (the data files as built, raw / gzip on their own):');
  log(`    ${data.map((d) => `${d.file} ${kb(d.raw)} / ${kb(d.gzip)}`).join(' · ')}`);
}
log();
log('Start-up in a module worker (median of 5 fresh workers; served from 127.0.0.1)');
log(`  fetch ${ms(b.startup.fetch)} · compile ${ms(b.startup.compile)} · instantiate ${ms(b.startup.instantiate)} · model load (new Annotator) ${ms(b.startup.model)} · total ${ms(b.startup.total)}`);
log(`  the page: navigation to "annotator ready" ${ms(b.startup.pageReady)} (median of 5) · wasm ${kb(b.startup.wasmBytes)} · memory at start ${mb(b.startup.memory)}`);
log();
const pressCps = b.press.chars / (b.press.ms / 1000);
log(`Throughput in headless Chromium: brown_press.jsonl (${b.press.docs} documents, ${b.press.chars.toLocaleString('en')} chars, one call each)`);
log(`  ${rate(pressCps)} (${ms(b.press.ms)} per pass, median of ${b.press.passes.map((x) => Math.round(x)).join(' / ')} ms; ${b.press.annotations.toLocaleString('en')} tags)`);
log(`  = ${ratios(pressCps)}`);
log();
const devCps = b.dev.chars / (b.dev.totalMs / 1000);
log(`Per article: gum_news_full.jsonl dev articles (${b.dev.docs} articles, ${b.dev.chars.toLocaleString('en')} chars; median of 3 passes per article)`);
log(`  median ${ms(b.dev.median)} · p95 ${ms(b.dev.p95)} · max ${ms(b.dev.max)} per article · ${rate(devCps)} = ${ratios(devCps)}`);
log();
log(`Scaling in wasm: 4 press documents (${b.scaling.units.toLocaleString('en')} units) ${ms(b.scaling.t1)}; the same 16 times over ${ms(b.scaling.t16)}`);
log(`  16x the text costs ${(b.scaling.t16 / b.scaling.t1).toFixed(1)}x the time (issue 5 asks for at most about 20x)`);
log();
const bigCps = b.big.chars / (b.big.ms / 1000);
log(`One 10 MB article (${b.big.units.toLocaleString('en')} UTF-16 units, brown_press repeated), one call`);
log(`  ${(b.big.ms / 1000).toFixed(1)} s · ${rate(bigCps)} = ${ratios(bigCps)} · ${b.big.annotations.toLocaleString('en')} tags`);
log(`  peak wasm memory (memory.buffer.byteLength after it; wasm memory never shrinks): ${mb(b.big.memory)} (${b.big.memory.toLocaleString('en')} bytes; ${mb(b.big.memoryBefore)} at start)`);
if (report.native) {
  log();
  log('Native (cargo bench --bench annotate)');
  if (report.native.code !== 0) log(`  failed (exit ${report.native.code}): ${report.native.err.trim().split('\n').slice(-5).join(' | ')}`);
  for (const l of report.native.lines) log(`  ${l.trim()}`);
  const m = report.native.lines.join('\n').match(/([\d.]+) chars\/s/);
  if (m) log(`  = ${ratios(Number(m[1]))}`);
}
if (report.batch) {
  const { chars, cores, one, all, python } = report.batch;
  log();
  log(`Batch: brown_press.jsonl (${chars.toLocaleString('en')} chars) as JSON lines in, JSON lines out (best of 3)`);
  log(`  newsmark annotate --jsonl --jobs 1: ${one.toFixed(2)} s · ${rate(chars / one)} = ${ratios(chars / one)}`);
  log(`  newsmark annotate --jsonl --jobs ${cores} (every core): ${all.toFixed(2)} s · ${rate(chars / all)} · ${(one / all).toFixed(2)}x one thread`);
  if (python) log(`  Python wheel, newsmark.annotate_batch: ${python.toFixed(2)} s · ${rate(chars / python)} = ${ratios(chars / python)}`);
  else log('  Python wheel: not measured (.venv-py has no newsmark; scripts/setup.sh builds it)');
}
