// What the reader does to the tags, said out loud: one polite live region that screen
// readers read after each action. Every change of the corrections is announced (what was
// done, undone or redone, from the corrections themselves); an action that knows more (an
// accepted suggestion and the next one, a drag) says so with sayNext() before it pushes.

import { describeCorrection } from '../lib/corrections.js';
import { ui } from './ui.js';

let clearTimer = 0;
let setTimer = 0;
let next = null; // what to say for the next change of the corrections, instead of the default
let last = null; // the corrections list last seen

/** Says `message` in the live region (the same message twice is said twice). */
export function announce(message) {
  clearTimeout(clearTimer);
  clearTimeout(setTimer);
  // A change of text is what a live region reads; set it in the next task so that saying the
  // same words again is a change too.
  ui.announcer.textContent = '';
  setTimer = setTimeout(() => {
    ui.announcer.textContent = message;
  }, 30);
  clearTimer = setTimeout(() => {
    ui.announcer.textContent = '';
  }, 10_000);
}

/** The message for the next change of the corrections (said instead of the default one). */
export function sayNext(message) {
  next = message;
}

const sentence = (s) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

function describeAll(cs) {
  if (!cs.length) return '';
  if (cs.length === 1) return describeCorrection(cs[0]);
  return `${cs.length} corrections (${describeCorrection(cs[0])}, …)`;
}

/** Announces a change of the corrections store: `list` is the new list, `reason` the store's. */
export function announceChange(list, reason) {
  const prev = last;
  last = list;
  const message = next;
  next = null;
  if (reason === 'reset') return;
  if (message) {
    announce(message);
    return;
  }
  const before = new Set(prev ?? []);
  const after = new Set(list);
  const added = list.filter((c) => !before.has(c));
  const removed = (prev ?? []).filter((c) => !after.has(c));
  let text = '';
  if (reason === 'undo') text = `Undone: ${describeAll(removed)}.`;
  else if (reason === 'redo') text = `Redone: ${describeAll(added)}.`;
  else if (reason === 'remove') text = `Correction forgotten: ${describeAll(removed)}.`;
  else if (added.length) text = `${sentence(describeAll(added))}.`;
  if (text) announce(text);
}

/** Starts from the store's current list (nothing is announced for it). */
export function startAnnouncing(list) {
  last = list;
}
