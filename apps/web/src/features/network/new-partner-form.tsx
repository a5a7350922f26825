import { PARTNER_TYPES, type PartnerType } from '@accord/contracts';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import { createPartner } from '../../api/network-api';
import { countryName, FLAG_COUNTRIES } from '../../components/country-flag';
import { focusFirstInvalid, FormField } from '../../components/form-field';
import { useUiLanguage } from '../../i18n/i18n';
import { PARTNER_TYPE_LABELS } from '../../i18n/labels';
import { useTranslation } from 'react-i18next';

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

interface Problems {
  name: string | null;
  town: string | null;
  country: string | null;
  language: string | null;
}

const NO_PROBLEMS: Problems = { name: null, town: null, country: null, language: null };

/** "Add partner" on the network page: a button that opens the form in place (coordinators only, like the page). */
export function NewPartner({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [added, setAdded] = useState('');
  const toggleRef = useRef<HTMLButtonElement>(null);
  const formId = useId();
  const close = (): void => {
    setOpen(false);
    toggleRef.current?.focus();
  };
  return (
    <>
      <div className="page__actions">
        <button ref={toggleRef} type="button" className="button" aria-expanded={open} aria-controls={open ? formId : undefined}
          onClick={() => setOpen((now) => !now)} data-testid="new-partner">
          {t('network.newPartner.open')}
        </button>
        <span role="status" className="muted" data-testid="new-partner-outcome">{added}</span>
      </div>
      {open && (
        <NewPartnerForm id={formId} onCancel={close} onAdded={(name) => {
          setAdded(t('network.newPartner.added', { name }));
          close();
          onAdded();
        }} />
      )}
    </>
  );
}

function NewPartnerForm({ id, onCancel, onAdded }: { id: string; onCancel: () => void; onAdded: (name: string) => void }) {
  const { t } = useTranslation();
  const { locale } = useUiLanguage();
  const [name, setName] = useState('');
  const [town, setTown] = useState('');
  const [country, setCountry] = useState('');
  const [type, setType] = useState<PartnerType>('municipality');
  const [language, setLanguage] = useState('');
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [summary, setSummary] = useState('');
  const [serverProblem, setServerProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headingId = `${id}-heading`;
  // Countries by their name in the UI language, so the list reads in alphabetical order.
  const countries = useMemo(
    () => FLAG_COUNTRIES.map((code) => ({ code, name: countryName(code, locale) })).filter((entry) => entry.name !== entry.code).sort((a, b) => a.name.localeCompare(b.name, locale)),
    [locale],
  );

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const found: Problems = {
      name: name.trim() ? null : t('network.newPartner.nameMissing'),
      town: town.trim() ? null : t('network.newPartner.townMissing'),
      country: country ? null : t('network.newPartner.countryMissing'),
      language: LANGUAGE_TAG.test(language.trim()) && language.trim().length <= 12 ? null : t('network.newPartner.languageInvalid'),
    };
    setProblems(found);
    const count = Object.values(found).filter(Boolean).length;
    setSummary(count > 0 ? t('forms.problems', { count }) : '');
    if (count > 0) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    setServerProblem(null);
    try {
      await createPartner({ name: name.trim(), town: town.trim(), country, type, workingLanguage: language.trim() });
      onAdded(name.trim());
    } catch (error) {
      setServerProblem(error instanceof ApiError ? error.message : String(error));
      setBusy(false);
    }
  };

  return (
    <form id={id} ref={formRef} className="form-panel" aria-labelledby={headingId} noValidate onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => event.key === 'Escape' && onCancel()} data-testid="new-partner-form">
      <h3 id={headingId} className="form-panel__title">{t('network.newPartner.title')}</h3>
      <p className="visually-hidden" role="alert">{summary}</p>
      <FormField label={t('network.newPartner.name')} problem={problems.name}>
        {(control) => <input {...control} className="input" value={name} maxLength={160} autoFocus onChange={(event) => setName(event.target.value)} data-testid="new-partner-name" />}
      </FormField>
      <FormField label={t('network.newPartner.town')} problem={problems.town}>
        {(control) => <input {...control} className="input" value={town} maxLength={120} onChange={(event) => setTown(event.target.value)} />}
      </FormField>
      <FormField label={t('network.newPartner.country')} problem={problems.country}>
        {(control) => (
          <select {...control} className="input" value={country} onChange={(event) => setCountry(event.target.value)}>
            <option value="">{t('network.newPartner.chooseCountry')}</option>
            {countries.map((entry) => <option key={entry.code} value={entry.code}>{entry.name}</option>)}
          </select>
        )}
      </FormField>
      <FormField label={t('network.newPartner.type')} problem={null}>
        {(control) => (
          <select {...control} className="input" value={type} onChange={(event) => setType(PARTNER_TYPES.find((known) => known === event.target.value) ?? 'municipality')}>
            {PARTNER_TYPES.map((known) => <option key={known} value={known}>{t(PARTNER_TYPE_LABELS[known])}</option>)}
          </select>
        )}
      </FormField>
      <FormField label={t('network.newPartner.language')} hint={t('network.newPartner.languageHint')} problem={problems.language}>
        {(control) => <input {...control} className="input" value={language} maxLength={12} autoCapitalize="none" spellCheck={false} onChange={(event) => setLanguage(event.target.value)} />}
      </FormField>
      {serverProblem && <p className="form-panel__problem" role="alert">{serverProblem}</p>}
      <div className="form-panel__actions">
        <button type="submit" className="button button--primary" aria-disabled={busy} data-testid="new-partner-submit">{t('network.newPartner.submit')}</button>
        <button type="button" className="button" onClick={onCancel}>{t('forms.cancel')}</button>
      </div>
    </form>
  );
}
