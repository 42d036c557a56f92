// The CSV download: one row per annotation, for spreadsheets. No DOM.
//
// Columns: kind, start, end, text, speaker, score, reasons. Offsets are Unicode code points
// (as in the JSON export); `speaker` is the shown name of a quote's speaker; `reasons` are
// joined with "; ". RFC 4180: comma-separated, CRLF line ends, a cell holding a quote,
// comma, CR or LF is wrapped in quotes with its quotes doubled. A UTF-8 byte order mark
// comes first so that spreadsheet programs read the file as UTF-8.
//
// Formula injection: a cell that starts with = + - @ (or their full-width forms), a tab or a
// CR could run as a formula when the file is opened in a spreadsheet, so it is prefixed with
// an apostrophe, which spreadsheets read as "this is text" (OWASP's advice). Article text
// is the reader's, but it may come from anywhere.

import { utf16ToCodePointMapper } from './offsets.js';

export const CSV_COLUMNS = Object.freeze(['kind', 'start', 'end', 'text', 'speaker', 'score', 'reasons']);

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uff1d', '\uff0b', '\uff0d', '\uff20']);

/** `s` made safe to open in a spreadsheet: an apostrophe first when it could start a formula. */
export function neutraliseCell(s) {
  return s.length > 0 && FORMULA_START.has(s[0]) ? `'${s}` : s;
}

/** One CSV cell: neutralised, then quoted when needed. null and undefined are empty. */
export function csvCell(value) {
  const s = neutraliseCell(value === null || value === undefined ? '' : String(value));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV line (no line end) from a list of values. */
export function csvRow(values) {
  return values.map(csvCell).join(',');
}

/** The CSV file of `analysis` (the analysis of exactly `text`), as a string. */
export function buildCsv({ text, analysis }) {
  const cp = utf16ToCodePointMapper(text);
  const at = (i) => cp(Math.max(0, Math.min(text.length, i)));
  const lines = [csvRow(CSV_COLUMNS)];
  for (const a of analysis.annotations) {
    lines.push(
      csvRow([
        a.kind,
        at(a.start),
        at(a.end),
        a.text,
        a.kind === 'quote' && a.speaker ? a.speaker.name : '',
        typeof a.score === 'number' ? Number(a.score.toFixed(4)) : '',
        Array.isArray(a.reasons) ? a.reasons.join('; ') : '',
      ]),
    );
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
