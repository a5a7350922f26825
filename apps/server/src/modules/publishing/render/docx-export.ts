import { isPublicLinkTarget, type JSONContent } from '@accord/editor';
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { translate } from '../../../common/i18n/translator';
import { colophonOf, labelLanguage, type EditionDocument } from './edition-document';
import { opensWithTitle } from './standalone-html';

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;
const ORDERED = 'accord-ordered';

interface Context {
  /** List nesting: 0 outside lists. */
  level: number;
  /** Each ordered list gets its own numbering instance, so that every list starts at its own number. */
  nextInstance: () => number;
  quote: boolean;
}

/**
 * A Word document with real structure: Heading 1-3 styles, bulleted and numbered lists (Word
 * numbering), tables with a header row, hyperlinks (http(s) and mailto only), the document
 * language on every run, the colophon as a table, and page numbers in the footer.
 */
export async function docxOf(document: EditionDocument): Promise<Buffer> {
  const language = labelLanguage(document);
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(language, key, params);
  let instance = 0;
  const context: Context = { level: 0, nextInstance: () => ++instance, quote: false };
  const children: (Paragraph | Table)[] = [];
  if (!opensWithTitle(document)) children.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(document.title)] }));
  children.push(
    document.draft
      ? new Paragraph({ children: [new TextRun({ text: t('server.publishing.draftMark').toUpperCase(), bold: true, color: '9B1C1C' })] })
      : new Paragraph({ children: [new TextRun({ text: t('server.publishing.numberAndEdition', { number: document.numberLabel ?? '', edition: document.editionNumber ?? 0 }), color: '545B64' })] }),
  );
  if (document.erratumReason) children.push(new Paragraph({ children: [new TextRun({ text: t('server.publishing.erratumNote', { reason: document.erratumReason }), italics: true })] }));
  for (const block of document.content.content ?? []) children.push(...blockOf(block, context));
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, pageBreakBefore: false, children: [new TextRun(t('server.publishing.colophon.heading'))] }));
  children.push(
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: colophonOf(document).map(
        (row) =>
          new TableRow({
            children: [
              new TableCell({ width: { size: 28, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [new TextRun({ text: row.label, bold: true })] })] }),
              new TableCell({ width: { size: 72, type: WidthType.PERCENTAGE }, children: [new Paragraph(row.value)] }),
            ],
          }),
      ),
    }),
  );

  const footerLabel = document.draft ? `${document.title} (${t('server.publishing.draftMark')})` : t('server.publishing.numberAndEdition', { number: document.numberLabel ?? '', edition: document.editionNumber ?? 0 });
  const word = new Document({
    title: document.title,
    subject: footerLabel,
    creator: document.networkName,
    description: footerLabel,
    styles: { default: { document: { run: { language: { value: document.language } } } } },
    numbering: {
      config: [
        {
          reference: ORDERED,
          levels: [0, 1, 2, 3, 4, 5].map((level) => ({ level, format: LevelFormat.DECIMAL, text: `%${level + 1}.`, alignment: AlignmentType.START, style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } } })),
        },
      ],
    },
    sections: [
      {
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ children: [`${footerLabel}    ${t('server.publishing.page')} `, PageNumber.CURRENT, ` ${t('server.publishing.pageOf')} `, PageNumber.TOTAL_PAGES], size: 16 })] })],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(word);
}

function blockOf(node: JSONContent, context: Context, numbering?: { reference: string; instance: number }): (Paragraph | Table)[] {
  switch (node.type) {
    case 'heading': {
      const level = Math.min(Math.max(Number(node.attrs?.level ?? 1), 1), 3);
      return [new Paragraph({ heading: HEADINGS[level - 1], children: inlineOf(node.content ?? []) })];
    }
    case 'paragraph':
      return [new Paragraph({ children: inlineOf(node.content ?? []), ...(context.quote ? { indent: { left: 720 }, style: 'Quote' } : {}) })];
    case 'blockquote':
      return (node.content ?? []).flatMap((child) => blockOf(child, { ...context, quote: true }));
    case 'bulletList':
    case 'orderedList': {
      const list = node.type === 'orderedList' ? { reference: ORDERED, instance: context.nextInstance() } : undefined;
      return (node.content ?? []).flatMap((item) => listItemOf(item, { ...context, level: context.level + 1 }, list));
    }
    case 'codeBlock':
      return [new Paragraph({ children: [new TextRun({ text: (node.content ?? []).map((child) => child.text ?? '').join(''), font: 'Courier New' })] })];
    case 'horizontalRule':
      return [new Paragraph({ thematicBreak: true, children: [] })];
    case 'table':
      return [tableOf(node)];
    default:
      return (node.content ?? []).flatMap((child) => blockOf(child, context, numbering));
  }
}

/** A list item: its first paragraph carries the bullet or number; nested lists go one level deeper. */
function listItemOf(item: JSONContent, context: Context, numbering?: { reference: string; instance: number }): (Paragraph | Table)[] {
  const level = context.level - 1;
  return (item.content ?? []).flatMap((child, index) => {
    if (child.type !== 'paragraph') return blockOf(child, context);
    const marker = index > 0 ? { indent: { left: 720 * (level + 1) } } : numbering ? { numbering: { reference: numbering.reference, instance: numbering.instance, level } } : { bullet: { level } };
    return [new Paragraph({ children: inlineOf(child.content ?? []), ...marker })];
  });
}

function tableOf(node: JSONContent): Table {
  const rows = node.content ?? [];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (row, index) =>
        new TableRow({
          tableHeader: index === 0 && (row.content ?? []).every((cell) => cell.type === 'tableHeader'),
          children: (row.content ?? []).map(
            (cell) =>
              new TableCell({
                columnSpan: Number(cell.attrs?.colspan ?? 1),
                rowSpan: Number(cell.attrs?.rowspan ?? 1),
                children: (cell.content ?? []).flatMap((child) => blockOf(child, { level: 0, nextInstance: () => 0, quote: false })).filter((child): child is Paragraph => child instanceof Paragraph),
              }),
          ),
        }),
    ),
  });
}

function inlineOf(nodes: readonly JSONContent[]): ParagraphChild[] {
  return nodes.flatMap((node): ParagraphChild[] => {
    if (node.type === 'hardBreak') return [new TextRun({ text: '', break: 1 })];
    if (node.type !== 'text' || typeof node.text !== 'string') return inlineOf(node.content ?? []);
    const has = (type: string) => (node.marks ?? []).some((mark) => mark.type === type);
    const href = node.marks?.find((mark) => mark.type === 'link')?.attrs?.href;
    const run = new TextRun({ text: node.text, bold: has('bold'), italics: has('italic'), strike: has('strike'), font: has('code') ? 'Courier New' : undefined, style: isPublicLinkTarget(href) ? 'Hyperlink' : undefined });
    return isPublicLinkTarget(href) ? [new ExternalHyperlink({ link: href, children: [run] })] : [run];
  });
}
