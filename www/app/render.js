// Rendering: a result of the annotator becomes the reading view (lib/highlight.js), the side
// panel (panel.js), the layer counts, the notes and the status line. Also what changes what
// is drawn: the layer toggles, the claim bar, lighting an entity's mentions, a speaker's
// quotes or a claim from the side panel.

import { annotationKey } from '../lib/annotation-key.js';
import { KINDS, keepBlock, removeTag } from '../lib/corrections.js';
import { cancelReading, dimRanges, renderReading } from '../lib/highlight.js';
import { claimShown, layerCounts } from '../lib/summary.js';
import { updateBusy } from './annotator.js';
import { focusMark, setupRovingFocus } from './focus.js';
import { rememberResult } from './instant.js';
import { reopenMenu } from './menu-actions.js';
import { kept, renderPanel } from './panel.js';
import { schedulePlacing } from './resize.js';
import { state, store } from './state.js';
import { ui } from './ui.js';

let minClaimScore = 0; // the reader's bar for claims (0..1), over the model's own threshold
let lit = null; // {key, kind} of the side-panel button whose highlights are lit
let panelAnalysis = null; // the analysis the side panel was built from
const keyIndexes = new WeakMap(); // analysis → Map(annotationKey → index)

/**
 * The index in the shown analysis of annotation `i` of the side panel's analysis (they
 * differ while an edit's preview is shown), or -1.
 */
function panelIndex(i) {
  const shown = state.rendered && state.rendered.analysis;
  if (!shown || !panelAnalysis) return -1;
  if (shown === panelAnalysis) return i;
  const a = panelAnalysis.annotations[i];
  if (!a) return -1;
  let map = keyIndexes.get(shown);
  if (!map) {
    map = new Map(shown.annotations.map((x, j) => [annotationKey(x), j]));
    keyIndexes.set(shown, map);
  }
  return map.get(annotationKey(a)) ?? -1;
}

/** Whether annotation `a` is drawn in the reading view (its layer shown, over the claim bar). */
export function isDrawn(a) {
  return !state.hidden.has(a.kind) && claimShown(a, minClaimScore);
}

export function renderEmpty() {
  cancelReading(ui.reading);
  const p = document.createElement('p');
  p.className = 'placeholder';
  p.textContent = 'Paste or type an article in the left pane. People, organizations, quotes and claims will be highlighted here.';
  ui.reading.replaceChildren(p);
}

/** Shows `result` ({text, corrections, analysis, ms, pending?, crashed?}) everywhere. */
export function render(result) {
  const hadFocus = ui.reading.contains(document.activeElement) || state.refocus;
  state.refocus = false;
  state.rendered = result;
  rememberResult(result);
  const { text, analysis } = result;
  const counts = layerCounts(analysis, minClaimScore);
  for (const k of KINDS) document.querySelector(`[data-count="${k}"]`).textContent = String(counts[k]);
  renderNotes(analysis, result.crashed);
  const notFound = new Set(analysis.diagnostics.filter((d) => d.code === 'correction_not_found').map((d) => d.correction));
  // An edit's preview redraws the reading view only; the side panel waits for the annotator's
  // answer (its buttons name annotations of the analysis it was built from: panelIndex).
  if (!result.preview) {
    renderPanel(document, analysis, result.corrections, { lit: lit && lit.key, claimThreshold: state.info && state.info.claimThreshold, minClaimScore, notFound, pending: !!result.pending });
    panelAnalysis = analysis;
  }
  ui.exportBtn.disabled = !!(result.crashed || result.pending);
  ui.exportCsvBtn.disabled = !!(result.crashed || result.pending);
  ui.exportFormat.disabled = !!(result.crashed || result.pending);

  if (!text.trim()) {
    renderEmpty();
    finishRender(result, hadFocus);
    return;
  }
  state.drawing?.cancel();
  state.drawing = null;
  // renderReading draws its first slice (and reports progress) before it returns, so the
  // handle is not known yet on that first call: `drawing` must not be read before it is set.
  let drawing = null;
  drawing = renderReading(ui.reading, text, analysis, {
    hidden: state.hidden,
    minClaimScore,
    onProgress(fraction) {
      if (drawing && state.drawing?.handle === drawing) state.drawing.fraction = fraction;
    },
  });
  if (drawing.stretches <= 1) {
    state.drawing = null;
    finishRender(result, hadFocus);
    return;
  }
  state.drawing = { handle: drawing, cancel: drawing.cancel, fraction: 0, plain: !!result.pending };
  updateBusy();
  drawing.done.then((complete) => {
    if (!complete || state.drawing?.handle !== drawing) return;
    state.drawing = null;
    finishRender(result, hadFocus);
    updateBusy();
  });
}

/** What follows drawing: focus, lighting, the status line, the menu. */
function finishRender(result, hadFocus) {
  if (state.rendered !== result) return;
  const { text, analysis } = result;
  applyLit(false);
  setupRovingFocus(hadFocus);
  // The blocks of a pasted page left out as furniture are drawn dimmed (see the note's list).
  dimRanges(ui.reading, analysis.furniture ?? []);

  const n = analysis.annotations.length;
  ui.status.classList.toggle('is-error', !!result.crashed);
  if (result.pending) {
    ui.status.textContent = `Annotating ${text.length.toLocaleString('en')} characters…`;
  } else if (result.crashed) {
    ui.status.textContent = `No highlights: the annotator ${result.crashed.reason === 'timeout' ? 'stopped answering' : 'crashed'} on this text and was restarted.`;
  } else {
    ui.status.textContent = text.trim()
      ? `${n.toLocaleString('en')} tag${n === 1 ? '' : 's'} in ${text.length.toLocaleString('en')} characters · annotated in ${Math.max(1, Math.round(result.ms)).toLocaleString('en')} ms` +
        (state.info ? ` · newsmark ${state.info.version}` : '')
      : 'Waiting for an article.';
  }

  // The menu refers to annotations of the previous analysis: reopen it on the same one.
  reopenMenu(analysis);
  schedulePlacing();
}

/** Characters of a furniture block shown in its note. */
const FURNITURE_SNIPPET = 90;

/**
 * The blocks of a pasted page set aside as furniture, each with a button that reads it as
 * article text (a `keep` correction: kept, undoable, listed).
 */
function furnitureList(analysis) {
  const text = state.rendered ? state.rendered.text : '';
  const details = document.createElement('details');
  details.className = 'furniture-list';
  const summary = document.createElement('summary');
  summary.textContent = 'Show what was left out';
  details.appendChild(summary);
  const ul = document.createElement('ul');
  for (const f of analysis.furniture) {
    const li = document.createElement('li');
    const t = text.slice(f.start, f.end).replace(/\s+/g, ' ').trim();
    const span = document.createElement('span');
    span.className = 'furniture-text';
    span.textContent = t.length > FURNITURE_SNIPPET ? `${t.slice(0, FURNITURE_SNIPPET)}…` : t;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn btn-small';
    b.dataset.keep = `${f.start}:${f.end}`;
    b.textContent = 'Tag this block';
    b.setAttribute('aria-label', `Read as article text and tag: ${span.textContent}`);
    li.append(span, ' ', b);
    ul.appendChild(li);
  }
  details.appendChild(ul);
  return details;
}

function renderNotes(analysis, crashed) {
  const notes = analysis.diagnostics.filter((d) => d.code !== 'empty_text' && !(d.code === 'text_truncated' && !ui.limitNote.hidden));
  if (crashed) {
    notes.unshift({
      code: crashed.reason === 'timeout' ? 'annotator_timeout' : 'annotator_crashed',
      message:
        crashed.reason === 'timeout'
          ? `No highlights: the annotator stopped answering on this text (${crashed.message}). It was restarted; edit the text to try again.`
          : `No highlights: the annotator crashed on this text (${crashed.message}). It was restarted; edit the text to try again.`,
      correction: null,
    });
  }
  ui.notes.replaceChildren();
  ui.notes.hidden = notes.length === 0;
  for (const d of notes) {
    const p = document.createElement('p');
    p.className = `note note-${d.code}`;
    p.dataset.code = d.code;
    const msg = document.createElement('span');
    msg.textContent = d.message;
    p.appendChild(msg);
    if (d.code === 'furniture_set_aside' && analysis.furniture?.length) p.appendChild(furnitureList(analysis));
    if (d.code === 'correction_not_found' && Number.isInteger(d.correction)) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'btn btn-small';
      b.dataset.forget = String(d.correction);
      b.textContent = 'Forget this correction';
      p.appendChild(b);
    }
    ui.notes.appendChild(p);
  }
}

function setLayerVisible(kind, visible) {
  if (visible === !state.hidden.has(kind)) return;
  if (visible) state.hidden.delete(kind);
  else state.hidden.add(kind);
  document.querySelector(`[data-layer="${kind}"]`).setAttribute('aria-pressed', String(visible));
  ui.reading.classList.toggle(`hide-${kind}`, !visible);
  if (state.rendered) render(state.rendered);
}

/** Marks the highlights of the lit side-panel button (and scrolls to the first). */
function applyLit(scroll) {
  for (const m of ui.reading.querySelectorAll('mark.is-lit')) m.classList.remove('is-lit');
  ui.reading.classList.toggle('has-lit', !!lit);
  if (!lit) return;
  const btn = [...ui.side.querySelectorAll('[data-lit-key]')].find((b) => b.dataset.litKey === lit.key);
  if (!btn) {
    lit = null;
    ui.reading.classList.remove('has-lit');
    return;
  }
  const anns = JSON.parse(btn.dataset.anns).map(panelIndex);
  let first = null;
  for (const i of anns) {
    if (i < 0) continue;
    for (const m of ui.reading.querySelectorAll(`mark[data-ann="${i}"]`)) {
      m.classList.add('is-lit');
      first ??= m;
    }
  }
  if (scroll && first) first.scrollIntoView({ block: 'center' });
}

function onSideClick(ev) {
  const keepOrphan = ev.target.closest('[data-keep-orphan]');
  if (keepOrphan) {
    const c = state.rendered?.corrections[Number(keepOrphan.dataset.keepOrphan)];
    if (c) kept.add(c);
    const flag = document.createElement('span');
    flag.className = 'flag';
    flag.textContent = 'kept';
    keepOrphan.replaceWith(flag);
    return;
  }
  const forget = ev.target.closest('[data-forget]');
  if (forget) {
    store.removeAt(Number(forget.dataset.forget));
    return;
  }
  const dismiss = ev.target.closest('[data-dismiss]');
  if (dismiss && state.rendered) {
    const a = state.rendered.analysis.annotations[panelIndex(Number(dismiss.dataset.dismiss))];
    if (a && a.kind === 'claim') store.push(removeTag(state.rendered.text, a));
    return;
  }
  const jump = ev.target.closest('[data-jump]');
  if (jump && state.rendered) {
    const i = panelIndex(Number(jump.dataset.jump));
    const a = state.rendered.analysis.annotations[i];
    if (a) {
      setLayerVisible(a.kind, true);
      const mark = ui.reading.querySelector(`mark[data-ann="${i}"][data-opens]`);
      if (mark) {
        mark.scrollIntoView({ block: 'center' });
        focusMark(mark);
      }
    }
    return;
  }
  const btn = ev.target.closest('[data-lit-key]');
  if (!btn) return;
  const key = btn.dataset.litKey;
  lit = lit && lit.key === key ? null : { key, kind: btn.dataset.kind };
  if (lit) setLayerVisible(btn.dataset.kind, true);
  for (const b of ui.side.querySelectorAll('[data-lit-key]')) b.setAttribute('aria-pressed', String(lit !== null && b.dataset.litKey === lit.key));
  applyLit(true);
}

/** The layer toggles, the claim bar, the side panel's buttons and the notes' Forget buttons. */
export function wireRendering() {
  for (const b of ui.layerButtons) {
    b.addEventListener('click', () => setLayerVisible(b.dataset.layer, state.hidden.has(b.dataset.layer)));
  }
  ui.claimMin.addEventListener('input', () => {
    const v = Number(ui.claimMin.value);
    ui.claimMinOut.textContent = `${v}%`;
    // At the floor the bar is the model's own threshold: every reported claim shows.
    minClaimScore = v <= Number(ui.claimMin.min) ? 0 : v / 100;
    if (state.rendered) render(state.rendered);
  });
  ui.side.addEventListener('click', onSideClick);
  ui.notes.addEventListener('click', (ev) => {
    const forget = ev.target.closest('[data-forget]');
    if (forget) store.removeAt(Number(forget.dataset.forget));
    const keep = ev.target.closest('[data-keep]');
    if (keep && state.rendered) {
      const [start, end] = keep.dataset.keep.split(':').map(Number);
      store.push(keepBlock(state.rendered.text, start, end));
    }
  });
}
