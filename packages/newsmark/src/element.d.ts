// Types of `newsmark/element`: the <newsmark-annotator> custom element (registered on import).

import type { Analysis, Annotator, Correction, Kind } from './index.js';
import type { CorrectionChange } from './corrections.js';

export interface NewsmarkAnnotatedDetail {
  /** The text that was annotated (the wrapped editor's text then). */
  text: string;
  analysis: Analysis;
  corrections: readonly Correction[];
}
export interface NewsmarkCorrectionDetail {
  /** The correction added ('push'), or null for undo, redo, reset and remove. */
  correction: Correction | null;
  /** The whole list now: save it, and give it back through `element.corrections`. */
  corrections: readonly Correction[];
  reason: CorrectionChange;
}
export interface NewsmarkErrorDetail {
  error: unknown;
  message: string;
}

export type NewsmarkAnnotatorState = 'loading' | 'annotating' | 'idle' | 'error';

/**
 * <newsmark-annotator layers="person org quote claim" min-claim-score="0.5" debounce="300" no-panels>
 *   <textarea>…</textarea>   (or an <input>, or a contenteditable element)
 * </newsmark-annotator>
 */
export declare class NewsmarkAnnotatorElement extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The shown layers (attribute `layers`, space- or comma-separated; all by default). */
  readonly layers: Kind[];
  /** Claims scoring under this are not shown (attribute `min-claim-score`, 0–1, default 0). */
  readonly minClaimScore: number;
  /** Milliseconds after the last edit before annotating (attribute `debounce`, default 300). */
  readonly debounce: number;
  /** Also reflected as the `data-state` attribute. */
  readonly state: NewsmarkAnnotatorState;
  /** The wrapped editor's text now. */
  readonly text: string;
  /** The analysis drawn now, or null. */
  readonly analysis: Analysis | null;
  /** The reader's corrections; setting replaces them (validated) and re-annotates. */
  corrections: readonly Correction[];
  /** The annotator in use; set one to share it between elements (the element then never disposes it). */
  annotator: Annotator | null;
  addCorrection(correction: Correction): void;
  undo(): boolean;
  redo(): boolean;
  /** Annotates now; resolves to the analysis drawn, or null when a newer edit replaced it. */
  refresh(): Promise<Analysis | null>;
  connectedCallback(): void;
  disconnectedCallback(): void;
  attributeChangedCallback(name: string): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'newsmark-annotator': NewsmarkAnnotatorElement;
  }
  interface HTMLElementEventMap {
    'newsmark-annotated': CustomEvent<NewsmarkAnnotatedDetail>;
    'newsmark-correction': CustomEvent<NewsmarkCorrectionDetail>;
    'newsmark-error': CustomEvent<NewsmarkErrorDetail>;
  }
}
