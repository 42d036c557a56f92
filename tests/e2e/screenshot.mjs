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
  // The top of everything, as a reader first sees it.
  await page.evaluate(() => {
    document.activeElement.blur();
    for (const sel of ['#article', '#reading', '.side-pane']) document.querySelector(sel).scrollTo(0, 0);
  });
  await page.mouse.move(0, 0);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${path.relative(ROOT, out)}`);
} finally {
  await close();
  await server.stop();
}
