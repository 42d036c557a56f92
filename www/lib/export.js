// The JSON file a reader downloads: the article, the analysis and the corrections. No DOM.
//
// Inside the page every offset is a UTF-16 code unit (what JavaScript strings use); in the
// file every offset is a Unicode code point, as files for people and other tools use (and
// the W3C Web Annotation model requires). The top-level `offsets` field says so.

import { utf16ToCodePointMapper } from './offsets.js';

export const EXPORT_FORMAT = 'newsmark-analysis';
export const EXPORT_VERSION = 1;

function anchorToCodePoints(a, cp) {
  if (!a) return a;
  return { ...a, start: cp(a.start), end: cp(a.end) };
}

function correctionToCodePoints(c, cp) {
  const out = { ...c };
  if (c.target) out.target = anchorToCodePoints(c.target, cp);
  if (c.op === 'move') out.to = anchorToCodePoints(c.to, cp);
  if (c.op === 'merge') {
    out.into = anchorToCodePoints(c.into, cp);
    out.from = anchorToCodePoints(c.from, cp);
  }
  if (c.op === 'setSpeaker') out.speaker = { ...c.speaker, mention: c.speaker.mention ? anchorToCodePoints(c.speaker.mention, cp) : null };
  return out;
}

/**
 * Builds the export object. `analysis` must be the analysis of exactly `text` with
 * `corrections` applied. Anchors of corrections are converted against `text` too; an
 * anchor that no longer fits the text (its correction was not found) keeps its place
 * clamped to the text and is marked `"stale": true`.
 */
export function buildExport({ text, analysis, corrections, generator = {}, createdAt = new Date() }) {
  const toCp = utf16ToCodePointMapper(text);
  const cp = (i) => (i === null || i === undefined ? i : toCp(Math.max(0, Math.min(text.length, i))));
  const notFound = new Set(analysis.diagnostics.filter((d) => d.code === 'correction_not_found').map((d) => d.correction));
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    offsets: 'unicode-code-points',
    offsetsNote:
      'Every start/end in this file counts Unicode code points of "text" (not UTF-16 code units, not bytes); end is exclusive. ' +
      'In JavaScript: Array.from(text).slice(start, end).join("") === annotation.text.',
    generator: { name: 'newsmark', ...generator },
    createdAt: createdAt.toISOString(),
    text,
    annotations: analysis.annotations.map((a) => {
      const o = { ...a, start: cp(a.start), end: cp(a.end) };
      if (a.speaker) o.speaker = { ...a.speaker, start: cp(a.speaker.start), end: cp(a.speaker.end) };
      return o;
    }),
    entities: analysis.entities.map((e) => ({ ...e, mentions: e.mentions.slice() })),
    diagnostics: analysis.diagnostics.map((d) => ({ ...d })),
    corrections: corrections.map((c, i) => {
      const o = correctionToCodePoints(c, cp);
      if (notFound.has(i)) o.stale = true;
      return o;
    }),
  };
}

/** A file name for the export: newsmark-<first words>-<date>.json, ASCII only. */
export function exportFileName(text, date = new Date()) {
  const words = text
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .slice(0, 6)
    .join('-')
    .slice(0, 48);
  const day = date.toISOString().slice(0, 10);
  return `newsmark-${words || 'article'}-${day}.json`;
}
