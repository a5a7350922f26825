import type { BallotDecision, BallotTally } from '@accord/contracts';
import { CHOICE_LABELS } from './ballot-labels';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

const WIDTH = 520;
const BAR_HEIGHT = 34;
const GAP = 14;
const LABEL_WIDTH = 110;
const TOP = 30;
/** Rows of the bars: the quorum line crosses the first (partners voting), the majority line the second (for). */
const row = (index: number) => TOP + index * (BAR_HEIGHT + GAP);

/**
 * The result as three horizontal bars (for, against, abstain) on a scale of the eligible partners,
 * with the quorum line (partners that must vote) and the majority line (votes for needed). The SVG
 * is labelled and described for screen readers; the table beside it holds the same numbers.
 */
export function BallotChart({ tally, decision }: { tally: BallotTally; decision: BallotDecision }) {
  const { t } = useTranslation();
  const titleId = useId();
  const descId = useId();
  const scale = Math.max(tally.eligible, 1);
  const plot = WIDTH - LABEL_WIDTH - 20;
  const x = (value: number) => LABEL_WIDTH + (value / scale) * plot;
  const bars = [
    { key: 'voted', value: decision.voted, className: 'chart__bar chart__bar--voted' },
    { key: 'for', value: tally.for, className: 'chart__bar chart__bar--for' },
    { key: 'against', value: tally.against, className: 'chart__bar chart__bar--against' },
    { key: 'abstain', value: tally.abstain, className: 'chart__bar chart__bar--abstain' },
  ] as const;
  const height = TOP + bars.length * (BAR_HEIGHT + GAP);
  return (
    <figure className="chart" data-testid="ballot-chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="chart__svg">
        <title id={titleId}>{t('ballots.result.chartTitle')}</title>
        <desc id={descId}>
          {t('ballots.result.tally', { for: tally.for, against: tally.against, abstain: tally.abstain, voted: decision.voted, eligible: tally.eligible })}{' '}
          {t('ballots.result.quorumLine', { required: decision.quorumRequired })}. {t('ballots.result.majorityLine', { required: decision.forRequired })}.
        </desc>
        {bars.map((bar, index) => {
          const y = row(index);
          return (
            <g key={bar.key}>
              <text x={LABEL_WIDTH - 8} y={y + BAR_HEIGHT / 2 + 5} textAnchor="end" className="chart__label">
                {bar.key === 'voted' ? t('ballots.result.votedBar') : t(CHOICE_LABELS[bar.key])}
              </text>
              <rect x={LABEL_WIDTH} y={y} width={Math.max(x(bar.value) - LABEL_WIDTH, 0)} height={BAR_HEIGHT} className={bar.className} />
              <text x={x(bar.value) + 6} y={y + BAR_HEIGHT / 2 + 5} className="chart__value">
                {bar.value}
              </text>
            </g>
          );
        })}
        <line x1={x(decision.quorumRequired)} x2={x(decision.quorumRequired)} y1={row(0) - 6} y2={row(0) + BAR_HEIGHT + 6} className="chart__line chart__line--quorum" />
        <text x={x(decision.quorumRequired)} y={row(0) - 10} textAnchor="middle" className="chart__line-label">
          {t('ballots.result.quorumLine', { required: decision.quorumRequired })}
        </text>
        {decision.forRequired > 0 && (
          <line x1={x(decision.forRequired)} x2={x(decision.forRequired)} y1={row(1) - 6} y2={row(1) + BAR_HEIGHT + 6} className="chart__line chart__line--majority" />
        )}
      </svg>
      <figcaption className="chart__legend">
        <span><span className="chart__key chart__key--quorum" aria-hidden="true" /> {t('ballots.result.quorumLine', { required: decision.quorumRequired })}</span>
        <span><span className="chart__key chart__key--majority" aria-hidden="true" /> {t('ballots.result.majorityLine', { required: decision.forRequired })}</span>
      </figcaption>
    </figure>
  );
}
