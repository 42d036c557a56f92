/** CSS for the highlight classes (`hl hl-person`, `hl-org`, `hl-quote`, `hl-claim`, `hl-by-user`). */
export declare const HIGHLIGHT_CSS: string;
/** The element's own CSS (inside its shadow root). */
export declare const ELEMENT_CSS: string;
