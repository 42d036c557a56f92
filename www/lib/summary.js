// What the side panel lists, derived from an Analysis. No DOM here.

/**
 * People and organizations, most mentioned first.
 * @returns {Array<{index: number, kind: string, name: string, count: number, mentions: number[]}>}
 */
export function entityList(analysis) {
  return analysis.entities
    .map((e, index) => ({ index, kind: e.kind, name: e.name, count: e.mentions.length, mentions: e.mentions.slice() }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** A stable key for a quote's speaker: the entity when there is one, else the shown name. */
export function speakerKey(speaker) {
  if (!speaker) return 'none';
  if (speaker.entity !== null && speaker.entity !== undefined) return `entity:${speaker.entity}`;
  return `name:${speaker.name.trim().toLowerCase()}`;
}

/**
 * Quotes grouped by speaker ("voices"), most quoted first; the unattributed group last.
 * @returns {Array<{key: string, name: string|null, entity: number|null, quotes: number[]}>}
 */
export function voiceList(analysis) {
  const groups = new Map();
  analysis.annotations.forEach((a, i) => {
    if (a.kind !== 'quote') return;
    const sp = a.speaker ?? null;
    const key = speakerKey(sp);
    if (!groups.has(key)) {
      groups.set(key, { key, name: sp ? sp.name : null, entity: sp && sp.entity !== undefined ? sp.entity : null, quotes: [] });
    }
    groups.get(key).quotes.push(i);
  });
  return [...groups.values()].sort(
    (a, b) => (a.key === 'none') - (b.key === 'none') || b.quotes.length - a.quotes.length || a.name.localeCompare(b.name),
  );
}

/**
 * Claims, most check-worthy first.
 * @returns {Array<{index: number, score: number, reasons: string[], text: string, byUser: boolean}>}
 */
export function claimList(analysis, minScore = 0) {
  return analysis.annotations
    .map((a, index) => ({ a, index }))
    .filter(({ a }) => a.kind === 'claim' && claimShown(a, minScore))
    .map(({ a, index }) => ({ index, score: typeof a.score === 'number' ? a.score : 0, reasons: a.reasons ?? [], text: a.text, byUser: !!a.byUser }))
    .sort((x, y) => y.score - x.score || x.index - y.index);
}

/**
 * Whether a claim passes the reader's bar: its score is at least `minScore`. A claim the
 * reader added (`byUser`) always does: a correction is never hidden by a filter.
 */
export function claimShown(a, minScore = 0) {
  return a.kind !== 'claim' || !!a.byUser || (typeof a.score === 'number' ? a.score : 0) >= minScore;
}

/** Counts per layer (claims under the reader's bar `minScore` left out). */
export function layerCounts(analysis, minScore = 0) {
  const c = { person: 0, org: 0, quote: 0, claim: 0 };
  for (const a of analysis.annotations) if (a.kind in c && claimShown(a, minScore)) c[a.kind]++;
  return c;
}

/** Collapses white space and cuts `s` to about `n` characters (whole code points). */
export function snippet(s, n = 90) {
  const flat = s.replace(/\s+/g, ' ').trim();
  const cps = Array.from(flat);
  return cps.length > n ? `${cps.slice(0, n - 1).join('').trimEnd()}…` : flat;
}
