// Pastes the seed article into the page and writes docs/screenshot.png (1400x900).
//   node tests/e2e/screenshot.mjs [out.png]

import path from 'node:path';
import fs from 'node:fs';
import { ROOT, launchBrowser, requireWasmBuild, seedArticle, setArticle, startServer } from './helpers.mjs';

requireWasmBuild();
const out = path.resolve(ROOT, process.argv[2] || 'docs/screenshot.png');
const server = await startServer();
const { browser, close } = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(server.url);
  await setArticle(page, seedArticle());
  // Show a speaker's quotes lit, as an editor would see after clicking a voice.
  await page.click('#voices button.voice >> nth=0');
  await page.evaluate(() => document.querySelector('#reading').scrollTo(0, 0));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${path.relative(ROOT, out)}`);
} finally {
  await close();
  await server.stop();
}
