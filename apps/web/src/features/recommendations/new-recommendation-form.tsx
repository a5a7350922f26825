import { RECOMMENDATION_LEVELS, THEMES, type RecommendationLevel, type Theme, type WorkingGroupSummary } from '@accord/contracts';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import { createRecommendation } from '../../api/recommendations-api';
import { navigate } from '../../app/router';
import { useSession } from '../../app/session-context';
import { focusFirstInvalid, FormField } from '../../components/form-field';
import { isLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from '@accord/i18n';
import { useUiLanguage } from '../../i18n/i18n';
import { LEVEL_LABELS, THEME_LABELS } from '../../i18n/labels';
import { useTranslation } from 'react-i18next';

/**
 * "New recommendation": a button that opens the form in place. Shown to coordinators (any working
 * group) and to editors (their own working groups), as the server's policy allows.
 */
export function NewRecommendation({ workingGroups }: { workingGroups: WorkingGroupSummary[] }) {
  const { t } = useTranslation();
  const { member } = useSession();
  const [open, setOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const formId = useId();
  if (!member) return null;
  const allowed = member.roles.includes('coordinator')
    ? workingGroups
    : member.roles.includes('editor')
      ? workingGroups.filter((group) => member.workingGroupIds.includes(group.id))
      : [];
  if (allowed.length === 0) return null;

  const close = (): void => {
    setOpen(false);
    toggleRef.current?.focus();
  };

  return (
    <>
      <div className="page__actions">
        <button ref={toggleRef} type="button" className="button button--primary" aria-expanded={open} aria-controls={open ? formId : undefined}
          onClick={() => setOpen((now) => !now)} data-testid="new-recommendation">
          {t('recommendations.create.open')}
        </button>
      </div>
      {open && <NewRecommendationForm id={formId} workingGroups={allowed} onCancel={close} />}
    </>
  );
}

interface Problems {
  title: string | null;
  theme: string | null;
  workingGroup: string | null;
}

const NO_PROBLEMS: Problems = { title: null, theme: null, workingGroup: null };

function NewRecommendationForm({ id, workingGroups, onCancel }: { id: string; workingGroups: WorkingGroupSummary[]; onCancel: () => void }) {
  const { t } = useTranslation();
  const { language: uiLanguage } = useUiLanguage();
  const [title, setTitle] = useState('');
  const [theme, setTheme] = useState<Theme | ''>('');
  const [level, setLevel] = useState<RecommendationLevel>('local');
  // Most people write in the language they work in: the UI's, until they pick another.
  const [language, setLanguage] = useState<Language>(uiLanguage);
  const [workingGroupId, setWorkingGroupId] = useState(workingGroups.length === 1 ? (workingGroups[0]?.id ?? '') : '');
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [summary, setSummary] = useState('');
  const [serverProblem, setServerProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headingId = `${id}-heading`;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = title.trim();
    const found: Problems = {
      title: trimmed.length < 3 ? t('recommendations.create.titleTooShort') : trimmed.length > 200 ? t('recommendations.create.titleTooLong') : null,
      theme: theme ? null : t('recommendations.create.themeMissing'),
      workingGroup: workingGroupId ? null : t('recommendations.create.workingGroupMissing'),
    };
    setProblems(found);
    const count = Object.values(found).filter(Boolean).length;
    setSummary(count > 0 ? t('forms.problems', { count }) : '');
    if (count > 0 || !theme) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    setServerProblem(null);
    try {
      const created = await createRecommendation({ title: trimmed, theme, level, workingGroupId, language });
      navigate({ page: 'editor', recommendationId: created.id });
    } catch (error) {
      setServerProblem(error instanceof ApiError ? error.message : String(error));
      setBusy(false);
    }
  };

  return (
    <form id={id} ref={formRef} className="form-panel" aria-labelledby={headingId} noValidate onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => event.key === 'Escape' && onCancel()} data-testid="new-recommendation-form">
      <h2 id={headingId} className="form-panel__title">{t('recommendations.create.title')}</h2>
      {/* Said once per attempt; focus then lands on the first field to fix, which says its own problem. */}
      <p className="visually-hidden" role="alert">{summary}</p>
      <FormField label={t('recommendations.create.titleLabel')} problem={problems.title}>
        {(control) => (
          <input {...control} className="input" value={title} maxLength={200} autoFocus
            onChange={(event) => setTitle(event.target.value)} data-testid="new-recommendation-title" />
        )}
      </FormField>
      <FormField label={t('recommendations.create.themeLabel')} problem={problems.theme}>
        {(control) => (
          <select {...control} className="input" value={theme} onChange={(event) => setTheme(THEMES.find((known) => known === event.target.value) ?? '')}
            data-testid="new-recommendation-theme">
            <option value="">{t('recommendations.create.chooseTheme')}</option>
            {THEMES.map((known) => <option key={known} value={known}>{t(THEME_LABELS[known])}</option>)}
          </select>
        )}
      </FormField>
      <FormField label={t('recommendations.create.levelLabel')} problem={null}>
        {(control) => (
          <select {...control} className="input" value={level} onChange={(event) => setLevel(RECOMMENDATION_LEVELS.find((known) => known === event.target.value) ?? 'local')}>
            {RECOMMENDATION_LEVELS.map((known) => <option key={known} value={known}>{t(LEVEL_LABELS[known])}</option>)}
          </select>
        )}
      </FormField>
      <FormField label={t('recommendations.create.languageLabel')} problem={null}>
        {(control) => (
          <select {...control} className="input" value={language} onChange={(event) => isLanguage(event.target.value) && setLanguage(event.target.value)}
            data-testid="new-recommendation-language">
            {LANGUAGES.map((code) => <option key={code} value={code} lang={code}>{LANGUAGE_NAMES[code]}</option>)}
          </select>
        )}
      </FormField>
      <FormField label={t('recommendations.create.workingGroupLabel')} problem={problems.workingGroup}>
        {(control) => (
          <select {...control} className="input" value={workingGroupId} onChange={(event) => setWorkingGroupId(event.target.value)} data-testid="new-recommendation-group">
            <option value="">{t('recommendations.create.chooseWorkingGroup')}</option>
            {workingGroups.map((group) => <option key={group.id} value={group.id}>{group.name}</option>)}
          </select>
        )}
      </FormField>
      {serverProblem && <p className="form-panel__problem" role="alert">{serverProblem}</p>}
      <div className="form-panel__actions">
        <button type="submit" className="button button--primary" disabled={busy} data-testid="new-recommendation-submit">{t('recommendations.create.submit')}</button>
        <button type="button" className="button" onClick={onCancel}>{t('forms.cancel')}</button>
      </div>
    </form>
  );
}
