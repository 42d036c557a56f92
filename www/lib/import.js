// Reading back the JSON file the page exports (export.js): the article and the corrections.
// No DOM here.
//
// The file comes from outside, so it is checked strictly before anything is replaced: its
// size, its format marker and version, the shape of every correction (known ops and kinds,
// no unknown fields), every offset an integer inside the text (code points, as exported),
// every anchor's text a non-empty string and its context at most CONTEXT_CHARS code points.
// The analysis in the file is not read: the page annotates the text again. The first
// problem found is reported in words; nothing is returned then.

import { CONTEXT_CHARS, KINDS, validateCorrections } from './corrections.js';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export.js';
import { codePointToUtf16Mapper, utf8Length } from './offsets.js';

/** The largest file the page reads (an export holds the article and its whole analysis). */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;
/** The longest article accepted: the annotator's limit (16 MiB of UTF-8). */
export const IMPORT_MAX_TEXT_BYTES = 16 * 1024 * 1024;
export const IMPORT_MAX_CORRECTIONS = 10_000;
const MAX_NAME = 500;

/**
 * The largest W3C Web Annotation or spaCy file the page reads: the article may be up to
 * 16 MB and the file repeats it (spaCy) or quotes every tag with its context (W3C).
 */
export const STANDARD_IMPORT_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Which standard format a file is in, from its first bytes: 'w3c' (W3C Web Annotation
 * JSON-LD), 'spacy' (spaCy/Prodigy JSONL), 'brat' (standoff .ann: `T1<TAB>PERSON 0 5<TAB>…`),
 * 'conll' (`token<TAB>B-PER` lines, or CoNLL-2003 columns), or null for anything else (then
 * it is read as newsmark's own export, whose checks say what is wrong). Only a dispatch: the
 * core reads and checks the file itself.
 */
export function standardFormatOf(head) {
  const h = String(head).replace(/^\ufeff/, '').trimStart();
  if (/"format"\s*:\s*"newsmark-analysis"/.test(h)) return null;
  if (/anno\.jsonld|"(AnnotationCollection|AnnotationPage|TextQuoteSelector|TextPositionSelector)"/.test(h)) return 'w3c';
  if (/^\{\s*"(text|spans|tokens|meta|_input_hash|_task_hash)"\s*:/.test(h)) return 'spacy';
  const first = h.split(/\r?\n/, 1)[0];
  if (/^T\d+\t\S+ \d+ \d+/.test(first)) return 'brat';
  if (/^-DOCSTART-/.test(first) || /^\S+(\t|\s.*\s)(O|[BI]-[A-Za-z]+)$/.test(first)) return 'conll';
  return null;
}

export class ImportError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ImportError';
  }
}

const FIELDS = {
  add: ['op', 'target', 'kind'],
  remove: ['op', 'target', 'kind'],
  changeKind: ['op', 'target', 'from', 'to'],
  move: ['op', 'target', 'kind', 'to'],
  setSpeaker: ['op', 'target', 'speaker'],
  merge: ['op', 'into', 'from'],
  split: ['op', 'target'],
};
const ANCHOR_FIELDS = new Set(['start', 'end', 'text', 'prefix', 'suffix']);

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const codePoints = (s) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/**
 * Parses and checks the text of an exported file.
 * @param {string} raw the file's text
 * @returns {{text: string, corrections: object[]}} corrections with UTF-16 anchors, as the
 *   page keeps them
 * @throws {ImportError} saying what is wrong
 */
export function parseImport(raw) {
  if (typeof raw !== 'string') throw new ImportError('the file could not be read as text');
  if (raw.length > IMPORT_MAX_BYTES) throw new ImportError(`the file is larger than ${IMPORT_MAX_BYTES / 1048576} MB`);
  let data;
  try {
    data = JSON.parse(raw.startsWith('\ufeff') ? raw.slice(1) : raw);
  } catch (e) {
    throw new ImportError(`it is not a JSON file (${e.message})`);
  }
  if (!isPlainObject(data)) throw new ImportError('it is not a newsmark export (the file is not a JSON object)');
  if (data.format !== EXPORT_FORMAT) throw new ImportError(`it is not a newsmark export ("format" is ${JSON.stringify(data.format) ?? 'missing'}, expected "${EXPORT_FORMAT}")`);
  if (data.version !== EXPORT_VERSION) {
    throw new ImportError(
      Number.isInteger(data.version) && data.version > EXPORT_VERSION
        ? `it was made by a newer newsmark (version ${data.version}); this page reads version ${EXPORT_VERSION}`
        : `unknown export version ${JSON.stringify(data.version)}`,
    );
  }
  if (data.offsets !== 'unicode-code-points') throw new ImportError(`unknown offsets ${JSON.stringify(data.offsets)} (expected "unicode-code-points")`);
  if (typeof data.text !== 'string') throw new ImportError('"text" is not a string');
  const text = data.text;
  if (text.length > IMPORT_MAX_TEXT_BYTES || utf8Length(text) > IMPORT_MAX_TEXT_BYTES) {
    throw new ImportError(`the article is longer than ${IMPORT_MAX_TEXT_BYTES / 1048576} MB`);
  }
  if (!Array.isArray(data.corrections)) throw new ImportError('"corrections" is not a list');
  if (data.corrections.length > IMPORT_MAX_CORRECTIONS) throw new ImportError(`more than ${IMPORT_MAX_CORRECTIONS.toLocaleString('en')} corrections`);

  const toUnits = codePointToUtf16Mapper(text);
  const cpLength = codePoints(text);
  const corrections = data.corrections.map((c, i) => {
    const where = `correction ${i + 1}`;
    const fail = (why) => {
      throw new ImportError(`${where}: ${why}`);
    };
    const anchor = (a, name) => {
      if (!isPlainObject(a)) fail(`"${name}" is not an anchor`);
      for (const k of Object.keys(a)) if (!ANCHOR_FIELDS.has(k)) fail(`unknown field "${name}.${k}"`);
      if (!Number.isSafeInteger(a.start) || !Number.isSafeInteger(a.end)) fail(`"${name}" offsets must be whole numbers`);
      if (a.start < 0 || a.end < a.start || a.end > cpLength) fail(`"${name}" offsets ${a.start}–${a.end} are outside the text (${cpLength} characters)`);
      if (typeof a.text !== 'string' || a.text.length === 0) fail(`"${name}.text" must be a non-empty string`);
      for (const side of ['prefix', 'suffix']) {
        if (a[side] === undefined) continue;
        if (typeof a[side] !== 'string') fail(`"${name}.${side}" must be a string`);
        if (codePoints(a[side]) > CONTEXT_CHARS) fail(`"${name}.${side}" is longer than ${CONTEXT_CHARS} characters`);
      }
      const out = { start: toUnits(a.start), end: toUnits(a.end), text: a.text };
      if (a.prefix !== undefined) out.prefix = a.prefix;
      if (a.suffix !== undefined) out.suffix = a.suffix;
      return out;
    };
    const kind = (k, name) => {
      if (!KINDS.includes(k)) fail(`"${name}" must be one of ${KINDS.join(', ')} (it is ${JSON.stringify(k) ?? 'missing'})`);
      return k;
    };

    if (!isPlainObject(c)) fail('not an object');
    const fields = Object.hasOwn(FIELDS, c.op) ? FIELDS[c.op] : null;
    if (!fields) fail(`unknown operation ${JSON.stringify(c.op) ?? '(missing)'}`);
    for (const k of Object.keys(c)) {
      if (k === 'stale') {
        if (typeof c.stale !== 'boolean') fail('"stale" must be true or false');
      } else if (!fields.includes(k)) fail(`unknown field "${k}" for ${c.op}`);
    }
    switch (c.op) {
      case 'add':
      case 'remove':
        return { op: c.op, target: anchor(c.target, 'target'), kind: kind(c.kind, 'kind') };
      case 'changeKind':
        return { op: c.op, target: anchor(c.target, 'target'), from: kind(c.from, 'from'), to: kind(c.to, 'to') };
      case 'move':
        return { op: c.op, target: anchor(c.target, 'target'), kind: kind(c.kind, 'kind'), to: anchor(c.to, 'to') };
      case 'setSpeaker': {
        const sp = c.speaker;
        if (!isPlainObject(sp)) fail('"speaker" is not an object');
        for (const k of Object.keys(sp)) if (k !== 'name' && k !== 'mention') fail(`unknown field "speaker.${k}"`);
        if (typeof sp.name !== 'string' || !sp.name.trim()) fail('"speaker.name" must be a non-empty string');
        if (sp.name.length > MAX_NAME) fail(`"speaker.name" is longer than ${MAX_NAME} characters`);
        const mention = sp.mention === null || sp.mention === undefined ? null : anchor(sp.mention, 'speaker.mention');
        return { op: c.op, target: anchor(c.target, 'target'), speaker: { name: sp.name, mention } };
      }
      case 'merge':
        return { op: c.op, into: anchor(c.into, 'into'), from: anchor(c.from, 'from') };
      case 'keep':
      case 'split':
        return { op: c.op, target: anchor(c.target, 'target') };
      default:
        return fail('unknown operation');
    }
  });
  const normal = normaliseLineEnds(text, corrections);
  try {
    validateCorrections(normal.corrections);
  } catch (e) {
    throw new ImportError(e.message);
  }
  return normal;
}

/**
 * A text box holds line ends as LF (CRLF and CR become LF when it is given a value), so an
 * imported article with CR in it is brought to that form first, with the corrections'
 * offsets and texts moved to match. Without CR, the input is returned as it is.
 */
export function normaliseLineEnds(text, corrections) {
  if (!text.includes('\r')) return { text, corrections };
  const map = new Uint32Array(text.length + 1);
  let j = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = j;
    if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) map[++i] = j;
    j++;
  }
  map[text.length] = j;
  const lf = (s) => s.replace(/\r\n?/g, '\n');
  const anchor = (a) => {
    const out = { start: map[a.start], end: map[a.end], text: lf(a.text) };
    if (a.prefix !== undefined) out.prefix = lf(a.prefix);
    if (a.suffix !== undefined) out.suffix = lf(a.suffix);
    return out;
  };
  const moved = corrections.map((c) => {
    const o = { ...c };
    for (const k of ['target', 'into', 'from']) if (o[k] && typeof o[k] === 'object') o[k] = anchor(o[k]);
    if (c.op === 'move') o.to = anchor(c.to);
    if (c.op === 'setSpeaker') o.speaker = { name: c.speaker.name, mention: c.speaker.mention ? anchor(c.speaker.mention) : null };
    return o;
  });
  return { text: lf(text), corrections: moved };
}
