// Types of `newsmark` (the browser entry and the Node entry share them).
// Offsets are UTF-16 code units into the annotated string: `text.slice(a.start, a.end) === a.text`.

import type { Analysis, Annotation, Anchor, Correction, Diagnostic, Entity, Kind, Speaker } from './analysis.js';

export type { Analysis, Annotation, Anchor, Correction, Diagnostic, Entity, Kind, Speaker };

/** Diagnostic codes the core reports (see Diagnostic.code). */
export type DiagnosticCode = 'empty_text' | 'text_truncated' | 'binary_text' | 'correction_not_found' | 'correction_no_effect';

/** What went wrong, on a NewsmarkError. */
export type NewsmarkErrorCode = 'disposed' | 'aborted' | 'crashed' | 'timeout' | 'load_failed' | 'annotate_failed';

/**
 * Every error the annotator raises itself (bad arguments are TypeErrors). For 'disposed' and
 * 'aborted' the name is 'AbortError'.
 */
export declare class NewsmarkError extends Error {
  constructor(code: NewsmarkErrorCode, message: string, options?: { cause?: unknown });
  readonly code: NewsmarkErrorCode;
}

export interface AnnotateOptions {
  /** The reader's corrections, applied in order after detection (the page's correction objects). */
  corrections?: readonly Correction[];
  /**
   * The reader's lexicon, applied after detection and before the corrections: names that are
   * a person, an organization or not a name, as entries or as the paste page exports it
   * ("Learnt from your corrections" → Export). A malformed one is a TypeError.
   */
  lexicon?: readonly LexiconEntry[] | { newsmark?: 'lexicon'; version: 1; entries: readonly LexiconEntry[] };
  /** Aborts the call: a queued call is dropped; a running one stops by replacing the worker. Rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/** One name of a reader's lexicon: what the reader said it is. */
export interface LexiconEntry {
  /** The name as written (case counts; runs of spaces are one space). */
  name: string;
  kind: 'person' | 'org' | 'none';
}

export interface AnnotatorInfo {
  /** The core's version. */
  version: string;
  /** The score at or above which the core counts a sentence as a claim. */
  claimThreshold: number;
  /** True when the annotator runs in a module Web Worker. */
  worker: boolean;
  /** Bytes of wasm linear memory when loaded, or null. */
  memory: number | null;
  /** Milliseconds the worker took to load (worker only). */
  startupMs?: number;
}

export interface Annotator {
  /** Resolves (to this annotator) once the wasm module has loaded; rejects with a NewsmarkError('load_failed'). */
  readonly ready: Promise<Annotator>;
  /** Set once ready. */
  readonly info: AnnotatorInfo | null;
  readonly version: string | null;
  readonly claimThreshold: number | null;
  readonly disposed: boolean;
  /**
   * Annotates `text`, with `options.corrections` applied. Concurrent calls each get their own
   * result, in call order. Calls made before `ready` are queued. Rejects with a TypeError for
   * bad arguments or malformed corrections, a NewsmarkError otherwise (never for the text
   * itself: problems with a text come back as `diagnostics`).
   */
  annotate(text: string, options?: AnnotateOptions): Promise<Analysis>;
  /** Frees the annotator (terminates its worker); pending calls reject with an AbortError. Safe to call twice. */
  dispose(): void;
}

export interface CreateAnnotatorOptions {
  /**
   * Browser only. `false`: run the wasm in this thread (default when `Worker` is missing); a
   * function: returns a module Worker running `newsmark/worker.js` (your own URL or CSP setup).
   */
  worker?: false | (() => Worker);
  /** Where the wasm comes from when it runs in this thread (URL, bytes, Response, Module); Node: bytes or a Module. */
  wasm?: URL | string | Response | BufferSource | WebAssembly.Module;
  /** Worker only: how long one call may run before the worker counts as hung (ms, or a function of the text's length). */
  timeoutMs?: number | ((length: number) => number);
  /** Worker only: how long the worker may take to load (ms, default 60000). */
  startTimeoutMs?: number;
}

/** Loads the annotator; resolves once it is ready to annotate. */
export declare function createAnnotator(options?: CreateAnnotatorOptions): Promise<Annotator>;
/** The annotator at once; calls made before it is ready are queued. */
export declare function openAnnotator(options?: CreateAnnotatorOptions): Annotator;
/** The default per-call watchdog: 8 s + 50 s per million UTF-16 units (browser entry). */
export declare function defaultTimeoutMs(length: number): number;

export * from './corrections.js';

// The side-panel lists (derived from an Analysis).
export interface EntityItem {
  index: number;
  kind: 'person' | 'org';
  name: string;
  count: number;
  mentions: number[];
}
export interface VoiceItem {
  key: string;
  name: string | null;
  entity: number | null;
  /** Indices into Analysis.annotations. */
  quotes: number[];
}
export interface ClaimItem {
  index: number;
  score: number;
  reasons: string[];
  text: string;
  byUser: boolean;
}
/** People and organizations, most mentioned first. */
export declare function entityList(analysis: Analysis): EntityItem[];
/** Quotes grouped by speaker, most quoted first; unattributed last. */
export declare function voiceList(analysis: Analysis): VoiceItem[];
/** Claims scoring at least `minScore` (and all the reader added), most check-worthy first. */
export declare function claimList(analysis: Analysis, minScore?: number): ClaimItem[];
/** Counts per layer, claims under `minScore` left out. */
export declare function layerCounts(analysis: Analysis, minScore?: number): Record<Kind, number>;
/** Whether a claim passes the bar `minScore` (claims added by the reader always do). */
export declare function claimShown(annotation: Annotation, minScore?: number): boolean;
/** `kind:start:end`, the name of a highlight across re-annotations. */
export declare function annotationKey(annotation: Pick<Annotation, 'kind' | 'start' | 'end'>): string;
export declare function findAnnotation(annotations: readonly Annotation[], key: string): number;
/** Offsets for files: UTF-16 → Unicode code points. */
export declare function utf16ToCodePointMapper(text: string): (offset: number) => number;
/** Code points → UTF-16. */
export declare function codePointToUtf16Mapper(text: string): (offset: number) => number;
