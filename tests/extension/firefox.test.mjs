// The Firefox package in a real Firefox (ESR, headless), driven over Firefox's Remote
// Debugging Protocol (what about:debugging and web-ext use): dist/firefox installs as a
// temporary add-on, its background script runs, and in the extension's own context the
// module worker loads the wasm under the extension's CSP and annotates; the sidebar page
// (opened in a tab) starts its annotator and asks for the toolbar button.
//
// Not covered here: the toolbar click itself and the content script in Firefox (activeTab is
// granted only by a real user gesture, which this protocol cannot make); the Chromium tests
// cover that flow.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers.mjs';

const FIREFOX = process.env.FIREFOX_PATH || ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((f) => fs.existsSync(f));
const ADDON_ID = 'newsmark@newsmark.invalid';

/** A minimal RDP client: `length:JSON` packets over TCP. `alive()` says whether the Firefox
 * process is still running, so a Firefox that died is noticed at once rather than waited for. */
async function connect(port, alive, waitMs) {
  let sock;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      sock = await new Promise((res, rej) => {
        const s = net.connect(port, '127.0.0.1', () => res(s));
        s.on('error', rej);
      });
      break;
    } catch (e) {
      if (!alive()) throw new Error(`Firefox exited before its debugger server opened (${e.message})`);
      if (Date.now() > deadline) throw new Error(`Firefox's debugger server did not open in ${waitMs / 1000} s: ${e.message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  let buf = Buffer.alloc(0);
  const queue = [];
  const waiters = [];
  sock.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const colon = buf.indexOf(58);
      if (colon < 0) break;
      const len = Number(buf.subarray(0, colon).toString());
      if (buf.length < colon + 1 + len) break;
      const msg = JSON.parse(buf.subarray(colon + 1, colon + 1 + len).toString());
      buf = buf.subarray(colon + 1 + len);
      const w = waiters.findIndex((x) => x.pred(msg));
      if (w >= 0) waiters.splice(w, 1)[0].res(msg);
      else queue.push(msg);
    }
  });
  const next = (pred, ms = 20_000) => {
    const i = queue.findIndex(pred);
    if (i >= 0) return Promise.resolve(queue.splice(i, 1)[0]);
    return new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error('no answer from Firefox')), ms);
      waiters.push({ pred, res: (m) => (clearTimeout(t), res(m)) });
    });
  };
  const send = (m) => {
    const s = JSON.stringify(m);
    sock.write(`${Buffer.byteLength(s)}:${s}`);
  };
  const request = async (to, type, extra = {}) => {
    send({ to, type, ...extra });
    const m = await next((x) => x.from === to && !x.type);
    if (m.error) throw new Error(`${type}: ${m.error} ${m.message ?? ''}`);
    return m;
  };
  await next((m) => m.from === 'root' && m.applicationType);
  return { send, next, request, close: () => sock.destroy() };
}

test('Firefox: the package installs, its background runs, and the wasm annotates in the extension’s worker', { skip: FIREFOX ? false : 'Firefox is not installed (scripts/setup.sh installs firefox-esr)', timeout: 300_000 }, async () => {
  const profiles = [];
  const newProfile = () => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'newsmark-firefox-'));
    profiles.push(profile);
    fs.writeFileSync(
      path.join(profile, 'user.js'),
      [
        'user_pref("devtools.debugger.remote-enabled", true);',
        'user_pref("devtools.chrome.enabled", true);',
        'user_pref("devtools.debugger.prompt-connection", false);',
        'user_pref("browser.shell.checkDefaultBrowser", false);',
        'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
        'user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);',
        'user_pref("app.update.disabledForTesting", true);',
        'user_pref("network.proxy.type", 0);',
      ].join('\n'),
    );
    return profile;
  };
  // A loaded machine can make Firefox's first start slow, or (rarely) make it fail; a failed
  // start is retried on a new port and a new profile, and its stderr is kept for the message if every try fails.
  let ff;
  let rdp;
  const stopFirefox = async () => {
    if (!ff) return;
    ff.kill();
    await new Promise((r) => (ff.exitCode !== null || ff.signalCode !== null ? r() : ff.once('exit', r)));
  };
  try {
    const failures = [];
    for (let attempt = 0; attempt < 3 && !rdp; attempt++) {
      const port = 20000 + Math.floor(Math.random() * 20000);
      ff = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', newProfile(), '--start-debugger-server', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      ff.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
      const proc = ff;
      try {
        rdp = await connect(port, () => proc.exitCode === null && proc.signalCode === null, 60_000);
      } catch (e) {
        failures.push(`try ${attempt + 1}: ${e.message}; stderr: ${stderr.trim().slice(-500) || '(none)'}`);
        await stopFirefox();
      }
    }
    assert.ok(rdp, failures.join('\n'));
    const root = await rdp.request('root', 'getRoot');
    const installed = await rdp.request(root.addonsActor, 'installTemporaryAddon', { addonPath: path.join(ROOT, 'dist', 'firefox') });
    assert.equal(installed.addon.id, ADDON_ID);
    const { addons } = await rdp.request('root', 'listAddons');
    const addon = addons.find((a) => a.id === ADDON_ID);
    assert.equal(addon.backgroundScriptStatus, 'RUNNING', 'the background script runs');

    // Evaluate in the background page (the extension's own context and CSP).
    const watcher = await rdp.request(addon.actor, 'getWatcher', { isServerTargetSwitchingEnabled: true });
    rdp.send({ to: watcher.actor, type: 'watchTargets', targetType: 'frame' });
    let target;
    do target = (await rdp.next((m) => m.type === 'target-available-form')).target;
    while (!target.url.includes('_generated_background_page'));
    const evaluate = async (text) => {
      rdp.send({ to: target.consoleActor, type: 'evaluateJSAsync', text, mapped: { await: true } });
      const { resultID } = await rdp.next((m) => m.from === target.consoleActor && m.resultID && !m.type);
      const r = await rdp.next((m) => m.from === target.consoleActor && m.type === 'evaluationResult' && m.resultID === resultID, 60_000);
      if (r.exception) throw new Error(`in Firefox: ${r.exceptionMessage}`);
      return typeof r.result === 'string' ? JSON.parse(r.result) : r.result;
    };
    assert.match(await evaluate('JSON.stringify(location.href)'), /^moz-extension:\/\//);

    const analysis = await evaluate(`(async () => {
      const w = new Worker(browser.runtime.getURL('lib/worker.js'), { type: 'module' });
      const out = await new Promise((res) => {
        w.onmessage = (e) => {
          if (e.data.type === 'ready') w.postMessage({ type: 'annotate', id: 1, text: 'Harbour master Ottoline Fairweather said the pier would reopen in May, according to the Brightmoor Port Authority.', corrections: [] });
          if (e.data.type === 'result' || e.data.type === 'fatal' || e.data.type === 'crashed') res(e.data);
        };
        w.onerror = (e) => res({ type: 'error', message: e.message });
      });
      w.terminate();
      return JSON.stringify(out);
    })()`);
    assert.equal(analysis.type, 'result', JSON.stringify(analysis));
    const tags = analysis.analysis.annotations.map((a) => `${a.kind}:${a.text}`);
    assert.ok(tags.includes('person:Ottoline Fairweather'), tags.join(' | '));
    assert.ok(tags.includes('org:Brightmoor Port Authority'), tags.join(' | '));

    // The sidebar page, opened in a tab: its annotator starts and it asks for the button.
    const panel = await evaluate(`(async () => {
      await browser.tabs.create({ url: browser.runtime.getURL('panel.html') });
      for (let i = 0; i < 200; i++) {
        const v = browser.extension.getViews({ type: 'tab' })[0];
        const d = v && v.document;
        if (d && d.documentElement.dataset.ready === 'yes' && /Press the newsmark button/.test(d.getElementById('status').textContent)) {
          return JSON.stringify({ status: d.getElementById('status').textContent, version: d.getElementById('version').textContent });
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const v = browser.extension.getViews({ type: 'tab' })[0];
      return JSON.stringify({ timeout: true, status: v && v.document.getElementById('status').textContent });
    })()`);
    assert.ok(!panel.timeout, JSON.stringify(panel));
    assert.match(panel.version, /^newsmark \d/);
  } finally {
    rdp?.close();
    await stopFirefox();
    for (const p of profiles) fs.rmSync(p, { recursive: true, force: true });
  }
});
