// The small menu that opens on a highlight: change its kind, remove it, move its edges by a
// word, for a quote set its speaker (pick an entity or type a name), for a name say which
// other entity it is the same as (merge). It lists every highlight at the clicked
// point, innermost first, so the claim around a name can be edited too.

import { describeAnnotation } from '../lib/highlight.js';
import { snippet } from '../lib/summary.js';
import { stepEdge } from '../lib/corrections.js';
import { annotationKey } from '../lib/annotation-key.js';

const KINDS = [
  ['person', 'Person'],
  ['org', 'Organization'],
  ['quote', 'Quote'],
  ['claim', 'Claim'],
];
const LABEL = { person: 'Person', org: 'Organization', quote: 'Quote', claim: 'Claim' };

let uid = 0;

/**
 * Fills `menu` for annotations `annIdx` (innermost first) of `analysis` of `text`.
 * Controls carry data-action ∈ {kind, remove, edge, speaker, merge} and data-ann; main.js
 * handles them. With `editor` (the page), also: the "all mentions" box (data-scope=all),
 * Split off (data-action=split) and a list to pick a quote's speaker (form
 * data-action=speaker-entity); the extension's panel, which shares this menu, leaves them out.
 * The lists of entities (merge, speaker) are filled when first used: see fillEntityList.
 */
export function fillMenu(menu, analysis, annIdx, text, { editor = false } = {}) {
  const doc = menu.ownerDocument;
  const make = (tag, cls, text) => {
    const e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  menu.replaceChildren();
  const close = make('button', 'menu-close', '×');
  close.type = 'button';
  close.dataset.action = 'close';
  close.setAttribute('aria-label', 'Close');
  menu.appendChild(close);

  annIdx.forEach((i, n) => {
    const a = analysis.annotations[i];
    const sec = make('section', `menu-section menu-${a.kind}`);
    sec.dataset.ann = String(i);
    sec.dataset.key = annotationKey(a);
    const id = `menu-h-${++uid}`;
    const h = make('h3', 'menu-title');
    h.id = id;
    h.appendChild(make('span', `hl hl-${a.kind} menu-kind`, LABEL[a.kind]));
    h.appendChild(doc.createTextNode(' '));
    h.appendChild(make('q', 'menu-text', snippet(a.text, 60)));
    sec.setAttribute('aria-labelledby', id);
    sec.appendChild(h);
    sec.appendChild(make('p', 'menu-desc', describeAnnotation(a, analysis)));

    const row = make('div', 'menu-row');
    row.setAttribute('role', 'group');
    row.setAttribute('aria-label', 'Change the tag');
    row.appendChild(make('span', 'menu-label', 'Change to'));
    for (const [k, label] of KINDS) {
      if (k === a.kind) continue;
      const b = make('button', `btn btn-small kind-btn kind-${k}`, label);
      b.type = 'button';
      b.dataset.action = 'kind';
      b.dataset.kind = k;
      b.dataset.ann = String(i);
      b.setAttribute('aria-label', `Change to ${LABEL[k].toLowerCase()}`);
      row.appendChild(b);
    }
    const rm = make('button', 'btn btn-small btn-danger', 'Remove');
    rm.type = 'button';
    rm.dataset.action = 'remove';
    rm.dataset.ann = String(i);
    rm.setAttribute('aria-label', `Remove this ${LABEL[a.kind].toLowerCase()} tag`);
    rm.setAttribute('aria-keyshortcuts', 'Delete');
    row.appendChild(rm);
    sec.appendChild(row);

    // A name of an entity named more than once: the change can go to every mention.
    const ent = (a.kind === 'person' || a.kind === 'org') && a.entity !== null && a.entity !== undefined ? analysis.entities[a.entity] : null;
    if (editor && ent && ent.mentions.length > 1) {
      const lab = make('label', 'menu-all');
      const box = make('input', 'all-mentions');
      box.type = 'checkbox';
      box.name = 'all';
      box.dataset.scope = 'all';
      lab.append(box, ` Change or remove all ${ent.mentions.length} mentions of “${snippet(ent.name, 40)}”`);
      sec.appendChild(lab);
      // The entity holds names that read otherwise: this one can be split off.
      const norm = (t) => t.split(/\s+/).filter(Boolean).join(' ').toLowerCase();
      if (ent.mentions.some((m) => analysis.annotations[m] && norm(analysis.annotations[m].text) !== norm(a.text))) {
        const row2 = make('div', 'menu-row');
        const split = make('button', 'btn btn-small', 'Split off');
        split.type = 'button';
        split.dataset.action = 'split';
        split.dataset.ann = String(i);
        split.setAttribute('aria-label', `Split off “${snippet(a.text, 40)}” from “${snippet(ent.name, 40)}”: not the same ${a.kind === 'person' ? 'person' : 'organization'}`);
        row2.append(make('span', 'menu-label', 'Not the same?'), split);
        sec.appendChild(row2);
      }
    }

    const edges = make('div', 'menu-row menu-edges');
    edges.setAttribute('role', 'group');
    edges.setAttribute('aria-label', 'Move the edges by a word');
    edges.appendChild(make('span', 'menu-label', 'Edges'));
    for (const [edge, dir, label, aria] of [
      ['start', -1, '◂ start', 'Start one word earlier'],
      ['start', 1, 'start ▸', 'Start one word later'],
      ['end', -1, '◂ end', 'End one word earlier'],
      ['end', 1, 'end ▸', 'End one word later'],
    ]) {
      const b = make('button', 'btn btn-small edge-btn', label);
      b.type = 'button';
      b.dataset.action = 'edge';
      b.dataset.edge = edge;
      b.dataset.dir = String(dir);
      b.dataset.ann = String(i);
      b.setAttribute('aria-label', aria);
      b.disabled = !stepEdge(text, a.start, a.end, edge, dir);
      edges.appendChild(b);
    }
    sec.appendChild(edges);

    const others = a.kind === 'person' || a.kind === 'org' ? analysis.entities.map((e, k) => ({ e, k })).filter(({ e, k }) => k !== a.entity && e.mentions.length) : [];
    if (others.length) {
      const form = make('form', 'menu-merge');
      form.dataset.action = 'merge';
      form.dataset.ann = String(i);
      const selId = `merge-${++uid}`;
      const lab = make('label', 'menu-label', 'Same as');
      lab.htmlFor = selId;
      const sel = make('select', 'merge-select');
      sel.id = selId;
      sel.name = 'into';
      const none = make('option', '', 'another name…');
      none.value = '';
      sel.appendChild(none);
      sel.dataset.lazy = 'merge';
      const go = make('button', 'btn btn-small', 'Merge');
      go.type = 'submit';
      form.append(lab, sel, go);
      sec.appendChild(form);
    }

    if (a.kind === 'quote') {
      const form = make('form', 'menu-speaker');
      form.dataset.action = 'speaker';
      form.dataset.ann = String(i);
      const inputId = `speaker-${uid}`;
      const listId = `speaker-list-${uid}`;
      const lab = make('label', 'menu-label', 'Speaker');
      lab.htmlFor = inputId;
      const input = make('input', 'speaker-input');
      input.id = inputId;
      input.name = 'speaker';
      input.type = 'text';
      input.autocomplete = 'off';
      input.placeholder = 'Pick a name or type one';
      input.value = a.speaker ? a.speaker.name : '';
      input.dataset.initial = input.value;
      input.setAttribute('list', listId);
      const dl = make('datalist');
      dl.id = listId;
      input.dataset.lazy = 'names';
      const names = analysis.entities;
      const set = make('button', 'btn btn-small', 'Set speaker');
      set.type = 'submit';
      form.append(lab, input, dl, set);
      sec.appendChild(form);
      // Or pick one of the people and organizations found (the speaker is then that entity,
      // named at its mention nearest the quote).
      if (editor && names.length) {
        const pick = make('form', 'menu-speaker-pick');
        pick.dataset.action = 'speaker-entity';
        pick.dataset.ann = String(i);
        const pickId = `speaker-pick-${uid}`;
        const plab = make('label', 'menu-label', 'or');
        plab.htmlFor = pickId;
        const sel = make('select', 'speaker-select');
        sel.id = pickId;
        sel.name = 'entity';
        const none = make('option', '', 'pick a person or organization…');
        none.value = '';
        sel.appendChild(none);
        sel.dataset.lazy = 'speaker';
        const go = make('button', 'btn btn-small', 'Set speaker');
        go.type = 'submit';
        pick.append(plab, sel, go);
        sec.appendChild(pick);
      }
    }
    if (n < annIdx.length - 1) sec.appendChild(make('hr', 'menu-sep'));
    menu.appendChild(sec);
  });
  // Without the page's lazy filling (the extension's panel), the lists are filled now.
  if (!editor) for (const c of menu.querySelectorAll('[data-lazy]')) fillEntityList(c, analysis);
}

const byMentions = (x, y) => (x.kind === y.kind ? y.mentions.length - x.mentions.length : x.kind === 'person' ? -1 : 1);

/**
 * Fills a list of the menu with the entities of `analysis` the first time it is used (a long
 * article names hundreds: building them with every menu cost more than the rest of it):
 * `control` is a merge or speaker <select>, or the speaker input (its datalist). Idempotent.
 */
export function fillEntityList(control, analysis) {
  const what = control.dataset.lazy;
  if (!what) return;
  delete control.dataset.lazy;
  const doc = control.ownerDocument;
  const sec = control.closest('[data-ann]');
  const a = sec ? analysis.annotations[Number(sec.dataset.ann)] : null;
  if (!a) return;
  const ents = analysis.entities.map((e, k) => ({ e, k })).filter(({ e }) => e.mentions.length);
  const option = (text, value) => {
    const o = doc.createElement('option');
    o.textContent = text;
    o.value = value;
    return o;
  };
  if (what === 'merge') {
    const others = ents.filter(({ k }) => k !== a.entity);
    others.sort((x, y) => (y.e.kind === a.kind) - (x.e.kind === a.kind) || y.e.mentions.length - x.e.mentions.length);
    control.append(...others.map(({ e, k }) => option(`${e.name} (${e.kind === 'person' ? 'person' : 'organization'})`, String(k))));
  } else if (what === 'speaker') {
    const list = [...ents].sort((x, y) => byMentions(x.e, y.e));
    control.append(
      ...list.map(({ e, k }) => option(`${e.name} (${e.kind === 'person' ? 'person' : 'organization'}, ${e.mentions.length})${a.speaker && a.speaker.name === e.name ? ' · the speaker now' : ''}`, String(k))),
    );
  } else if (what === 'names') {
    const dl = control.list ?? control.parentElement?.querySelector('datalist');
    if (!dl) return;
    const list = [...analysis.entities].sort(byMentions);
    dl.append(
      ...list.map((e) => {
        const o = doc.createElement('option');
        o.value = e.name;
        o.label = e.kind === 'person' ? 'person' : 'organization';
        return o;
      }),
    );
  }
}

/** Places `menu` (position: fixed) next to `rect`, inside the viewport. */
export function placeMenu(menu, rect, win) {
  menu.style.left = '0px';
  menu.style.top = '0px';
  const m = menu.getBoundingClientRect();
  const vw = win.innerWidth;
  const vh = win.innerHeight;
  let left = Math.min(Math.max(8, rect.left), vw - m.width - 8);
  // Clear of the text line and of a resize handle's knob below it.
  let top = rect.bottom + 16;
  if (top + m.height > vh - 8) top = Math.max(8, rect.top - m.height - 16);
  menu.style.left = `${Math.max(8, left)}px`;
  menu.style.top = `${top}px`;
}
