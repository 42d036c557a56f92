// Export (JSON, CSV downloads of what is shown; the standard formats, written by the core in
// the annotator's worker) and import (an exported JSON file read back, or a W3C or spaCy
// file's tags turned into corrections by the core; the alert offers to undo it).

import { MAX_ENTRIES, MAX_FILE_BYTES, parseLexiconFile } from '../lib/corrections.js';
import { buildCsv } from '../lib/csv.js';
import { buildExport, exportFileName } from '../lib/export.js';
import { IMPORT_MAX_BYTES, ImportError, STANDARD_IMPORT_MAX_BYTES, parseImport, standardFormatOf } from '../lib/import.js';
import { snippet } from '../lib/summary.js';
import { callAnnotator, requestNow } from './annotator.js';
import { showArticle } from './article.js';
import { renderLexicon } from './panel.js';
import { lexicon, persistLexicon, state, store } from './state.js';
import { showAlert, ui } from './ui.js';

function download(name, type, body) {
  const blob = new Blob([body], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function exportJson() {
  const r = state.rendered;
  if (!r || r.crashed) return;
  const data = buildExport({ text: r.text, analysis: r.analysis, corrections: r.corrections, generator: state.info ? { version: state.info.version } : {} });
  download(exportFileName(r.text), 'application/json', `${JSON.stringify(data, null, 2)}\n`);
  ui.status.textContent = `Exported ${data.annotations.length} tags and ${data.corrections.length} correction${data.corrections.length === 1 ? '' : 's'} (offsets in code points).`;
}

function exportCsv() {
  const r = state.rendered;
  if (!r || r.crashed) return;
  download(exportFileName(r.text).replace(/\.json$/, '.csv'), 'text/csv;charset=utf-8', buildCsv({ text: r.text, analysis: r.analysis }));
  const n = r.analysis.annotations.length;
  ui.status.textContent = `Exported ${n} tag${n === 1 ? '' : 's'} as CSV (offsets in code points).`;
}

const FORMAT_NAMES = {
  w3c: ['W3C Web Annotation', 'jsonld', 'application/ld+json'],
  spacy: ['spaCy JSONL', 'jsonl', 'application/x-ndjson'],
  brat: ['brat standoff', 'ann', 'text/plain;charset=utf-8'],
  conll: ['CoNLL IOB', 'conll', 'text/plain;charset=utf-8'],
  'quotes-csv': ['quotes-by-speaker CSV', 'csv', 'text/csv;charset=utf-8'],
};

/** Downloads what is shown in a standard format; the core writes it (see export.rs). */
async function exportStandard() {
  const format = ui.exportFormat.value;
  ui.exportFormat.value = '';
  const r = state.rendered;
  if (!format || !Object.hasOwn(FORMAT_NAMES, format) || !r || r.crashed) return;
  const [label, ext, type] = FORMAT_NAMES[format];
  let body;
  try {
    body = await callAnnotator('export', { text: r.text, corrections: r.corrections, format, lexicon: lexicon.entries });
  } catch (e) {
    showAlert(`The ${label} export failed: ${e && e.message ? e.message : e}.`);
    return;
  }
  const base = exportFileName(r.text).replace(/\.json$/, '');
  if (format === 'brat') {
    // brat reads the .ann beside its .txt, whose code points the offsets count.
    download(`${base}.txt`, 'text/plain;charset=utf-8', r.text);
  }
  download(`${base}.${ext}`, type, body);
  const n = r.analysis.annotations.length;
  ui.status.textContent = `Exported ${n} tag${n === 1 ? '' : 's'} as ${label}${format === 'brat' ? ' (.ann with the article as .txt)' : ''} (offsets in code points).`;
}

/** Reads a W3C, spaCy, brat or CoNLL file's tags into the current article as corrections (one undo step). */
async function importStandard(file, format, refuse) {
  const label = FORMAT_NAMES[format][0];
  if (file.size > STANDARD_IMPORT_MAX_BYTES) {
    refuse(`the file is larger than ${STANDARD_IMPORT_MAX_BYTES / 1048576} MB, the most read for a ${label} file`);
    return;
  }
  const text = state.text;
  if (!text.trim()) {
    refuse(`a ${label} file holds tags for an article: paste the article first`);
    return;
  }
  const before = store.list;
  let result;
  try {
    const content = await file.text();
    result = await callAnnotator('import', { text, corrections: before, format, content, lexicon: lexicon.entries });
  } catch (e) {
    refuse(e && e.message ? e.message : String(e));
    return;
  }
  if (state.text !== text || store.list !== before) {
    refuse('the article or the corrections changed while the file was read');
    return;
  }
  if (!result.corrections.length) {
    showAlert(`“${snippet(file.name, 60)}” has the same ${result.tags} tag${result.tags === 1 ? '' : 's'} as the article: nothing to change.`);
    return;
  }
  try {
    // A file's tags are not the reader's lessons: the lexicon does not learn from them.
    state.importing = true;
    store.pushAll(result.corrections); // saves (see the store's subscriber in main.js)
  } catch (e) {
    refuse(`its tags could not be kept as corrections (${e && e.message ? e.message : e})`);
    return;
  } finally {
    state.importing = false;
  }
  const after = store.list;
  requestNow();
  const parts = [`${result.added} added`, `${result.removed} removed`];
  if (result.speakers) parts.push(`${result.speakers} speaker${result.speakers === 1 ? '' : 's'} set`);
  showAlert(`Imported the ${result.tags} tags of “${snippet(file.name, 60)}” (${label}) as corrections: ${parts.join(', ')}.`, {
    label: 'Undo import',
    run: () => {
      if (store.list === after) store.undo();
      requestNow();
    },
  });
}

async function importFile() {
  const file = ui.importFile.files && ui.importFile.files[0];
  ui.importFile.value = '';
  if (!file) return;
  const refuse = (why) => showAlert(`“${snippet(file.name, 60)}” was not imported: ${why}. Nothing was changed.`);
  if (file.size > IMPORT_MAX_BYTES) {
    refuse(`the file is larger than ${IMPORT_MAX_BYTES / 1048576} MB`);
    return;
  }
  let imported;
  try {
    const format = standardFormatOf(await file.slice(0, 65536).text());
    if (format) {
      await importStandard(file, format, refuse);
      return;
    }
    imported = parseImport(await file.text());
  } catch (e) {
    refuse(e instanceof ImportError ? e.message : `the file could not be read (${e && e.message ? e.message : e})`);
    return;
  }
  const before = { text: state.text, corrections: store.list, lexicon: lexicon.entries };
  // An export's corrections teach here what they taught where they were made.
  taught(lexicon.teach(imported.corrections));
  replaceWork(imported.text, imported.corrections);
  const n = imported.corrections.length;
  showAlert(`Imported “${snippet(file.name, 60)}”: ${imported.text.length.toLocaleString('en')} characters and ${n} correction${n === 1 ? '' : 's'}.`, {
    label: 'Undo import',
    run: () => {
      lexicon.replace(before.lexicon);
      taught(true);
      replaceWork(before.text, before.corrections);
    },
  });
}

function taught(changed) {
  if (!changed) return;
  persistLexicon();
  renderLexicon(document, lexicon);
}

/** Replaces the lexicon (reset, import), with Undo in the alert; applied at once. */
function replaceLexicon(entries, message) {
  const before = lexicon.entries;
  lexicon.replace(entries);
  taught(true);
  requestNow();
  showAlert(message, { label: 'Undo', run: () => replaceLexicon(before, 'The lexicon is back as it was.') });
}

async function importLexicon() {
  const file = ui.lexiconFile.files[0];
  ui.lexiconFile.value = '';
  if (!file) return;
  let entries;
  try {
    if (file.size > MAX_FILE_BYTES) throw new TypeError(`a lexicon file may have at most ${MAX_FILE_BYTES / 1e6} MB`);
    entries = parseLexiconFile(await file.text());
    if (new Set([...lexicon.entries, ...entries].map((e) => e.name)).size > MAX_ENTRIES) throw new TypeError(`with it the lexicon would have over ${MAX_ENTRIES.toLocaleString('en')} names`);
  } catch (e) {
    showAlert(`The lexicon could not be imported: ${e.message}. Nothing was changed.`);
    return;
  }
  replaceLexicon([...lexicon.entries, ...entries], `Imported ${entries.length} names into the lexicon.`);
}

/** "Learnt from your corrections": forget a name, export, import, reset. */
function onLexiconClick(ev) {
  const b = ev.target.closest('button');
  if (b?.dataset.unlearn !== undefined) {
    replaceLexicon(lexicon.entries.filter((e) => e.name !== b.dataset.unlearn), `Forgot “${snippet(b.dataset.unlearn, 60)}”.`);
  } else if (b?.id === 'lexicon-reset') replaceLexicon([], `The lexicon was reset: ${lexicon.size} names forgotten.`);
  else if (b?.id === 'lexicon-import') ui.lexiconFile.click();
  else if (b?.id === 'lexicon-export') download('newsmark-lexicon.json', 'application/json', JSON.stringify(lexicon));
}

/** Replaces the article and the corrections (import, undo import); saves at once. */
function replaceWork(text, corrections) {
  showArticle(text);
  store.reset(corrections); // saves (see the store's subscriber in main.js)
  requestNow();
}

export function wireImportExport() {
  ui.exportBtn.addEventListener('click', exportJson);
  ui.exportCsvBtn.addEventListener('click', exportCsv);
  ui.exportFormat.addEventListener('change', exportStandard);
  ui.importBtn.addEventListener('click', () => ui.importFile.click());
  ui.importFile.addEventListener('change', importFile);
  renderLexicon(document, lexicon);
  document.getElementById('lexicon-panel').addEventListener('click', onLexiconClick);
  ui.lexiconFile.addEventListener('change', importLexicon);
}
