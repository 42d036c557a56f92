// The content script: injected into the tab the reader asked for (activeTab + scripting),
// it only reads the page and draws highlights. It never runs the annotator (the wasm runs in
// the extension's side panel, under the extension's CSP, so strict-CSP pages work) and sends
// nothing anywhere but to the extension itself.
//
// Messages from the panel (chrome.tabs.sendMessage), each answered:
//   {type: 'nm:extract', mode: 'article'|'selection'}  → the article (text, title, url, notes)
//   {type: 'nm:draw', annotations: [{kind, start, end}]} → {drawn, mode}
//   {type: 'nm:focus', spans: [{start, end}], scroll}   → light these up (and scroll to the first)
//   {type: 'nm:clear'}                                  → every highlight removed, page restored
//   {type: 'nm:selection'}                              → the reader's selection as article offsets
//   {type: 'nm:ping'}                                   → {ok, url, annotated}
// Messages to the panel (chrome.runtime.sendMessage):
//   {type: 'nm:selection-changed', selection}  (debounced)
//   {type: 'nm:page-changed', what: 'text'|'added', message}

import { Readability } from '@mozilla/readability';
import { articleFromSelection, findArticle, offsetsOfRange, spansFor } from '../../www/lib/main-content.js';
import { PageHighlighter } from '../../www/lib/page-highlights.js';

const api = globalThis.browser ?? globalThis.chrome;

if (!globalThis.__newsmarkContent) {
  globalThis.__newsmarkContent = true;
  start();
}

function start() {
  let article = null; // {text, pieces, nodes: Set, root}
  let drawn = null; // the annotations last drawn
  let highlighter = null;
  let observer = null;
  let changed = null;
  let selTimer = 0;

  function hl() {
    if (!highlighter) highlighter = new PageHighlighter(document);
    return highlighter;
  }

  function clear() {
    observer?.disconnect();
    observer = null;
    highlighter?.clear();
    drawn = null;
  }

  function extract(mode) {
    // Marks split the page's text nodes: take them out before reading the page again. The
    // Highlight API changes nothing, so its highlights stay until the next drawing replaces
    // them (an extraction that is then abandoned leaves the page as it was).
    if (highlighter?.mode === 'marks') clear();
    else {
      observer?.disconnect();
      observer = null;
    }
    changed = null;
    const res = mode === 'selection' ? articleFromSelection(document, getSelection()) : findArticle(document, { Readability });
    const base = { url: pageUrl(), title: document.title, notes: res.notes ?? [] };
    if (!res.ok) {
      clear();
      article = null;
      return { ...base, ok: false, reason: res.reason, message: res.message };
    }
    article = { text: res.text, pieces: res.pieces, nodes: new Set(res.pieces.map((p) => p.node)), root: res.root };
    return {
      ...base,
      ok: true,
      source: res.source,
      title: res.title || document.title,
      text: res.text,
      truncated: res.truncated,
      fullLength: res.fullLength,
    };
  }

  function spansOf(a) {
    return spansFor(article.pieces, a.start, a.end);
  }

  function draw(annotations) {
    if (!article) return { drawn: 0, error: 'nothing extracted' };
    observer?.disconnect();
    const items = annotations.map((a) => ({ kind: a.kind, spans: spansOf(a) }));
    const n = hl().draw(items);
    drawn = annotations;
    watch();
    return { drawn: n, mode: hl().mode };
  }

  function focus(spans, scroll) {
    if (!article || !highlighter) return { ok: false };
    observer?.disconnect();
    const items = spans.map((s) => ({ kind: 'focus', spans: spansOf(s) })).filter((i) => i.spans.length);
    highlighter.focus(items);
    watch();
    if (scroll && items.length) {
      const first = items[0].spans[0];
      const el = first.node.parentElement;
      el?.scrollIntoView({ block: 'center', behavior: 'instant' });
    }
    return { ok: true, count: items.length };
  }

  function selectionOffsets() {
    if (!article) return null;
    const sel = getSelection();
    if (!sel || sel.rangeCount === 0) return null;
    const r = sel.getRangeAt(0);
    const off = offsetsOfRange(article.pieces, r, (node, offset) => (highlighter ? highlighter.originalPosition(node, offset) : { node, offset }));
    if (!off) return null;
    return { ...off, collapsed: sel.isCollapsed, text: article.text.slice(off.start, off.end) };
  }

  /** Tells the panel when the page changes the annotated text or adds a lot of new text. */
  function watch() {
    observer?.disconnect();
    observer = new MutationObserver((records) => {
      if (!article) return;
      let textChanged = false;
      let added = 0;
      for (const r of records) {
        if (highlighter?.owns(r.target)) continue;
        if (r.type === 'characterData') {
          if (article.nodes.has(r.target)) textChanged = true;
          continue;
        }
        for (const n of r.removedNodes) {
          if (n.nodeType === 3 ? article.nodes.has(n) : [...article.nodes].some((t) => n.contains(t))) textChanged = true;
        }
        for (const n of r.addedNodes) {
          if (highlighter?.owns(n)) continue;
          added += (n.textContent || '').trim().length;
        }
      }
      if (textChanged && changed !== 'text') {
        changed = 'text';
        send({
          type: 'nm:page-changed',
          what: 'text',
          message: 'The page changed the article’s text after it was annotated, so some highlights may be out of place. Annotate again to redo them; your corrections are kept.',
        });
      } else if (added > 200 && !changed) {
        changed = 'added';
        send({ type: 'nm:page-changed', what: 'added', message: 'The page added text after it was annotated (new content loaded). It is not annotated; annotate again to include it.' });
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  }

  function send(msg) {
    try {
      api.runtime.sendMessage(msg).catch(() => {});
    } catch {
      // the extension was reloaded: nobody to tell
    }
  }

  document.addEventListener(
    'selectionchange',
    () => {
      if (!article) return;
      clearTimeout(selTimer);
      selTimer = setTimeout(() => send({ type: 'nm:selection-changed', selection: selectionOffsets() }), 120);
    },
    { passive: true },
  );

  // Each panel showing this page holds a port open; when the last one goes (the side panel is
  // closed), the highlights go too: nothing is left on the page that cannot be corrected or
  // removed.
  const ports = new Set();
  api.runtime.onConnect.addListener((port) => {
    if (port.name !== 'newsmark-panel') return;
    ports.add(port);
    port.onDisconnect.addListener(() => {
      ports.delete(port);
      if (!ports.size) {
        clear();
        article = null;
      }
    });
  });

  api.runtime.onMessage.addListener((msg, _sender, reply) => {
    if (!msg || typeof msg.type !== 'string' || !msg.type.startsWith('nm:')) return false;
    let out;
    try {
      switch (msg.type) {
        case 'nm:ping':
          out = { ok: true, url: pageUrl(), annotated: !!drawn, extracted: !!article };
          break;
        case 'nm:extract':
          out = extract(msg.mode);
          break;
        case 'nm:draw':
          out = draw(msg.annotations || []);
          break;
        case 'nm:focus':
          out = focus(msg.spans || [], !!msg.scroll);
          break;
        case 'nm:clear':
          clear();
          article = null;
          out = { ok: true };
          break;
        case 'nm:selection':
          out = { selection: selectionOffsets() };
          break;
        default:
          return false;
      }
    } catch (e) {
      out = { ok: false, error: e && e.message ? e.message : String(e) };
    }
    reply(out);
    return false;
  });
}

/** The page's address without its fragment: corrections are kept per article, not per anchor. */
function pageUrl() {
  const u = new URL(location.href);
  u.hash = '';
  return u.href;
}
