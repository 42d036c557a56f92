// Main-content extraction from whole saved pages, measured (issue 21): every page of
// ../shared/data/pages pasted as HTML goes through exactly what the paste page does
// (www/lib/html-paste.js: an inert copy, Mozilla's Readability, the extension's main-content
// module) in headless Chromium, and the text it keeps is compared with the gold article body:
// token precision, recall and F1 (lower-cased words, as bags), averaged over the pages.
//   node scripts/main_content_eval.mjs [--split train|test|all] [--verbose] [--dump DIR]
// --verbose lists the pages under 0.9 (not on the test split); --dump DIR writes the text the
// page annotates to DIR/NAME.txt for scripts/furniture_html.py --texts DIR.
// Two figures: the main-content step alone (a page where it finds no article counts as
// empty), and the page as a reader gets it: where the step finds no article, or keeps nearly
// the whole page, the paste page takes the plain text instead (www/app/article.js), whose
// furniture the core's layout stage then sets aside; that text is the page's NAME.page.txt
// (Chromium's innerText, what select-all and copy give) read by the release command line
// (`cargo build --release`), without its furniture spans.
// Needs www/pkg (scripts/build-wasm.sh). The test split is for reports only.
import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
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

/** What the page shows as the article of plain text `file`: the text without the spans the
 * core's layout stage set aside as furniture (code points, as the command line gives them). */
function plainArticle(file) {
  const bin = path.join(ROOT, 'target', 'release', 'newsmark');
  const out = JSON.parse(execFileSync(bin, ['annotate', file], { maxBuffer: 1 << 28 }).toString('utf8'));
  const cps = [...readFileSync(file, 'utf8')];
  let text = '';
  let at = 0;
  for (const f of out.furniture) {
    text += cps.slice(at, f.start).join('') + '\n';
    at = f.end;
  }
  return text + cps.slice(at).join('');
}

/** The share of the plain text at or over which the paste page keeps the whole text. */
const KEEP_ALL_SHARE = 0.95;

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
  const plainFile = path.join(dir, `${p.name}.page.txt`);
  const plain = readFileSync(plainFile, 'utf8');
  const fallback = !res.ok || text.length >= plain.length * KEEP_ALL_SHARE;
  const shown = fallback ? plainArticle(plainFile) : text;
  // The text the page annotates: on the fallback the whole plain text, furniture and all.
  if (dump) writeFileSync(path.join(dump, `${p.name}.txt`), fallback ? plain : text);
  const read = f1(shown, gold);
  rows.push({ name: p.name, ok: res.ok, fallback, message: res.message, ...f1(text, gold), pagePrec: read.prec, pageRec: read.rec, pageF1: read.f1 });
}
await close();
server.stop();
const mean = (k) => rows.reduce((s, r) => s + r[k], 0) / Math.max(1, rows.length);
console.log(`split ${split}: ${rows.length} pages, article found on ${rows.filter((r) => r.ok).length}`);
console.log(`main-content step alone: token P ${mean('prec').toFixed(3)}  R ${mean('rec').toFixed(3)}  F1 ${mean('f1').toFixed(3)} (mean over pages)`);
console.log(`the page as a reader gets it (${rows.filter((r) => r.fallback).length} pages read from their plain text): token P ${mean('pagePrec').toFixed(3)}  R ${mean('pageRec').toFixed(3)}  F1 ${mean('pageF1').toFixed(3)}`);
if (args.includes('--verbose') && split !== 'test') {
  for (const r of rows) if (r.f1 < 0.9 || r.pageF1 < 0.9) console.log(`${r.f1.toFixed(3)} P ${r.prec.toFixed(3)} R ${r.rec.toFixed(3)} page ${r.pageF1.toFixed(3)} ${r.name}${r.ok ? '' : ` (${r.message})`}${r.fallback ? ' [plain text]' : ''}`);
}
process.exit(0);
