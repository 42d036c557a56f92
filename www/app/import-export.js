// Export (JSON, CSV downloads of what is shown) and import (an exported JSON file read back;
// the alert offers to undo it).

import { buildCsv } from '../lib/csv.js';
import { buildExport, exportFileName } from '../lib/export.js';
import { IMPORT_MAX_BYTES, ImportError, parseImport } from '../lib/import.js';
import { snippet } from '../lib/summary.js';
import { requestNow } from './annotator.js';
import { showArticle } from './article.js';
import { state, store } from './state.js';
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
    imported = parseImport(await file.text());
  } catch (e) {
    refuse(e instanceof ImportError ? e.message : `the file could not be read (${e && e.message ? e.message : e})`);
    return;
  }
  const before = { text: state.text, corrections: store.list };
  replaceWork(imported.text, imported.corrections);
  const n = imported.corrections.length;
  showAlert(`Imported “${snippet(file.name, 60)}”: ${imported.text.length.toLocaleString('en')} characters and ${n} correction${n === 1 ? '' : 's'}.`, {
    label: 'Undo import',
    run: () => replaceWork(before.text, before.corrections),
  });
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
  ui.importBtn.addEventListener('click', () => ui.importFile.click());
  ui.importFile.addEventListener('change', importFile);
}
