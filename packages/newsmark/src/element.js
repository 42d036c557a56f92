// <newsmark-annotator>: wraps a <textarea> (or <input>) or a contenteditable child, annotates
// its text as it changes (debounced, in the package's worker) and shows the highlights in a
// reading view (lib/highlight.js, the page's highlighter) with the panels: people,
// organizations, voices (quotes by speaker), claims. The reader corrects a tag by clicking it
// (change its kind, remove it) or tags a selection (in the text box or the reading view).
// Framework-free; everything it draws lives in its shadow root: the wrapped editor is never
// touched. Importing this module registers the element (a side effect).
//
// Attributes: layers="person org quote claim" (the shown layers), min-claim-score="0.5",
//   debounce="300" (ms after the last edit), no-panels.
// Events (bubbling, composed): newsmark-annotated {text, analysis, corrections},
//   newsmark-correction {correction, corrections, reason}, newsmark-error {error, message}.
// Properties: annotator (share one; the element then never disposes it), corrections,
//   analysis, text, state; methods refresh(), addCorrection(c), undo(), redo().

import { createAnnotator } from './index.js';
import { cancelReading, describeAnnotation, renderReading } from './lib/highlight.js';
import { selectionOffsets } from './lib/selection.js';
import { CorrectionStore, KINDS, addTag, changeKind, removeTag } from './lib/corrections.js';
import { tidyRange } from './lib/offsets.js';
import { claimList, entityList, layerCounts, snippet, voiceList } from './lib/summary.js';
import { ELEMENT_CSS, HIGHLIGHT_CSS } from './styles.js';

const LABEL = { person: 'Person', org: 'Organization', quote: 'Quote', claim: 'Claim' };
const PLURAL = { person: ['person', 'people'], org: ['organization', 'organizations'], quote: ['quote', 'quotes'], claim: ['claim', 'claims'] };
const DEFAULT_DEBOUNCE = 300;
/** Texts at least this long stop a stale request in flight (its worker is replaced) instead of waiting for it. */
const ABANDON_LENGTH = 200_000;

let sheet = null;
function styles(root) {
  const css = HIGHLIGHT_CSS + ELEMENT_CSS;
  try {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = root.ownerDocument.createElement('style');
    style.textContent = css;
    root.appendChild(style);
  }
}

function el(doc, tag, props = {}, children = []) {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'part' || k === 'role') e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) e.append(c);
  return e;
}

// Importing this module where there is no DOM (server-side rendering, Node) defines nothing
// and throws nothing.
const Base = typeof HTMLElement === 'undefined' ? class {} : HTMLElement;

export class NewsmarkAnnotatorElement extends Base {
  static observedAttributes = ['layers', 'min-claim-score', 'debounce'];

  #annotator = null;
  #ownAnnotator = false;
  #store = new CorrectionStore();
  #source = null;
  #shown = null; // {text, analysis} drawn now
  #timer = 0;
  #run = null; // {controller, text} of the request in flight
  #generation = 0;
  #state = 'idle';
  #observer = null;
  #menuAnn = null;
  #ui;
  #onInput = () => this.#schedule(this.debounce);

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    styles(root);
    const doc = this.ownerDocument;
    const tagButtons = KINDS.map((k) => el(doc, 'button', { type: 'button', text: LABEL[k], 'data-tag': k, title: `Tag the selected text as ${LABEL[k].toLowerCase()}` }));
    const ui = {
      status: el(doc, 'span', { class: 'status', part: 'status', role: 'status', 'aria-live': 'polite' }),
      reading: el(doc, 'div', { class: 'reading', part: 'reading', 'aria-label': 'The text with its highlights' }),
      lists: {},
      menu: el(doc, 'div', { class: 'menu', part: 'menu', role: 'dialog', 'aria-label': 'Correct this tag', hidden: true }),
      menuTitle: el(doc, 'p', { class: 'title' }),
      undo: el(doc, 'button', { type: 'button', text: 'Undo', 'data-action': 'undo', disabled: true }),
      redo: el(doc, 'button', { type: 'button', text: 'Redo', 'data-action': 'redo', disabled: true }),
    };
    const panels = el(doc, 'aside', { class: 'panels', part: 'panels' });
    for (const [key, title] of [['person', 'People'], ['org', 'Organizations'], ['voices', 'Voices'], ['claims', 'Claims']]) {
      const list = el(doc, key === 'claims' ? 'ol' : 'ul', { 'data-list': key });
      ui.lists[key] = list;
      panels.append(el(doc, 'section', { 'data-panel': key }, [el(doc, 'h3', { text: title }), list]));
    }
    const menuKinds = el(
      doc,
      'div',
      { class: 'row' },
      KINDS.map((k) => el(doc, 'button', { type: 'button', text: LABEL[k], 'data-kind': k })),
    );
    ui.menu.append(ui.menuTitle, menuKinds, el(doc, 'div', { class: 'row' }, [el(doc, 'button', { type: 'button', text: 'Remove tag', 'data-action': 'remove' }), el(doc, 'button', { type: 'button', text: 'Close', 'data-action': 'close' })]));
    const bar = el(doc, 'div', { class: 'bar', part: 'toolbar' }, [ui.status, el(doc, 'span', { text: 'Tag selection:' }), ...tagButtons, ui.undo, ui.redo]);
    root.append(el(doc, 'slot'), bar, el(doc, 'div', { class: 'main' }, [ui.reading, panels]), ui.menu);
    this.#ui = ui;

    // Keep the selection (text box or reading view) when a toolbar button is pressed.
    bar.addEventListener('mousedown', (e) => {
      if (e.target.closest('button')) e.preventDefault();
    });
    bar.addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (!b) return;
      if (b.dataset.tag) this.#tagSelection(b.dataset.tag);
      else if (b.dataset.action === 'undo') this.undo();
      else if (b.dataset.action === 'redo') this.redo();
    });
    ui.reading.addEventListener('click', (e) => {
      const mark = e.target.closest('mark.hl');
      if (!mark) return;
      const sel = this.#readingSelection();
      if (sel && !sel.isCollapsed) return; // a selection, not a click on a tag
      this.#openMenu(mark);
    });
    ui.menu.addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (!b) return;
      const a = this.#menuAnn;
      this.#closeMenu();
      if (!a || !this.#shown) return;
      const { text } = this.#shown;
      if (b.dataset.kind && b.dataset.kind !== a.kind) this.addCorrection(changeKind(text, a, b.dataset.kind));
      else if (b.dataset.action === 'remove') this.addCorrection(removeTag(text, a));
    });
    root.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.#closeMenu();
    });
    panels.addEventListener('click', (e) => {
      const li = e.target.closest('li[data-ann]');
      if (!li) return;
      const mark = ui.reading.querySelector(`mark[data-ann="${li.dataset.ann}"]`);
      mark?.scrollIntoView({ block: 'nearest' });
      mark?.focus({ preventScroll: true });
    });
    this.#store.subscribe((list, reason) => {
      ui.undo.disabled = !this.#store.canUndo;
      ui.redo.disabled = !this.#store.canRedo;
      const correction = reason === 'push' ? list[list.length - 1] : null;
      this.#emit('newsmark-correction', { correction, corrections: list, reason });
      this.#schedule(0);
    });
  }

  // ---- attributes and properties ------------------------------------------------------

  /** The shown layers (the `layers` attribute; all four by default). */
  get layers() {
    const raw = this.getAttribute('layers');
    if (raw === null || !raw.trim()) return [...KINDS];
    return raw.split(/[\s,]+/).filter((k) => KINDS.includes(k));
  }

  get minClaimScore() {
    const v = Number.parseFloat(this.getAttribute('min-claim-score') ?? '');
    return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
  }

  get debounce() {
    const v = Number.parseInt(this.getAttribute('debounce') ?? '', 10);
    return Number.isFinite(v) && v >= 0 ? v : DEFAULT_DEBOUNCE;
  }

  /** 'loading' | 'annotating' | 'idle' | 'error' (also the `data-state` attribute). */
  get state() {
    return this.#state;
  }

  /** The wrapped editor's text now. */
  get text() {
    const s = this.#source;
    if (!s) return '';
    if ('value' in s && (s.localName === 'textarea' || s.localName === 'input')) return s.value;
    return s.innerText ?? s.textContent ?? '';
  }

  /** The analysis drawn now (of the text it was made for), or null. */
  get analysis() {
    return this.#shown ? this.#shown.analysis : null;
  }

  get corrections() {
    return this.#store.list;
  }

  /** Replaces the corrections (validated; throws a TypeError on a malformed one) and re-annotates. */
  set corrections(list) {
    this.#store.reset(list ?? []);
  }

  /** The annotator in use (null while the element's own is loading). */
  get annotator() {
    return this.#annotator && !this.#annotator.pending ? this.#annotator : null;
  }

  /** Uses `a` (from createAnnotator) instead of a worker of its own; the element never disposes it. */
  set annotator(a) {
    if (a === this.#annotator) return;
    if (this.#ownAnnotator) this.#annotator?.dispose?.(); // a pending one is disposed once it loads
    this.#annotator = a ?? null;
    this.#ownAnnotator = false;
    if (this.isConnected) {
      if (!a) this.#ensureAnnotator();
      this.#schedule(0);
    }
  }

  /** Appends a correction (see the correction builders) and re-annotates. */
  addCorrection(c) {
    this.#store.push(c);
  }

  undo() {
    return this.#store.undo();
  }

  redo() {
    return this.#store.redo();
  }

  /** Annotates now; resolves to the analysis drawn (or null when a newer edit replaced it). */
  refresh() {
    clearTimeout(this.#timer);
    return this.#annotate();
  }

  attributeChangedCallback(name) {
    if (name === 'debounce') return;
    if (this.#shown) this.#draw();
  }

  connectedCallback() {
    this.#attachSource();
    this.#observer = new MutationObserver(() => this.#attachSource());
    this.#observer.observe(this, { childList: true });
    this.#ensureAnnotator();
    this.#schedule(0);
  }

  disconnectedCallback() {
    clearTimeout(this.#timer);
    this.#observer?.disconnect();
    this.#observer = null;
    this.#detachSource();
    this.#run?.controller.abort();
    this.#run = null;
    cancelReading(this.#ui.reading);
    if (this.#ownAnnotator) {
      this.#annotator?.dispose?.();
      this.#annotator = null;
      this.#ownAnnotator = false;
    }
  }

  // ---- annotating ---------------------------------------------------------------------

  #ensureAnnotator() {
    if (this.#annotator) return;
    this.#ownAnnotator = true;
    this.#setState('loading');
    const pending = createAnnotator();
    this.#annotator = { pending };
    pending.then(
      (a) => {
        if (this.#annotator && this.#annotator.pending === pending) {
          this.#annotator = a;
          this.#schedule(0);
        } else a.dispose(); // disconnected or replaced meanwhile
      },
      (e) => {
        if (this.#annotator && this.#annotator.pending === pending) {
          this.#annotator = null;
          this.#fail(e);
        }
      },
    );
  }

  #attachSource() {
    const s = this.querySelector('textarea, input, [contenteditable]:not([contenteditable="false"])');
    if (s === this.#source) return;
    this.#detachSource();
    this.#source = s;
    s?.addEventListener('input', this.#onInput);
    this.#schedule(0);
  }

  #detachSource() {
    this.#source?.removeEventListener('input', this.#onInput);
    this.#source = null;
  }

  #schedule(ms) {
    if (this.#state === 'idle' && this.isConnected) this.#setState('annotating'); // work is due: not idle
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#annotate(), ms);
  }

  async #annotate() {
    const a = this.#annotator;
    if (!this.isConnected || !a || a.pending) return null;
    const text = this.text;
    const corrections = this.#store.list;
    const gen = ++this.#generation;
    const prev = this.#run;
    // A long stale request is stopped (its worker replaced); a short one is left to finish
    // and its result dropped: a restart costs more than it would.
    if (prev && prev.text.length >= ABANDON_LENGTH) prev.controller.abort();
    const controller = new AbortController();
    this.#run = { controller, text };
    this.#setState('annotating');
    let analysis;
    try {
      analysis = await a.annotate(text, { corrections, signal: controller.signal });
    } catch (e) {
      if (gen !== this.#generation || controller.signal.aborted || a.disposed) return null;
      this.#run = null;
      this.#fail(e);
      return null;
    }
    if (gen !== this.#generation) return null;
    this.#run = null;
    this.#shown = { text, analysis };
    this.#draw();
    this.#setState('idle');
    this.#emit('newsmark-annotated', { text, analysis, corrections });
    return analysis;
  }

  #fail(e) {
    this.#setState('error');
    this.#ui.status.textContent = `Could not annotate: ${e && e.message ? e.message : e}`;
    this.#emit('newsmark-error', { error: e, message: e && e.message ? e.message : String(e) });
  }

  #setState(s) {
    this.#state = s;
    this.dataset.state = s;
    this.#ui.status.classList.toggle('is-error', s === 'error');
    if (s === 'loading') this.#ui.status.textContent = 'Loading the annotator…';
    else if (s === 'annotating' && !this.#shown) this.#ui.status.textContent = 'Annotating…';
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  // ---- drawing ------------------------------------------------------------------------

  #draw() {
    const { text, analysis } = this.#shown;
    const shown = new Set(this.layers);
    const hidden = new Set(KINDS.filter((k) => !shown.has(k)));
    const min = this.minClaimScore;
    const doc = this.ownerDocument;
    this.#closeMenu();
    if (!text.trim()) {
      cancelReading(this.#ui.reading);
      this.#ui.reading.replaceChildren(el(doc, 'p', { class: 'placeholder', text: 'Type or paste an article to see its people, organizations, quotes and claims.' }));
    } else {
      renderReading(this.#ui.reading, text, analysis, { hidden, minClaimScore: min });
    }
    const counts = layerCounts(analysis, min);
    this.#ui.status.textContent = KINDS.filter((k) => shown.has(k))
      .map((k) => `${counts[k]} ${PLURAL[k][counts[k] === 1 ? 0 : 1]}`)
      .join(' · ');
    const L = this.#ui.lists;
    const item = (label, n, ann, title) => el(doc, 'li', { 'data-ann': String(ann), title: title ?? '' }, [label, ...(n ? [' ', el(doc, 'span', { class: 'n', text: `(${n})` })] : [])]);
    const fill = (list, items, empty) => list.replaceChildren(...(items.length ? items.slice(0, 200) : [el(doc, 'li', { class: 'empty', text: empty })]));
    const ents = entityList(analysis);
    fill(L.person, ents.filter((e) => e.kind === 'person').map((e) => item(e.name, e.count, e.mentions[0])), 'none found');
    fill(L.org, ents.filter((e) => e.kind === 'org').map((e) => item(e.name, e.count, e.mentions[0])), 'none found');
    fill(L.voices, voiceList(analysis).map((v) => item(v.name ?? 'no speaker found', v.quotes.length, v.quotes[0])), 'no quotes');
    fill(
      L.claims,
      claimList(analysis, min).map((c) => item(`${Math.round(c.score * 100)}% ${snippet(c.text, 80)}`, 0, c.index, c.reasons.join(', '))),
      'no claims',
    );
  }

  // ---- corrections from the reader ----------------------------------------------------

  #readingSelection() {
    const root = this.shadowRoot;
    if (typeof root.getSelection === 'function') return root.getSelection();
    const sel = this.ownerDocument.getSelection();
    if (!sel || sel.rangeCount === 0 || typeof sel.getComposedRanges !== 'function') return sel;
    const [r] = sel.getComposedRanges({ shadowRoots: [root] });
    if (!r) return null;
    const range = this.ownerDocument.createRange();
    range.setStart(r.startContainer, r.startOffset);
    range.setEnd(r.endContainer, r.endOffset);
    return { rangeCount: 1, isCollapsed: range.collapsed, getRangeAt: () => range };
  }

  /** Tags the selection in the text box (when it has one) or in the reading view as `kind`. */
  #tagSelection(kind) {
    const text = this.text;
    let range = null;
    const s = this.#source;
    if (s && typeof s.selectionStart === 'number' && s.selectionStart !== s.selectionEnd) {
      range = { start: s.selectionStart, end: s.selectionEnd };
    } else if (this.#shown && this.#shown.text === text) {
      range = selectionOffsets(this.#ui.reading, this.#readingSelection(), text.length);
    }
    const t = range && tidyRange(text, range.start, range.end);
    if (!t) {
      this.#ui.status.textContent = 'Select some text first (in the text box or below), then pick its tag.';
      return false;
    }
    this.addCorrection(addTag(text, t.start, t.end, kind));
    return true;
  }

  #openMenu(mark) {
    const a = this.#shown?.analysis.annotations[Number(mark.dataset.ann)];
    if (!a) return;
    this.#menuAnn = a;
    const ui = this.#ui;
    ui.menuTitle.textContent = `“${snippet(a.text, 60)}”: ${describeAnnotation(a, this.#shown.analysis)}`;
    for (const b of ui.menu.querySelectorAll('button[data-kind]')) {
      b.disabled = b.dataset.kind === a.kind;
      b.textContent = b.disabled ? LABEL[b.dataset.kind] : `Make it ${LABEL[b.dataset.kind].toLowerCase()}`;
    }
    for (const m of ui.reading.querySelectorAll('mark.is-selected')) m.classList.remove('is-selected');
    mark.classList.add('is-selected');
    const host = this.getBoundingClientRect();
    const r = mark.getBoundingClientRect();
    ui.menu.style.left = `${Math.max(0, r.left - host.left)}px`;
    ui.menu.style.top = `${r.bottom - host.top + 4}px`;
    ui.menu.hidden = false;
    ui.menu.querySelector('button:not(:disabled)')?.focus({ preventScroll: true });
  }

  #closeMenu() {
    this.#menuAnn = null;
    this.#ui.menu.hidden = true;
    for (const m of this.#ui.reading.querySelectorAll('mark.is-selected')) m.classList.remove('is-selected');
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('newsmark-annotator')) {
  customElements.define('newsmark-annotator', NewsmarkAnnotatorElement);
}
