// The side panel (Chromium sidePanel, Firefox sidebar_action): it runs the annotator (the
// wasm in a module worker, www/lib/worker.js through www/lib/client.js, under the extension's
// own CSP), lists people, organizations, voices and claims (www/app/panel.js), and holds the
// reader's corrections for this page (www/lib/corrections.js), saved per URL in
// chrome.storage.local and sent with every annotation, so that the core re-attaches them by
// their anchors when the page is reloaded or its text shifts.
//
// It talks to the tab's content script only (chrome.tabs.sendMessage): text comes in,
// offsets go out. Nothing here opens a network connection.

import { AnnotatorClient } from '../../www/lib/client.js';
import {
  CorrectionStore,
  Lexicon,
  MAX_ENTRIES,
  MAX_FILE_BYTES,
  addTag,
  changeKind,
  correctionProblem,
  mergeEntities,
  moveTag,
  nearestMention,
  parseLexiconFile,
  removeTag,
  setSpeaker,
  stepEdge,
  validateLexicon,
} from '../../www/lib/corrections.js';
import { layerCounts } from '../../www/lib/summary.js';
import { kept, renderLexicon, renderPanel } from '../../www/app/panel.js';
import { fillMenu } from '../../www/app/menu.js';

const api = globalThis.browser ?? globalThis.chrome;
const $ = (id) => document.getElementById(id);

/** Storage key of a page's corrections. */
export const storageKey = (url) => `newsmark:page:v1:${url}`;

/** The core's input limit (16 MB of UTF-8); the content script caps pages lower. */
const CORE_LIMIT_BYTES = 16 * 1024 * 1024;

const state = {
  tabId: null,
  fixedTab: false, // Chromium: one panel per tab (?tab=ID); Firefox: follows the active tab
  article: null, // {text, url, title, source, notes, truncated, fullLength}
  rendered: null, // {text, analysis}
  lit: null,
  menuAnns: null,
  selection: null,
  changedMessage: null,
  generation: 0,
  savedJson: null,
  port: null,
  portTab: null,
};
const store = new CorrectionStore();
/** What the reader's corrections taught, for every page (the page's lexicon, kept apart). */
const LEXICON_KEY = 'newsmark:lexicon:v1';
const lexicon = new Lexicon();

const client = new AnnotatorClient(() => new Worker(new URL('lib/worker.js', location.href), { type: 'module' }), {
  onReady: (info) => {
    document.documentElement.dataset.ready = 'yes';
    $('version').textContent = `newsmark ${info.version}`;
  },
  onResult: onResult,
  onError: (message) => setStatus(`The corrections could not be applied: ${message}`, 'error'),
  onCrash: ({ message }) => setStatus(`The annotator stopped (${message}). Press “Annotate this page” to try again; your corrections are kept.`, 'error'),
  onFatal: (message) => setStatus(`The annotator could not start: ${message}`, 'error'),
  onBusyChange: (busy) => {
    document.documentElement.dataset.annotator = busy ? 'busy' : 'idle';
  },
});

// ---- status and notes --------------------------------------------------------------------

function setStatus(text, kind = 'info') {
  const s = $('status');
  s.textContent = text;
  s.dataset.kind = kind;
}

function setNotes(list) {
  const box = $('notes');
  box.replaceChildren();
  for (const n of list) {
    const p = document.createElement('p');
    p.className = 'note';
    p.textContent = n;
    box.appendChild(p);
  }
  box.hidden = list.length === 0;
}

function articleNotes() {
  const a = state.article;
  if (!a) return [];
  const notes = [...(a.notes || [])];
  if (a.truncated) {
    notes.unshift(
      `This page is very long (${a.fullLength.toLocaleString('en')} characters of article text); newsmark annotated the first ${a.text.length.toLocaleString('en')} characters. Select a part of the page and press “Use my selection” to annotate another part.`,
    );
  }
  if (state.changedMessage) notes.unshift(state.changedMessage);
  return notes;
}

// ---- the tab ---------------------------------------------------------------------------------

async function tabSend(msg) {
  if (state.tabId === null) throw new Error('no tab');
  return api.tabs.sendMessage(state.tabId, msg);
}

const NOT_INJECTED = 'Press the newsmark button in the toolbar (or Alt+Shift+N) to annotate the article on this page.';

async function annotate(mode = 'article') {
  const gen = ++state.generation;
  setStatus(mode === 'selection' ? 'Reading your selection…' : 'Finding the article…');
  let res;
  try {
    res = await tabSend({ type: 'nm:extract', mode });
  } catch {
    if (gen !== state.generation) return;
    showNothing(NOT_INJECTED);
    return;
  }
  if (gen !== state.generation) return;
  if (!res || !res.ok) {
    state.article = null;
    showNothing(
      (res && res.message ? `${res.message} ` : '') +
        (mode === 'article' ? 'If the page does have an article, select its text and press “Use my selection”.' : 'Select some of the article’s text first.'),
      res && res.notes ? res.notes : [],
    );
    document.documentElement.dataset.article = 'none';
    return;
  }
  if (new TextEncoder().encode(res.text).length > CORE_LIMIT_BYTES) {
    showNothing('This text is over 16 MB, more than the annotator reads.');
    return;
  }
  state.article = res;
  state.changedMessage = null;
  holdPort();
  delete document.documentElement.dataset.drawn;
  delete document.documentElement.dataset.pageChanged;
  state.rendered = null;
  document.documentElement.dataset.article = res.source;
  setStatus(`Annotating ${res.text.length.toLocaleString('en')} characters…`);
  setNotes(articleNotes());
  const key = storageKey(res.url);
  let saved = [];
  try {
    const got = await api.storage.local.get(key);
    const rec = got[key];
    if (rec && Array.isArray(rec.corrections)) saved = rec.corrections.filter((c) => correctionProblem(c) === null);
  } catch (e) {
    setNotes([...articleNotes(), `Your saved corrections could not be read: ${e.message}`]);
  }
  if (gen !== state.generation) return;
  state.savedJson = canonical(saved);
  store.reset(saved); // → request()
}

/** A port to the tab's content script, open while this panel shows its page (see content.js). */
function holdPort() {
  if (state.port && state.portTab === state.tabId) return;
  try {
    state.port?.disconnect();
  } catch {
    // already gone
  }
  state.port = api.tabs.connect(state.tabId, { name: 'newsmark-panel' });
  state.portTab = state.tabId;
  state.port.onDisconnect.addListener(() => {
    state.port = null;
  });
}

function showNothing(message, notes = []) {
  state.rendered = null;
  state.article = null;
  closeMenu();
  renderPanel(document, { annotations: [], entities: [], diagnostics: [] }, [], { lit: null, claimThreshold: client.info?.claimThreshold, notFound: new Set() });
  setStatus(message, 'warn');
  setNotes(notes);
  updateButtons();
}

function request() {
  if (!state.article) return;
  client.request(state.article.text, store.list, { lexicon: lexicon.size ? lexicon.entries : null });
}

function onResult({ text, corrections, analysis }) {
  if (!state.article || text !== state.article.text || corrections !== store.list) return;
  state.rendered = { text, analysis };
  const notFound = new Set();
  const notes = articleNotes();
  for (const d of analysis.diagnostics) {
    if (d.code === 'correction_not_found' && d.correction !== null) notFound.add(d.correction);
    else if (d.code !== 'correction_no_effect') notes.push(d.message);
  }
  if (notFound.size) {
    notes.push(
      `${notFound.size === 1 ? 'One correction' : `${notFound.size} corrections`} could not be placed in this page’s text (listed under “Your corrections”); ${notFound.size === 1 ? 'it is' : 'they are'} kept.`,
    );
  }
  setNotes(notes);
  render();
  const c = layerCounts(analysis);
  const title = state.article.title ? `“${state.article.title}”` : 'this page';
  const n = (k, one, many) => `${k} ${k === 1 ? one : many}`;
  setStatus(
    `${state.article.source === 'selection' ? 'Your selection' : title}: ${n(c.person, 'person', 'people')}, ${n(c.org, 'organization', 'organizations')}, ${n(c.quote, 'quote', 'quotes')} and ${n(c.claim, 'claim', 'claims')} highlighted.`,
    'ok',
  );
  tabSend({ type: 'nm:draw', annotations: analysis.annotations.map(({ kind, start, end }) => ({ kind, start, end })) })
    .then((r) => {
      document.documentElement.dataset.drawn = String(r && r.drawn !== undefined ? r.drawn : 0);
      document.documentElement.dataset.draws = String(Number(document.documentElement.dataset.draws || 0) + 1);
      if (state.lit) lightUp(state.lit.anns, false);
    })
    .catch(() => setStatus('The page was closed or reloaded. ' + NOT_INJECTED, 'warn'));
  reopenMenu();
}

function render() {
  if (!state.rendered) return;
  const notFound = new Set();
  for (const d of state.rendered.analysis.diagnostics) if (d.code === 'correction_not_found' && d.correction !== null) notFound.add(d.correction);
  renderPanel(document, state.rendered.analysis, store.list, {
    lit: state.lit ? state.lit.key : null,
    claimThreshold: client.info?.claimThreshold,
    notFound,
  });
  updateButtons();
}

function updateButtons() {
  $('undo').disabled = !store.canUndo;
  $('redo').disabled = !store.canRedo;
  $('remove').disabled = !state.article;
  const sel = state.selection;
  const canTag = !!(state.rendered && sel && !sel.collapsed && sel.end > sel.start && sel.text.trim());
  for (const b of document.querySelectorAll('[data-tag]')) b.disabled = !canTag;
  $('tag-target').textContent = canTag ? `“${sel.text.length > 60 ? `${sel.text.slice(0, 60)}…` : sel.text}”` : 'Select text on the page to tag it';
}

// ---- corrections ------------------------------------------------------------------------------

store.subscribe((list, reason) => {
  // What the edit teaches is saved; the request below applies it.
  if (lexicon.follow(list, reason)) lexiconChanged(true, false);
  if (!state.article) return;
  // A reader's edit wins over an annotation still starting (it would reset the list): the
  // toolbar click and the panel's own start may both have asked for one.
  if (reason !== 'reset') state.generation++;
  if (reason !== 'reset') save(list);
  request();
  updateButtons();
});

/** JSON with object keys sorted: storage may hand objects back with their keys reordered. */
function canonical(v) {
  return JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
}

async function save(list) {
  const a = state.article;
  if (!a) return;
  const json = canonical(list);
  state.savedJson = json;
  try {
    if (list.length) await api.storage.local.set({ [storageKey(a.url)]: { v: 1, url: a.url, title: a.title, corrections: list, savedAt: Date.now() } });
    else await api.storage.local.remove(storageKey(a.url));
  } catch (e) {
    setStatus(`Your correction could not be saved: ${e.message}. It applies until the panel closes.`, 'error');
  }
}

// Another panel (another window) changed this page's corrections: follow it.
api.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || !state.article) return;
  const ch = changes[storageKey(state.article.url)];
  if (!ch) return;
  const list = ch.newValue && Array.isArray(ch.newValue.corrections) ? ch.newValue.corrections : [];
  const json = canonical(list);
  if (json === state.savedJson) return;
  state.savedJson = json;
  store.reset(list.filter((c) => correctionProblem(c) === null));
});

// ---- lighting and the menu --------------------------------------------------------------------

function lightUp(anns, scroll) {
  if (!state.rendered) return;
  const spans = anns.map((i) => state.rendered.analysis.annotations[i]).filter(Boolean).map(({ start, end }) => ({ start, end }));
  tabSend({ type: 'nm:focus', spans, scroll }).catch(() => {});
}

function openMenu(anns) {
  if (!state.rendered || !anns.length) return closeMenu();
  state.menuAnns = anns.map((i) => ({ ...state.rendered.analysis.annotations[i] }));
  fillMenu($('menu'), state.rendered.analysis, anns, state.rendered.text);
  $('menu').hidden = false;
}

function closeMenu() {
  $('menu').hidden = true;
  $('menu').replaceChildren();
  state.menuAnns = null;
}

/** After a new result: the menu reopens on the same annotations (by kind and offsets) if they remain. */
function reopenMenu() {
  if (!state.menuAnns || !state.rendered) return;
  const anns = state.rendered.analysis.annotations;
  const idx = state.menuAnns.map((m) => anns.findIndex((a) => a.kind === m.kind && a.start === m.start && a.end === m.end)).filter((i) => i >= 0);
  if (idx.length) openMenu(idx);
  else closeMenu();
}

/** The annotations around an offset range, innermost (shortest) first. */
function annotationsAt(start, end) {
  if (!state.rendered) return [];
  const out = [];
  state.rendered.analysis.annotations.forEach((a, i) => {
    if (a.start <= start && end <= a.end && (start < a.end || a.start === a.end)) out.push(i);
  });
  const anns = state.rendered.analysis.annotations;
  return out.sort((x, y) => anns[x].end - anns[x].start - (anns[y].end - anns[y].start));
}

$('menu').addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-action]');
  if (!b || !state.rendered) return;
  const { text, analysis } = state.rendered;
  if (b.dataset.action === 'close') return closeMenu();
  const a = analysis.annotations[Number(b.dataset.ann)];
  if (!a) return;
  switch (b.dataset.action) {
    case 'kind':
      state.menuAnns = [{ ...a, kind: b.dataset.kind }];
      store.push(changeKind(text, a, b.dataset.kind));
      break;
    case 'remove':
      closeMenu();
      store.push(removeTag(text, a));
      break;
    case 'edge': {
      const to = stepEdge(text, a.start, a.end, b.dataset.edge, Number(b.dataset.dir));
      if (!to) return;
      state.menuAnns = [{ kind: a.kind, start: to.start, end: to.end }];
      store.push(moveTag(text, a, to.start, to.end));
      break;
    }
    default:
  }
});

$('menu').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const form = ev.target;
  if (!state.rendered) return;
  const { text, analysis } = state.rendered;
  const a = analysis.annotations[Number(form.dataset.ann)];
  if (!a) return;
  if (form.dataset.action === 'merge') {
    const k = form.elements.into.value;
    const into = k === '' ? null : nearestMention(analysis, Number(k), a);
    if (!into) return;
    store.push(mergeEntities(text, a, into));
    return;
  }
  const name = form.elements.speaker.value.trim();
  if (!name) return;
  const ent = analysis.entities.findIndex((e) => e.name.toLowerCase() === name.toLowerCase());
  const mention = ent >= 0 ? nearestMention(analysis, ent, a) : null;
  store.push(setSpeaker(text, a, ent >= 0 ? analysis.entities[ent].name : name, mention));
});

// The lists: light an entity's mentions, a voice's quotes or a claim in the page; jump to a
// quote; dismiss a claim; forget a correction.
document.addEventListener('click', (ev) => {
  const t = ev.target.closest('button');
  if (!t || t.closest('#menu')) return;
  if (t.dataset.litKey && state.rendered) {
    const anns = JSON.parse(t.dataset.anns || '[]');
    if (state.lit && state.lit.key === t.dataset.litKey) {
      state.lit = null;
      tabSend({ type: 'nm:focus', spans: [] }).catch(() => {});
      closeMenu();
    } else {
      state.lit = { key: t.dataset.litKey, anns };
      lightUp(anns, true);
      openMenu(anns.slice(0, 1));
    }
    render();
    return;
  }
  if (t.dataset.jump !== undefined && state.rendered) {
    const i = Number(t.dataset.jump);
    state.lit = { key: `jump:${i}`, anns: [i] };
    lightUp([i], true);
    openMenu([i]);
    return;
  }
  if (t.dataset.dismiss !== undefined && state.rendered) {
    const a = state.rendered.analysis.annotations[Number(t.dataset.dismiss)];
    if (a) store.push(removeTag(state.rendered.text, a));
    return;
  }
  if (t.dataset.forget !== undefined) {
    store.removeAt(Number(t.dataset.forget));
    return;
  }
  if (t.dataset.keepOrphan !== undefined) {
    kept.add(store.list[Number(t.dataset.keepOrphan)]);
    render();
    return;
  }
  if (t.dataset.unlearn !== undefined) {
    if (lexicon.remove(t.dataset.unlearn)) lexiconChanged();
    return;
  }
  if (t.id === 'lexicon-reset') {
    const n = lexicon.size;
    lexicon.replace([]);
    lexiconChanged();
    setStatus(`The lexicon was reset: ${n} names forgotten.`, 'ok');
    return;
  }
  if (t.id === 'lexicon-import') $('lexicon-file').click();
  if (t.id === 'lexicon-export') {
    const a = document.createElement('a');
    a.download = 'newsmark-lexicon.json';
    a.href = URL.createObjectURL(new Blob([JSON.stringify(lexicon)], { type: 'application/json' }));
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }
  if (t.dataset.tag && state.rendered && state.selection && !state.selection.collapsed) {
    const { start, end } = state.selection;
    store.push(addTag(state.rendered.text, start, end, t.dataset.tag));
  }
});

// ---- the lexicon: learnt from corrections on every page, saved in the extension's storage ----

/** The lexicon changed: saved (unless it was just read), shown, applied (unless the caller asks). */
async function lexiconChanged(save = true, ask = true) {
  renderLexicon(document, lexicon);
  if (ask) request();
  if (!save) return;
  try {
    await api.storage.local.set({ [LEXICON_KEY]: lexicon.toJSON() });
  } catch (e) {
    setStatus(`What your corrections taught could not be saved: ${e.message}.`, 'error');
  }
}

async function loadLexicon() {
  try {
    const got = (await api.storage.local.get(LEXICON_KEY))[LEXICON_KEY];
    if (got) lexicon.replace(validateLexicon(got));
  } catch (e) {
    setStatus(`What your corrections taught could not be read: ${e.message}.`, 'error');
    return;
  }
  lexiconChanged(false);
}
loadLexicon();

$('lexicon-file').addEventListener('change', async () => {
  const input = $('lexicon-file');
  const file = input.files[0];
  input.value = '';
  if (!file) return;
  try {
    if (file.size > MAX_FILE_BYTES) throw new TypeError(`a lexicon file may have at most ${MAX_FILE_BYTES / 1e6} MB`);
    const entries = parseLexiconFile(await file.text());
    const all = [...lexicon.entries, ...entries];
    if (new Set(all.map((e) => e.name)).size > MAX_ENTRIES) throw new TypeError(`with it the lexicon would have over ${MAX_ENTRIES.toLocaleString('en')} names`);
    lexicon.replace(all);
    lexiconChanged();
    setStatus(`Imported ${entries.length} names into the lexicon.`, 'ok');
  } catch (e) {
    setStatus(`The lexicon could not be imported: ${e.message}. Nothing was changed.`, 'error');
  }
});

$('annotate').addEventListener('click', () => reinject('article'));
$('use-selection').addEventListener('click', () => reinject('selection'));
$('undo').addEventListener('click', () => store.undo());
$('redo').addEventListener('click', () => store.redo());
$('remove').addEventListener('click', async () => {
  state.generation++;
  state.article = null;
  state.rendered = null;
  state.lit = null;
  closeMenu();
  try {
    await tabSend({ type: 'nm:clear' });
    await api.scripting.removeCSS({ target: { tabId: state.tabId }, files: ['page.css'] }).catch(() => {});
    showNothing('Highlights removed. The page is as it was.');
    document.documentElement.dataset.drawn = '0';
  } catch {
    showNothing(NOT_INJECTED);
  }
});

/** The panel's own buttons: inject again if the page was reloaded (needs a fresh grant). */
async function reinject(mode) {
  try {
    await tabSend({ type: 'nm:ping' });
  } catch {
    try {
      await api.scripting.insertCSS({ target: { tabId: state.tabId }, files: ['page.css'] });
      await api.scripting.executeScript({ target: { tabId: state.tabId }, files: ['content.js'] });
    } catch {
      showNothing(NOT_INJECTED);
      return;
    }
  }
  annotate(mode);
}

// ---- messages from the tab and the background -------------------------------------------------

api.runtime.onMessage.addListener((msg, sender) => {
  if (!msg || typeof msg.type !== 'string') return;
  const fromTab = sender && sender.tab ? sender.tab.id : null;
  if (msg.type === 'nm:injected' && msg.tabId === state.tabId) {
    if (msg.error) showNothing(`newsmark cannot read this page: ${msg.error}`);
    else annotate('article');
  } else if (msg.type === 'nm:selection-changed' && fromTab === state.tabId) {
    state.selection = msg.selection;
    updateButtons();
    if (msg.selection && state.rendered) {
      const at = annotationsAt(msg.selection.start, msg.selection.end);
      if (at.length) openMenu(at);
      else if (msg.selection.collapsed) closeMenu();
    }
  } else if (msg.type === 'nm:page-changed' && fromTab === state.tabId) {
    state.changedMessage = msg.message;
    setNotes(articleNotes());
    document.documentElement.dataset.pageChanged = msg.what;
  }
});

// ---- start ------------------------------------------------------------------------------------

async function followTab() {
  const fixed = new URLSearchParams(location.search).get('tab');
  if (fixed !== null && fixed !== '') {
    state.tabId = Number(fixed);
    state.fixedTab = true;
  } else {
    const [tab] = await api.tabs.query({ active: true, currentWindow: true });
    state.tabId = tab ? tab.id : null;
    // Firefox's sidebar belongs to a window: it shows the active tab's article.
    api.tabs.onActivated.addListener(({ tabId }) => {
      state.tabId = tabId;
      state.selection = null;
      annotate('article');
    });
  }
  api.tabs.onUpdated.addListener((tabId, info) => {
    if (tabId === state.tabId && info.status === 'loading') {
      state.generation++;
      showNothing(NOT_INJECTED);
    }
  });
}

await followTab();
showNothing(NOT_INJECTED);
// The content script may be there already (the panel was opened after the click injected it).
tabSend({ type: 'nm:ping' })
  .then((r) => {
    if (r && r.ok) annotate('article');
  })
  .catch(() => {});
