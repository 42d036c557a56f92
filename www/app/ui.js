// This page's elements, found once, and the alert bar every part of the page reports through.

const $ = (id) => document.getElementById(id);

export const ui = {
  html: document.documentElement,
  input: $('article'),
  charCount: $('char-count'),
  reading: $('reading'),
  notes: $('notes'),
  status: $('status'),
  saveStatus: $('save-status'),
  alert: $('alert'),
  alertText: $('alert-text'),
  alertClose: $('alert-close'),
  undo: $('undo'),
  redo: $('redo'),
  exportBtn: $('export'),
  exportCsvBtn: $('export-csv'),
  exportFormat: $('export-format'),
  importBtn: $('import'),
  importFile: $('import-file'),
  progress: $('progress'),
  progressBar: $('progress-bar'),
  progressText: $('progress-text'),
  limitNote: $('limit-note'),
  largeNote: $('large-note'),
  largeText: $('large-text'),
  clearLarge: $('clear-large'),
  alertAction: $('alert-action'),
  tagTarget: $('tag-target'),
  tagButtons: [...document.querySelectorAll('[data-tag]')],
  layerButtons: [...document.querySelectorAll('[data-layer]')],
  claimMin: $('claim-min'),
  claimMinOut: $('claim-min-out'),
  menu: $('tag-menu'),
  announcer: $('announcer'),
  handleLayer: $('resize-handles'),
  handles: [...document.querySelectorAll('#resize-handles .resize-handle')],
  side: document.querySelector('.side-pane'),
  lexiconFile: $('lexicon-file'),
};

let alertAction = null;

/** Shows `message` in the alert bar, with an optional button {label, run}. */
export function showAlert(message, action = null) {
  ui.alertText.textContent = message;
  alertAction = action;
  ui.alertAction.hidden = !action;
  ui.alertAction.textContent = action ? action.label : '';
  ui.alert.hidden = false;
}

function hideAlert() {
  ui.alert.hidden = true;
  alertAction = null;
}

/** The alert bar's buttons: close, and its action (which closes it first). */
export function wireAlerts() {
  ui.alertClose.addEventListener('click', hideAlert);
  ui.alertAction.addEventListener('click', () => {
    const a = alertAction;
    hideAlert();
    a?.run();
  });
}
