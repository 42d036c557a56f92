// A web page pasted as HTML (a browser puts `text/html` on the clipboard beside the plain
// text): its article, found with the same main-content module as the extension.
//
// The HTML is never run: it is parsed into an inert document (DOMParser), stripped of
// everything that could load or run (scripts, frames, objects, images, styles that load,
// links, event-handler attributes), and only then drawn in a sandboxed, script-less,
// off-screen frame whose Content-Security-Policy forbids every request, so that the
// main-content module can tell what a reader would see. Nothing leaves the machine.

import { findArticle } from './main-content.js';

/**
 * Elements dropped before drawing: they run, load, embed or restyle something. Forms stay
 * (without their controls and attributes; the frame's sandbox forbids submitting them):
 * some sites wrap the whole page in one, and the main-content module judges them by size.
 */
const DROP = 'script, style, noscript, iframe, frame, frameset, object, embed, applet, link, meta, base, img, picture, source, video, audio, track, svg, math, canvas, input, button, select, textarea, template';

/** Attributes kept (everything else, event handlers and URLs included, is dropped). */
const KEEP_ATTRS = new Set(['class', 'id', 'role', 'hidden', 'aria-hidden', 'style', 'lang', 'dir']);

/** Pastes larger than this (UTF-16 units of HTML) are taken as plain text. */
export const MAX_HTML_UNITS = 8_000_000;

/** The HTML of `html` with nothing that can run or load. */
export function inertBody(html, doc = document) {
  const parsed = new doc.defaultView.DOMParser().parseFromString(html, 'text/html');
  for (const el of parsed.querySelectorAll(DROP)) el.remove();
  for (const el of parsed.querySelectorAll('*')) {
    for (const a of [...el.attributes]) {
      const keep = KEEP_ATTRS.has(a.name) && !(a.name === 'style' && /url\s*\(|expression|@import/i.test(a.value));
      if (!keep) el.removeAttribute(a.name);
    }
  }
  return { title: parsed.title, body: parsed.body ? parsed.body.innerHTML : '' };
}

/**
 * The article of pasted `html`: `{ok: true, text, title}` or `{ok: false, message}`.
 * `Readability` is Mozilla's class (the page loads it from www/pkg/readability.js).
 */
export async function articleFromHtml(html, { Readability, doc = document } = {}) {
  if (typeof html !== 'string' || html.length > MAX_HTML_UNITS) return { ok: false, message: 'The pasted HTML is too large to read as a page.' };
  const { title, body } = inertBody(html, doc);
  const frame = doc.createElement('iframe');
  // Same origin (to read it) but no scripts; nothing is fetched (CSP `default-src 'none'`).
  frame.setAttribute('sandbox', 'allow-same-origin');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.cssText = 'position:absolute;left:-20000px;top:0;width:1200px;height:800px;border:0';
  const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  frame.srcdoc =
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<title>${esc(title || '')}</title></head><body>${body}</body></html>`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  doc.body.appendChild(frame);
  try {
    await loaded;
    const d = frame.contentDocument;
    if (!d || !d.body) return { ok: false, message: 'The pasted page could not be read.' };
    const res = findArticle(d, { Readability });
    if (!res.ok) return { ok: false, message: res.message };
    return { ok: true, text: res.text, title: res.title };
  } catch (e) {
    return { ok: false, message: `The pasted page could not be read (${e && e.message ? e.message : e}).` };
  } finally {
    frame.remove();
  }
}
