import { escapeHtmlAttribute as attr, escapeHtmlText as text, prosemirrorJsonToHtml, withPublicLinksOnly, type JSONContent } from '@accord/editor';
import { INTL_LOCALES, type Language } from '@accord/i18n';
import { translate, type ServerMessageKey, type TranslationParams } from '../../common/i18n/translator';
import { editionTitle, numberLabel } from './edition-number';
import type { ExportKind } from './edition-export.entity';
import type { EditionRow, ExportRow, NetworkRow } from './publishing.repository';
import { ballotSummary, editionPath, filePath, numberOfRow, numberPath, type PublicChanges, type PublicEdition } from './publishing.service';
import type { HashVerificationDto } from './dto/publishing-responses.dto';
import { structuralDiffHtml } from './render/diff-html';

/** The public pages' style sheet (the CSP allows style sheets from Accord itself, nothing inline). */
export const PUBLIC_STYLESHEET_PATH = '/p/_assets/edition.css';

/** Public pages load their style sheet and nothing else; no script of any kind, no inline style. */
export const PUBLIC_PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

interface PageFrame {
  language: Language;
  title: string;
  description: string;
  /** Absolute address of the page (Open Graph, canonical). */
  url: string;
  siteName: string;
  body: string;
  /** Open Graph type: "article" for an edition, "website" otherwise. */
  ogType: 'article' | 'website';
  publishedAt?: string;
}

type T = (key: ServerMessageKey, params?: TranslationParams) => string;
const translator = (language: Language): T => (key, params) => translate(language, key, params);

const KIND_KEYS: Record<ExportKind, ServerMessageKey> = {
  pdf: 'server.publishing.files.pdf',
  docx: 'server.publishing.files.docx',
  markdown: 'server.publishing.files.markdown',
  html: 'server.publishing.files.html',
  'dossier-pdf': 'server.publishing.files.dossierPdf',
  'dossier-json': 'server.publishing.files.dossierJson',
};

function page(frame: PageFrame): string {
  const t = translator(frame.language);
  return `<!doctype html>
<html lang="${attr(frame.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(frame.title)}</title>
<meta name="description" content="${attr(frame.description)}">
<link rel="canonical" href="${attr(frame.url)}">
<meta property="og:type" content="${frame.ogType}">
<meta property="og:title" content="${attr(frame.title)}">
<meta property="og:description" content="${attr(frame.description)}">
<meta property="og:url" content="${attr(frame.url)}">
<meta property="og:site_name" content="${attr(frame.siteName)}">
<meta property="og:locale" content="${attr(INTL_LOCALES[frame.language].replace('-', '_'))}">
${frame.publishedAt ? `<meta property="article:published_time" content="${attr(frame.publishedAt)}">\n` : ''}<link rel="stylesheet" href="${PUBLIC_STYLESHEET_PATH}">
</head>
<body>
${frame.body}
<footer class="colophon"><p>${text(t('server.publishing.public.footer', { network: frame.siteName }))}</p></footer>
</body>
</html>
`;
}

function date(iso: Date | string, language: Language): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[language], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
}

function breadcrumbs(t: T, items: { label: string; href?: string }[]): string {
  return `<nav class="breadcrumbs" aria-label="${attr(t('server.publishing.public.breadcrumbs'))}"><ol>${items
    .map((item) => (item.href ? `<li><a href="${attr(item.href)}">${text(item.label)}</a></li>` : `<li aria-current="page">${text(item.label)}</li>`))
    .join('')}</ol></nav>`;
}

function verifyForm(t: T, network: NetworkRow, value = ''): string {
  return `<section class="verify" aria-labelledby="verify-heading">
<h2 id="verify-heading">${text(t('server.publishing.public.verifyHeading'))}</h2>
<p>${text(t('server.publishing.public.verifyHelp'))}</p>
<form method="get" action="/p/${attr(encodeURIComponent(network.slug))}/verify">
<div><label for="sha256">${text(t('server.publishing.public.verifyLabel'))}</label>
<input id="sha256" name="sha256" required pattern="[0-9a-fA-F]{64}" maxlength="64" autocomplete="off" spellcheck="false" value="${attr(value)}"></div>
<button type="submit">${text(t('server.publishing.public.verifyButton'))}</button>
</form>
</section>`;
}

export function networkIndexPage(network: NetworkRow, editions: readonly EditionRow[], language: Language, publicUrl: string): string {
  const t = translator(language);
  const items = editions.length
    ? `<ul class="edition-list">${editions
        .map(
          (row) =>
            `<li><a href="${attr(numberPath(network.slug, row))}">${text(`${row.series} ${numberLabel(row.year, row.sequence)}`)}</a>: <span lang="${attr(row.language)}">${text(row.title)}</span> (${text(
              t('server.publishing.public.editionOn', { edition: row.editionNumber, date: date(row.publishedAt, language) }),
            )})</li>`,
        )
        .join('')}</ul>`
    : `<p>${text(t('server.publishing.public.noneYet'))}</p>`;
  const title = t('server.publishing.public.indexTitle', { network: network.name });
  return page({
    language,
    title,
    description: t('server.publishing.public.indexDescription', { network: network.name }),
    url: `${publicUrl}/p/${encodeURIComponent(network.slug)}`,
    siteName: network.name,
    ogType: 'website',
    body: `<main>\n<h1>${text(title)}</h1>\n${items}\n${verifyForm(t, network)}\n</main>`,
  });
}

function filesList(t: T, language: Language, network: NetworkRow, row: EditionRow, files: readonly ExportRow[], pdfMissing: boolean): string {
  const items = files
    .map(
      (file) =>
        `<li><a href="${attr(filePath(network.slug, row, file.fileName))}" download="${attr(file.fileName)}">${text(t(KIND_KEYS[file.kind]))}</a> (${text(formatBytes(file.size, language))}), SHA-256 <span class="hash">${file.sha256}</span></li>`,
    )
    .join('');
  const missing = pdfMissing ? `<p role="note">${text(t('server.publishing.public.pdfMissing'))}</p>` : '';
  return `<section aria-labelledby="files-heading"><h2 id="files-heading">${text(t('server.publishing.public.downloads'))}</h2><ul class="export-list">${items}</ul>${missing}</section>`;
}

function decisionSection(t: T, row: EditionRow): string {
  const ballot = ballotSummary(row.ballot);
  const body = ballot
    ? `<p>${text(t('server.publishing.public.ballotResult', { result: ballot.result, tallies: Object.entries(ballot.tallies).map(([option, count]) => `${option} ${count}`).join(', ') }))}</p>
<p>${text(t('server.publishing.public.votingPartners', { partners: ballot.partners.join(', ') }))}</p>
<p>${text(t('server.publishing.public.ballotHash'))} <span class="hash">${text(ballot.resultHash)}</span></p>`
    : `<p>${text(t('server.publishing.public.ballotUnknown'))}</p>`;
  return `<section aria-labelledby="decision-heading"><h2 id="decision-heading">${text(t('server.publishing.public.decision'))}</h2>${body}</section>`;
}

export function editionPage(view: PublicEdition, language: Language, publicUrl: string): string {
  const t = translator(language);
  const { network, shown: row } = view;
  const content = withPublicLinksOnly(row.content as JSONContent);
  const number = `${row.series} ${numberLabel(row.year, row.sequence)}`;
  const label = editionTitle(numberOfRow(row));
  const opensWithTitle = content.content?.[0]?.type === 'heading' && Number(content.content[0].attrs?.level) === 1;
  const latest = view.editions[view.editions.length - 1];
  const earlierNote = view.latest
    ? ''
    : `<p class="erratum" role="note">${text(t('server.publishing.public.earlierEdition', { edition: latest.editionNumber }))} <a href="${attr(numberPath(network.slug, row))}">${text(t('server.publishing.public.readLatest'))}</a></p>`;
  const erratum = row.erratumReason
    ? `<p class="erratum">${text(t('server.publishing.erratumNote', { reason: row.erratumReason }))} <a href="${attr(`${editionPath(network.slug, row)}/changes`)}">${text(t('server.publishing.public.seeChanges', { edition: row.editionNumber - 1 }))}</a></p>`
    : '';
  const editionsList = `<section aria-labelledby="editions-heading"><h2 id="editions-heading">${text(t('server.publishing.public.editions'))}</h2><ol class="edition-list">${view.editions
    .map((edition) => {
      const labelText = t('server.publishing.public.editionOn', { edition: edition.editionNumber, date: date(edition.publishedAt, language) });
      const link = edition.id === row.id ? `<span aria-current="page">${text(labelText)}</span>` : `<a href="${attr(editionPath(network.slug, edition))}">${text(labelText)}</a>`;
      const changes = edition.editionNumber > 1 ? ` · <a href="${attr(`${editionPath(network.slug, edition)}/changes`)}">${text(t('server.publishing.public.changesLink', { edition: edition.editionNumber, previous: edition.editionNumber - 1 }))}</a>` : '';
      return `<li>${link}${edition.erratumReason ? `: ${text(edition.erratumReason)}` : ''}${changes}</li>`;
    })
    .join('')}</ol></section>`;
  const hashes = `<section aria-labelledby="hash-heading"><h2 id="hash-heading">${text(t('server.publishing.public.integrity'))}</h2>
<dl class="colophon-list"><dt>${text(t('server.publishing.colophon.textHash'))}</dt><dd class="hash">${row.contentHash}</dd>
<dt>${text(t('server.publishing.colophon.chainHash'))}</dt><dd class="hash">${row.chainHash}</dd>
<dt>${text(t('server.publishing.colophon.published'))}</dt><dd>${text(date(row.publishedAt, language))}, ${text(`${row.publisherName}, ${row.publisherPartner}`)}</dd>
<dt>${text(t('server.publishing.colophon.languages'))}</dt><dd>${text(row.languages.join(', '))}</dd></dl></section>`;
  const body = `${breadcrumbs(t, [{ label: network.name, href: `/p/${encodeURIComponent(network.slug)}` }, { label: number, href: view.latest ? undefined : numberPath(network.slug, row) }, ...(view.latest ? [] : [{ label: t('server.publishing.public.editionLabel', { edition: row.editionNumber }) }])])}
<main>
<header class="edition-header">${opensWithTitle ? '' : `<h1 lang="${attr(row.language)}">${text(row.title)}</h1>`}<p class="edition-number">${text(t('server.publishing.numberAndEdition', { number, edition: row.editionNumber }))} · ${text(date(row.publishedAt, language))}</p>${earlierNote}${erratum}</header>
<article class="edition-text" lang="${attr(row.language)}">${prosemirrorJsonToHtml(content)}</article>
${decisionSection(t, row)}
${filesList(t, language, network, row, view.exports, view.pdfMissing)}
${hashes}
${editionsList}
${verifyForm(t, network)}
</main>`;
  return page({
    language,
    title: `${row.title}: ${label}`,
    description: t('server.publishing.public.editionDescription', { label, network: network.name }),
    url: `${publicUrl}${view.latest ? numberPath(network.slug, row) : editionPath(network.slug, row)}`,
    siteName: network.name,
    ogType: 'article',
    publishedAt: row.publishedAt.toISOString(),
    body,
  });
}

export function changesPage(view: PublicChanges, language: Language, publicUrl: string): string {
  const t = translator(language);
  const { network, edition, previous } = view;
  const title = t('server.publishing.public.changesTitle', { label: editionTitle(numberOfRow(edition)), previous: previous.editionNumber });
  const number = `${edition.series} ${numberLabel(edition.year, edition.sequence)}`;
  const body = `${breadcrumbs(t, [{ label: network.name, href: `/p/${encodeURIComponent(network.slug)}` }, { label: number, href: numberPath(network.slug, edition) }, { label: t('server.publishing.public.editionLabel', { edition: edition.editionNumber }), href: editionPath(network.slug, edition) }, { label: t('server.publishing.public.changes') }])}
<main>
<h1>${text(title)}</h1>
${edition.erratumReason ? `<p class="erratum">${text(t('server.publishing.erratumNote', { reason: edition.erratumReason }))}</p>` : ''}
<div class="edition-text" lang="${attr(edition.language)}">${structuralDiffHtml(view.diff, language)}</div>
<p><a href="${attr(editionPath(network.slug, previous))}">${text(t('server.publishing.public.editionLabel', { edition: previous.editionNumber }))}</a> · <a href="${attr(editionPath(network.slug, edition))}">${text(t('server.publishing.public.editionLabel', { edition: edition.editionNumber }))}</a></p>
</main>`;
  return page({ language, title, description: title, url: `${publicUrl}${editionPath(network.slug, edition)}/changes`, siteName: network.name, ogType: 'article', body });
}

export function verifyPage(network: NetworkRow, result: HashVerificationDto | null, given: string, language: Language, publicUrl: string): string {
  const t = translator(language);
  const title = t('server.publishing.public.verifyHeading');
  let verdict = '';
  if (result === null && given) verdict = `<p class="verdict no-match" role="status">${text(t('server.publishing.public.verifyMalformed'))}</p>`;
  else if (result?.match)
    verdict = `<div class="verdict match" role="status"><p>${text(t('server.publishing.public.verifyMatch'))}</p><ul>${result.matches
      .map((match) => `<li><a href="${attr(match.publicUrl)}">${text(match.label)}</a>: ${text(match.fileName)} (${text(date(match.publishedAt, language))})</li>`)
      .join('')}</ul></div>`;
  else if (result) verdict = `<p class="verdict no-match" role="status">${text(t('server.publishing.public.verifyNoMatch'))}</p>`;
  const body = `${breadcrumbs(t, [{ label: network.name, href: `/p/${encodeURIComponent(network.slug)}` }, { label: title }])}
<main>
<h1>${text(title)}</h1>
${verdict}
${verifyForm(t, network, given).replace(/<h2 id="verify-heading">[^<]*<\/h2>/, '')}
</main>`;
  return page({ language, title: `${title}: ${network.name}`, description: t('server.publishing.public.verifyHelp'), url: `${publicUrl}/p/${encodeURIComponent(network.slug)}/verify`, siteName: network.name, ogType: 'website', body });
}

export function notFoundPage(language: Language): string {
  const t = translator(language);
  return `<!doctype html>
<html lang="${attr(language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${text(t('server.publishing.public.notFound'))}</title><link rel="stylesheet" href="${PUBLIC_STYLESHEET_PATH}"></head>
<body><main><h1>${text(t('server.publishing.public.notFound'))}</h1><p>${text(t('server.publishing.public.notFoundHelp'))}</p></main></body>
</html>
`;
}

function formatBytes(size: number, language: Language): string {
  const format = (value: number, unit: string) => `${new Intl.NumberFormat(INTL_LOCALES[language], { maximumFractionDigits: 1 }).format(value)} ${unit}`;
  if (size < 1024) return format(size, 'B');
  if (size < 1024 * 1024) return format(size / 1024, 'KB');
  return format(size / 1024 / 1024, 'MB');
}
