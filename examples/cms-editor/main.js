// A CMS story editor (ProseMirror) with newsmark: highlights are decorations, the editor's
// document is never changed by them; corrections are kept in the plugin (outside the undo
// history) and saved to localStorage as plain correction objects.

import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { schema } from 'prosemirror-schema-basic';
import { history, undo, redo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import { baseKeymap } from 'prosemirror-commands';
import { createAnnotator, entityList, KINDS } from 'newsmark';
import { newsmarkPlugin, isCurrent, HIGHLIGHT_CSS, highlights, highlightsAt, tagSelection, removeHighlight, changeHighlightKind, getCorrections, getAnalysis } from 'newsmark/prosemirror';
import './style.css';

const SAVED = 'cms-editor:newsmark-corrections';
const LABEL = { person: 'Person', org: 'Organization', quote: 'Quote', claim: 'Claim' };
const $ = (id) => document.getElementById(id);

const css = new CSSStyleSheet();
css.replaceSync(HIGHLIGHT_CSS);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, css];

const status = $('status');
const setStatus = (state, text) => {
  status.dataset.state = state;
  status.textContent = text;
};

const annotator = createAnnotator();
annotator.catch((e) => setStatus('error', `newsmark could not load: ${e.message}`));

function loadSaved() {
  try {
    return JSON.parse(localStorage.getItem(SAVED) ?? '[]');
  } catch {
    return [];
  }
}

const plugin = newsmarkPlugin({
  annotator,
  debounce: 250,
  corrections: loadSaved(),
  onAnnotated: ({ analysis }) => {
    const c = { person: 0, org: 0, quote: 0, claim: 0 };
    for (const a of analysis.annotations) c[a.kind]++;
    setStatus('idle', `${c.person} people · ${c.org} organizations · ${c.quote} quotes · ${c.claim} claims`);
    const fill = (ul, items) => ul.replaceChildren(...items.map((e) => Object.assign(document.createElement('li'), { textContent: `${e.name} (${e.count})` })));
    const ents = entityList(analysis);
    fill($('people'), ents.filter((e) => e.kind === 'person'));
    fill($('orgs'), ents.filter((e) => e.kind === 'org'));
    showCorrections();
  },
  onCorrections: (list) => {
    localStorage.setItem(SAVED, JSON.stringify(list));
    showCorrections();
  },
  onError: (e) => setStatus('error', `newsmark: ${e.message}`),
});

const view = new EditorView($('editor'), {
  state: EditorState.create({
    schema,
    plugins: [history(), keymap({ 'Mod-z': undo, 'Mod-y': redo, 'Mod-Shift-z': redo }), keymap(baseKeymap), plugin],
  }),
  dispatchTransaction(tr) {
    view.updateState(view.state.apply(tr));
    if (tr.docChanged) setStatus('typing', status.textContent);
  },
});

function showCorrections() {
  $('corrections').replaceChildren(
    ...getCorrections(view.state).map((c) => {
      const li = document.createElement('li');
      const t = (c.target ?? c.from).text;
      li.textContent = c.op === 'changeKind' ? `“${t}”: ${c.from} → ${c.to}` : `${c.op} ${c.kind ?? ''} “${t}”`;
      return li;
    }),
  );
}

// Tagging a selection.
$('toolbar').addEventListener('mousedown', (e) => {
  if (e.target.closest('button')) e.preventDefault(); // keep the editor's selection
});
$('toolbar').addEventListener('click', (e) => {
  const kind = e.target.closest('button')?.dataset.tag;
  if (kind) tagSelection(kind)(view.state, view.dispatch);
});

// Clicking a highlight: a small menu to change its kind or remove it.
const menu = $('menu');
let hit = null;
for (const k of KINDS) {
  const b = document.createElement('button');
  b.type = 'button';
  b.dataset.kind = k;
  b.textContent = LABEL[k];
  $('menu-kinds').append(b);
}
view.dom.addEventListener('click', (e) => {
  if (!view.state.selection.empty) return;
  const at = view.posAtCoords({ left: e.clientX, top: e.clientY });
  const hits = at ? highlightsAt(view.state, at.pos) : [];
  if (!hits.length) return closeMenu();
  hit = hits[0];
  $('menu-title').textContent = `“${hit.text}” is tagged ${LABEL[hit.kind].toLowerCase()}`;
  for (const b of $('menu-kinds').children) b.disabled = b.dataset.kind === hit.kind;
  menu.style.left = `${e.pageX}px`;
  menu.style.top = `${e.pageY + 12}px`;
  menu.hidden = false;
});
function closeMenu() {
  menu.hidden = true;
  hit = null;
}
$('menu-kinds').addEventListener('click', (e) => {
  const k = e.target.closest('button')?.dataset.kind;
  if (k && hit) changeHighlightKind(hit, k)(view.state, view.dispatch);
  closeMenu();
  view.focus();
});
$('menu-remove').addEventListener('click', () => {
  if (hit) removeHighlight(hit)(view.state, view.dispatch);
  closeMenu();
  view.focus();
});
$('menu-close').addEventListener('click', closeMenu);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') closeMenu();
});

view.focus();
// For the end-to-end test and for poking around in devtools.
window.newsmarkDemo = {
  view,
  annotator,
  getCorrections: () => getCorrections(view.state),
  getAnalysis: () => getAnalysis(view.state),
  highlights: () => highlights(view.state).map(({ kind, from, to, text, annotation }) => ({ kind, from, to, text, byUser: !!annotation?.byUser })),
  /** True once the highlights drawn are those of the text as it is now. */
  isCurrent: () => isCurrent(view.state),
};
