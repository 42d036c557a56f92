// The annotator in its worker: requests (at once or after a pause in typing), crashes and
// hangs, and what the page shows while it works (data-annotator, the progress bar).

import { AnnotatorClient } from '../lib/client.js';
import { cancelReading } from '../lib/highlight.js';
import { utf8Length } from '../lib/offsets.js';
import { lexicon, state, store } from './state.js';
import { showAlert, ui } from './ui.js';

const DEBOUNCE_MS = 200;
/** The annotator reads at most this many bytes of UTF-8 (the core's MAX_TEXT_BYTES). */
const MAX_TEXT_BYTES = 16 * 1024 * 1024;
/** Work that takes longer than this shows the progress bar. */
const PROGRESS_AFTER_MS = 400;

let client = null;
let debounce = 0;
let fatal = null;
let busySince = 0;
let progressTimer = 0;

const startWorker = () => new Worker(new URL('../lib/worker.js', import.meta.url), { type: 'module', name: 'newsmark-annotator' });

/**
 * Runs `op` in the annotator's worker ('export' or 'import'; see AnnotatorClient.call):
 * the core writes and reads the standard formats, so the page never does it in JS.
 */
export function callAnnotator(op, payload) {
  return client ? client.call(op, payload) : Promise.reject(new Error('the annotator is not running'));
}

/** Starts the annotator; `render(result)` shows each result (or a crashed text without highlights). */
export function startAnnotator({ render }) {
  client = new AnnotatorClient(startWorker, {
    onReady(info) {
      state.info = info;
      // The bar starts at the model's threshold: nothing under it is ever reported.
      const floor = Math.round((info.claimThreshold ?? 0) * 100);
      if (Number.isFinite(floor) && floor > 0 && floor < 100) {
        ui.claimMin.min = String(floor);
        if (Number(ui.claimMin.value) < floor) ui.claimMin.value = String(floor);
        ui.claimMinOut.textContent = `${ui.claimMin.value}%`;
      }
      updateBusy();
    },
    onResult(result) {
      render(result);
    },
    onError(message) {
      showAlert(`The corrections could not be applied: ${message}`);
    },
    onCrash(info) {
      // The worker was replaced. Show the text without highlights and keep everything else:
      // the text box, the corrections (saved already) and the undo history are untouched.
      const n = info.corrections ? info.corrections.length : store.list.length;
      const kept = `Your text and your ${n} correction${n === 1 ? '' : 's'} are kept.`;
      const what =
        info.reason === 'timeout'
          ? `The annotator stopped answering on this text (${info.message}) and was restarted.`
          : `The annotator crashed on this text (${info.message}) and was restarted.`;
      showAlert(
        `${what} ${kept} Edit the text to try again.`,
        info.reason === 'timeout' && info.canRetry ? { label: 'Try again, waiting longer', run: () => client.retry() } : null,
      );
      if (info.text !== null) {
        render({ text: info.text, corrections: info.corrections, analysis: { annotations: [], entities: [], diagnostics: [] }, ms: 0, crashed: info });
      }
    },
    onFatal(message) {
      fatal = message;
      cancelReading(ui.reading);
      ui.status.textContent = `The annotator failed: ${message}`;
      ui.status.classList.add('is-error');
      const p = document.createElement('p');
      p.className = 'placeholder is-error';
      p.textContent = `The annotator could not start (${message}). Reload the page to try again.`;
      ui.reading.replaceChildren(p);
      updateBusy();
    },
    onBusyChange() {
      updateBusy();
    },
  });
}

/** Annotates the article with the corrections now. */
export function requestNow() {
  clearTimeout(debounce);
  debounce = 0;
  updateLimitNote();
  client.request(state.text, store.list, { lexicon: lexicon.size ? lexicon.entries : null });
  updateBusy();
}

/** Annotates the article once typing pauses. */
export function requestSoon() {
  clearTimeout(debounce);
  debounce = setTimeout(requestNow, DEBOUNCE_MS);
  updateBusy();
}

/** Says at once, before any annotating, when a text is over the annotator's limit. */
function updateLimitNote() {
  const over = state.text.length > MAX_TEXT_BYTES / 3 && utf8Length(state.text) > MAX_TEXT_BYTES;
  ui.limitNote.hidden = !over;
  ui.limitNote.dataset.code = 'text_too_long';
  if (over) {
    const mb = (utf8Length(state.text) / 1048576).toFixed(1);
    ui.limitNote.textContent = `This text is ${mb} MB. newsmark annotates the first ${MAX_TEXT_BYTES / 1048576} MB of a text; the rest is shown without highlights.`;
  }
}

/** data-annotator on <html> (loading, busy, idle, failed) and the progress bar. */
export function updateBusy() {
  const busy = debounce !== 0 || client.busy || state.drawing !== null;
  ui.html.dataset.annotator = fatal ? 'failed' : !client.ready ? 'loading' : busy ? 'busy' : 'idle';
  if (busy && !busySince) busySince = performance.now();
  if (!busy) busySince = 0;
  updateProgress();
  if (busy && !progressTimer) progressTimer = setInterval(updateProgress, 250);
  if (!busy && progressTimer) {
    clearInterval(progressTimer);
    progressTimer = 0;
  }
}

/**
 * The progress bar: how long the annotator has been at it (it reports no fraction), then how
 * much of the text is drawn. Hidden for work that ends quickly.
 */
function updateProgress() {
  const working = client.working;
  const now = performance.now();
  let text = '';
  let fraction = null;
  if (state.drawing) {
    fraction = state.drawing.fraction;
    text = `${state.drawing.plain ? 'Showing the text' : 'Drawing the highlights'}… ${Math.floor(fraction * 100)}%`;
  } else if (working) {
    const s = Math.floor((now - working.sentAt) / 1000);
    text = `Annotating ${working.length.toLocaleString('en')} characters in the background… ${s} s`;
  } else if (busySince && !client.ready && !fatal) {
    text = 'Starting the annotator…';
  } else if (busySince) {
    text = 'Waiting for you to stop typing…';
  }
  const show = !!text && !!busySince && now - busySince >= PROGRESS_AFTER_MS;
  if (ui.progress.hidden === show) ui.progress.hidden = !show;
  if (ui.reading.classList.contains('is-updating') !== (show && !state.drawing)) ui.reading.classList.toggle('is-updating', show && !state.drawing);
  if (!show) return;
  // Touch the DOM only for a change: with a huge text box, every layout costs.
  if (ui.progressText.textContent !== text) ui.progressText.textContent = text;
  if (fraction === null) {
    if (ui.progressBar.hasAttribute('value')) ui.progressBar.removeAttribute('value');
  } else if (ui.progressBar.value !== fraction) ui.progressBar.value = fraction;
}
