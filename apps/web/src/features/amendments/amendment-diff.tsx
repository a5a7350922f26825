import type { AmendmentDiff } from '@accord/contracts';
import type { StructuralDiff } from '@accord/editor';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { DiffView } from '../history/diff-view';

/**
 * An amendment's diff in the version history's diff view (features/history/diff-view.tsx): the
 * server's structural diff, reduced to the blocks that changed.
 */
export function AmendmentDiffView({ diff, beforeLabel, afterLabel, testId }: { diff: AmendmentDiff; beforeLabel: string; afterLabel: string; testId: string }) {
  const { t } = useTranslation();
  // The contract keeps the shape opaque; the server builds it with libs/editor's diffStructure.
  const source = useMemo(() => ({ diff: diff.structure as unknown as StructuralDiff }), [diff.structure]);
  if (diff.structure.blocks.length === 0) return <p className="amendment-diff__empty" data-testid={`${testId}-empty`}>{t('amendments.noChanges')}</p>;
  return (
    <div data-testid={testId}>
      <DiffView source={source} beforeLabel={beforeLabel} afterLabel={afterLabel} />
    </div>
  );
}
