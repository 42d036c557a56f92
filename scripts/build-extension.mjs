// Builds the browser extension for Chromium and Firefox from one source (extension/) and the
// shared JavaScript (www/lib, www/app) and wasm (www/pkg):
//   dist/chromium/, dist/firefox/          the unpacked extensions (load these while developing)
//   dist/newsmark-chromium.zip, dist/newsmark-firefox.zip
// and prints the sizes. Run after scripts/build-wasm.sh. No network: Readability is bundled
// from node_modules by esbuild.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'extension');
const DIST = path.join(ROOT, 'dist');
const PKG = path.join(ROOT, 'www', 'pkg');

const VERSION = JSON.parse(fs.readFileSync(path.join(SRC, 'version.json'), 'utf8')).version;

const CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'";
const ICONS = { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png', 48: 'icons/icon-48.png', 128: 'icons/icon-128.png' };

/** The manifest for `target` ('chromium' | 'firefox'): one description, two shapes. */
export function manifest(target) {
  const m = {
    manifest_version: 3,
    name: 'newsmark',
    version: VERSION,
    description: 'Highlights the people, organizations, quotes and check-worthy claims in the article you are reading. Runs entirely in your browser.',
    icons: ICONS,
    action: { default_title: 'Annotate this article with newsmark', default_icon: { 16: ICONS[16], 32: ICONS[32] } },
    permissions: ['activeTab', 'scripting', 'storage'],
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+N' }, description: 'Annotate the article in this tab' },
    },
    content_security_policy: { extension_pages: CSP },
  };
  if (target === 'chromium') {
    m.permissions.push('sidePanel');
    m.background = { service_worker: 'background.js' };
    m.side_panel = { default_path: 'panel.html' };
    m.minimum_chrome_version = '116';
  } else {
    m.background = { scripts: ['background.js'] };
    m.sidebar_action = { default_panel: 'panel.html', default_title: 'newsmark', default_icon: { 16: ICONS[16], 32: ICONS[32] }, open_at_install: false };
    m.browser_specific_settings = {
      gecko: { id: 'newsmark@newsmark.invalid', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
      gecko_android: { strict_min_version: '142.0' },
    };
  }
  return m;
}

// ---- icons: drawn here (no binary in the repository) ---------------------------------------

const CRC = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf, crc = 0) {
  let c = ~crc >>> 0;
  for (let i = 0; i < buf.length; i++) c = CRC[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5, size);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A dark rounded square with three highlighted lines (person blue, org green, quote orange). */
function iconPixel(x, y, s) {
  const u = x / s;
  const v = y / s;
  const r = 0.2;
  const cx = Math.min(Math.max(u, r), 1 - r);
  const cy = Math.min(Math.max(v, r), 1 - r);
  if ((u - cx) ** 2 + (v - cy) ** 2 > r * r) return [0, 0, 0, 0];
  const bars = [
    [0.24, 0.34, 0.2, 0.8, [96, 165, 250]],
    [0.45, 0.55, 0.2, 0.62, [74, 222, 128]],
    [0.66, 0.76, 0.2, 0.72, [251, 146, 60]],
  ];
  for (const [y0, y1, x0, x1, c] of bars) if (v >= y0 && v < y1 && u >= x0 && u < x1) return [...c, 255];
  return [31, 41, 55, 255];
}

// ---- zip (stored + deflate, no dependency) ---------------------------------------------------

function zip(dir, out) {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(dir);
  const parts = [];
  const central = [];
  let offset = 0;
  // A fixed timestamp (1 Jan 2026) keeps the archives reproducible.
  const time = 0;
  const date = ((2026 - 1980) << 9) | (1 << 5) | 1;
  for (const f of files) {
    const name = Buffer.from(path.relative(dir, f).split(path.sep).join('/'), 'utf8');
    const data = fs.readFileSync(f);
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const useDeflate = deflated.length < data.length;
    const body = useDeflate ? deflated : data;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(useDeflate ? 8 : 0, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, name, body);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(useDeflate ? 8 : 0, 10);
    c.writeUInt16LE(time, 12);
    c.writeUInt16LE(date, 14);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  fs.writeFileSync(out, Buffer.concat([...parts, cd, end]));
  return files.length;
}

// ---- build -------------------------------------------------------------------------------------

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

async function buildTarget(target) {
  const out = path.join(DIST, target);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const common = { bundle: true, minify: false, legalComments: 'inline', target: ['chrome116', 'firefox140'], logLevel: 'warning', charset: 'utf8' };
  // The content script and the background are classic scripts (one file each); the panel is a module.
  await build({ ...common, entryPoints: [path.join(SRC, 'src', 'content.js')], outfile: path.join(out, 'content.js'), format: 'iife' });
  await build({ ...common, entryPoints: [path.join(SRC, 'src', 'background.js')], outfile: path.join(out, 'background.js'), format: 'iife' });
  await build({ ...common, entryPoints: [path.join(SRC, 'src', 'panel.js')], outfile: path.join(out, 'panel.js'), format: 'esm' });
  // The annotator's worker and the wasm, as the paste page loads them (lib/worker.js imports ../pkg/).
  copy(path.join(ROOT, 'www', 'lib', 'worker.js'), path.join(out, 'lib', 'worker.js'));
  for (const f of ['newsmark_wasm.js', 'newsmark_wasm_bg.wasm']) copy(path.join(PKG, f), path.join(out, 'pkg', f));
  copy(path.join(ROOT, 'www', 'app', 'app.css'), path.join(out, 'app', 'app.css'));
  for (const f of ['panel.html', 'panel.css', 'page.css']) copy(path.join(SRC, f), path.join(out, f));
  fs.mkdirSync(path.join(out, 'icons'), { recursive: true });
  for (const [size, file] of Object.entries(ICONS)) fs.writeFileSync(path.join(out, file), png(Number(size), iconPixel));
  fs.writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest(target), null, 2)}\n`);
  const zipPath = path.join(DIST, `newsmark-${target}.zip`);
  const n = zip(out, zipPath);
  return { target, dir: out, zip: zipPath, files: n, bytes: fs.statSync(zipPath).size, unpacked: dirBytes(out) };
}

function dirBytes(d) {
  let n = 0;
  for (const e of fs.readdirSync(d, { withFileTypes: true })) n += e.isDirectory() ? dirBytes(path.join(d, e.name)) : fs.statSync(path.join(d, e.name)).size;
  return n;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const f of ['newsmark_wasm.js', 'newsmark_wasm_bg.wasm']) {
    if (!fs.existsSync(path.join(PKG, f))) {
      console.error(`www/pkg/${f} is missing: run scripts/build-wasm.sh first`);
      process.exit(1);
    }
  }
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  for (const target of ['chromium', 'firefox']) {
    const r = await buildTarget(target);
    console.log(`${path.relative(ROOT, r.zip)}: ${kb(r.bytes)} zipped (${r.files} files, ${kb(r.unpacked)} unpacked in ${path.relative(ROOT, r.dir)}/)`);
  }
}
