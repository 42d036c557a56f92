// Main-content extraction from whole saved pages, measured (issue 21): every page of
// ../shared/data/pages pasted as HTML goes through exactly what the paste page does
// (www/lib/html-paste.js: an inert copy, Mozilla's Readability, the extension's main-content
// module) in headless Chromium, and the text it keeps is compared with the gold article body:
// token precision, recall and F1 (lower-cased words, as bags), averaged over the pages.
//   node scripts/main_content_eval.mjs [--split train|test|all] [--verbose] [--dump DIR]
// --verbose lists the pages under 0.9 (not on the test split); --dump DIR writes each page's
// text to DIR/NAME.txt for scripts/furniture_html.py --texts DIR.
// Needs www/pkg (scripts/build-wasm.sh). The test split is for reports only.
import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { launchBrowser, startServer, ROOT } from '../tests/e2e/helpers.mjs';

const args = process.argv.slice(2);
const split = args.includes('--split') ? args[args.indexOf('--split') + 1] : 'train';
const dir = path.resolve(ROOT, '..', 'shared', 'data', 'pages');
const index = JSON.parse(readFileSync(path.join(dir, 'INDEX.json'), 'utf8'));
const pages = index.pages.filter((p) => split === 'all' || p.split === split);
const dump = args.includes('--dump') ? args[args.indexOf('--dump') + 1] : null;
if (dump) mkdirSync(dump, { recursive: true });

const words = (s) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []);
function f1(pred, gold) {
  const g = new Map();
  for (const w of words(gold)) g.set(w, (g.get(w) || 0) + 1);
  const p = words(pred);
  let tp = 0;
  for (const w of p) {
    const c = g.get(w) || 0;
    if (c > 0) {
      tp++;
      g.set(w, c - 1);
    }
  }
  const gn = words(gold).length;
  const prec = p.length ? tp / p.length : 0;
  const rec = gn ? tp / gn : 0;
  return { prec, rec, f1: prec + rec ? (2 * prec * rec) / (prec + rec) : 0 };
}

const server = await startServer();
const { browser, close } = await launchBrowser();
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(server.url);
const rows = [];
for (const p of pages) {
  // INDEX names some pages `NAME.html.gz`; the others may be gzip'd beside their name too.
  const file = path.join(dir, p.html.replace(/\.gz$/, ''));
  const html = existsSync(file) ? readFileSync(file, 'utf8') : gunzipSync(readFileSync(`${file}.gz`)).toString('utf8');
  const gold = readFileSync(path.join(dir, `${p.name}.gold.txt`), 'utf8');
  const res = await page.evaluate(async (h) => {
    const [{ Readability }, { articleFromHtml }] = await Promise.all([import('/pkg/readability.js'), import('/lib/html-paste.js')]);
    return articleFromHtml(h, { Readability });
  }, html);
  const text = res.ok ? res.text : '';
  if (dump) writeFileSync(path.join(dump, `${p.name}.txt`), text);
  rows.push({ name: p.name, ok: res.ok, message: res.message, ...f1(text, gold) });
}
await close();
server.stop();
const mean = (k) => rows.reduce((s, r) => s + r[k], 0) / Math.max(1, rows.length);
console.log(`split ${split}: ${rows.length} pages, article found on ${rows.filter((r) => r.ok).length}`);
console.log(`main-content token P ${mean('prec').toFixed(3)}  R ${mean('rec').toFixed(3)}  F1 ${mean('f1').toFixed(3)} (mean over pages)`);
if (args.includes('--verbose') && split !== 'test') {
  for (const r of rows) if (r.f1 < 0.9) console.log(`${r.f1.toFixed(3)} P ${r.prec.toFixed(3)} R ${r.rec.toFixed(3)} ${r.name}${r.ok ? '' : ` (${r.message})`}`);
}
process.exit(0);
