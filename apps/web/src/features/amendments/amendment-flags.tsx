import type { AmendmentFlags } from '@accord/contracts';
import { useTranslation } from 'react-i18next';

/** The warnings a reviewer must see before voting: stale passage, overlaps, a deleted passage. */
export function AmendmentFlagList({ flags }: { flags: AmendmentFlags }) {
  const { t } = useTranslation();
  const items: { key: string; text: string }[] = [];
  if (flags.passageDetached) items.push({ key: 'detached', text: t('amendments.flags.detached') });
  else if (flags.passageEditedSinceProposal) items.push({ key: 'stale', text: t('amendments.flags.stale') });
  if (flags.overlapsWith.length > 0) items.push({ key: 'overlap', text: t('amendments.flags.overlap', { titles: flags.overlapsWith.map((other) => `“${other.title}”`).join(', ') }) });
  if (items.length === 0) return null;
  return (
    <ul className="amendment-flags">
      {items.map((item) => (
        <li key={item.key} className="amendment-flags__flag" data-testid={`amendment-flag-${item.key}`}>
          <span aria-hidden="true">⚠ </span>
          {item.text}
        </li>
      ))}
    </ul>
  );
}
