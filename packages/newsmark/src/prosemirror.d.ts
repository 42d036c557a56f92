// Types of `newsmark/prosemirror`: highlights as ProseMirror decorations, corrections that
// follow edits. Needs prosemirror-state and prosemirror-view.

import type { EditorState, Plugin, PluginKey, Transaction } from 'prosemirror-state';
import type { DecorationSet } from 'prosemirror-view';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { Analysis, Annotation, Annotator, Correction, Kind } from './index.js';

export { HIGHLIGHT_CSS } from './styles.js';

/** A ProseMirror command. */
export type Command = (state: EditorState, dispatch?: (tr: Transaction) => void) => boolean;

export interface NewsmarkPluginOptions {
  /** From createAnnotator() (or the promise it returns). */
  annotator: Annotator | Promise<Annotator>;
  /** Milliseconds after the last edit before annotating again (default 300). */
  debounce?: number;
  /** The kinds drawn (all by default). */
  layers?: readonly Kind[];
  /** Claims scoring under this are not drawn (claims a reader added always are). */
  minClaimScore?: number;
  /** A saved list of corrections to start from (anchors in UTF-16 offsets of docText(doc).text). */
  corrections?: readonly Correction[];
  /** Between textblocks in the annotated text (default '\n\n'). */
  blockSeparator?: string;
  onAnnotated?: (result: { text: string; analysis: Analysis; corrections: Correction[] }) => void;
  /** Called with the whole list when the reader changes a correction: save it. */
  onCorrections?: (corrections: Correction[]) => void;
  onError?: (error: unknown) => void;
}

export interface NewsmarkPluginState {
  decorations: DecorationSet;
  analysis: Analysis | null;
  /** The text `analysis` was made for. */
  text: string | null;
  /** Bumped on every change of the corrections or the configuration. */
  correctionsVersion: number;
  /** The correctionsVersion the drawn analysis was made with. */
  annotatedVersion: number;
}

/** A highlight at a position, as it is now (positions mapped through edits). */
export interface Highlight {
  kind: Kind;
  from: number;
  to: number;
  text: string;
  /** From the last analysis (offsets of that text), or null. */
  annotation: Annotation | null;
}

export interface DocText {
  /** What the annotator reads: textblocks joined by the separator. */
  text: string;
  /** A UTF-16 offset of `text` → a document position. */
  toPos(offset: number, bias?: -1 | 1): number;
  /** A document position → a UTF-16 offset of `text`. */
  toOffset(pos: number): number;
}

export declare const newsmarkKey: PluginKey<NewsmarkPluginState>;
export declare function newsmarkPlugin(options: NewsmarkPluginOptions): Plugin<NewsmarkPluginState>;
export declare function docText(doc: ProseMirrorNode, options?: { blockSeparator?: string }): DocText;
/** True when the highlights drawn are those of the document and corrections as they are now. */
export declare function isCurrent(state: EditorState): boolean;
export declare function getAnalysis(state: EditorState): Analysis | null;
export declare function getCorrections(state: EditorState): Correction[];
export declare function highlightsAt(state: EditorState, pos: number): Highlight[];
export declare function highlights(state: EditorState, from?: number, to?: number): Highlight[];
export declare function tagSelection(kind: Kind): Command;
export declare function removeHighlight(hit: Pick<Highlight, 'kind' | 'from' | 'to'>): Command;
export declare function changeHighlightKind(hit: Pick<Highlight, 'kind' | 'from' | 'to'>, to: Kind): Command;
export declare function addCorrection(correction: Correction): Command;
export declare function setCorrections(list: readonly Correction[]): Command;
export declare function removeCorrection(index: number): Command;
export declare function configure(cfg: { layers?: readonly Kind[]; minClaimScore?: number }): Command;
