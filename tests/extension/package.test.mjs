// The built packages: both manifests ask for the minimum (no host permissions, no content
// scripts on every page), allow wasm only through 'wasm-unsafe-eval', and the zips hold
// exactly the built folders. No browser needed.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { test } from 'node:test';
import { ROOT } from './helpers.mjs';

const DIST = path.join(ROOT, 'dist');
const read = (target) => JSON.parse(fs.readFileSync(path.join(DIST, target, 'manifest.json'), 'utf8'));

/** The files in a zip archive (central directory) with their uncompressed bytes. */
function unzip(file) {
  const buf = fs.readFileSync(file);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, `${file} is a zip`);
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const lName = buf.readUInt16LE(local + 26);
    const lExtra = buf.readUInt16LE(local + 28);
    const data = buf.subarray(local + 30 + lName + lExtra, local + 30 + lName + lExtra + size);
    out.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

function files(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name)).split(path.sep).join('/')]));
}

for (const target of ['chromium', 'firefox']) {
  test(`${target}: minimal permissions and a wasm-only CSP`, () => {
    const m = read(target);
    assert.equal(m.manifest_version, 3);
    const want = target === 'chromium' ? ['activeTab', 'scripting', 'sidePanel', 'storage'] : ['activeTab', 'scripting', 'storage'];
    assert.deepEqual([...m.permissions].sort(), want);
    assert.equal(m.host_permissions, undefined, 'no host permissions');
    assert.equal(m.optional_host_permissions, undefined);
    assert.equal(m.content_scripts, undefined, 'nothing injected into every page');
    assert.equal(m.web_accessible_resources, undefined, 'pages cannot load the extension’s files');
    assert.equal(m.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
    assert.ok(m.commands._execute_action.suggested_key.default, 'a keyboard shortcut');
    if (target === 'chromium') {
      assert.equal(m.background.service_worker, 'background.js');
      assert.equal(m.side_panel.default_path, 'panel.html');
    } else {
      assert.deepEqual(m.background.scripts, ['background.js']);
      assert.equal(m.sidebar_action.default_panel, 'panel.html');
      assert.ok(m.browser_specific_settings.gecko.id);
    }
    // Every file the manifest names is in the package.
    const named = [m.background.service_worker, ...(m.background.scripts ?? []), m.side_panel?.default_path, m.sidebar_action?.default_panel, ...Object.values(m.icons)].filter(Boolean);
    for (const f of named) assert.ok(fs.existsSync(path.join(DIST, target, f)), `${f} is in dist/${target}`);
  });

  test(`${target}: the zip holds the built folder, byte for byte, and nothing fetches code at run time`, () => {
    const zip = unzip(path.join(DIST, `newsmark-${target}.zip`));
    const dir = path.join(DIST, target);
    assert.deepEqual([...zip.keys()].sort(), files(dir).sort());
    for (const [name, data] of zip) assert.ok(data.equals(fs.readFileSync(path.join(dir, name))), `${name} matches`);
    for (const f of ['content.js', 'background.js', 'panel.js']) {
      const js = zip.get(f).toString('utf8');
      assert.ok(!/https?:\/\/(?!www\.w3\.org|github\.com|opensource\.org)[a-z0-9.-]+\.[a-z]{2,}\//i.test(js.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '')), `${f} names no remote address outside comments`);
      assert.ok(!/\bimportScripts\(|\beval\(|new Function\(/.test(js), `${f} loads no code at run time`);
    }
    assert.ok(zip.get('content.js').toString('utf8').includes('First argument to Readability constructor'), 'Readability is bundled');
  });
}
