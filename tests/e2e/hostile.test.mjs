// Hostile text in the page (issue 5): whatever a clipboard holds gets a correct analysis or
// a clear note, never a hang or a crash; the offsets the page gets slice its own string
// (lone surrogates included). And when the annotator does die (a wasm trap) or hang, the
// page restarts it, says so, and keeps the text and the corrections.

import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  clickAnnotation,
  drawnAnnotations,
  lastAnalysis,
 
  patchGlue,
  recordWorkerTraffic,
  requireWasmBuild,
  setValue,
 
  waitIdle,
  watchErrors, serverAndBrowser } from './helpers.mjs';

requireWasmBuild();

const env = serverAndBrowser();

const BASE = 'Jane Smith, the head of Acme Corp, said: "We will grow by 5% in 2024." Lee Sporn disagreed.';

const CASES = [
  ['lone surrogates', `\ud800${BASE} \udc00 Jane Smith\ud83d said "no \udfff way" to Acme Corp. \ud800`],
  ['emoji with skin tones and joiners', `👩🏽‍💻 Jane Smith 👨‍👩‍👧‍👦 said: "We 🏳️‍🌈 will grow by 5% 👍🏿 in 2024," Acme Corp 🇺🇸 said. ${BASE}`],
  ['right-to-left and CJK', `قال محمد علي إن الاقتصاد نما بنسبة 5%. ${BASE} 习近平表示，经济增长了5%。 "日本銀行は金利を据え置いた" と黒田総裁は述べた。 שלום עולם. ${BASE}`],
  ['combining accents', `Jose\u0301 Mari\u0301a Garci\u0301a said: "Le cafe\u0301 co\u0302te 5% de plus." Zalgo: Z\u0351\u0357\u036bA\u0300\u0301L\u0302G\u0303O\u0304. ${BASE}`],
  ['NUL and control characters', `Jane\u0000 Smith\u0001 said\u0007 "We\u0008 will\u001b grow\u007f by 5%" \u0085\u2028\u2029 Acme\u0000Corp. ${BASE}\u0000`],
  ['CRLF and lone CR line ends', `Jane Smith said:\r\n"We will grow by 5% in 2024."\r\rLee Sporn of Acme Corp\rdisagreed.\r\n\r\n${BASE}\r`],
  ['empty', ''],
  ['white space only', ' \n\t\r\n \u00a0\u3000 '],
  ['a 1 MB line without spaces', `${BASE}${'Abc1'.repeat(262_144)}${BASE}`],
  ['100,000 unbalanced quotation marks', `${BASE}${'"'.repeat(100_000)}${BASE}`],
  ['100,000 balanced quotation marks', `${BASE} ${'"a" '.repeat(50_000)}${BASE}`],
  ['mixed curly quotes', `${BASE} ${'“a” ‘b’ «c» „d“ '.repeat(10_000)}`],
  ['HTML and script', `<script>alert(1)</script><img src=x onerror=alert(1)> ${BASE} <a href="javascript:alert(1)">x</a>`],
];

/** The page's own string and everything the annotator said about it, checked for slicing. */
function checkAnalysis(text, analysis, name) {
  assert.ok(analysis, `${name}: an analysis arrived`);
  const wellFormed = (s) => s.toWellFormed();
  const pairSplit = (i) => i > 0 && i < text.length && /[\ud800-\udbff]/.test(text[i - 1]) && /[\udc00-\udfff]/.test(text[i]);
  let prevStart = -1;
  for (const a of analysis.annotations) {
    assert.ok(Number.isInteger(a.start) && Number.isInteger(a.end), `${name}: integer offsets`);
    assert.ok(a.start >= 0 && a.start < a.end && a.end <= text.length, `${name}: ${a.kind} ${a.start}..${a.end} inside the text (${text.length})`);
    assert.ok(!pairSplit(a.start) && !pairSplit(a.end), `${name}: ${a.kind} ${a.start}..${a.end} splits a surrogate pair`);
    // The annotator saw lone surrogates as U+FFFD (one unit each): same offsets.
    assert.equal(a.text, wellFormed(text.slice(a.start, a.end)), `${name}: ${a.kind} text is the page's slice`);
    assert.ok(a.start >= prevStart, `${name}: sorted`);
    prevStart = a.start;
    if (a.speaker && a.speaker.start !== null) {
      assert.equal(a.speaker.text, wellFormed(text.slice(a.speaker.start, a.speaker.end)), `${name}: speaker slice`);
    }
    if (a.entity !== null && a.entity !== undefined) assert.ok(analysis.entities[a.entity], `${name}: entity ${a.entity} exists`);
  }
  for (const e of analysis.entities) for (const m of e.mentions) assert.ok(analysis.annotations[m], `${name}: mention ${m} exists`);
}

test('hostile text: each gets a correct analysis or a note, the page and the worker live on', async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  t.after(() => context.close());
  await recordWorkerTraffic(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await waitIdle(page);
  for (const [name, raw] of CASES) {
    const t0 = Date.now();
    await setValue(page, raw);
    await waitIdle(page, 60_000);
    const ms = Date.now() - t0;
    // A text box keeps line ends as LF (CRLF and CR become LF): that is the page's string.
    const text = await page.inputValue('#article');
    assert.equal(text, raw.replace(/\r\n?/g, '\n'), `${name}: the text box holds the text`);
    if (text.trim()) {
      checkAnalysis(text, await lastAnalysis(page), name);
      // The reading view is exactly the text, and every piece knows its offset.
      const bad = await page.evaluate((tx) => {
        const r = document.getElementById('reading');
        if (r.textContent !== tx) return `textContent differs (${r.textContent.length} vs ${tx.length})`;
        for (const s of r.querySelectorAll('[data-start]')) {
          const st = Number(s.dataset.start);
          if (tx.slice(st, st + s.textContent.length) !== s.textContent) return `segment at ${st}`;
        }
        return null;
      }, text);
      assert.equal(bad, null, `${name}: reading view`);
    } else {
      assert.match(await page.textContent('#reading'), /Paste or type an article/, `${name}: says what to do`);
    }
    assert.equal(await page.evaluate(() => document.documentElement.dataset.annotator), 'idle', `${name}: the annotator answered`);
    assert.equal(await page.isVisible('#alert'), false, `${name}: no crash was reported`);
    t.diagnostic(`${name}: ${text.length} units, ${ms} ms, ${(await drawnAnnotations(page)).length} highlights`);
  }
  // Control characters are flagged, not silently dropped.
  await setValue(page, '\u0001\u0002\u0003\u0004\u0005\u0006 binary \u0007\u0008\u000e\u000f\u0010\u0011');
  await waitIdle(page);
  assert.equal(await page.locator('#notes [data-code=binary_text]').count(), 1);
  assert.equal(await page.evaluate(() => window.__workers), 1, 'one worker did it all: none crashed');
  assert.deepEqual(errors, []);
});

test('hostile text: a highlight on lone surrogates and emoji can be corrected; the export slices in code points', async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  t.after(() => context.close());
  await recordWorkerTraffic(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  const text = `\ud800👩🏽‍💻 ${BASE} \udc00😀 Jane Smith said "no" to Acme Corp.`;
  await setValue(page, text);
  await waitIdle(page);
  const person = (await drawnAnnotations(page)).filter((a) => a.kind === 'person').at(-1);
  assert.equal(text.slice(person.start, person.end), person.text);
  const ann = await clickAnnotation(page, 'person', person.start);
  await page.locator(`#tag-menu section[data-ann="${ann}"] [data-action=kind][data-kind=org]`).click();
  await waitIdle(page);
  assert.ok((await drawnAnnotations(page)).some((a) => a.kind === 'org' && a.start === person.start && a.byUser));
  const dl = page.waitForEvent('download');
  await page.click('#export');
  const data = JSON.parse(fs.readFileSync(await (await dl).path(), 'utf8'));
  const cps = Array.from(data.text);
  assert.equal(data.text, text, 'lone surrogates survive the JSON file');
  for (const a of data.annotations) assert.equal(cps.slice(a.start, a.end).join('').toWellFormed(), a.text);
  assert.deepEqual(errors, []);
});

/** Makes the annotator trap for real (an out-of-bounds pointer) or loop forever on a marker. */
const SABOTAGE = `
const __annotate = Annotator.prototype.annotate;
const __apply = Annotator.prototype.applyCorrections;
function __sabotage(text) {
  if (text.includes('TRAP-ME')) wasm.annotator_annotate(0x7ffffff8, 0, 0);
  if (text.includes('HANG-ME')) for (;;) {}
}
Annotator.prototype.annotate = function (text) { __sabotage(text); return __annotate.call(this, text); };
Annotator.prototype.applyCorrections = function (text, c) { __sabotage(text); return __apply.call(this, text, c); };
`;

test('a worker that dies (a wasm trap) is restarted; the page says so and keeps text and corrections', async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  t.after(() => context.close());
  await recordWorkerTraffic(context);
  await patchGlue(context, SABOTAGE);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await setValue(page, BASE);
  await waitIdle(page);
  // Two corrections, saved.
  const org = (await drawnAnnotations(page)).find((a) => a.kind === 'org');
  let ann = await clickAnnotation(page, 'org', org.start);
  await page.locator(`#tag-menu section[data-ann="${ann}"] [data-action=remove]`).click();
  await waitIdle(page);
  const person = (await drawnAnnotations(page)).find((a) => a.kind === 'person');
  ann = await clickAnnotation(page, 'person', person.start);
  await page.locator(`#tag-menu section[data-ann="${ann}"] [data-action=kind][data-kind=org]`).click();
  await waitIdle(page);
  const saved = await page.evaluate(() => localStorage.getItem('newsmark:state:v1'));
  assert.equal(JSON.parse(saved).corrections.length, 2);

  // Type the marker: the worker traps.
  await page.focus('#article');
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' TRAP-ME');
  await waitIdle(page);
  assert.ok(await page.isVisible('#alert'));
  assert.match(await page.textContent('#alert-text'), /The annotator crashed on this text \(RuntimeError: .*\) and was restarted\. Your text and your 2 corrections are kept\./);
  assert.match(await page.textContent('#status'), /No highlights: the annotator crashed/);
  assert.equal(await page.locator('#notes [data-code=annotator_crashed]').count(), 1);
  assert.equal(await page.evaluate(() => window.__workers), 2, 'a second worker was started');
  assert.equal(await page.textContent('#reading'), `${BASE} TRAP-ME`, 'the text is still shown');
  assert.equal(await page.locator('#reading mark').count(), 0);
  assert.equal(await page.locator('#corrections li:not(.empty)').count(), 2, 'the corrections are still listed');
  const after = JSON.parse(await page.evaluate(() => localStorage.getItem('newsmark:state:v1')));
  assert.equal(after.text, `${BASE} TRAP-ME`);
  assert.deepEqual(after.corrections, JSON.parse(saved).corrections, 'and saved');
  assert.equal(await page.isDisabled('#undo'), false, 'the undo history is kept');

  // Edit the marker away: the new worker annotates, with the corrections applied.
  for (let i = 0; i < ' TRAP-ME'.length; i++) await page.keyboard.press('Backspace');
  await waitIdle(page);
  const marks = await drawnAnnotations(page);
  assert.ok(marks.some((a) => a.kind === 'org' && a.start === person.start && a.byUser), 'the kind change applies');
  assert.ok(!marks.some((a) => a.kind === 'org' && a.start === org.start), 'the removal applies');
  assert.equal(await page.locator('#notes [data-code=annotator_crashed]').count(), 0);
  // Undo still works after the restart.
  await page.click('#undo');
  await waitIdle(page);
  assert.ok((await drawnAnnotations(page)).some((a) => a.kind === 'person' && a.start === person.start));
  // The only console errors are the trap's own (the panic hook / worker), none from the page.
  assert.ok(errors.every((e) => /RuntimeError|memory access|unreachable/i.test(e)), errors.join('\n'));
});

test('a worker that stops answering is restarted by the watchdog; "Try again" waits longer', async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  t.after(() => context.close());
  await recordWorkerTraffic(context);
  await patchGlue(context, SABOTAGE);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await setValue(page, BASE);
  await waitIdle(page);
  const t0 = Date.now();
  await setValue(page, `${BASE} HANG-ME`);
  // While it hangs, the page works: the progress bar shows and the text box takes typing.
  await page.waitForSelector('#progress:not([hidden])');
  assert.match(await page.textContent('#progress-text'), /Annotating \d+ characters in the background… \d+ s/);
  await page.keyboard.type('!');
  assert.equal(await page.inputValue('#article'), `${BASE} HANG-ME!`);
  // The edit made the hung work stale: far past its estimate, it is abandoned (a new worker).
  await page.waitForFunction(() => window.__workers === 2, null, { timeout: 5_000 });
  await page.waitForSelector('#alert:not([hidden])', { timeout: 25_000 });
  const waited = Date.now() - t0;
  assert.ok(waited >= 7_500 && waited < 25_000, `the watchdog fired after ${waited} ms`);
  assert.match(await page.textContent('#alert-text'), /stopped answering on this text \(no answer after 8 s\) and was restarted\. Your text and your 0 corrections are kept\./);
  await waitIdle(page);
  assert.equal(await page.evaluate(() => window.__workers), 3);
  assert.equal(await page.locator('#notes [data-code=annotator_timeout]').count(), 1);
  // "Try again" re-sends it (it hangs again here; the new worker is busy with it).
  assert.equal(await page.textContent('#alert-action'), 'Try again, waiting longer');
  const posted = await page.evaluate(() => window.__posted.length);
  await page.click('#alert-action');
  await page.waitForFunction((n) => window.__posted.length === n + 1, posted);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.annotator), 'busy');
  // Editing replaces the hung work at once (stale work is abandoned): highlights come back.
  await setValue(page, BASE);
  await waitIdle(page);
  assert.ok((await page.locator('#reading mark').count()) > 0);
  assert.equal(await page.evaluate(() => window.__workers), 4);
  assert.deepEqual(errors, []);
});
