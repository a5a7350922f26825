import { prosemirrorJsonToMarkdown } from '@accord/editor';
import { translate } from '../../../common/i18n/translator';
import { colophonOf, labelLanguage, type EditionDocument } from './edition-document';
import { opensWithTitle } from './standalone-html';

/** YAML needs quoting for almost any title; JSON strings are valid YAML scalars. */
const yaml = (value: string) => JSON.stringify(value);

/**
 * The Markdown file: YAML front matter with the title and `lang` (read by Pandoc and static site
 * tools), the number or the draft mark, the text, and the colophon as a list.
 */
export function markdownFileOf(document: EditionDocument): string {
  const language = labelLanguage(document);
  const front = ['---', `title: ${yaml(document.title)}`, `lang: ${yaml(document.language)}`];
  if (document.numberLabel) front.push(`number: ${yaml(document.numberLabel)}`, `edition: ${document.editionNumber}`);
  if (document.draft) front.push(`status: ${yaml(translate(language, 'server.publishing.draftMark'))}`);
  front.push(`date: ${yaml(document.date)}`, `sha256: ${yaml(document.contentHash)}`, '---', '');
  const lines: string[] = [];
  if (!opensWithTitle(document)) lines.push(`# ${escapeLine(document.title)}`, '');
  lines.push(
    document.draft
      ? `**${escapeLine(translate(language, 'server.publishing.draftMark').toUpperCase())}**`
      : `*${escapeLine(translate(language, 'server.publishing.numberAndEdition', { number: document.numberLabel ?? '', edition: document.editionNumber ?? 0 }))}*`,
    '',
  );
  if (document.erratumReason) lines.push(`> ${escapeLine(translate(language, 'server.publishing.erratumNote', { reason: document.erratumReason }))}`, '');
  lines.push(prosemirrorJsonToMarkdown(document.content).trimEnd(), '', '---', '', `## ${escapeLine(translate(language, 'server.publishing.colophon.heading'))}`, '');
  for (const row of colophonOf(document)) lines.push(`- **${escapeLine(row.label)}:** ${escapeLine(row.value)}`);
  return `${front.join('\n')}${lines.join('\n')}\n`;
}

function escapeLine(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|~<>&]/g, (character) => `\\${character}`).replace(/\s+/g, ' ');
}
