// Types of `newsmark/corrections` (also re-exported by `newsmark`): building, checking and
// keeping the reader's corrections. Offsets are UTF-16 code units.

import type { Anchor, Annotation, Correction, Kind } from './analysis.js';

export declare const KINDS: readonly Kind[];
/** Code points of context an anchor keeps on each side. */
export declare const CONTEXT_CHARS: number;

/** An anchor for `text.slice(start, end)`, with up to 32 code points of context on each side. */
export declare function makeAnchor(text: string, start: number, end: number): Required<Anchor>;
/** Tag `text.slice(start, end)` as `kind`. */
export declare function addTag(text: string, start: number, end: number, kind: Kind): Extract<Correction, { op: 'add' }>;
/** Remove the tag `annotation` (from an Analysis of `text`). */
export declare function removeTag(text: string, annotation: Pick<Annotation, 'kind' | 'start' | 'end'>): Extract<Correction, { op: 'remove' }>;
/** Change the kind of `annotation` to `to`. */
export declare function changeKind(text: string, annotation: Pick<Annotation, 'kind' | 'start' | 'end'>, to: Kind): Extract<Correction, { op: 'changeKind' }>;
/** Set the speaker of the quote `annotation`; `mention` is where the speaker is named. */
export declare function setSpeaker(
  text: string,
  annotation: Pick<Annotation, 'kind' | 'start' | 'end'>,
  name: string,
  mention?: { start: number; end: number } | null,
): Extract<Correction, { op: 'setSpeaker' }>;
/** Move `annotation` to `text.slice(start, end)`. */
export declare function moveTag(text: string, annotation: Pick<Annotation, 'kind' | 'start' | 'end'>, start: number, end: number): Extract<Correction, { op: 'move' }>;
/** Merge the entity of name `from` into the entity that `into` names. */
export declare function mergeEntities(text: string, from: { start: number; end: number }, into: { start: number; end: number }): Extract<Correction, { op: 'merge' }>;
/** Split name `annotation` (and its entity's mentions that read the same) off into an entity of its own. */
export declare function splitEntity(text: string, annotation: Pick<Annotation, 'kind' | 'start' | 'end'>): Extract<Correction, { op: 'split' }>;
/** Why `c` is not a well-formed correction, or null when it is. */
export declare function correctionProblem(c: unknown): string | null;
/** Throws a TypeError naming the first malformed correction; returns the list. */
export declare function validateCorrections<T extends readonly Correction[]>(list: T): T;
/** A short description of a correction, in words. */
export declare function describeCorrection(c: Correction): string;

export type CorrectionChange = 'push' | 'remove' | 'undo' | 'redo' | 'reset';

/** One ordered list of corrections with undo and redo; each version of the list is frozen. */
export declare class CorrectionStore {
  constructor(initial?: readonly Correction[], options?: { limit?: number });
  readonly list: readonly Correction[];
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** Calls `fn` after every change; returns an unsubscribe function. */
  subscribe(fn: (list: readonly Correction[], reason: CorrectionChange) => void): () => void;
  push(correction: Correction): void;
  removeAt(index: number): boolean;
  undo(): boolean;
  redo(): boolean;
  reset(list: readonly Correction[]): void;
}
