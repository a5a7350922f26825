import { presenceColourFor, VERSION_NAME_MAX_CHARACTERS, type VersionContributor, type VersionSummary, type VersionVerification } from '@accord/contracts';
import type { ParseKeys } from 'i18next';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { compareVersions, fetchVersions, nameCurrentState, renameVersion, restoreVersion, verifyVersion, type VersionComparison } from '../../api/versions-api';
import { PageMessage } from '../../components/page-message';
import { RelativeTimeLabel } from '../../components/relative-time-label';
import { initialsOf } from '../editor/presence';
import { DiffView, type DiffAuthor } from './diff-view';
import './history.css';

const KIND_LABELS = {
  automatic: 'history.kind.automatic',
  named: 'history.kind.named',
  restore: 'history.kind.restore',
  event: 'history.kind.event',
} as const satisfies Record<VersionSummary['kind'], ParseKeys>;

/** What the diff compares: two versions, or a version and the live text. */
interface Comparison {
  from: number;
  to: number | 'current';
}

const messageOf = (error: unknown, fallback: string): string => (error instanceof ApiError ? error.message : fallback);

/**
 * The history of a recommendation beside its text: a timeline of versions, a page at a time,
 * the diff of any two (or of one and the current text), and, for editors, naming, renaming and
 * restoring. Readers see everything but the buttons that change something.
 */
export function HistoryView({ recommendationId, canEdit }: { recommendationId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState<'first' | 'more' | null>('first');
  const [problem, setProblem] = useState<string | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const reload = useCallback(async () => {
    setLoading('first');
    try {
      const page = await fetchVersions(recommendationId, null);
      setVersions(page.versions);
      setTotal(page.total);
      setNextBefore(page.nextBefore);
      setProblem(null);
    } catch (error) {
      setProblem(messageOf(error, t('history.loadFailed')));
    } finally {
      setLoading(null);
    }
  }, [recommendationId, t]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const loadOlder = async () => {
    if (nextBefore === null) return;
    setLoading('more');
    try {
      const page = await fetchVersions(recommendationId, nextBefore);
      setVersions((shown) => [...shown, ...page.versions.filter((version) => !shown.some((known) => known.number === version.number))]);
      setTotal(page.total);
      setNextBefore(page.nextBefore);
    } catch (error) {
      setProblem(messageOf(error, t('history.loadFailed')));
    } finally {
      setLoading(null);
    }
  };

  const toggle = (number: number) =>
    setSelected((current) => (current.includes(number) ? current.filter((n) => n !== number) : [...current, number].slice(-2)));

  const compareSelected = () => {
    const [first, second] = [...selected].sort((a, b) => a - b);
    if (first !== undefined && second !== undefined) setComparison({ from: first, to: second });
  };

  const changed = async (message: string) => {
    setNotice(message);
    await reload();
  };

  return (
    <div className="history" data-testid="history">
      <div className="history__timeline-column">
        <h2 className="history__title">{t('history.title')}</h2>
        {canEdit && <NameCurrentStateForm recommendationId={recommendationId} onNamed={(version) => void changed(t('history.named', { number: version.number }))} />}
        <div className="history__notice" role="status" data-testid="history-notice">{notice}</div>
        {problem && <PageMessage tone="problem" action={{ label: t('recommendations.retry'), onClick: () => void reload() }}>{problem}</PageMessage>}
        {loading === 'first' && versions.length === 0 ? (
          <PageMessage tone="progress">{t('history.loading')}</PageMessage>
        ) : versions.length === 0 && !problem ? (
          <p className="history__empty" data-testid="history-empty">{t('history.empty')}</p>
        ) : (
          <>
            <div className="history__compare-bar">
              <p className="history__count">{t('history.count', { shown: versions.length, count: total })}</p>
              <button type="button" className="button button--primary" disabled={selected.length !== 2} onClick={compareSelected} data-testid="compare-selected">
                {t('history.compareSelected')}
              </button>
            </div>
            <ol className="history__timeline" data-testid="history-timeline" aria-label={t('history.timelineLabel')}>
              {versions.map((version) => (
                <VersionEntry
                  key={version.number}
                  recommendationId={recommendationId}
                  version={version}
                  canEdit={canEdit}
                  selected={selected.includes(version.number)}
                  onToggle={() => toggle(version.number)}
                  onCompareWithCurrent={() => setComparison({ from: version.number, to: 'current' })}
                  onChanged={(message) => void changed(message)}
                />
              ))}
            </ol>
            {nextBefore !== null && (
              <button type="button" className="button history__more" onClick={() => void loadOlder()} disabled={loading !== null} data-testid="history-older">
                {t('history.older')}
              </button>
            )}
          </>
        )}
      </div>
      <section className="history__diff-column" aria-labelledby={`${recommendationId}-diff-title`}>
        <h2 className="history__title" id={`${recommendationId}-diff-title`}>
          {comparison ? t('history.diffTitle', { from: comparison.from, to: comparison.to === 'current' ? t('history.currentText') : t('history.versionNumber', { number: comparison.to }) }) : t('history.diffTitleEmpty')}
        </h2>
        {comparison ? <ComparisonPanel key={`${comparison.from}:${comparison.to}`} recommendationId={recommendationId} comparison={comparison} /> : <p className="history__hint">{t('history.diffHint')}</p>}
      </section>
    </div>
  );
}

function ComparisonPanel({ recommendationId, comparison }: { recommendationId: string; comparison: Comparison }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<{ state: 'loading' } | { state: 'loaded'; value: VersionComparison } | { state: 'failed'; message: string }>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    compareVersions(recommendationId, comparison.from, comparison.to, controller.signal).then(
      (value) => setResult({ state: 'loaded', value }),
      (error: unknown) => {
        if (!controller.signal.aborted) setResult({ state: 'failed', message: messageOf(error, t('history.compareFailed')) });
      },
    );
    return () => controller.abort();
  }, [recommendationId, comparison.from, comparison.to, t]);
  const authors = useMemo<DiffAuthor[]>(
    () => (result.state === 'loaded' ? result.value.authors.map((author) => ({ id: author.memberId, displayName: author.displayName, partnerName: author.partnerName })) : []),
    [result],
  );
  const source = useMemo(() => (result.state === 'loaded' ? { diff: result.value.diff } : null), [result]);
  if (result.state === 'loading') return <PageMessage tone="progress">{t('history.comparing')}</PageMessage>;
  if (result.state === 'failed') return <PageMessage tone="problem">{result.message}</PageMessage>;
  return (
    <DiffView
      source={source!}
      authors={authors}
      beforeLabel={t('history.versionNumber', { number: comparison.from })}
      afterLabel={comparison.to === 'current' ? t('history.currentText') : t('history.versionNumber', { number: comparison.to })}
    />
  );
}

interface VersionEntryProps {
  recommendationId: string;
  version: VersionSummary;
  canEdit: boolean;
  selected: boolean;
  onToggle: () => void;
  onCompareWithCurrent: () => void;
  onChanged: (message: string) => void;
}

function VersionEntry({ recommendationId, version, canEdit, selected, onToggle, onCompareWithCurrent, onChanged }: VersionEntryProps) {
  const { t } = useTranslation();
  const checkboxId = useId();
  const [renaming, setRenaming] = useState(false);
  const [confirmingRestore, setConfirmingRestore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [verification, setVerification] = useState<VersionVerification | null>(null);

  const restore = async () => {
    setBusy(true);
    try {
      const restored = await restoreVersion(recommendationId, version.number);
      setConfirmingRestore(false);
      onChanged(t('history.restored', { number: version.number, version: restored.number }));
    } catch (error) {
      setProblem(messageOf(error, t('history.restoreFailed')));
    } finally {
      setBusy(false);
    }
  };

  const verify = async () => {
    setBusy(true);
    try {
      setVerification(await verifyVersion(recommendationId, version.number));
    } catch (error) {
      setProblem(messageOf(error, t('history.verifyFailed')));
    } finally {
      setBusy(false);
    }
  };

  const kind = version.kind === 'event' && version.eventLabel ? `${t(KIND_LABELS.event)}: ${version.eventLabel}` : t(KIND_LABELS[version.kind]);
  return (
    <li className={`version${selected ? ' version--selected' : ''}`} data-testid="version-entry" data-number={version.number} data-kind={version.kind}>
      <div className="version__head">
        <input id={checkboxId} type="checkbox" checked={selected} onChange={onToggle} data-testid="version-select" />
        <label htmlFor={checkboxId} className="version__label">
          <span className="version__number">{t('history.versionNumber', { number: version.number })}</span>
          {version.name && <span className="version__name" data-testid="version-name"> · {version.name}</span>}
          <span className="visually-hidden"> {t('history.selectToCompare')}</span>
        </label>
      </div>
      <p className="version__meta">
        <span className={`version__kind version__kind--${version.kind}`}>{kind}</span>
        {version.kind === 'restore' && version.restoredFrom !== null && <span> {t('history.restoredFrom', { number: version.restoredFrom })}</span>}
        {' · '}
        <RelativeTimeLabel iso={version.createdAt} />
        {version.createdBy && <span> · {t('history.by', { name: version.createdBy.displayName })}</span>}
      </p>
      <p className="version__meta">
        <span className="version__words" data-testid="version-words">
          <span className="version__added">{t('history.wordsAdded', { count: version.wordsAdded })}</span>
          {', '}
          <span className="version__removed">{t('history.wordsRemoved', { count: version.wordsRemoved })}</span>
        </span>
      </p>
      {version.contributors.length > 0 && <Contributors contributors={version.contributors} />}
      <p className="version__meta version__hash">
        <span>{t('history.hash')} </span>
        <code title={version.chainHash} data-testid="version-hash">{version.shortHash}</code>{' '}
        <button type="button" className="link-button" onClick={() => void verify()} disabled={busy} data-testid="version-verify">
          {t('history.verify')}
        </button>
        {verification && (
          <span className={`version__verified${verification.intact ? '' : ' version__verified--broken'}`} role="status" data-testid="version-verification" data-intact={String(verification.intact)}>
            {' '}
            {verification.intact ? t('history.intact') : t('history.broken', { number: verification.brokenAt ?? version.number })}
          </span>
        )}
      </p>
      <div className="version__actions">
        <button type="button" className="button" onClick={onCompareWithCurrent} data-testid="compare-with-current">
          {t('history.compareWithCurrent')}
        </button>
        {canEdit && !renaming && (
          <button type="button" className="button" onClick={() => setRenaming(true)} data-testid="version-rename">
            {version.name ? t('history.rename') : t('history.giveName')}
          </button>
        )}
        {canEdit && !confirmingRestore && (
          <button type="button" className="button" onClick={() => setConfirmingRestore(true)} data-testid="version-restore">
            {t('history.restore')}
          </button>
        )}
      </div>
      {renaming && (
        <RenameForm
          recommendationId={recommendationId}
          version={version}
          onDone={(renamed) => {
            setRenaming(false);
            if (renamed) onChanged(t('history.renamed', { number: version.number }));
          }}
        />
      )}
      {confirmingRestore && (
        <div className="version__confirm" role="group" aria-label={t('history.restoreConfirmLabel', { number: version.number })}>
          <p>{t('history.restoreConfirm', { number: version.number })}</p>
          <button type="button" className="button button--primary" onClick={() => void restore()} disabled={busy} data-testid="version-restore-confirm">
            {t('history.restoreNow', { number: version.number })}
          </button>{' '}
          <button type="button" className="button" onClick={() => setConfirmingRestore(false)}>
            {t('history.cancel')}
          </button>
        </div>
      )}
      {problem && <p className="history__problem" role="alert">{problem}</p>}
    </li>
  );
}

function Contributors({ contributors }: { contributors: readonly VersionContributor[] }) {
  const { t } = useTranslation();
  return (
    <ul className="version__contributors" aria-label={t('history.contributors')} data-testid="version-contributors">
      {contributors.map((contributor) => {
        const label = t('history.contributor', { name: contributor.displayName, partner: contributor.partnerName });
        return (
          <li key={contributor.memberId} className="version__contributor" title={label} data-member-id={contributor.memberId}>
            <span className="version__avatar" style={{ backgroundColor: presenceColourFor(contributor.memberId) }} aria-hidden="true">
              {initialsOf(contributor.displayName)}
            </span>
            <span className="version__contributor-name">{contributor.displayName}</span>
            <span className="version__contributor-partner">{contributor.partnerName}</span>
          </li>
        );
      })}
    </ul>
  );
}

function NameCurrentStateForm({ recommendationId, onNamed }: { recommendationId: string; onNamed: (version: VersionSummary) => void }) {
  const { t } = useTranslation();
  const inputId = useId();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim().length === 0) return;
    setBusy(true);
    try {
      const version = await nameCurrentState(recommendationId, name.trim());
      setName('');
      setProblem(null);
      onNamed(version);
    } catch (error) {
      setProblem(messageOf(error, t('history.nameFailed')));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="history__name-form" onSubmit={(event) => void submit(event)} data-testid="name-current-state">
      <label htmlFor={inputId}>{t('history.nameCurrentLabel')}</label>
      <div className="history__name-row">
        <input id={inputId} className="input" type="text" value={name} maxLength={VERSION_NAME_MAX_CHARACTERS} placeholder={t('history.namePlaceholder')} onChange={(event) => setName(event.target.value)} required />
        <button type="submit" className="button button--primary" disabled={busy || name.trim().length === 0}>
          {t('history.nameCurrent')}
        </button>
      </div>
      {problem && <p className="history__problem" role="alert">{problem}</p>}
    </form>
  );
}

function RenameForm({ recommendationId, version, onDone }: { recommendationId: string; version: VersionSummary; onDone: (renamed: boolean) => void }) {
  const { t } = useTranslation();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(version.name ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => input.current?.focus(), []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await renameVersion(recommendationId, version.number, name.trim());
      onDone(true);
    } catch (error) {
      setProblem(messageOf(error, t('history.nameFailed')));
    }
  };
  return (
    <form className="history__name-form" onSubmit={(event) => void submit(event)} data-testid="rename-form">
      <label htmlFor={inputId}>{t('history.renameLabel', { number: version.number })}</label>
      <div className="history__name-row">
        <input ref={input} id={inputId} className="input" type="text" value={name} maxLength={VERSION_NAME_MAX_CHARACTERS} onChange={(event) => setName(event.target.value)} required />
        <button type="submit" className="button button--primary" disabled={name.trim().length === 0}>{t('history.save')}</button>
        <button type="button" className="button" onClick={() => onDone(false)}>{t('history.cancel')}</button>
      </div>
      {problem && <p className="history__problem" role="alert">{problem}</p>}
    </form>
  );
}
