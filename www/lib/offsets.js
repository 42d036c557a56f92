// Offsets: the annotator, `String.prototype.slice` and DOM ranges count UTF-16 code units;
// files for people and other tools count Unicode code points. No DOM here.

/** True when `i` falls between the two halves of a surrogate pair in `text`. */
export function splitsSurrogatePair(text, i) {
  if (i <= 0 || i >= text.length) return false;
  const hi = text.charCodeAt(i - 1);
  const lo = text.charCodeAt(i);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

/** Clamps `i` into `[0, text.length]` and moves it off the middle of a surrogate pair. */
export function snapOffset(text, i, direction = -1) {
  let p = Math.max(0, Math.min(text.length, Math.trunc(Number(i) || 0)));
  if (splitsSurrogatePair(text, p)) p += direction < 0 ? -1 : 1;
  return p;
}

/**
 * Normalises a reader's selection `[start, end)` of `text`: clamps, orders, keeps whole
 * characters, and trims white space and (for names) trailing punctuation a double click
 * picks up. Returns null when nothing but white space is left.
 */
export function tidyRange(text, start, end) {
  let s = snapOffset(text, Math.min(start, end), -1);
  let e = snapOffset(text, Math.max(start, end), 1);
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  if (s >= e) return null;
  return { start: s, end: e, text: text.slice(s, e) };
}

/**
 * A function mapping UTF-16 offsets of `text` to code-point offsets. Offsets inside a
 * surrogate pair map to the pair's code point start. Built in one pass; O(1) per lookup.
 */
export function utf16ToCodePointMapper(text) {
  const map = new Uint32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = cp;
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        map[i + 1] = cp;
        i++;
      }
    }
    cp++;
  }
  map[text.length] = cp;
  return (i) => {
    if (i === null || i === undefined) return i;
    if (!Number.isInteger(i) || i < 0 || i > text.length) throw new RangeError(`offset ${i} outside the text`);
    return map[i];
  };
}

/** Takes at most `n` code points from the end of `s`. */
export function lastCodePoints(s, n) {
  // 2n code units always hold at least n code points; only look at those.
  const cps = Array.from(s.length > 2 * n ? s.slice(s.length - 2 * n) : s);
  return cps.slice(Math.max(0, cps.length - n)).join('');
}

/** Takes at most `n` code points from the start of `s`. */
export function firstCodePoints(s, n) {
  let out = '';
  let k = 0;
  for (const ch of s.length > 2 * n ? s.slice(0, 2 * n) : s) {
    if (k++ >= n) break;
    out += ch;
  }
  return out;
}

/**
 * A function mapping code-point offsets of `text` to UTF-16 offsets (the inverse of
 * utf16ToCodePointMapper; a lone surrogate counts as one code point, as `Array.from` and
 * the annotator's U+FFFD replacement count it). Throws a RangeError outside the text.
 */
export function codePointToUtf16Mapper(text) {
  const all = new Uint32Array(text.length + 1);
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    all[++k] = i + 1;
  }
  const map = all.subarray(0, k + 1);
  return (cp) => {
    if (!Number.isInteger(cp) || cp < 0 || cp >= map.length) throw new RangeError(`offset ${cp} outside the text`);
    return map[cp];
  };
}

/** The length of `text` in UTF-8 bytes (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(text) {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
