// Finding the article in a web page, and mapping its text back to the page.
//
// `findArticle(doc, {Readability})` picks the page's main content with Mozilla's Readability
// (passed in, so that this module has no bare import: the extension bundles it from npm, the
// paste page can load the same file) run on a *clone* of the document, then maps the text
// nodes Readability kept back to the live page's text nodes (the clone is walked in step with
// the page, so each kept clone node names its original). Inside that content, furniture that
// Readability left is dropped: captions, asides, navigation, forms, buttons, ad and share
// boxes, anything hidden. `articleFromSelection(doc, selection)` is the reader's fallback.
//
// Both return an Article: `text` (what the annotator reads: blocks separated by a blank line,
// white space collapsed the way a browser shows it) and `pieces`, one per page text node,
// from which `spansFor` and `rangesFor` turn UTF-16 offsets into that text back into DOM
// positions. The page itself is never changed.

/** Elements whose text is never article text. */
const SKIP_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'CANVAS', 'IFRAME', 'FRAME', 'OBJECT', 'EMBED',
  'BUTTON', 'SELECT', 'OPTION', 'TEXTAREA', 'INPUT', 'LABEL', 'NAV', 'ASIDE', 'FOOTER', 'FIGCAPTION', 'DIALOG',
  'HEADER', 'MENU',
]);

/**
 * A form holding less text than this is furniture (search, sign-up, comment forms); a larger
 * one is a page wrapper (ASP.NET pages put the whole page in one <form>), read through.
 */
const FORM_TEXT_MAX = 1000;

/** Roles of page furniture. */
const SKIP_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'dialog', 'alertdialog', 'search', 'menu', 'menubar', 'toolbar', 'button']);

/** Class or id words of furniture inside an article body (ads, share bars, captions, …). */
const FURNITURE = /(^|[\s_-])(ad|ads|advert|advertisement|adslot|promo|sponsor(ed)?|share|sharing|social|related|newsletter|subscribe|subscription|signup|comments?|caption|credit|byline|paywall|modal|overlay|cookie|consent|toolbar|breadcrumbs?|tags)($|[\s_-])/i;

/** Elements that start a new block of text (a paragraph break in the extracted text). */
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'BLOCKQUOTE', 'BODY', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGURE', 'H1', 'H2', 'H3', 'H4',
  'H5', 'H6', 'HR', 'LI', 'MAIN', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TH', 'THEAD', 'TR', 'UL',
]);

/** Articles shorter than this (characters) after extraction count as "no article". */
export const MIN_ARTICLE_CHARS = 250;

/** The most text (UTF-16 units) taken from one page; the rest is left out and reported. */
export const MAX_ARTICLE_CHARS = 1_000_000;

const SPACE = /[ \t\n\r\f]/;

/**
 * The article of `doc`, or `{ok: false, reason, message}`.
 * @param {Document} doc a live, rendered document
 * @param {{Readability: Function, maxChars?: number, minChars?: number}} options
 */
export function findArticle(doc, { Readability, maxChars = MAX_ARTICLE_CHARS, minChars = MIN_ARTICLE_CHARS } = {}) {
  if (typeof Readability !== 'function') throw new TypeError('findArticle needs the Readability class');
  const notes = pageNotes(doc);
  if (!doc.body) return noArticle('This page has no body to read.', notes);
  let { clone, original, parsed } = readable(doc, Readability, 200, notes);
  // A find far smaller than the page (a print footer, a caption) is often Readability
  // settling for its first candidate: asked for more text, it retries with its filters off
  // and keeps its longest attempt. The longer find wins.
  const pageChars = (doc.body.textContent || '').replace(/\s+/g, ' ').length;
  const found = parsed?.content ? parsed.textContent.replace(/\s+/g, ' ').length : 0;
  if (found < RETRY_SHARE * pageChars) {
    const again = readable(doc, Readability, Math.round(RETRY_SHARE * pageChars), notes);
    if (again.parsed?.content && again.parsed.textContent.replace(/\s+/g, ' ').length > found) ({ clone, original, parsed } = again);
  }
  if (!parsed || !parsed.content) return noArticle('No article found on this page.', notes);
  const kept = new Set();
  const walker = clone.createTreeWalker(parsed.content, 4 /* SHOW_TEXT */);
  const byText = textMatcher(doc);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const o = original.get(n) || byText(n.data);
    if (o) kept.add(o);
  }
  if (!kept.size) return noArticle('No article found on this page.', notes);
  const root = commonAncestor([...kept]);
  const nodes = [];
  const live = doc.createTreeWalker(root, 1 | 4 /* SHOW_ELEMENT | SHOW_TEXT */);
  const skipCache = new Map();
  const hiddenCache = new Map();
  let gap = false; // whether text that is not the article's lies since the last kept node
  for (let n = root.nodeType === 3 ? root : live.nextNode(); n; n = live.nextNode()) {
    if (n.nodeType === 1) {
      if (n.tagName === 'BR') nodes.push({ br: n });
      continue;
    }
    if (kept.has(n) && !isFurniture(n.parentElement, root, skipCache, hiddenCache)) {
      nodes.push({ node: n, from: 0, to: n.data.length, gap });
      gap = false;
    } else if (!gap && /\S/.test(n.data)) gap = true;
  }
  const article = buildText(dropTail(dropLinkLists(nodes)), maxChars);
  if (article.text.replace(/\s+/g, ' ').trim().length < minChars) return noArticle('No article found on this page.', notes);
  return { ok: true, source: 'article', title: parsed.title || doc.title || '', root, ...article, notes };
}

/** Readability's find is retried when it holds less than this share of the page's text. */
const RETRY_SHARE = 0.1;

/** Readability over a copy of `doc`: {clone, original (clone text node -> doc's), parsed}. */
function readable(doc, Readability, charThreshold, notes) {
  const clone = doc.cloneNode(true);
  const original = pairTextNodes(doc, clone);
  let parsed = null;
  try {
    parsed = new Readability(clone, { serializer: (el) => el, charThreshold }).parse();
  } catch (e) {
    notes.push(`Readability failed: ${e && e.message ? e.message : e}`);
  }
  return { clone, original, parsed };
}

/**
 * The text the reader selected in `doc` (the "use my selection" fallback), as an Article, or
 * `{ok: false, …}` when nothing is selected. Hidden text and scripts are left out; furniture
 * is not (the reader chose it).
 */
export function articleFromSelection(doc, selection, { maxChars = MAX_ARTICLE_CHARS } = {}) {
  const notes = pageNotes(doc);
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return noArticle('Nothing is selected on the page.', notes);
  const nodes = [];
  const roots = [];
  const skipCache = new Map();
  for (let i = 0; i < selection.rangeCount; i++) {
    const r = selection.getRangeAt(i);
    let root = r.commonAncestorContainer;
    roots.push(root);
    if (root.nodeType === 3) {
      if (!isHiddenText(root.parentElement, skipCache)) nodes.push({ node: root, from: r.startOffset, to: r.endOffset, gap: true });
      continue;
    }
    const w = doc.createTreeWalker(root, 1 | 4);
    let gap = true;
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      if (!r.intersectsNode(n)) continue;
      if (n.nodeType === 1) {
        if (n.tagName === 'BR') nodes.push({ br: n });
        continue;
      }
      if (isHiddenText(n.parentElement, skipCache)) {
        if (/\S/.test(n.data)) gap = true;
        continue;
      }
      const from = n === r.startContainer ? r.startOffset : 0;
      const to = n === r.endContainer ? r.endOffset : n.data.length;
      if (to > from) {
        nodes.push({ node: n, from, to, gap });
        gap = false;
      }
    }
  }
  const article = buildText(nodes, maxChars);
  if (!article.text.trim()) return noArticle('The selection holds no text newsmark can read.', notes);
  return { ok: true, source: 'selection', title: doc.title || '', root: commonAncestor(roots), ...article, notes };
}

function noArticle(message, notes) {
  return { ok: false, reason: 'no-article', message, notes };
}

/** Things about the page the reader should know: frames and shadow DOM are not read. */
export function pageNotes(doc) {
  const notes = [];
  const frames = [...doc.querySelectorAll('iframe, frame')].filter((f) => {
    const r = f.getBoundingClientRect();
    return r.width * r.height >= 100 * 100;
  });
  if (frames.length) notes.push(`This page shows ${frames.length === 1 ? 'a frame' : `${frames.length} frames`} (embedded pages); newsmark reads only the page itself, not text inside frames.`);
  let shadowText = 0;
  if (doc.body) {
    const w = doc.createTreeWalker(doc.body, 1);
    let seen = 0;
    for (let e = w.nextNode(); e && seen < 50_000; e = w.nextNode(), seen++) {
      if (e.shadowRoot) shadowText += (e.shadowRoot.textContent || '').trim().length;
    }
  }
  if (shadowText > 200) notes.push(`About ${shadowText.toLocaleString('en')} characters of this page are inside web components (shadow DOM), which newsmark does not read.`);
  return notes;
}

/** Map from each text node of `clone` to the same text node of `doc` (same structure). */
function pairTextNodes(doc, clone) {
  const map = new Map();
  const a = doc.createTreeWalker(doc, 4);
  const b = clone.createTreeWalker(clone, 4);
  for (let x = a.nextNode(), y = b.nextNode(); x && y; x = a.nextNode(), y = b.nextNode()) map.set(y, x);
  return map;
}

/**
 * For text nodes Readability made anew (when its first pass finds too little it rebuilds the
 * page from its HTML and tries again, so no node of that pass is the clone's): a function
 * that finds the page's text node with the same text, searching forward in document order
 * from the last one found. Blank text is not looked up.
 */
function textMatcher(doc) {
  let nodes = null;
  let cursor = 0;
  return (data) => {
    if (!/\S/.test(data)) return null;
    if (!nodes) {
      nodes = [];
      const w = doc.createTreeWalker(doc.body, 4);
      for (let n = w.nextNode(); n; n = w.nextNode()) nodes.push(n);
    }
    for (let i = cursor; i < nodes.length; i++) {
      if (nodes[i].data === data) {
        cursor = i + 1;
        return nodes[i];
      }
    }
    return null;
  };
}

function commonAncestor(nodes) {
  if (!nodes.length) return null;
  let anc = nodes[0];
  for (const n of nodes) while (anc && !anc.contains(n)) anc = anc.parentNode;
  return anc;
}

function elementHidden(el) {
  if (el.hidden || el.getAttribute('aria-hidden') === 'true') return true;
  if (typeof el.checkVisibility === 'function') return !el.checkVisibility({ visibilityProperty: true });
  const cs = el.ownerDocument.defaultView?.getComputedStyle(el);
  return !!cs && (cs.display === 'none' || cs.visibility === 'hidden');
}

/** Whether text in `el` is hidden or in a script-like element (selection mode). */
function isHiddenText(el, cache) {
  if (!el) return true;
  if (cache.has(el)) return cache.get(el);
  const v = el.closest('script, style, noscript, template, textarea, select') !== null || elementHidden(el);
  cache.set(el, v);
  return v;
}

/** Whether text in `el` (inside the article `root`) is furniture or hidden. */
function isFurniture(el, root, cache, hidden) {
  if (!el) return true;
  const chain = [];
  let verdict = false;
  for (let e = el; e && e !== root; e = e.parentElement) {
    if (cache.has(e)) {
      verdict = cache.get(e);
      break;
    }
    chain.push(e);
    const role = e.getAttribute('role');
    const words = `${typeof e.className === 'string' ? e.className : ''} ${e.id || ''}`;
    const smallForm = e.tagName === 'FORM' && (e.textContent || '').length < FORM_TEXT_MAX;
    if (SKIP_TAGS.has(e.tagName) || smallForm || (role && SKIP_ROLES.has(role)) || FURNITURE.test(words)) {
      verdict = true;
      break;
    }
  }
  for (const e of chain) cache.set(e, verdict);
  if (verdict) return true;
  if (!hidden.has(el)) hidden.set(el, elementHidden(el));
  return hidden.get(el);
}

/** A block whose text lies at least this much inside links is a link list (menu, "most read"). */
const LINK_BLOCK_SHARE = 0.8;

/**
 * `nodes` without the text of link-list blocks that Readability kept (menus, "most read" and
 * related-story lists in the same container as the article): a block (nearest block element)
 * whose text is mostly link text. A lone number beside such a list (a rank) goes with it.
 */
function dropLinkLists(nodes) {
  const linked = (n) => {
    for (let e = n.parentElement; e && !BLOCK_TAGS.has(e.tagName); e = e.parentElement) if (e.tagName === 'A') return true;
    return false;
  };
  const blocks = new Map(); // text node -> its block
  const stats = new Map(); // block -> {total, linked} characters of text
  for (const it of nodes) {
    if (!it.node) continue;
    const b = blockOf(it.node);
    blocks.set(it.node, b);
    const len = it.node.data.trim().length;
    if (!len) continue;
    const st = stats.get(b) || { total: 0, linked: 0 };
    st.total += len;
    if (linked(it.node)) st.linked += len;
    stats.set(b, st);
  }
  const order = [...stats.keys()];
  const drop = new Set(order.filter((b) => stats.get(b).linked >= LINK_BLOCK_SHARE * stats.get(b).total));
  order.forEach((b, i) => {
    const rank = b && /^\W*\d{1,3}\W*$/.test(b.textContent || '');
    if (rank && (drop.has(order[i - 1]) || drop.has(order[i + 1]))) drop.add(b);
  });
  return nodes.filter((it) => !it.node || !drop.has(blocks.get(it.node)));
}

/**
 * Headings of the sections that follow a news article on its page (readers' comments, related
 * and latest stories): the core's `[comment_headings]` and `[article_enders]` lists of
 * data/words.txt, which set the same sections aside in pasted text.
 */
const ENDER = /^(?:(?:there (?:are|is) |show |view |read |see )?(?:all )?\d* ?(?:reader |your )?comments?\b|add your comment|post (?:a|your) comment|leave a (?:comment|reply)|have your say|join the (?:discussion|conversation)|discuss this|thanks for your comments|related|more (?:stories|articles|news|from)\b|also in the news|in other news|latest (?:news|stories)|top stories|most (?:read|viewed|popular|emailed|commented)|you (?:may|might) also like|recommended|sponsored|(?:from )?around the web|trending|what's next|read next)(?![\p{L}\p{N}])/iu;
/** Most words of such a heading; prose characters the article needs before one. */
const ENDER_WORDS = 10;
const PROSE_BEFORE_END = 400;
/** A legal line after the article (`© 2008 …`, `Copyright …`, `… All rights reserved.`), of at most so many words. */
const LEGAL_WORDS = 40;
const LEGAL = /^(?:\(?©|\(c\)|copyright\b)|all rights reserved/i;

/**
 * `nodes` without what follows the article in its container: from the first heading of a
 * section after the article (comments, related stories) on, when less of the article's prose
 * follows it than precedes it, and the legal lines after the last paragraph of prose.
 */
function dropTail(nodes) {
  // The units are lines: a block, or a part of one between line breaks (some pages set
  // their whole story and its comment form in one block, line by line).
  const unitOf = new Map();
  const text = [];
  let lastBlock;
  let broke = false;
  for (const it of nodes) {
    if (it.br) {
      broke = true;
      continue;
    }
    const b = blockOf(it.node);
    if (!text.length || b !== lastBlock || broke) text.push('');
    lastBlock = b;
    broke = false;
    unitOf.set(it, text.length - 1);
    text[text.length - 1] += it.node.data;
  }
  const t = text.map((x) => x.replace(/\s+/g, ' ').trim());
  const legal = t.map((x) => x.split(' ').length <= LEGAL_WORDS && LEGAL.test(x));
  const prose = t.map((x, k) => (!legal[k] && x.length >= 100 && /[.!?…]["”’')]*$/.test(x) ? x.length : 0));
  const total = prose.reduce((a, b) => a + b, 0);
  let before = 0;
  let end = t.length;
  for (let k = 0; k < t.length; k++) {
    before += prose[k];
    const words = t[k].split(' ').length;
    // `Related: Bridge plan shelved again` is a link to one story, not a heading.
    const teaser = /^[^:]{1,30}:(\s*\S+){3}/.test(t[k]);
    if (before >= PROSE_BEFORE_END && total - before < before && words <= ENDER_WORDS && !teaser && !/[.!?]$/.test(t[k]) && ENDER.test(t[k])) {
      end = k;
      break;
    }
  }
  const lastProse = prose.slice(0, end).reduce((last, p, k) => (p ? k : last), -1);
  const drop = (k) => k >= end || (k > lastProse && legal[k]);
  return nodes.filter((it) => it.br || !drop(unitOf.get(it)));
}

function blockOf(node) {
  for (let e = node.parentElement; e; e = e.parentElement) if (BLOCK_TAGS.has(e.tagName)) return e;
  return null;
}

/**
 * Joins text nodes (in document order, `{node, from, to}` or `{br}`) into one text: a blank
 * line between blocks, a line break for <br>, white space runs as one space (none at the
 * start of a line). Returns {text, pieces, truncated, fullLength}.
 */
function buildText(items, maxChars) {
  const parts = [];
  const pieces = [];
  let len = 0;
  let lastBlock;
  let lastChar = '\n'; // the text "starts on a new line"
  let pendingBr = false;
  let truncated = false;
  let fullLength = 0;
  let gap = true;
  for (const it of items) {
    if (it.br) {
      pendingBr = len > 0;
      continue;
    }
    const { node, from, to } = it;
    if (it.gap) gap = true;
    const block = blockOf(node);
    fullLength += to - from;
    if (truncated) continue;
    let sep = '';
    if (len > 0 && block !== lastBlock) sep = '\n\n';
    else if (pendingBr) sep = '\n';
    const data = node.data;
    // Fast path: no white space to collapse.
    let out;
    let src = null;
    const head = sep ? '\n' : lastChar;
    const raw = data.slice(from, to);
    if (!/[\t\n\r\f]| {2}/.test(raw) && !(raw[0] === ' ' && (head === ' ' || head === '\n'))) {
      out = raw;
    } else {
      const chars = [];
      const idx = [];
      let prev = head;
      for (let i = from; i < to; i++) {
        const c = data[i];
        if (SPACE.test(c)) {
          if (prev === ' ' || prev === '\n') continue;
          chars.push(' ');
          idx.push(i);
          prev = ' ';
        } else {
          chars.push(c);
          idx.push(i);
          prev = c;
        }
      }
      out = chars.join('');
      src = Uint32Array.from(idx);
    }
    // White space alone between blocks (source indentation) is no text.
    if (!out.length || (out === ' ' && blockOf(node) !== lastBlock)) continue;
    pendingBr = false;
    lastBlock = block;
    if (len + sep.length + out.length > maxChars) {
      truncated = true;
      continue;
    }
    if (sep && lastChar === ' ') {
      const last = pieces[pieces.length - 1];
      len -= dropTrailingSpace(parts, pieces);
      if (last && last.gap && pieces[pieces.length - 1] !== last) gap = true; // popped: keep its gap
    }
    if (sep) {
      parts.push(sep);
      len += sep.length;
    }
    pieces.push({ node, start: len, end: len + out.length, base: from, src, gap });
    gap = false;
    parts.push(out);
    len += out.length;
    lastChar = out[out.length - 1];
  }
  if (lastChar === ' ') len -= dropTrailingSpace(parts, pieces);
  return { text: parts.join(''), pieces, truncated, fullLength };
}

/** Removes the space that ends the text built so far (a block's end); returns 1, or 0. */
function dropTrailingSpace(parts, pieces) {
  const p = pieces[pieces.length - 1];
  const last = parts[parts.length - 1];
  if (!p || !last || !last.endsWith(' ')) return 0;
  parts[parts.length - 1] = last.slice(0, -1);
  p.end -= 1;
  if (p.src) p.src = p.src.subarray(0, p.end - p.start);
  if (p.end === p.start) {
    pieces.pop();
    parts.pop();
  }
  return 1;
}

/** DOM offset in `p.node` of the text offset `i` (p.start <= i < p.end). */
function domOffset(p, i) {
  return p.src ? p.src[i - p.start] : p.base + (i - p.start);
}

/** Index of the first piece whose end is after `offset`. */
function pieceAfter(pieces, offset) {
  let lo = 0;
  let hi = pieces.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pieces[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The page text covered by `[start, end)` of an article's text: one `{node, from, to, joined}`
 * per text node (DOM offsets), in order. `joined`: nothing but the article's own text (or
 * white space) lies between this span and the one before, so one DOM Range may cover both;
 * where furniture was left out between them (an ad inside a quote), it is false. Blank-line
 * separators map to nothing.
 */
export function spansFor(pieces, start, end) {
  const out = [];
  for (let k = pieceAfter(pieces, start); k < pieces.length && pieces[k].start < end; k++) {
    const p = pieces[k];
    const s = Math.max(start, p.start);
    const e = Math.min(end, p.end);
    if (e <= s) continue;
    const from = domOffset(p, s);
    const to = domOffset(p, e - 1) + 1;
    if (to > from) out.push({ node: p.node, from, to, joined: out.length > 0 && !p.gap });
  }
  return out;
}

/** DOM Ranges over spans (see spansFor): one per stretch of joined spans. */
export function rangesOfSpans(doc, spans) {
  const out = [];
  let r = null;
  for (const s of spans) {
    if (!r || !s.joined) {
      r = doc.createRange();
      r.setStart(s.node, s.from);
      out.push(r);
    }
    r.setEnd(s.node, s.to);
  }
  return out;
}

/** DOM Ranges over the page text of `[start, end)` of the article's text (empty: no text). */
export function rangesFor(doc, pieces, start, end) {
  return rangesOfSpans(doc, spansFor(pieces, start, end));
}

/**
 * The article text offsets `{start, end}` of a DOM range (e.g. the reader's selection), or
 * null when it does not touch the article's text. Ends outside the article snap inwards.
 * `mapPoint(node, offset)` may translate the range's ends first (see PageHighlighter's
 * originalPosition, for pages where the text nodes were split by marks).
 */
export function offsetsOfRange(pieces, range, mapPoint = (node, offset) => ({ node, offset })) {
  const s = mapPoint(range.startContainer, range.startOffset);
  const e = mapPoint(range.endContainer, range.endOffset);
  let start = null;
  let end = null;
  for (const p of pieces) {
    const isStart = p.node === s.node;
    const isEnd = p.node === e.node;
    if (!isStart && !isEnd && !range.intersectsNode(p.node)) continue;
    const len = p.end - p.start;
    const a = isStart ? firstAtOrAfter(p, s.offset) : 0;
    const b = isEnd ? firstAtOrAfter(p, e.offset) : len;
    if (start === null) start = p.start + a;
    end = p.start + b;
    if (isEnd) break;
  }
  if (start === null || end === null) return null;
  return { start, end: Math.max(start, end) };
}

/** Index in the piece's text of the first character at DOM offset `dom` or later. */
function firstAtOrAfter(p, dom) {
  const len = p.end - p.start;
  if (!p.src) return Math.min(len, Math.max(0, dom - p.base));
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (p.src[mid] < dom) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
