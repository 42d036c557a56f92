/** The four layers. */
export type Kind = "person" | "org" | "quote" | "claim";

/** Who said a quote. Offsets are UTF-16 code units into the annotated text. */
export interface Speaker {
  start: number | null;
  end: number | null;
  /** The mention's own words: "Lee Sporn", "he", "the company". */
  text: string;
  /** Index into Analysis.entities, when the speaker stands for one. */
  entity: number | null;
  /** The name to show: the entity's name or the speaker's own words. */
  name: string;
}

/** One tag. `start`/`end` are UTF-16 code units: `text.slice(start, end) === annotation.text`. */
export interface Annotation {
  kind: Kind;
  start: number;
  end: number;
  text: string;
  /** For people and organizations: index into Analysis.entities. */
  entity: number | null;
  /** Quotes: in quotation marks (true) or reported (false). */
  direct?: boolean;
  /** Quotes: the speaker, or null when none was found. */
  speaker?: Speaker | null;
  /** Claims: check-worthiness from 0 to 1. */
  score?: number;
  /** Claims: why, in words an editor reads. */
  reasons?: string[];
  /** Added or changed by a reader's correction. */
  byUser: boolean;
}

/** A person or organization and its mentions (indices into Analysis.annotations). */
export interface Entity {
  kind: "person" | "org";
  name: string;
  mentions: number[];
}

/** A note about the input or the corrections. */
export interface Diagnostic {
  /** "empty_text" | "text_truncated" | "binary_text" | "furniture_set_aside" | "correction_not_found" | "correction_no_effect" */
  code: string;
  message: string;
  /** For "correction_not_found" and "correction_no_effect": the index of the correction. */
  correction: number | null;
}

export interface Analysis {
  annotations: Annotation[];
  entities: Entity[];
  diagnostics: Diagnostic[];
  /** Blocks of a whole pasted page set aside as furniture (menus, share and legal lines): not tagged. */
  furniture: { start: number; end: number }[];
  /**
   * Corrections that could not be placed (their text is gone, even approximately): never
   * applied elsewhere; keep them (they apply again if the text comes back) or discard them.
   */
  orphans: { correction: number; text: string }[];
}

/**
 * A reader's lexicon: names their corrections taught, applied to every text before its
 * corrections. One entry a line: the kind ("person", "org", or "none": not a name), a tab,
 * the name (case counts; runs of spaces are one space). A later line for a name wins. At
 * most 20,000 entries of at most 120 characters.
 */
export type LexiconLines = string;

/** Where a correction applies: UTF-16 offsets, the text, and up to 32 characters around it. */
export interface Anchor {
  start: number;
  end: number;
  text: string;
  prefix?: string;
  suffix?: string;
}

/** One reader's edit. Corrections are applied in order on every annotation. */
export type Correction =
  | { op: "add"; target: Anchor; kind: Kind }
  | { op: "remove"; target: Anchor; kind: Kind }
  | { op: "changeKind"; target: Anchor; from: Kind; to: Kind }
  | { op: "move"; target: Anchor; kind: Kind; to: Anchor }
  | { op: "setSpeaker"; target: Anchor; speaker: { name: string; mention?: Anchor | null } }
  | { op: "merge"; into: Anchor; from: Anchor }
  /** Split a name (and its entity's mentions that read the same) off into an entity of its own. */
  | { op: "split"; target: Anchor }
  /** Read a block set aside as page furniture as article text. */
  | { op: "keep"; target: Anchor };

export interface Annotator {
  /** Annotates `text`. Never throws. */
  annotate(text: string): Analysis;
  /**
   * Annotates `text`, applies the reader's lexicon, then the corrections. Throws an Error
   * when either is malformed.
   */
  applyCorrections(text: string, corrections: Correction[] | null, lexicon?: LexiconLines | null): Analysis;
  /**
   * The analysis of `text` with `corrections` as a file in a standard format (offsets in
   * Unicode code points): the same bytes as `newsmark annotate --format <format>`. Throws
   * an Error for an unknown format or malformed corrections.
   */
  exportAs(text: string, corrections: Correction[] | null, format: ExportFormatName, lexicon?: LexiconLines | null): string;
  /**
   * Reads a W3C Web Annotation or spaCy JSONL file made for `text` and returns the
   * corrections that, added after `corrections`, give `text` exactly the file's tags.
   * Throws an Error saying what is wrong with the file.
   */
  importAnnotations(text: string, corrections: Correction[] | null, format: "w3c" | "spacy" | "brat" | "conll" | "auto", content: string, lexicon?: LexiconLines | null): ImportResult;
}

/** The standard export formats. */
export type ExportFormatName = "w3c" | "spacy" | "brat" | "conll" | "quotes-csv";

/** An export format, as `exportFormats()` lists it. */
export interface ExportFormat {
  name: ExportFormatName;
  /** The usual file extension, without the dot. */
  extension: string;
  mediaType: string;
  /** Whether `importAnnotations` reads it. */
  importable: boolean;
}

/** What `importAnnotations` returns. */
export interface ImportResult {
  format: "w3c" | "spacy" | "brat" | "conll";
  /** Corrections to add after the current ones (UTF-16 anchors). */
  corrections: Correction[];
  /** Tags in the file, the ones added, the ones removed, and quote speakers set. */
  tags: number;
  added: number;
  removed: number;
  speakers: number;
}

/** Every export format, in menu order. */
export function exportFormats(): ExportFormat[];
