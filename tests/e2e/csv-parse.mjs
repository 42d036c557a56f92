// An RFC 4180 CSV reader for the tests (the page only writes CSV).

/**
 * Parses RFC 4180 CSV: rows of cells, quotes undone. A leading byte
 * order mark is skipped. Throws on a quote in the middle of an unquoted cell.
 */
export function parseCsv(src) {
  let s = src.startsWith('\ufeff') ? src.slice(1) : src;
  const rows = [];
  let row = [];
  let i = 0;
  if (s.endsWith('\r\n')) s = s.slice(0, -2);
  else if (s.endsWith('\n')) s = s.slice(0, -1);
  while (i <= s.length) {
    let cell = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (i >= s.length) throw new SyntaxError('unterminated quoted cell');
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += s[i++];
      }
    } else {
      while (i < s.length && s[i] !== ',' && s[i] !== '\r' && s[i] !== '\n') {
        if (s[i] === '"') throw new SyntaxError(`a quote inside an unquoted cell at ${i}`);
        cell += s[i++];
      }
    }
    row.push(cell);
    if (i >= s.length) {
      rows.push(row);
      break;
    }
    if (s[i] === ',') {
      i++;
      continue;
    }
    if (s[i] === '\r' && s[i + 1] === '\n') i += 2;
    else if (s[i] === '\r' || s[i] === '\n') i++;
    else throw new SyntaxError(`unexpected character after a quoted cell at ${i}`);
    rows.push(row);
    row = [];
  }
  return rows;
}
