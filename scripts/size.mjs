// Prints the shipped size of the page: every file it loads (HTML, JS, CSS, wasm, icon),
// raw, gzip and brotli. With --max-gzip N, exits 1 when the total gzip size exceeds N bytes.
//   node scripts/size.mjs [--max-gzip 1048576] [--json]
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const root = new URL('../www/', import.meta.url).pathname;
const args = process.argv.slice(2);
const max = args.includes('--max-gzip') ? Number(args[args.indexOf('--max-gzip') + 1]) : null;
const shipped = /\.(html|js|mjs|css|wasm|svg|png|ico|json)$/;

function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'extension' || n === 'test' || n === 'bench' ? [] : walk(p);
    return shipped.test(n) && !n.endsWith('.d.ts') ? [p] : [];
  });
}

if (!existsSync(join(root, 'pkg'))) {
  console.error('www/pkg is missing: run scripts/build-wasm.sh first');
  process.exit(2);
}
const rows = walk(root).map((p) => {
  const b = readFileSync(p);
  return {
    file: relative(root, p),
    raw: b.length,
    gzip: gzipSync(b, { level: 9 }).length,
    brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}).sort((a, b) => b.gzip - a.gzip);
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
if (args.includes('--json')) {
  console.log(JSON.stringify({ files: rows, total }));
} else {
  const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KB';
  console.log('file'.padEnd(40), 'raw'.padStart(11), 'gzip'.padStart(11), 'brotli'.padStart(11));
  for (const r of rows) console.log(r.file.padEnd(40), kb(r.raw), kb(r.gzip), kb(r.brotli));
  console.log('total (everything the page loads)'.padEnd(40), kb(total.raw), kb(total.gzip), kb(total.brotli));
}
if (max !== null && total.gzip > max) {
  console.error(`the page is ${total.gzip} bytes gzip, over the budget of ${max}`);
  process.exit(1);
}
