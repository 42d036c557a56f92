// The highlight styles, as CSS text: the element adopts them in its shadow root; an editor
// integration (see prosemirror.js) may add them to its page. The classes are the ones
// lib/highlight.js draws: `hl hl-person`, `hl hl-org`, `hl hl-quote`, `hl hl-claim`, plus
// `hl-by-user` for a tag a reader added or changed. Colours are custom properties.

export const HIGHLIGHT_CSS = `
:host, :root {
  --nm-person: #1d4ed8; --nm-person-tint: rgba(59, 130, 246, 0.14);
  --nm-org: #15803d; --nm-org-tint: rgba(34, 197, 94, 0.16);
  --nm-quote: #c2410c; --nm-quote-tint: rgba(249, 115, 22, 0.06);
  --nm-claim: #7e22ce; --nm-claim-lit: rgba(168, 85, 247, 0.16);
}
.hl { background: none; color: inherit; }
.hl-person { background-color: var(--nm-person-tint); text-decoration: underline solid var(--nm-person); text-decoration-thickness: 2px; text-underline-offset: 0.14em; text-decoration-skip-ink: none; border-radius: 2px; }
.hl-org { background-color: var(--nm-org-tint); text-decoration: underline double var(--nm-org); text-decoration-thickness: 1px; text-underline-offset: 0.12em; text-decoration-skip-ink: none; border-radius: 2px; }
.hl-quote { font-style: italic; background-color: var(--nm-quote-tint); box-shadow: inset 0 -1.5px 0 var(--nm-quote); }
.hl-claim { text-decoration: underline wavy var(--nm-claim); text-decoration-thickness: 1.5px; text-underline-offset: 0.42em; text-decoration-skip-ink: none; }
.hl-by-user { outline: 1px dotted currentColor; outline-offset: 1px; }
`;

export const ELEMENT_CSS = `
:host { display: block; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: #111827; position: relative; }
:host([hidden]) { display: none; }
.bar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 8px 0; }
.status { color: #6b7280; font-size: 12.5px; margin-right: auto; }
.status.is-error { color: #b91c1c; }
button { font: inherit; font-size: 12.5px; padding: 2px 8px; border: 1px solid #d1d5db; border-radius: 5px; background: #fff; color: inherit; cursor: pointer; }
button:hover:not(:disabled) { background: #f3f4f6; }
button:disabled { opacity: 0.5; cursor: default; }
.main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(180px, 260px); gap: 12px; align-items: start; }
:host([no-panels]) .main { grid-template-columns: minmax(0, 1fr); }
:host([no-panels]) .panels { display: none; }
.reading { white-space: pre-wrap; overflow-wrap: break-word; font: 16px/1.9 Charter, Georgia, "DejaVu Serif", serif; border: 1px solid #e5e7eb; border-radius: 6px; padding: 10px 14px; min-height: 3em; max-height: var(--nm-reading-max-height, 60vh); overflow: auto; }
.reading mark.hl { cursor: pointer; }
.reading mark.hl:focus-visible, .reading mark.hl.is-selected { outline: 2px solid #2563eb; outline-offset: 1px; }
.reading .placeholder { color: #6b7280; font: 13px system-ui, sans-serif; }
.panels { font-size: 13px; border: 1px solid #e5e7eb; border-radius: 6px; padding: 6px 10px; max-height: var(--nm-reading-max-height, 60vh); overflow: auto; }
.panels h3 { font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.06em; color: #374151; margin: 8px 0 4px; }
.panels ul, .panels ol { margin: 0; padding-left: 18px; }
.panels li { margin: 2px 0; cursor: pointer; }
.panels .empty { color: #9ca3af; list-style: none; margin-left: -18px; }
.panels .n { color: #6b7280; font-variant-numeric: tabular-nums; }
.menu { position: absolute; z-index: 10; background: #fff; border: 1px solid #d1d5db; border-radius: 6px; box-shadow: 0 4px 14px rgba(0,0,0,.12); padding: 8px; display: flex; flex-direction: column; gap: 6px; max-width: 320px; }
.menu[hidden] { display: none; }
.menu .title { font-size: 12.5px; color: #374151; margin: 0; }
.menu .row { display: flex; flex-wrap: wrap; gap: 4px; }
`;
