import { LANGUAGE_NAMES, LANGUAGES, isLanguage } from '@accord/i18n';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveLanguage } from '../api/session-api';
import { useSession } from '../app/session-context';
import { applyLanguage, useUiLanguage } from '../i18n/i18n';

/**
 * The language of the whole app. The page switches at once; for a signed-in member the choice is
 * also stored on them, so it follows them to other browsers and into mails and error sentences.
 */
export function LanguageSwitcher() {
  const { t } = useTranslation();
  const { language } = useUiLanguage();
  const session = useSession();
  const id = useId();
  const [saveFailed, setSaveFailed] = useState(false);

  const choose = async (value: string): Promise<void> => {
    if (!isLanguage(value)) return;
    setSaveFailed(false);
    await applyLanguage(value);
    if (!session.member) return;
    try {
      await saveLanguage(value);
      await session.refresh();
    } catch {
      setSaveFailed(true);
    }
  };

  return (
    <div className="language-switcher">
      <label htmlFor={id} className="visually-hidden">{t('app.language')}</label>
      <select id={id} className="input input--compact" value={language} onChange={(event) => void choose(event.target.value)} data-testid="language-switcher">
        {LANGUAGES.map((code) => (
          // Each name in its own language, marked so screen readers pronounce it right.
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
      {saveFailed && <span role="alert" className="language-switcher__problem">{t('app.languageSaveFailed')}</span>}
    </div>
  );
}
