/**
 * The one style sheet of published texts: inlined in standalone HTML exports and the PDF's source,
 * served as a file to the public pages (whose CSP allows no inline style).
 */
export const EDITION_CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #545b64; --line: #c9ced6; --accent: #0b4f8a; --ins: #e3f4e6; --del: #fbe4e4; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Serif", Georgia, "Times New Roman", serif; color: var(--ink); background: #fff; line-height: 1.55; }
body { margin: 0 auto; max-width: 46rem; padding: 2rem 1.25rem 3rem; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
h1, h2, h3, .edition-header p, .colophon, nav, .export-list, .verify, .edition-list, .diff-legend { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; margin: 1.6rem 0 .5rem; }
h3 { font-size: 1.1rem; margin: 1.3rem 0 .4rem; }
.edition-number { color: var(--muted); font-size: 1rem; margin: 0 0 1rem; }
.draft-mark { border: 3px solid #9b1c1c; color: #9b1c1c; font-family: "DejaVu Sans", Arial, sans-serif; font-weight: 700; padding: .5rem .75rem; text-transform: uppercase; letter-spacing: .05em; }
.erratum { border-left: 4px solid var(--accent); padding: .25rem .75rem; background: #eef4fa; }
.edition-text { margin: 1.5rem 0; }
.edition-text table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
.edition-text th, .edition-text td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
.edition-text th { background: #f1f3f6; }
.edition-text blockquote { border-left: 4px solid var(--line); margin: 1rem 0; padding: 0 1rem; color: #333; }
.edition-text code { font-family: "DejaVu Sans Mono", monospace; font-size: .92em; background: #f1f3f6; padding: 0 .2em; }
.edition-text pre { background: #f1f3f6; padding: .75rem; overflow-x: auto; }
.colophon { border-top: 2px solid var(--ink); margin-top: 2rem; padding-top: 1rem; font-size: .85rem; }
.colophon h2 { font-size: 1rem; margin-top: 0; }
.colophon dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
.colophon dt { font-weight: 700; }
.colophon dd { margin: 0; overflow-wrap: anywhere; }
.hash { font-family: "DejaVu Sans Mono", monospace; font-size: .85em; overflow-wrap: anywhere; }
nav.breadcrumbs { font-size: .9rem; margin-bottom: 1.5rem; }
nav.breadcrumbs ol { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .4rem; }
nav.breadcrumbs li + li::before { content: "/"; margin-right: .4rem; color: var(--muted); }
.export-list, .edition-list { padding-left: 1.2rem; }
.export-list li, .edition-list li { margin: .3rem 0; }
.verify form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
.verify label { display: block; font-weight: 700; }
.verify input { font: inherit; font-family: "DejaVu Sans Mono", monospace; padding: .4rem; border: 1px solid var(--muted); width: min(100%, 40rem); }
.verify button { font: inherit; padding: .45rem .9rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 3px; }
.verdict { padding: .5rem .75rem; border-left: 4px solid; }
.verdict.match { border-color: #1e6b34; background: #e3f4e6; }
.verdict.no-match { border-color: #9b1c1c; background: #fbe4e4; }
.diff-view__summary, .diff-legend__key { font-family: "DejaVu Sans", Arial, sans-serif; font-size: .9rem; color: var(--muted); }
ins, .diff-ins { background: var(--ins); text-decoration: underline; text-decoration-thickness: 2px; }
del, .diff-del { background: var(--del); text-decoration: line-through; }
.diff-format { border-bottom: 2px dotted #8a5a00; }
.diff-badge { font-family: "DejaVu Sans", Arial, sans-serif; font-size: .8rem; background: #eef4fa; border: 1px solid var(--accent); border-radius: 3px; padding: 0 .3rem; }
.diff-block--insert { border-left: 4px solid #1e6b34; padding-left: .5rem; }
.diff-block--delete { border-left: 4px solid #9b1c1c; padding-left: .5rem; }
.diff-block--move-from, .diff-block--move-to { border-left: 4px dashed var(--accent); padding-left: .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media print { body { max-width: none; padding: 0; } a { color: var(--ink); } .colophon { break-inside: avoid; } h1, h2, h3 { break-after: avoid; } tr, blockquote { break-inside: avoid; } }
`;
