import { PRESENCE_COLOURS } from '@accord/contracts';
import { diffStructure, type DiffAuthorship, type DiffBlock, type DiffMark, type DiffNode, type DiffText, type JSONContent, type StructuralDiff } from '@accord/editor';
import { useId, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import './diff-view.css';

/** A person the diff names: who inserted or deleted a run of text. */
export interface DiffAuthor {
  id: string;
  displayName: string;
  partnerName?: string;
}

export type DiffLayout = 'inline' | 'side-by-side';

/** Either a diff already computed (the server's compare answer) or two TipTap documents to compare here. */
export type DiffSource = { diff: StructuralDiff } | { before: JSONContent; after: JSONContent; authorship?: DiffAuthorship };

export interface DiffViewProps {
  source: DiffSource;
  /** The people named by the diff's author keys; keys not listed read as "unknown author". */
  authors?: readonly DiffAuthor[];
  /** Headings of the two columns of the side-by-side view, e.g. "Version 3" and "Current text". */
  beforeLabel: string;
  afterLabel: string;
  initialLayout?: DiffLayout;
}

interface AuthorStyle {
  author: DiffAuthor | null;
  colour: string;
  index: number;
}

const UNKNOWN_COLOUR = '#475467';

/**
 * A readable diff of two texts, reusable wherever Accord shows one (history, amendments,
 * editions): inline, with <ins> and <del> around each changed run and a spoken marker naming
 * its author, or side by side, block against block. Authors are told apart by colour and by
 * name (in the legend, the markers and the tooltips), never by colour alone.
 */
export function DiffView({ source, authors = [], beforeLabel, afterLabel, initialLayout = 'inline' }: DiffViewProps) {
  const { t } = useTranslation();
  const [layout, setLayout] = useState<DiffLayout>(initialLayout);
  const groupName = useId();
  const diff = useMemo(() => ('diff' in source ? source.diff : diffStructure(source.before, source.after, source.authorship)), [source]);
  const styles = useMemo(() => authorStyles(diff.authors, authors), [diff.authors, authors]);
  const unchanged = diff.wordsAdded + diff.wordsRemoved + diff.moves + diff.formatChanges === 0 && diff.blocks.every((block) => block.change === 'equal');

  return (
    <div className="diff-view" data-testid="diff-view" data-layout={layout}>
      <div className="diff-view__bar">
        <fieldset className="diff-view__layout">
          <legend className="visually-hidden">{t('history.diff.layoutLabel')}</legend>
          {(['inline', 'side-by-side'] as const).map((option) => (
            <label key={option} className={`diff-view__layout-option${layout === option ? ' diff-view__layout-option--active' : ''}`}>
              <input type="radio" name={groupName} value={option} checked={layout === option} onChange={() => setLayout(option)} data-testid={`diff-layout-${option}`} />
              {t(option === 'inline' ? 'history.diff.inline' : 'history.diff.sideBySide')}
            </label>
          ))}
        </fieldset>
        <p className="diff-view__summary" data-testid="diff-summary">
          {t('history.diff.wordsAdded', { count: diff.wordsAdded })}, {t('history.diff.wordsRemoved', { count: diff.wordsRemoved })}
          {diff.moves > 0 && <> · {t('history.diff.moves', { count: diff.moves })}</>}
          {diff.formatChanges > 0 && <> · {t('history.diff.formatChanges', { count: diff.formatChanges })}</>}
        </p>
      </div>
      <AuthorLegend styles={styles} />
      {unchanged ? (
        <p className="diff-view__same" data-testid="diff-unchanged">{t('history.diff.same')}</p>
      ) : layout === 'inline' ? (
        <div className="diff-view__text diff-view__text--inline" data-testid="diff-inline">
          {diff.blocks.map((block, index) => (
            <BlockView key={index} block={block} side="both" styles={styles} />
          ))}
        </div>
      ) : (
        <SideBySide diff={diff} styles={styles} beforeLabel={beforeLabel} afterLabel={afterLabel} />
      )}
    </div>
  );
}

function authorStyles(keys: readonly string[], authors: readonly DiffAuthor[]): Map<string, AuthorStyle> {
  const known = new Map(authors.map((author) => [author.id, author]));
  return new Map(keys.map((key, index) => [key, { author: known.get(key) ?? null, colour: known.has(key) ? PRESENCE_COLOURS[index % PRESENCE_COLOURS.length] : UNKNOWN_COLOUR, index }]));
}

function AuthorLegend({ styles }: { styles: ReadonlyMap<string, AuthorStyle> }) {
  const { t } = useTranslation();
  const entries = [...styles.entries()];
  return (
    <div className="diff-legend" data-testid="diff-legend">
      <h3 className="diff-legend__title">{t('history.diff.legendTitle')}</h3>
      <ul className="diff-legend__list">
        {entries.map(([key, style]) => (
          <li key={key} className="diff-legend__author" data-testid="diff-legend-author" data-author={key} style={{ '--author-colour': style.colour } as CSSProperties}>
            <span className="diff-legend__swatch" aria-hidden="true" />
            <span>{style.author ? style.author.displayName : t('history.diff.unknownAuthor')}</span>
            {style.author?.partnerName && <span className="diff-legend__partner">{style.author.partnerName}</span>}
          </li>
        ))}
        <li className="diff-legend__author diff-legend__author--unknown" style={{ '--author-colour': UNKNOWN_COLOUR } as CSSProperties}>
          <span className="diff-legend__swatch" aria-hidden="true" />
          <span>{entries.length === 0 ? t('history.diff.noAuthors') : t('history.diff.unknownAuthor')}</span>
        </li>
      </ul>
      <p className="diff-legend__key">
        <ins className="diff-ins diff-ins--sample">{t('history.diff.keyInserted')}</ins> <del className="diff-del diff-del--sample">{t('history.diff.keyDeleted')}</del>{' '}
        <span className="diff-format">{t('history.diff.keyFormatted')}</span>
      </p>
    </div>
  );
}

/** Which text a view shows: both (inline) or one side of the side-by-side view. */
type Side = 'both' | 'before' | 'after';

function SideBySide({ diff, styles, beforeLabel, afterLabel }: { diff: StructuralDiff; styles: ReadonlyMap<string, AuthorStyle>; beforeLabel: string; afterLabel: string }) {
  return (
    <div className="diff-sbs" data-testid="diff-side-by-side">
      <div className="diff-sbs__row diff-sbs__row--head" aria-hidden="true">
        <div className="diff-sbs__head">{beforeLabel}</div>
        <div className="diff-sbs__head">{afterLabel}</div>
      </div>
      {diff.blocks.map((block, index) => (
        <div key={index} className={`diff-sbs__row diff-sbs__row--${block.change}`}>
          <div className="diff-sbs__cell" data-side="before">
            <span className="visually-hidden">{beforeLabel}: </span>
            {showsOn(block, 'before') && <BlockView block={block} side="before" styles={styles} />}
          </div>
          <div className="diff-sbs__cell" data-side="after">
            <span className="visually-hidden">{afterLabel}: </span>
            {showsOn(block, 'after') && <BlockView block={block} side="after" styles={styles} />}
          </div>
        </div>
      ))}
    </div>
  );
}

function showsOn(node: DiffNode, side: Side): boolean {
  if (side === 'both') return true;
  const onlyAfter = node.change === 'insert' || node.change === 'move-to';
  const onlyBefore = node.change === 'delete' || node.change === 'move-from';
  return side === 'before' ? !onlyAfter : !onlyBefore;
}

function BlockView({ block, side, styles }: { block: DiffBlock; side: Side; styles: ReadonlyMap<string, AuthorStyle> }) {
  const { t } = useTranslation();
  const shown = side === 'before' && block.before ? { ...block, type: block.before.type, attrs: block.before.attrs } : block;
  const children = block.children.filter((child) => showsOn(child, side));
  const marker = blockMarker(block, side, styles, t);
  const content = (
    <>
      {marker}
      {children.map((child, index) => (child.node === 'text' ? <TextRun key={index} run={child} side={side} styles={styles} /> : <BlockView key={index} block={child} side={side} styles={styles} />))}
    </>
  );
  const moverColour = block.authors?.[0] ? styles.get(block.authors[0])?.colour : undefined;
  const props = {
    className: `diff-block diff-block--${block.change}${block.before ? ' diff-block--retyped' : ''}`,
    'data-change': block.change,
    'data-type': shown.type,
    style: moverColour ? ({ '--author-colour': moverColour } as CSSProperties) : undefined,
  };
  const attrs = shown.attrs;
  switch (shown.type) {
    case 'heading':
      return <div {...props} role="heading" aria-level={Math.min(6, Number(attrs.level ?? 1) + 3)} data-level={String(attrs.level ?? 1)}>{content}</div>;
    case 'bulletList':
      return <ul {...props}>{content}</ul>;
    case 'orderedList':
      return <ol {...props} start={typeof attrs.start === 'number' ? attrs.start : undefined}>{content}</ol>;
    case 'listItem':
      return <li {...props}>{content}</li>;
    case 'blockquote':
      return <blockquote {...props} lang={langOf(attrs)}>{content}</blockquote>;
    case 'codeBlock':
      return <pre {...props}><code>{content}</code></pre>;
    case 'horizontalRule':
      return <hr {...props} />;
    case 'table':
      return <table {...props}><tbody>{content}</tbody></table>;
    case 'tableRow':
      return <tr {...props}>{content}</tr>;
    case 'tableHeader':
      return <th {...props} colSpan={spanOf(attrs.colspan)} rowSpan={spanOf(attrs.rowspan)} scope="col">{content}</th>;
    case 'tableCell':
      return <td {...props} colSpan={spanOf(attrs.colspan)} rowSpan={spanOf(attrs.rowspan)}>{content}</td>;
    default:
      return <p {...props} lang={langOf(attrs)}>{content}</p>;
  }
}

const spanOf = (value: unknown): number | undefined => (typeof value === 'number' && value > 1 ? value : undefined);
const langOf = (attrs: Record<string, unknown>): string | undefined => (typeof attrs.lang === 'string' ? attrs.lang : undefined);

type Translate = ReturnType<typeof useTranslation>['t'];

const KIND_LABELS = {
  paragraph: 'history.diff.kinds.paragraph',
  bulletList: 'history.diff.kinds.bulletList',
  orderedList: 'history.diff.kinds.orderedList',
  tableCell: 'history.diff.kinds.tableCell',
  tableHeader: 'history.diff.kinds.tableHeader',
  codeBlock: 'history.diff.kinds.codeBlock',
} as const satisfies Record<string, ParseKeys>;

const MARK_LABELS = {
  bold: 'history.diff.marks.bold',
  italic: 'history.diff.marks.italic',
  strike: 'history.diff.marks.strike',
  code: 'history.diff.marks.code',
  underline: 'history.diff.marks.underline',
  link: 'history.diff.marks.link',
} as const satisfies Record<string, ParseKeys>;

/** The visible, spoken note on a block that moved or changed kind (its words alone would not say it). */
function blockMarker(block: DiffBlock, side: Side, styles: ReadonlyMap<string, AuthorStyle>, t: Translate): ReactNode {
  // Lists, tables and rows take no text of their own; their items and cells carry the notes.
  const container = block.type === 'table' || block.type === 'tableRow' || block.type === 'bulletList' || block.type === 'orderedList';
  if (container) return null;
  const by = authorNames(block.authors ?? [], styles, t);
  if (block.change === 'move-from') return <span className="diff-badge" data-testid="diff-moved-from">{t('history.diff.movedFrom', { number: block.moveId })}</span>;
  if (block.change === 'move-to') return <span className="diff-badge" data-testid="diff-moved-to">{by ? t('history.diff.movedToBy', { number: block.moveId, author: by }) : t('history.diff.movedTo', { number: block.moveId })}</span>;
  if (block.before && side !== 'before') return <span className="diff-badge" data-testid="diff-retyped">{t('history.diff.was', { kind: kindName(block.before.type, block.before.attrs, t) })}</span>;
  return null;
}

function kindName(type: string, attrs: Record<string, unknown>, t: Translate): string {
  if (type === 'heading') return t('history.diff.kinds.heading', { level: Number(attrs.level ?? 1) });
  return type in KIND_LABELS ? t(KIND_LABELS[type as keyof typeof KIND_LABELS]) : type;
}

function authorNames(keys: readonly string[], styles: ReadonlyMap<string, AuthorStyle>, t: Translate): string {
  return keys.map((key) => styles.get(key)?.author?.displayName ?? t('history.diff.unknownAuthor')).join(', ');
}

function TextRun({ run, side, styles }: { run: DiffText; side: Side; styles: ReadonlyMap<string, AuthorStyle> }) {
  const { t } = useTranslation();
  const marks = side === 'before' && run.change === 'format' ? (run.marksBefore ?? []) : run.marks;
  const body = run.hardBreak ? <br /> : withMarks(run.text, marks);
  if (run.change === 'equal' || (run.change === 'format' && side === 'before')) return <>{body}</>;
  const names = authorNames(run.authors, styles, t);
  const colour = run.authors[0] ? styles.get(run.authors[0])?.colour : undefined;
  const style = colour ? ({ '--author-colour': colour } as CSSProperties) : undefined;
  if (run.change === 'format') {
    const before = (run.marksBefore ?? []).map((mark) => markName(mark, t)).join(', ') || t('history.diff.plain');
    return (
      <span className="diff-format" data-testid="diff-format" title={t('history.diff.formatWas', { marks: before })}>
        <span className="visually-hidden">[{t('history.diff.formatWas', { marks: before })}] </span>
        {body}
      </span>
    );
  }
  const inserted = run.change === 'insert';
  const label = inserted ? (names ? t('history.diff.insertedBy', { author: names }) : t('history.diff.insertedUnknown')) : names ? t('history.diff.deletedBy', { author: names }) : t('history.diff.deletedUnknown');
  const Element = inserted ? 'ins' : 'del';
  return (
    <Element className={inserted ? 'diff-ins' : 'diff-del'} style={style} title={label} data-authors={run.authors.join(' ')} data-testid={inserted ? 'diff-ins' : 'diff-del'}>
      <span className="visually-hidden">[{label}: </span>
      {body}
      <span className="visually-hidden"> {inserted ? t('history.diff.insertionEnds') : t('history.diff.deletionEnds')}]</span>
    </Element>
  );
}

function markName(mark: DiffMark, t: Translate): string {
  return mark.type in MARK_LABELS ? t(MARK_LABELS[mark.type as keyof typeof MARK_LABELS]) : mark.type;
}

function withMarks(text: string, marks: readonly DiffMark[]): ReactNode {
  let node: ReactNode = text;
  for (const mark of marks) {
    if (mark.type === 'bold') node = <strong>{node}</strong>;
    else if (mark.type === 'italic') node = <em>{node}</em>;
    else if (mark.type === 'strike') node = <s>{node}</s>;
    else if (mark.type === 'code') node = <code>{node}</code>;
    else if (mark.type === 'underline') node = <u>{node}</u>;
    // A link in a diff is shown, not followed: the reader compares texts here.
    else if (mark.type === 'link') node = <span className="diff-link" title={typeof mark.attrs?.href === 'string' ? mark.attrs.href : undefined}>{node}</span>;
  }
  return node;
}
