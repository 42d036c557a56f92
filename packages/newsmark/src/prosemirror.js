// newsmark in a ProseMirror editor (TipTap is ProseMirror underneath: add the plugin through
// an Extension's addProseMirrorPlugins). Highlights are decorations: the editor's document
// and DOM are never changed by newsmark. While the reader types, the highlights and the
// corrections' anchors are mapped through every transaction; after `debounce` ms without an
// edit the text is annotated again (in the package's worker) with the corrections applied.
// Corrections live in the plugin's state, outside the editor's undo history: undoing an edit
// never undoes or loses a correction (one whose text the undo removed is reported as
// `correction_not_found` and comes back when the text does).
//
// Needs prosemirror-state and prosemirror-view (peer dependencies; with a bundler, make sure
// there is one copy of each: vite `resolve.dedupe`, webpack `resolve.alias`).

import { Plugin, PluginKey } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { KINDS, addTag, changeKind, makeAnchor, removeTag, validateCorrections } from './lib/corrections.js';
import { describeAnnotation } from './lib/highlight.js';
import { claimShown } from './lib/summary.js';
import { HIGHLIGHT_CSS } from './styles.js';

export { HIGHLIGHT_CSS };

export const newsmarkKey = new PluginKey('newsmark');

/**
 * The plain text of `doc` as the annotator reads it: textblocks joined by `blockSeparator`
 * (a blank line by default, so paragraphs stay paragraphs), a hard break as '\n', other inline
 * leaves as U+FFFC. `toPos(offset, bias)` and `toOffset(pos)` map between UTF-16 offsets of
 * that text and document positions (`bias` -1 keeps an offset between blocks at the end of
 * the block before, 1 moves it to the start of the next).
 */
export function docText(doc, { blockSeparator = '\n\n' } = {}) {
  let text = '';
  const segs = []; // {off, pos, len}: text[off, off+len) is doc[pos, pos+len)
  let blocks = 0;
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    if (blocks++) text += blockSeparator;
    node.forEach((child, offset) => {
      const p = pos + 1 + offset;
      if (child.isText) {
        segs.push({ off: text.length, pos: p, len: child.text.length });
        text += child.text;
      } else if (child.isLeaf) {
        segs.push({ off: text.length, pos: p, len: 1 });
        text += child.type.name === 'hard_break' || child.type.name === 'hardBreak' ? '\n' : '\uFFFC';
      }
    });
    return false;
  });
  const lastAtOrBefore = (key, v) => {
    let lo = 0;
    let hi = segs.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid][key] <= v) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  };
  const toPos = (off, bias = -1) => {
    const i = lastAtOrBefore('off', off);
    if (i < 0) return segs.length ? segs[0].pos : 0;
    const s = segs[i];
    if (off <= s.off + s.len) return s.pos + (off - s.off);
    if (bias > 0 && i + 1 < segs.length) return segs[i + 1].pos;
    return s.pos + s.len;
  };
  const toOffset = (pos) => {
    const i = lastAtOrBefore('pos', pos);
    if (i < 0) return 0;
    const s = segs[i];
    return s.off + Math.min(pos - s.pos, s.len);
  };
  return { text, toPos, toOffset };
}

// The anchors of a correction, by op: where each lives in the object.
const SLOTS = {
  add: ['target'],
  remove: ['target'],
  changeKind: ['target'],
  move: ['target', 'to'],
  setSpeaker: ['target', 'speaker.mention'],
  merge: ['into', 'from'],
  split: ['target'],
};
function getSlot(c, path) {
  return path.split('.').reduce((o, k) => (o == null ? o : o[k]), c);
}
function withSlot(c, path, value) {
  const [head, tail] = path.split('.');
  return tail ? { ...c, [head]: { ...c[head], [tail]: value } } : { ...c, [head]: value };
}

/** A correction with where its anchors are in the document now ({from, to} or null per anchor). */
function track(correction, dt) {
  const ranges = SLOTS[correction.op].map((path) => {
    const a = getSlot(correction, path);
    if (!a || dt.text.slice(a.start, a.end) !== a.text) return null;
    return { from: dt.toPos(a.start, 1), to: dt.toPos(a.end, -1) };
  });
  return { correction, ranges };
}

/** The corrections to send for the document now: anchors re-made where their text still is. */
function currentCorrections(tracked, dt) {
  return tracked.map(({ correction, ranges }) => {
    let c = correction;
    SLOTS[c.op].forEach((path, i) => {
      const r = ranges[i];
      const a = getSlot(c, path);
      if (!r || !a || r.from >= r.to) return;
      const s = dt.toOffset(r.from);
      const e = dt.toOffset(r.to);
      // Where its text still is: a fresh anchor (offsets and context of today's text).
      // Otherwise the stored one: the core finds it again by its text and context.
      if (e > s && dt.text.slice(s, e) === a.text) c = withSlot(c, path, makeAnchor(dt.text, s, e));
    });
    return c;
  });
}

function decorationsFor(doc, dt, analysis, { layers, minClaimScore }) {
  const decos = [];
  analysis.annotations.forEach((a, i) => {
    if (!layers.includes(a.kind) || !claimShown(a, minClaimScore)) return;
    const from = dt.toPos(a.start, 1);
    const to = dt.toPos(a.end, -1);
    if (from >= to) return;
    decos.push(
      Decoration.inline(
        from,
        to,
        { nodeName: 'span', class: `hl hl-${a.kind}${a.byUser ? ' hl-by-user' : ''}`, 'data-nm-kind': a.kind, title: describeAnnotation(a, analysis) },
        { newsmark: { index: i, kind: a.kind }, inclusiveStart: false, inclusiveEnd: false },
      ),
    );
  });
  return DecorationSet.create(doc, decos);
}

/**
 * The plugin. Options: `annotator` (from createAnnotator, or a promise of one; required),
 * `debounce` (ms, 300), `layers` (shown kinds, all by default), `minClaimScore` (0),
 * `corrections` (a saved list to start from), `blockSeparator`, and callbacks
 * `onAnnotated({text, analysis, corrections})`, `onCorrections(list)` (save it),
 * `onError(error)`.
 */
export function newsmarkPlugin(options = {}) {
  if (!options.annotator) throw new TypeError('newsmarkPlugin: options.annotator is required (from createAnnotator())');
  const cfg = {
    debounce: options.debounce ?? 300,
    layers: options.layers ? [...options.layers] : [...KINDS],
    minClaimScore: options.minClaimScore ?? 0,
    blockSeparator: options.blockSeparator ?? '\n\n',
  };
  const initial = validateCorrections([...(options.corrections ?? [])]);
  return new Plugin({
    key: newsmarkKey,
    state: {
      init(_, state) {
        const dt = docText(state.doc, cfg);
        return { decorations: DecorationSet.empty, analysis: null, text: null, tracked: initial.map((c) => track(c, dt)), correctionsVersion: 0, annotatedVersion: -1, cfg };
      },
      apply(tr, prev) {
        const meta = tr.getMeta(newsmarkKey);
        let next = prev;
        if (tr.docChanged) {
          const map = (r) => (r ? { from: tr.mapping.map(r.from, 1), to: tr.mapping.map(r.to, -1) } : r);
          next = {
            ...prev,
            decorations: prev.decorations.map(tr.mapping, tr.doc),
            tracked: prev.tracked.map(({ correction, ranges }) => ({ correction, ranges: ranges.map(map) })),
          };
        }
        if (!meta) return next;
        if (meta.type === 'result') {
          if (tr.docChanged || meta.doc !== tr.before || meta.correctionsVersion !== prev.correctionsVersion) return next; // stale
          return { ...next, decorations: meta.decorations, analysis: meta.analysis, text: meta.text, annotatedVersion: meta.correctionsVersion };
        }
        if (meta.type === 'corrections') {
          const dt = docText(tr.doc, cfg);
          return { ...next, tracked: meta.list.map((c) => (c.ranges ? c : track(c, dt))), correctionsVersion: prev.correctionsVersion + 1 };
        }
        if (meta.type === 'config') {
          return { ...next, cfg: { ...next.cfg, ...meta.cfg }, correctionsVersion: prev.correctionsVersion + 1 };
        }
        return next;
      },
    },
    props: {
      decorations(state) {
        return newsmarkKey.getState(state).decorations;
      },
    },
    view(view) {
      let timer = 0;
      let destroyed = false;
      let gen = 0;
      const run = async () => {
        if (destroyed) return;
        const state = view.state;
        const ps = newsmarkKey.getState(state);
        const dt = docText(state.doc, ps.cfg);
        const corrections = currentCorrections(ps.tracked, dt);
        const mine = ++gen;
        let analysis;
        try {
          const annotator = await options.annotator;
          analysis = await annotator.annotate(dt.text, { corrections });
        } catch (e) {
          if (!destroyed && mine === gen) options.onError?.(e);
          return;
        }
        if (destroyed || mine !== gen || view.state.doc !== state.doc) return;
        const now = newsmarkKey.getState(view.state);
        if (now.correctionsVersion !== ps.correctionsVersion) return;
        const decorations = decorationsFor(state.doc, dt, analysis, now.cfg);
        const tr = view.state.tr.setMeta(newsmarkKey, { type: 'result', doc: state.doc, correctionsVersion: ps.correctionsVersion, decorations, analysis, text: dt.text });
        tr.setMeta('addToHistory', false);
        view.dispatch(tr);
        options.onAnnotated?.({ text: dt.text, analysis, corrections });
      };
      const schedule = (ms) => {
        clearTimeout(timer);
        timer = setTimeout(run, ms);
      };
      schedule(0);
      return {
        update(v, prevState) {
          const before = newsmarkKey.getState(prevState);
          const after = newsmarkKey.getState(v.state);
          if (before.correctionsVersion !== after.correctionsVersion) {
            if (before.tracked !== after.tracked) options.onCorrections?.(getCorrections(v.state));
            schedule(0);
          } else if (v.state.doc !== prevState.doc) schedule(cfg.debounce);
        },
        destroy() {
          destroyed = true;
          clearTimeout(timer);
        },
      };
    },
  });
}

/** True when the highlights drawn are those of the document and the corrections as they are now. */
export function isCurrent(state) {
  const ps = newsmarkKey.getState(state);
  return !!ps && ps.annotatedVersion === ps.correctionsVersion && ps.text === docText(state.doc, ps.cfg).text;
}

/** The analysis last drawn (for the text `getState(state).text`), or null. */
export function getAnalysis(state) {
  return newsmarkKey.getState(state)?.analysis ?? null;
}

/** The corrections, with anchors at today's positions where their text still is. */
export function getCorrections(state) {
  const ps = newsmarkKey.getState(state);
  if (!ps) return [];
  return currentCorrections(ps.tracked, docText(state.doc, ps.cfg));
}

/**
 * The highlights at document position `pos` (innermost first; each is drawn as a
 * `<span class="hl hl-KIND" data-nm-kind="KIND">`, nested where they overlap): {kind, from, to, text,
 * annotation} with positions as they are now (mapped through the edits since the last
 * annotation). `annotation` is from the last analysis (its offsets are of that text).
 */
export function highlightsAt(state, pos) {
  return highlights(state, pos, pos);
}

/** The highlights overlapping [from, to] (the whole document by default), as highlightsAt. */
export function highlights(state, from = 0, to = state.doc.content.size) {
  const ps = newsmarkKey.getState(state);
  if (!ps) return [];
  return ps.decorations
    .find(from, to, (spec) => !!spec.newsmark)
    .filter((d) => d.from <= to && from <= d.to && d.to > d.from)
    .map((d) => ({ kind: d.spec.newsmark.kind, from: d.from, to: d.to, text: state.doc.textBetween(d.from, d.to, '\n'), annotation: ps.analysis?.annotations[d.spec.newsmark.index] ?? null }))
    .sort((a, b) => a.to - a.from - (b.to - b.from));
}

function dispatchCorrection(state, dispatch, build) {
  const ps = newsmarkKey.getState(state);
  if (!ps) return false;
  const dt = docText(state.doc, ps.cfg);
  const c = build(dt);
  if (!c) return false;
  if (dispatch) {
    const list = [...ps.tracked, track(c, dt)];
    dispatch(state.tr.setMeta(newsmarkKey, { type: 'corrections', list }).setMeta('addToHistory', false));
  }
  return true;
}

/** A command: tag the selection as `kind`. */
export function tagSelection(kind) {
  return (state, dispatch) =>
    dispatchCorrection(state, dispatch, (dt) => {
      const { from, to } = state.selection;
      if (from === to) return null;
      const s = dt.toOffset(from);
      const e = dt.toOffset(to);
      if (!dt.text.slice(s, e).trim()) return null;
      let a = s;
      let b = e;
      while (a < b && /\s/.test(dt.text[a])) a++;
      while (b > a && /\s/.test(dt.text[b - 1])) b--;
      return addTag(dt.text, a, b, kind);
    });
}

/** A command: remove the highlight `hit` (from highlightsAt). */
export function removeHighlight(hit) {
  return (state, dispatch) => dispatchCorrection(state, dispatch, (dt) => removeTag(dt.text, { kind: hit.kind, start: dt.toOffset(hit.from), end: dt.toOffset(hit.to) }));
}

/** A command: change the kind of the highlight `hit` (from highlightsAt) to `to`. */
export function changeHighlightKind(hit, to) {
  return (state, dispatch) =>
    hit.kind !== to && dispatchCorrection(state, dispatch, (dt) => changeKind(dt.text, { kind: hit.kind, start: dt.toOffset(hit.from), end: dt.toOffset(hit.to) }, to));
}

/** A command: add any correction built on `docText(state.doc).text`. */
export function addCorrection(correction) {
  validateCorrections([correction]);
  return (state, dispatch) => dispatchCorrection(state, dispatch, () => correction);
}

/** A command: replace the corrections (a saved list; anchors in UTF-16 offsets of docText). */
export function setCorrections(list) {
  validateCorrections([...list]);
  return (state, dispatch) => {
    if (!newsmarkKey.getState(state)) return false;
    dispatch?.(state.tr.setMeta(newsmarkKey, { type: 'corrections', list: [...list] }).setMeta('addToHistory', false));
    return true;
  };
}

/** A command: remove the correction at `index` (e.g. the reader's "undo my correction"). */
export function removeCorrection(index) {
  return (state, dispatch) => {
    const ps = newsmarkKey.getState(state);
    if (!ps || !(index >= 0 && index < ps.tracked.length)) return false;
    dispatch?.(state.tr.setMeta(newsmarkKey, { type: 'corrections', list: ps.tracked.filter((_, i) => i !== index) }).setMeta('addToHistory', false));
    return true;
  };
}

/** A command: show other layers or another claim bar ({layers, minClaimScore}). */
export function configure(cfg) {
  return (state, dispatch) => {
    if (!newsmarkKey.getState(state)) return false;
    dispatch?.(state.tr.setMeta(newsmarkKey, { type: 'config', cfg }).setMeta('addToHistory', false));
    return true;
  };
}
