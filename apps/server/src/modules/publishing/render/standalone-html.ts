import { escapeHtmlAttribute as attr, escapeHtmlText as text, prosemirrorJsonToHtml } from '@accord/editor';
import { createHash } from 'node:crypto';
import { translate } from '../../../common/i18n/translator';
import { colophonOf, labelLanguage, type EditionDocument } from './edition-document';
import { EDITION_CSS } from './edition-styles';

/** The CSP source for the inline style sheet of a standalone export: its hash, not 'unsafe-inline'. */
export const EDITION_STYLE_HASH = `'sha256-${createHash('sha256').update(EDITION_CSS).digest('base64')}'`;
/** What a standalone export may load or run: its own inline style sheet, nothing else. */
export const STANDALONE_CSP = `default-src 'none'; style-src ${EDITION_STYLE_HASH}; img-src data:; base-uri 'none'; form-action 'none'`;

/** The text of a document as HTML, through the shared TipTap schema (links already limited). */
export function editionBodyHtml(document: EditionDocument): string {
  return prosemirrorJsonToHtml(document.content);
}

export function colophonHtml(document: EditionDocument): string {
  const language = labelLanguage(document);
  const rows = colophonOf(document)
    .map((row) => `<dt>${text(row.label)}</dt><dd${/^[0-9a-f]{64}/.test(row.value) ? ' class="hash"' : ''}>${text(row.value)}</dd>`)
    .join('');
  return `<section class="colophon" aria-labelledby="colophon-heading"><h2 id="colophon-heading">${text(translate(language, 'server.publishing.colophon.heading'))}</h2><dl>${rows}</dl></section>`;
}

/** The heading block above the text: the number and edition, or the draft mark. */
export function editionHeaderHtml(document: EditionDocument, headingLevel: 1 | 2 = 1): string {
  const language = labelLanguage(document);
  const mark = document.draft
    ? `<p class="draft-mark" role="note">${text(translate(language, 'server.publishing.draftMark'))}</p>`
    : `<p class="edition-number">${text(translate(language, 'server.publishing.numberAndEdition', { number: document.numberLabel ?? '', edition: document.editionNumber ?? 0 }))}</p>`;
  const erratum = document.erratumReason ? `<p class="erratum">${text(translate(language, 'server.publishing.erratumNote', { reason: document.erratumReason }))}</p>` : '';
  // A text that opens with its own top heading is its own title; the header does not repeat it.
  const title = opensWithTitle(document) ? '' : `<h${headingLevel} lang="${attr(document.language)}">${text(document.title)}</h${headingLevel}>`;
  return `<header class="edition-header">${title}${mark}${erratum}</header>`;
}

export function opensWithTitle(document: EditionDocument): boolean {
  const first = document.content.content?.[0];
  return first?.type === 'heading' && Number(first.attrs?.level) === 1;
}

/**
 * A complete HTML file of one text: the title, number and edition (or the draft mark), the text in
 * its language, and the colophon, with its style sheet inlined and a CSP that allows only it. The
 * PDF is printed from the same file.
 */
export function standaloneHtml(document: EditionDocument): string {
  const language = labelLanguage(document);
  const title = document.draft
    ? `${document.title} (${translate(language, 'server.publishing.draftMark')})`
    : `${document.title}: ${translate(language, 'server.publishing.numberAndEdition', { number: document.numberLabel ?? '', edition: document.editionNumber ?? 0 })}`;
  return [
    '<!doctype html>',
    `<html lang="${attr(document.language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${attr(STANDALONE_CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${text(title)}</title>`,
    `<meta name="description" content="${attr(document.numberLabel ? `${document.numberLabel}, ${document.networkName}` : document.networkName)}">`,
    `<style>${EDITION_CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    editionHeaderHtml(document),
    `<article class="edition-text" lang="${attr(document.language)}">${editionBodyHtml(document)}</article>`,
    colophonHtml(document),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
