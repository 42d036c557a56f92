// Highlights on a live web page that the page's own code does not see.
//
// With the CSS Custom Highlight API (Chromium 105+, Firefox 140+, Safari 17.2+) the page's DOM
// is not touched at all: each layer is a `Highlight` of Ranges registered as
// `newsmark-<kind>` and painted by `::highlight(newsmark-<kind>)` rules in a stylesheet the
// extension injects (user origin, outside the DOM). Layout, text and event handlers stay as
// they were, and removing the highlights is deleting the registrations.
//
// Without it, text is wrapped in `<mark data-newsmark>` elements (inline, no box of their own
// beyond a background). Each page text node that gets marks is split once into pieces; its
// original text is remembered, and `clear()` puts the original node back exactly as it was
// (same node object, same text) and removes every node it added.

export const KINDS = Object.freeze(['claim', 'quote', 'org', 'person']); // paint order: later on top
export const FOCUS = 'focus';

export function highlightApiAvailable(win) {
  return !!(win && win.CSS && win.CSS.highlights && typeof win.Highlight === 'function');
}

export class PageHighlighter {
  #doc;
  #win;
  #mode;
  #prefix;
  #registered = new Set();
  #wrapped = []; // [{node, data, added: Node[], pieces: [{el, a, b}]}]
  #focusMarks = [];

  /**
   * @param {Document} doc
   * @param {{mode?: 'auto'|'highlight-api'|'marks', prefix?: string}} options
   */
  constructor(doc, { mode = 'auto', prefix = 'newsmark' } = {}) {
    this.#doc = doc;
    this.#win = doc.defaultView;
    const api = highlightApiAvailable(this.#win);
    this.#mode = mode === 'auto' ? (api ? 'highlight-api' : 'marks') : mode;
    if (this.#mode === 'highlight-api' && !api) throw new Error('the CSS Custom Highlight API is not available here');
    this.#prefix = prefix;
  }

  get mode() {
    return this.#mode;
  }

  /** Whether anything is drawn. */
  get active() {
    return this.#registered.size > 0 || this.#wrapped.length > 0;
  }

  /**
   * Draws `items` ([{kind, spans: [{node, from, to, joined}]}], spans in document order; see
   * main-content.js spansFor), replacing
   * what was drawn before. Returns the number of items drawn.
   */
  draw(items) {
    this.clear();
    if (this.#mode === 'highlight-api') return this.#drawApi(items);
    return this.#drawMarks(items);
  }

  /** Emphasises `items` (same shape as draw) on top of the highlights, e.g. one entity's mentions. */
  focus(items) {
    this.unfocus();
    if (this.#mode === 'highlight-api') {
      const ranges = [];
      for (const it of items) ranges.push(...this.#ranges(it.spans));
      if (!ranges.length) return;
      const h = new this.#win.Highlight(...ranges);
      h.priority = KINDS.length + 1;
      this.#win.CSS.highlights.set(`${this.#prefix}-${FOCUS}`, h);
      this.#registered.add(`${this.#prefix}-${FOCUS}`);
      return;
    }
    for (const it of items) {
      for (const sp of it.spans) {
        for (const w of this.#wrapped) {
          if (w.node !== sp.node) continue;
          for (const piece of w.pieces) {
            if (piece.el.nodeType === 1 && piece.a < sp.to && piece.b > sp.from) {
              piece.el.classList.add(`${this.#prefix}-${FOCUS}`);
              this.#focusMarks.push(piece.el);
            }
          }
        }
      }
    }
  }

  unfocus() {
    const name = `${this.#prefix}-${FOCUS}`;
    if (this.#registered.has(name)) {
      this.#win.CSS.highlights.delete(name);
      this.#registered.delete(name);
    }
    for (const el of this.#focusMarks) el.classList.remove(`${this.#prefix}-focus`);
    this.#focusMarks = [];
  }

  /** Removes every highlight; in marks mode the page's text nodes are restored exactly. */
  clear() {
    this.unfocus();
    for (const name of this.#registered) this.#win.CSS.highlights.delete(name);
    this.#registered.clear();
    // Restore in reverse order of wrapping.
    for (let i = this.#wrapped.length - 1; i >= 0; i--) {
      const w = this.#wrapped[i];
      for (const n of w.added) n.remove();
      w.node.data = w.data;
    }
    this.#wrapped = [];
  }

  /**
   * Marks mode: a DOM position inside a piece this highlighter made, as a position in the
   * original text node (which the article's offsets refer to). Other positions are returned
   * as they are.
   */
  originalPosition(node, offset) {
    for (const w of this.#wrapped) {
      for (const piece of w.pieces) {
        if (piece.el === node || piece.el.firstChild === node) {
          return { node: w.node, offset: piece.a + (piece.el === node && node.nodeType === 1 ? (offset ? piece.b - piece.a : 0) : offset) };
        }
      }
    }
    return { node, offset };
  }

  /** The nodes this highlighter added to the page (marks mode), for a mutation filter. */
  owns(node) {
    for (let n = node; n; n = n.parentNode) {
      if (n.nodeType === 1 && n.dataset && n.dataset.newsmark !== undefined) return true;
    }
    return false;
  }

  /** One Range per stretch of joined spans (never over furniture left out between them). */
  #ranges(spans) {
    const out = [];
    let r = null;
    for (const s of spans) {
      if (!r || s.joined === false) {
        r = this.#doc.createRange();
        r.setStart(s.node, s.from);
        out.push(r);
      }
      r.setEnd(s.node, s.to);
    }
    return out;
  }

  #drawApi(items) {
    const byKind = new Map(KINDS.map((k) => [k, []]));
    let n = 0;
    for (const it of items) {
      const list = byKind.get(it.kind);
      if (!list) continue;
      const rs = this.#ranges(it.spans);
      if (!rs.length) continue;
      list.push(...rs);
      n++;
    }
    KINDS.forEach((k, i) => {
      const ranges = byKind.get(k);
      if (!ranges.length) return;
      const h = new this.#win.Highlight(...ranges);
      h.priority = i + 1;
      const name = `${this.#prefix}-${k}`;
      this.#win.CSS.highlights.set(name, h);
      this.#registered.add(name);
    });
    return n;
  }

  #drawMarks(items) {
    // Per text node: the intervals and kinds to wrap.
    const perNode = new Map();
    let n = 0;
    for (const it of items) {
      if (!KINDS.includes(it.kind) || !it.spans.length) continue;
      n++;
      for (const s of it.spans) {
        if (!perNode.has(s.node)) perNode.set(s.node, []);
        perNode.get(s.node).push({ from: s.from, to: s.to, kind: it.kind });
      }
    }
    for (const [node, ivs] of perNode) {
      if (!node.parentNode) continue;
      const data = node.data;
      const cuts = new Set([0, data.length]);
      for (const iv of ivs) {
        cuts.add(iv.from);
        cuts.add(iv.to);
      }
      const bounds = [...cuts].filter((c) => c >= 0 && c <= data.length).sort((a, b) => a - b);
      const frag = [];
      for (let i = 0; i + 1 < bounds.length; i++) {
        const a = bounds[i];
        const b = bounds[i + 1];
        if (b <= a) continue;
        const kinds = KINDS.filter((k) => ivs.some((iv) => iv.kind === k && iv.from <= a && iv.to >= b));
        frag.push({ text: data.slice(a, b), kinds, a, b });
      }
      const added = [];
      const pieces = [];
      // The original node keeps the first piece when it is plain text, else becomes empty.
      let first = 0;
      if (frag.length && !frag[0].kinds.length) {
        node.data = frag[0].text;
        pieces.push({ el: node, a: frag[0].a, b: frag[0].b });
        first = 1;
      } else node.data = '';
      let after = node;
      for (let i = first; i < frag.length; i++) {
        const f = frag[i];
        let piece;
        if (f.kinds.length) {
          piece = this.#doc.createElement('mark');
          piece.dataset.newsmark = f.kinds.join(' ');
          piece.className = f.kinds.map((k) => `${this.#prefix}-${k}`).join(' ');
          piece.textContent = f.text;
        } else piece = this.#doc.createTextNode(f.text);
        after.after(piece);
        after = piece;
        added.push(piece);
        pieces.push({ el: piece, a: f.a, b: f.b });
      }
      this.#wrapped.push({ node, data, added, pieces });
    }
    return n;
  }
}
