// The key of an annotation: its kind and its span, `kind:start:end` (UTF-16 offsets). It names
// one highlight across re-annotations (indices change, the key does not while the text stays
// the same): to keep the focus or the menu on it, to light a claim from the side panel.

/** `kind:start:end` of `a` (any object with those three fields). */
export function annotationKey({ kind, start, end }) {
  return `${kind}:${start}:${end}`;
}

/** The index of the annotation with key `key` in `annotations`, or -1. */
export function findAnnotation(annotations, key) {
  return annotations.findIndex((a) => annotationKey(a) === key);
}
