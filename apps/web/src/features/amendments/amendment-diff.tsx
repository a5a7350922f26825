import type { AmendmentBlockChange, AmendmentDiff } from '@accord/contracts';
import { useTranslation } from 'react-i18next';

/** The plain text of a TipTap JSON node. */
function textOf(node: unknown): string {
  if (typeof node !== 'object' || node === null) return '';
  const record = node as { text?: unknown; content?: unknown };
  if (typeof record.text === 'string') return record.text;
  return Array.isArray(record.content) ? record.content.map(textOf).join(record.content.every((child) => typeof (child as { text?: unknown }).text === 'string') ? '' : '\n') : '';
}

function blockAt(doc: Record<string, unknown>, index: number | null): string {
  const content = (doc as { content?: unknown[] }).content;
  return index === null || !Array.isArray(content) ? '' : textOf(content[index]);
}

/**
 * A diff as the server computed it (by block, then by word): inserted words underlined, deleted
 * ones struck through, each also named for screen readers. The version history's diff view
 * replaces this once it lands (landable-history).
 */
export function AmendmentDiffView({ diff, label, testId }: { diff: AmendmentDiff; label: string; testId: string }) {
  const { t } = useTranslation();
  if (diff.blocks.length === 0) return <p className="amendment-diff__empty" data-testid={`${testId}-empty`}>{t('amendments.noChanges')}</p>;
  return (
    <ol className="amendment-diff" aria-label={label} data-testid={testId}>
      {diff.blocks.map((block, index) => (
        <li key={index} className={`amendment-diff__block amendment-diff__block--${block.kind}`} data-kind={block.kind}>
          <Block block={block} diff={diff} />
        </li>
      ))}
    </ol>
  );
}

function Block({ block, diff }: { block: AmendmentBlockChange; diff: AmendmentDiff }) {
  const { t } = useTranslation();
  if (block.kind === 'inserted') return <ins aria-label={t('amendments.inserted')}>{blockAt(diff.to, block.toIndex)}</ins>;
  if (block.kind === 'deleted') return <del aria-label={t('amendments.deleted')}>{blockAt(diff.from, block.fromIndex)}</del>;
  return (
    <p className="amendment-diff__words">
      {block.words.map((word, index) =>
        word.kind === 'insert' ? (
          <ins key={index} aria-label={`${t('amendments.inserted')}: ${word.text}`}>{word.text}</ins>
        ) : word.kind === 'delete' ? (
          <del key={index} aria-label={`${t('amendments.deleted')}: ${word.text}`}>{word.text}</del>
        ) : (
          <span key={index}>{word.text}</span>
        ),
      )}
    </p>
  );
}
