// The side panel: people and organizations, voices (quotes by speaker), claims ranked by
// score, and the reader's corrections. Built with createElement/textContent only.

import { claimList, claimShown, entityList, snippet, voiceList } from '../lib/summary.js';
import { describeCorrection } from '../lib/corrections.js';
import { annotationKey } from '../lib/annotation-key.js';

function el(doc, tag, props = {}, ...children) {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('aria-') || k === 'role' || k === 'title') e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) if (c) e.appendChild(c);
  return e;
}

/** Text for screen readers only (class visually-hidden). */
function srOnly(doc, text) {
  return el(doc, 'span', { class: 'visually-hidden', text });
}

function empty(doc, text) {
  return el(doc, 'li', { class: 'empty', text });
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The orphaned corrections the reader chose to keep (this session; all are saved anyway). */
export const kept = new WeakSet();

/** Items drawn per list: a 10 MB article has thousands; the exports have them all. */
export const LIST_LIMIT = 200;

function more(doc, n, what) {
  return el(doc, 'li', { class: 'empty more', text: `… and ${n.toLocaleString('en')} more ${what} (the exports list them all).` });
}

/**
 * Renders the panel. `pending`: the analysis is a stand-in while the article is annotated.
 * `lit` is the current lit key (or null); buttons carry
 * data-lit-key / data-anns (JSON list of annotation indices) / data-jump for main.js.
 */
export function renderPanel(doc, analysis, corrections, { lit, claimThreshold, minClaimScore = 0, notFound, pending = false }) {
  const $ = (id) => doc.getElementById(id);

  // People and organizations.
  const ents = entityList(analysis);
  const entUl = $('entities');
  entUl.replaceChildren();
  for (const e of ents.slice(0, LIST_LIMIT)) {
    const key = `entity:${e.kind}:${e.name}`;
    const btn = el(
      doc,
      'button',
      { type: 'button', class: `entity entity-${e.kind}`, dataset: { litKey: key, anns: JSON.stringify(e.mentions), kind: e.kind }, 'aria-pressed': String(lit === key) },
      el(doc, 'span', { class: `dot dot-${e.kind}`, 'aria-hidden': 'true' }),
      el(doc, 'span', { class: 'name', text: e.name }),
      el(doc, 'span', { class: 'kind', text: e.kind === 'person' ? 'person' : 'org' }),
      // The name a screen reader says is the button's text (so it holds what is seen):
      // these words are for it alone, the badge for the eye alone.
      srOnly(doc, `, ${e.kind === 'person' ? 'person' : 'organization'}, ${plural(e.count, 'mention')}`),
      el(doc, 'span', { class: 'badge', text: String(e.count), title: plural(e.count, 'mention'), 'aria-hidden': 'true' }),
    );
    entUl.appendChild(el(doc, 'li', {}, btn));
  }
  if (ents.length > LIST_LIMIT) entUl.appendChild(more(doc, ents.length - LIST_LIMIT, 'names'));
  if (!ents.length) entUl.appendChild(empty(doc, pending ? 'Annotating…' : 'No people or organizations found.'));
  const people = ents.filter((e) => e.kind === 'person').length;
  $('entities-count').textContent = ents.length ? `${plural(people, 'person', 'people')} · ${plural(ents.length - people, 'org')}` : '';

  // Voices.
  const voices = voiceList(analysis);
  const vUl = $('voices');
  vUl.replaceChildren();
  let quoteCount = 0;
  let drawn = 0;
  for (const v of voices) {
    quoteCount += v.quotes.length;
    if (drawn >= LIST_LIMIT) continue;
    const name = v.name ?? 'Unattributed';
    const key = v.key === 'none' ? 'voice:none' : `voice:${name.toLowerCase()}`;
    const head = el(
      doc,
      'button',
      { type: 'button', class: `voice${v.key === 'none' ? ' voice-none' : ''}`, dataset: { litKey: key, anns: JSON.stringify(v.quotes), kind: 'quote' }, 'aria-pressed': String(lit === key) },
      el(doc, 'span', { class: 'name', text: name }),
      srOnly(doc, `: ${plural(v.quotes.length, 'quote')}`),
      el(doc, 'span', { class: 'badge', text: String(v.quotes.length), title: plural(v.quotes.length, 'quote'), 'aria-hidden': 'true' }),
    );
    const qs = el(doc, 'ul', { class: 'quotes' });
    for (const qi of v.quotes) {
      if (drawn >= LIST_LIMIT) break;
      drawn++;
      const q = analysis.annotations[qi];
      qs.appendChild(
        el(
          doc,
          'li',
          {},
          el(doc, 'button', { type: 'button', class: `quote-jump${q.direct === false ? ' reported' : ''}`, dataset: { jump: String(qi) }, title: q.direct === false ? 'Reported speech: go to it' : 'Direct quote: go to it' }, doc.createTextNode(snippet(q.text, 110))),
        ),
      );
    }
    vUl.appendChild(el(doc, 'li', {}, head, qs));
  }
  if (quoteCount > drawn) vUl.appendChild(more(doc, quoteCount - drawn, 'quotes'));
  if (!voices.length) vUl.appendChild(empty(doc, pending ? 'Annotating…' : 'No quotes found.'));
  const named = voices.filter((v) => v.key !== 'none').length;
  $('voices-count').textContent = voices.length ? `${plural(named, 'speaker')} · ${plural(quoteCount, 'quote')}` : '';

  // Claims.
  const allClaims = claimList(analysis);
  const claims = allClaims.filter((c) => claimShown({ kind: 'claim', ...c }, minClaimScore));
  const under = allClaims.length - claims.length;
  const cOl = $('claims');
  cOl.replaceChildren();
  for (const c of claims.slice(0, LIST_LIMIT)) {
    const key = annotationKey(analysis.annotations[c.index]);
    const pct = Math.round(c.score * 100);
    const meter = el(doc, 'span', { class: 'score', title: `check-worthiness ${pct}%` }, el(doc, 'span', { class: 'score-bar' }), srOnly(doc, 'Check-worthiness '), el(doc, 'span', { class: 'score-num', text: `${pct}` }), srOnly(doc, ': '));
    meter.firstChild.dataset.level = String(Math.min(10, Math.max(0, Math.round(c.score * 10))));
    const reasons = el(doc, 'span', { class: 'reasons' }, srOnly(doc, c.reasons.length ? '. Reasons: ' : '. Reasons: none given'));
    c.reasons.forEach((r, k) => {
      if (k) reasons.appendChild(srOnly(doc, ', '));
      reasons.appendChild(el(doc, 'span', { class: 'reason', text: r }));
    });
    const btn = el(
      doc,
      'button',
      { type: 'button', class: 'claim', dataset: { litKey: key, anns: JSON.stringify([c.index]), kind: 'claim' }, 'aria-pressed': String(lit === key) },
      meter,
      el(doc, 'span', { class: 'claim-text', text: snippet(c.text, 140) }),
      reasons,
    );
    // Triage from the list: dismissing is a correction (kept, undoable, listed below).
    const dismiss = el(doc, 'button', { type: 'button', class: 'claim-dismiss', dataset: { dismiss: String(c.index) }, text: '×', title: 'Not a claim' });
    dismiss.setAttribute('aria-label', `Not a claim: ${snippet(c.text, 60)}`);
    cOl.appendChild(el(doc, 'li', { class: 'claim-item' }, btn, dismiss));
  }
  if (claims.length > LIST_LIMIT) cOl.appendChild(more(doc, claims.length - LIST_LIMIT, 'claims'));
  if (!claims.length) cOl.appendChild(empty(doc, pending ? 'Annotating…' : under ? 'No claim scores this high.' : 'No check-worthy claims found.'));
  $('claims-count').textContent = (claims.length ? `${plural(claims.length, 'claim')}, most check-worthy first` : '') + (under ? ` · ${under} under your bar` : '');
  $('claims-count').title = `Sentences scoring at least ${Math.round(Math.max(claimThreshold ?? 0.5, minClaimScore) * 100)}% check-worthiness`;

  // Corrections that could not be placed: discard or keep (kept ones are still saved).
  const orphans = (analysis.orphans ?? []).filter((o) => corrections[o.correction]);
  const orUl = $('orphans');
  orUl.replaceChildren();
  for (const o of orphans.slice(0, LIST_LIMIT)) {
    const c = corrections[o.correction];
    const li = el(doc, 'li', {}, el(doc, 'span', { class: 'what', text: describeCorrection(c) }));
    li.appendChild(kept.has(c) ? el(doc, 'span', { class: 'flag', text: 'kept' }) : el(doc, 'button', { type: 'button', class: 'btn btn-small', dataset: { keepOrphan: String(o.correction) }, text: 'Keep' }));
    li.appendChild(el(doc, 'button', { type: 'button', class: 'btn btn-small', dataset: { forget: String(o.correction) }, text: 'Discard', 'aria-label': `Discard: ${describeCorrection(c)}` }));
    orUl.appendChild(li);
  }
  $('orphans-panel').hidden = !orphans.length;
  $('orphans-count').textContent = orphans.length ? String(orphans.length) : '';

  // Corrections.
  const corOl = $('corrections');
  corOl.replaceChildren();
  corrections.forEach((c, i) => {
    const li = el(doc, 'li', { class: notFound.has(i) ? 'not-found' : '' });
    li.appendChild(el(doc, 'span', { class: 'what', text: describeCorrection(c) }));
    if (notFound.has(i)) li.appendChild(el(doc, 'span', { class: 'flag', text: 'not in the text' }));
    const forget = el(doc, 'button', { type: 'button', class: 'btn btn-small', dataset: { forget: String(i) }, text: 'Forget' });
    forget.setAttribute('aria-label', `Forget the correction: ${describeCorrection(c)}`);
    li.appendChild(forget);
    corOl.appendChild(li);
  });
  if (!corrections.length) corOl.appendChild(empty(doc, 'None yet. Click a highlight or select text to correct the tags.'));
  $('corrections-count').textContent = corrections.length ? String(corrections.length) : '';
}

const LESSON = { person: 'person', org: 'organization', none: 'not a name' };

/** "Learnt from your corrections": the lexicon, newest first. */
export function renderLexicon(doc, lexicon) {
  const all = lexicon.entries.reverse();
  doc.getElementById('lexicon').replaceChildren(
    ...all.slice(0, LIST_LIMIT).map((e) => el(doc, 'li', {}, el(doc, 'span', { class: 'what', text: `${e.name}: ${LESSON[e.kind]}` }), el(doc, 'button', { type: 'button', class: 'btn btn-small', dataset: { unlearn: e.name }, text: 'Forget', 'aria-label': `Forget that ${e.name} is ${LESSON[e.kind]}` }))),
    el(doc, 'li', { class: 'empty', text: all.length > LIST_LIMIT ? `… and ${all.length - LIST_LIMIT} more (Export lists them all).` : all.length ? '' : 'Nothing yet.' }),
  );
  doc.getElementById('lexicon-count').textContent = all.length || '';
  doc.getElementById('lexicon-reset').disabled = doc.getElementById('lexicon-export').disabled = !all.length;
}
