// A reader's corrections: anchors, builders for each edit, validation, and one ordered list
// with undo and redo. No DOM here: the page, the extension and the CMS embed share it.
//
// The core re-applies the whole list on every annotation and re-anchors each correction by
// its text and context when the article changes, so the list is the only state: undo and
// redo just move between versions of it.

import { firstCodePoints, lastCodePoints, snapOffset } from './offsets.js';

export const KINDS = Object.freeze(['person', 'org', 'quote', 'claim']);

/** Characters of context an anchor keeps on each side (the core's CONTEXT_CHARS). */
export const CONTEXT_CHARS = 32;

/** An anchor for `text.slice(start, end)`: UTF-16 offsets, the text, 32 code points around. */
export function makeAnchor(text, start, end) {
  const s = snapOffset(text, Math.min(start, end), -1);
  const e = snapOffset(text, Math.max(start, end), 1);
  return {
    start: s,
    end: e,
    text: text.slice(s, e),
    prefix: lastCodePoints(text.slice(Math.max(0, s - 2 * CONTEXT_CHARS), s), CONTEXT_CHARS),
    suffix: firstCodePoints(text.slice(e, e + 2 * CONTEXT_CHARS), CONTEXT_CHARS),
  };
}

function isKind(k) {
  return KINDS.includes(k);
}

/** Tag `[start, end)` of `text` as `kind`. */
export function addTag(text, start, end, kind) {
  if (!isKind(kind)) throw new TypeError(`unknown kind: ${kind}`);
  return { op: 'add', target: makeAnchor(text, start, end), kind };
}

/** Read the block `[start, end)` that was set aside as page furniture as article text. */
export function keepBlock(text, start, end) {
  return { op: 'keep', target: makeAnchor(text, start, end) };
}

/** Remove annotation `ann` (an element of Analysis.annotations of `text`). */
export function removeTag(text, ann) {
  return { op: 'remove', target: makeAnchor(text, ann.start, ann.end), kind: ann.kind };
}

/** Change annotation `ann` to kind `to`. */
export function changeKind(text, ann, to) {
  if (!isKind(to)) throw new TypeError(`unknown kind: ${to}`);
  return { op: 'changeKind', target: makeAnchor(text, ann.start, ann.end), from: ann.kind, to };
}

/**
 * Set the speaker of quote `ann` to `name`; `mention` ({start, end} in `text`) is where the
 * speaker is named, when the reader picked one.
 */
export function setSpeaker(text, ann, name, mention = null) {
  const n = String(name).trim();
  if (!n) throw new TypeError('a speaker needs a name');
  return {
    op: 'setSpeaker',
    target: makeAnchor(text, ann.start, ann.end),
    speaker: { name: n, mention: mention ? makeAnchor(text, mention.start, mention.end) : null },
  };
}

/** Move annotation `ann` to `[start, end)` of `text` (same kind). */
export function moveTag(text, ann, start, end) {
  if (!isKind(ann.kind)) throw new TypeError(`unknown kind: ${ann.kind}`);
  const to = makeAnchor(text, start, end);
  if (!to.text.trim()) throw new RangeError('a tag needs some text');
  return { op: 'move', target: makeAnchor(text, ann.start, ann.end), kind: ann.kind, to };
}

/**
 * Split name annotation `ann` off its entity: it and the entity's other mentions that read
 * the same become an entity of their own (the core does it; see Correction::Split).
 */
export function splitEntity(text, ann) {
  return { op: 'split', target: makeAnchor(text, ann.start, ann.end) };
}

/** Merge the entity of name annotation `from` into the entity that `into` ({start, end}) names. */
export function mergeEntities(text, from, into) {
  return { op: 'merge', into: makeAnchor(text, into.start, into.end), from: makeAnchor(text, from.start, from.end) };
}

const WORD = /[\p{L}\p{N}\p{M}]/u;

/**
 * `[start, end)` of `text` with one edge moved by a word: `edge` 'start' or 'end', `dir` -1
 * (left) or 1 (right). Spaces and punctuation between words are stepped over, so a tag
 * grows or shrinks by whole words. Null when the move would leave no word inside.
 */
export function stepEdge(text, start, end, edge, dir) {
  const isWord = (i) => i >= 0 && i < text.length && WORD.test(text[i]);
  let s = start;
  let e = end;
  if (edge === 'start') {
    if (dir < 0) {
      s -= 1;
      while (s > 0 && !isWord(s)) s -= 1; // the gap before
      while (s > 0 && isWord(s - 1)) s -= 1; // the word
      if (!isWord(s)) return null;
    } else {
      while (s < e && !isWord(s)) s += 1; // leading punctuation
      while (s < e && isWord(s)) s += 1; // the first word
      while (s < e && !isWord(s)) s += 1; // the gap after it
    }
  } else if (dir > 0) {
    e += 1;
    while (e < text.length && !isWord(e - 1)) e += 1;
    while (e < text.length && isWord(e)) e += 1;
    if (!isWord(e - 1)) return null;
  } else {
    while (e > s && !isWord(e - 1)) e -= 1; // trailing punctuation
    while (e > s && isWord(e - 1)) e -= 1; // the last word
    while (e > s && !isWord(e - 1)) e -= 1; // the gap before it
  }
  s = snapOffset(text, s, -1);
  e = snapOffset(text, e, 1);
  if (e <= s || !WORD.test(text.slice(s, e))) return null;
  if (s === start && e === end) return null;
  return { start: s, end: e };
}

const OPENING = /["'“‘«‹(\[]/u;
const CLOSING = /["'”’»›)\].!?…]/u;

/**
 * Where the `edge` ('start' or 'end') of annotation `ann` ({kind, start, end}) of `text`
 * goes when it is dragged to offset `to`: snapped to a word boundary (a start to the start
 * of the word it lands in, or of the next word when it lands between words; an end to the
 * end of its word, or of the word before), never past the other edge (at least one word
 * stays inside). A quote or a claim keeps the quotation marks and the closing punctuation
 * right next to the words; an edge dropped where only spaces and punctuation lie between it
 * and where it was stays where it was. Returns `{start, end}` (UTF-16 offsets).
 */
export function snapEdge(text, ann, edge, to) {
  const isWord = (i) => i >= 0 && i < text.length && WORD.test(text[i]);
  const wordsBetween = (a, b) => WORD.test(text.slice(Math.min(a, b), Math.max(a, b)));
  const sentence = ann.kind === 'quote' || ann.kind === 'claim';
  let p = Math.max(0, Math.min(text.length, to));
  let { start, end } = ann;
  if (edge === 'start') {
    if (isWord(p)) while (p > 0 && isWord(p - 1)) p -= 1;
    else while (p < text.length && !isWord(p)) p += 1;
    if (p >= end || !wordsBetween(p, end)) {
      // Past the end: keep the last word.
      p = end;
      while (p > 0 && !isWord(p - 1)) p -= 1;
      while (p > 0 && isWord(p - 1)) p -= 1;
    }
    if (sentence) while (p > 0 && OPENING.test(text[p - 1])) p -= 1;
    if (!wordsBetween(p, start)) p = start;
    start = snapOffset(text, p, -1);
  } else {
    if (isWord(p - 1)) while (p < text.length && isWord(p)) p += 1;
    else while (p > 0 && !isWord(p - 1)) p -= 1;
    if (p <= start || !wordsBetween(start, p)) {
      // Before the start: keep the first word.
      p = start;
      while (p < text.length && !isWord(p)) p += 1;
      while (p < text.length && isWord(p)) p += 1;
    }
    if (sentence) while (p < text.length && (CLOSING.test(text[p]) || (text[p] === ',' && /["'”’»]/u.test(text[p + 1] ?? '')))) p += 1;
    if (!wordsBetween(p, end)) p = end;
    end = snapOffset(text, p, 1);
  }
  return { start, end };
}

/** The mention of entity `entityIndex` nearest to `ann` (preferring one before it), or null. */
export function nearestMention(analysis, entityIndex, ann) {
  const ent = analysis.entities[entityIndex];
  if (!ent) return null;
  let best = null;
  let bestCost = Infinity;
  for (const i of ent.mentions) {
    const m = analysis.annotations[i];
    if (!m) continue;
    const cost = m.end <= ann.start ? ann.start - m.end : m.start >= ann.end ? 2 * (m.start - ann.end) + 1 : 0;
    if (cost < bestCost) {
      best = m;
      bestCost = cost;
    }
  }
  return best ? { start: best.start, end: best.end } : null;
}

function isAnchor(a) {
  return (
    a !== null &&
    typeof a === 'object' &&
    Number.isInteger(a.start) &&
    Number.isInteger(a.end) &&
    a.start >= 0 &&
    a.end >= a.start &&
    typeof a.text === 'string' &&
    a.text.length > 0 &&
    (a.prefix === undefined || typeof a.prefix === 'string') &&
    (a.suffix === undefined || typeof a.suffix === 'string')
  );
}

/** Why `c` is not a well-formed correction, or null when it is. */
export function correctionProblem(c) {
  if (c === null || typeof c !== 'object') return 'not an object';
  switch (c.op) {
    case 'add':
    case 'remove':
      if (!isAnchor(c.target)) return `${c.op}: bad target`;
      if (!isKind(c.kind)) return `${c.op}: bad kind`;
      return null;
    case 'changeKind':
      if (!isAnchor(c.target)) return 'changeKind: bad target';
      if (!isKind(c.from) || !isKind(c.to)) return 'changeKind: bad kind';
      return null;
    case 'move':
      if (!isAnchor(c.target) || !isAnchor(c.to)) return 'move: bad anchor';
      if (!isKind(c.kind)) return 'move: bad kind';
      return null;
    case 'setSpeaker':
      if (!isAnchor(c.target)) return 'setSpeaker: bad target';
      if (!c.speaker || typeof c.speaker.name !== 'string' || !c.speaker.name.trim()) return 'setSpeaker: bad speaker';
      if (c.speaker.mention !== undefined && c.speaker.mention !== null && !isAnchor(c.speaker.mention)) return 'setSpeaker: bad mention';
      return null;
    case 'merge':
      if (!isAnchor(c.into) || !isAnchor(c.from)) return 'merge: bad anchor';
      return null;
    case 'keep':
      if (!isAnchor(c.target)) return 'keep: bad target';
      return null;
    case 'split':
      if (!isAnchor(c.target)) return 'split: bad target';
      return null;
    default:
      return `unknown op: ${String(c.op)}`;
  }
}

/** Throws a TypeError naming the first malformed correction in `list`. */
export function validateCorrections(list) {
  if (!Array.isArray(list)) throw new TypeError('corrections must be an array');
  list.forEach((c, i) => {
    const p = correctionProblem(c);
    if (p) throw new TypeError(`correction ${i}: ${p}`);
  });
  return list;
}

/** A short description of a correction, for the notes and the history. */
export function describeCorrection(c) {
  const q = (a) => {
    const t = a.text.length > 40 ? `${a.text.slice(0, 40)}…` : a.text;
    return `“${t}”`;
  };
  switch (c.op) {
    case 'add':
      return `tag ${q(c.target)} as ${c.kind}`;
    case 'remove':
      return `remove the ${c.kind} tag on ${q(c.target)}`;
    case 'changeKind':
      return `change ${q(c.target)} from ${c.from} to ${c.to}`;
    case 'move':
      return `move the ${c.kind} tag ${q(c.target)} to ${q(c.to)}`;
    case 'setSpeaker':
      return `set the speaker of ${q(c.target)} to ${c.speaker.name}`;
    case 'merge':
      return `merge ${q(c.from)} into ${q(c.into)}`;
    case 'keep':
      return `read ${q(c.target)} as article text`;
    case 'split':
      return `split ${q(c.target)} off its entity`;
    default:
      return 'correction';
  }
}

/**
 * One ordered list of corrections with undo and redo. Each version of the list is frozen,
 * so listeners may keep references. `limit` bounds the undo history.
 */
export class CorrectionStore {
  #list = Object.freeze([]);
  #undo = [];
  #redo = [];
  #listeners = new Set();
  #limit;

  constructor(initial = [], { limit = 200 } = {}) {
    this.#limit = limit;
    this.#list = Object.freeze(validateCorrections([...initial]));
  }

  get list() {
    return this.#list;
  }

  get canUndo() {
    return this.#undo.length > 0;
  }

  get canRedo() {
    return this.#redo.length > 0;
  }

  /** Calls `fn(list, reason)` after every change; returns an unsubscribe function. */
  subscribe(fn) {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #set(list, reason) {
    this.#list = Object.freeze(list);
    for (const fn of this.#listeners) fn(this.#list, reason);
  }

  /** Appends one correction (validated); clears the redo history. */
  push(correction) {
    const p = correctionProblem(correction);
    if (p) throw new TypeError(p);
    this.#undo.push(this.#list);
    if (this.#undo.length > this.#limit) this.#undo.shift();
    this.#redo = [];
    this.#set([...this.#list, correction], 'push');
  }

  /** Appends several corrections (each validated) as one undoable edit; clears the redo history. */
  pushAll(corrections) {
    for (const c of corrections) {
      const p = correctionProblem(c);
      if (p) throw new TypeError(p);
    }
    if (!corrections.length) return;
    this.#undo.push(this.#list);
    if (this.#undo.length > this.#limit) this.#undo.shift();
    this.#redo = [];
    this.#set([...this.#list, ...corrections], 'push');
  }

  /** Removes the correction at `index` (an undoable edit). */
  removeAt(index) {
    if (!Number.isInteger(index) || index < 0 || index >= this.#list.length) return false;
    this.#undo.push(this.#list);
    if (this.#undo.length > this.#limit) this.#undo.shift();
    this.#redo = [];
    this.#set(this.#list.filter((_, i) => i !== index), 'remove');
    return true;
  }

  undo() {
    if (!this.#undo.length) return false;
    this.#redo.push(this.#list);
    this.#set(this.#undo.pop(), 'undo');
    return true;
  }

  redo() {
    if (!this.#redo.length) return false;
    this.#undo.push(this.#list);
    this.#set(this.#redo.pop(), 'redo');
    return true;
  }

  /** Replaces the list and forgets the history (used when a saved state is restored). */
  reset(list) {
    const l = validateCorrections([...list]);
    this.#undo = [];
    this.#redo = [];
    this.#set(l, 'reset');
  }
}

// What corrections teach: the reader's lexicon (the core's user_lexicon.rs). A correction
// teaches when made or redone; undo takes the lesson back; Forget keeps it.

/** The core's limits of a lexicon (user_lexicon.rs). */
export const MAX_ENTRIES = 20_000;
export const MAX_NAME_CHARS = 120;
export const MAX_FILE_BYTES = 4_000_000;
const LESSONS = ['person', 'org', 'none'];

function entry(text, kind) {
  const name = String(text).trim().split(/\s+/u).join(' ');
  return /[\p{L}\p{N}]/u.test(name) && [...name].length <= MAX_NAME_CHARS ? { name, kind } : null;
}

/** What correction `c` teaches ({name, kind}) or null: the core's UserLexicon::lesson. */
export function lessonOf(c) {
  const nm = (k) => k === 'person' || k === 'org';
  if (c.op === 'add' && nm(c.kind)) return entry(c.target.text, c.kind);
  if (c.op === 'remove' && nm(c.kind)) return entry(c.target.text, 'none');
  if (c.op === 'changeKind') return nm(c.to) ? entry(c.target.text, c.to) : nm(c.from) ? entry(c.target.text, 'none') : null;
  return null;
}

/** The entries of a parsed lexicon ({version: 1, entries}); throws a TypeError saying why not. */
export function validateLexicon(v) {
  const list = v?.version === 1 ? v.entries : null;
  if (!Array.isArray(list)) throw new TypeError('it is not a newsmark lexicon');
  if (list.length > MAX_ENTRIES) throw new TypeError(`it has ${list.length.toLocaleString('en')} entries; at most ${MAX_ENTRIES.toLocaleString('en')} are kept`);
  return list.map((e, i) => {
    const x = typeof e?.name === 'string' && LESSONS.includes(e.kind) && entry(e.name, e.kind);
    if (!x) throw new TypeError(`entry ${i + 1} is not {name, kind: person, org or none} (names of at most ${MAX_NAME_CHARS} characters)`);
    return x;
  });
}

/** A lexicon file's entries (its size checked by the caller); throws a TypeError saying why not. */
export function parseLexiconFile(text) {
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    throw new TypeError('it is not valid JSON');
  }
  return validateLexicon(v);
}

/** name → kind, in the order taught. */
export class Lexicon {
  #map = new Map();
  #taught = new WeakMap(); // correction → what undoing it restores
  #seen; // the corrections of the list last followed

  constructor(entries = [], list = []) {
    this.replace(entries);
    this.#seen = new Set(list);
  }

  #set(name, kind) {
    this.#map.delete(name);
    this.#map.set(name, kind);
  }

  get size() {
    return this.#map.size;
  }

  /** [{name, kind}], as the core takes them (later ones win). */
  get entries() {
    return [...this.#map].map(([name, kind]) => ({ name, kind }));
  }

  toJSON() {
    return { newsmark: 'lexicon', version: 1, entries: this.entries };
  }

  /** Follows the corrections store (list, reason); returns whether it changed. */
  follow(list, reason) {
    const now = new Set(list);
    let changed = false;
    for (const c of reason === 'undo' ? this.#seen : list) {
      if (reason === 'undo') {
        const t = !now.has(c) && this.#taught.get(c);
        if (!t || this.#map.get(t.name) !== t.kind) continue;
        if (t.had) this.#set(t.name, t.was);
        else this.#map.delete(t.name);
      } else {
        const l = (reason === 'push' || reason === 'redo') && !this.#seen.has(c) && lessonOf(c);
        if (!l || this.#map.get(l.name) === l.kind) continue;
        this.#taught.set(c, { ...l, had: this.#map.has(l.name), was: this.#map.get(l.name) });
        this.#set(l.name, l.kind);
      }
      changed = true;
    }
    this.#seen = now;
    return changed;
  }

  /** Learns what every correction of `list` teaches (an imported export); returns whether it changed. */
  teach(list) {
    let changed = false;
    for (const l of list.map(lessonOf)) {
      if (!l || this.#map.get(l.name) === l.kind) continue;
      this.#set(l.name, l.kind);
      changed = true;
    }
    return changed;
  }

  remove(name) {
    return this.#map.delete(name);
  }

  replace(entries) {
    this.#map.clear();
    for (const e of entries) this.#set(e.name, e.kind);
  }
}
