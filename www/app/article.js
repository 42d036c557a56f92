// The article: the text box, typing and pasting into it, and articles too long for it, which
// are shown in the reading view only.

import { requestNow, requestSoon } from './annotator.js';
import { render } from './render.js';
import { persistText, state, store } from './state.js';
import { showAlert, ui } from './ui.js';

/**
 * Longer articles are kept out of the text box: in a browser's text box, 10 MB takes seconds
 * to paste and seconds per key typed, all on the page's one thread. Such an article is shown
 * in the reading view only (drawn as it is scrolled to); the text box is read-only, and a
 * paste replaces the article.
 */
const LARGE_TEXT_UNITS = 2_000_000;
const DEFAULT_PLACEHOLDER = ui.input.placeholder;

let large = false; // the article is too long for the text box

/** Makes `text` the article: in the text box, or, when too long for it, beside it. */
export function showArticle(text) {
  state.text = text;
  large = text.length > LARGE_TEXT_UNITS;
  ui.input.readOnly = large;
  ui.input.value = large ? '' : text;
  ui.input.placeholder = large ? 'Paste here to replace the article.' : DEFAULT_PLACEHOLDER;
  ui.largeNote.hidden = !large;
  if (large) {
    ui.largeText.textContent = `This article has ${text.length.toLocaleString('en')} characters: too long to edit in a text box, so it is shown in the reading view only. Paste here to replace it.`;
    // Show it at once, without highlights: annotating it takes a while.
    render({ text, corrections: store.list, analysis: { annotations: [], entities: [], diagnostics: [] }, ms: 0, pending: true });
  }
  updateCharCount();
}

/** Replaces the article outside the text box's own undo; the alert offers to undo it. */
function replaceArticle(text, before) {
  showArticle(text);
  persistText();
  requestNow();
  if (before && before !== text) {
    showAlert(`The ${before.length.toLocaleString('en')}-character article was replaced.`, { label: 'Undo', run: () => replaceArticle(before, state.text) });
  }
}

/** Pastes shorter than this (UTF-16 units of text) are taken as they are: a few paragraphs. */
const MIN_PAGE_PASTE_UNITS = 1500;

/** The page's copy of Mozilla's Readability (www/pkg/readability.js), loaded when first needed. */
let readability = null;

/**
 * Makes the article of a pasted web page the article: the main content found in its HTML
 * (the extension's module, on an inert copy), or the plain text when none is found. The
 * alert says what was left out and offers the whole text instead.
 */
async function pasteWebPage(html, plain, before) {
  let res = { ok: false };
  try {
    readability ??= import('../pkg/readability.js');
    const [{ Readability }, { articleFromHtml }] = await Promise.all([readability, import('../lib/html-paste.js')]);
    res = await articleFromHtml(html, { Readability });
  } catch (e) {
    res = { ok: false, message: String(e && e.message ? e.message : e) };
  }
  // Only when the page really had more than its article.
  if (!res.ok || res.text.length >= plain.length * KEEP_ALL_SHARE) {
    replaceArticle(plain, before);
    return;
  }
  replaceArticle(res.text, before);
  const left = plain.length - res.text.length;
  showAlert(
    `Pasted from a web page: kept its article (${res.text.length.toLocaleString('en')} characters) and left out ${left.toLocaleString('en')} characters of menus, links and other page furniture.`,
    { label: 'Paste all the text', run: () => replaceArticle(plain, state.text) },
  );
}

/** When the article found is at least this share of the page's text, the whole text is kept. */
const KEEP_ALL_SHARE = 0.95;

export function updateCharCount() {
  const n = state.text.length;
  ui.charCount.textContent = n ? `${n.toLocaleString('en')} characters` : '';
}

/** Typing and pasting in the text box; the button that clears a long article. */
export function wireArticle() {
  ui.input.addEventListener('input', () => {
    if (large || ui.input.value.length > LARGE_TEXT_UNITS) showArticle(ui.input.value);
    else state.text = ui.input.value;
    updateCharCount();
    persistText();
    requestSoon();
  });

  // A paste that would make the text box hold a long article skips the text box (see
  // LARGE_TEXT_UNITS). Line ends become LF, as the text box would make them.
  ui.input.addEventListener('paste', (ev) => {
    const pasted = ev.clipboardData ? ev.clipboardData.getData('text/plain') : '';
    const { selectionStart: s, selectionEnd: e, value } = ui.input;
    // A whole web page copied from a browser comes as HTML too: pasted into the empty box,
    // its main content is kept (see pasteWebPage).
    const html = ev.clipboardData ? ev.clipboardData.getData('text/html') : '';
    if (html && !value && !large && pasted.length >= MIN_PAGE_PASTE_UNITS) {
      ev.preventDefault();
      pasteWebPage(html, pasted.replace(/\r\n?/g, '\n'), state.text);
      return;
    }
    if (!large && value.length - (e - s) + pasted.length <= LARGE_TEXT_UNITS) return; // the browser pastes
    ev.preventDefault();
    const before = state.text;
    const text = large ? pasted.replace(/\r\n?/g, '\n') : value.slice(0, s) + pasted.replace(/\r\n?/g, '\n') + value.slice(e);
    replaceArticle(text, before);
  });

  ui.clearLarge.addEventListener('click', () => replaceArticle('', state.text));
}
