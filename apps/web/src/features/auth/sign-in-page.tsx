import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import { signIn } from '../../api/session-api';
import { hrefFor } from '../../app/router';
import { useSession } from '../../app/session-context';
import { EmailAddress } from '../../components/email-address';
import { usePageTitle } from '../../components/use-page-title';
import { ROLE_LABELS } from '../../i18n/labels';
import { useTranslation } from 'react-i18next';
import './auth.css';

export function SignInPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('auth.signInTitle'));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await signIn(email, password);
      await session.refresh();
      if (window.location.hash.startsWith('#/sign-in')) window.location.hash = hrefFor({ page: 'recommendations' });
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page page--narrow auth-page" data-testid="sign-in-page">
      <h1 className="page__title">{t('auth.signInTitle')}</h1>
      <p className="page__intro">{t('auth.signInIntro')}</p>
      <form className="auth-form" onSubmit={submit}>
        <label className="auth-form__field">
          <span>{t('auth.email')}</span>
          <input className="input" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} data-testid="sign-in-email" />
        </label>
        <label className="auth-form__field">
          <span>{t('auth.password')}</span>
          <input className="input" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} data-testid="sign-in-password" />
        </label>
        {problem && (
          <p className="auth-form__problem" role="alert" data-testid="sign-in-problem">
            {problem}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy} data-testid="sign-in-submit">
          {busy ? t('auth.signingIn') : t('auth.signIn')}
        </button>
        <a href={hrefFor({ page: 'forgot-password' })}>{t('auth.forgotPassword')}</a>
      </form>
      {session.demoAccounts && session.demoAccounts.length > 0 && (
        <section className="demo-accounts" aria-labelledby="demo-accounts-title" data-testid="demo-accounts">
          <h2 id="demo-accounts-title">{t('auth.demoTitle')}</h2>
          <p>{t('auth.demoIntro')}</p>
          {/* A list of cards rather than a table: five columns broke words mid-letter in the narrow column. */}
          <ul className="demo-accounts__list">
            {session.demoAccounts.map((account) => (
              <li key={account.email} className="demo-account">
                <div className="demo-account__who">
                  <strong>{t(ROLE_LABELS[account.role])}</strong>
                  <span>{account.displayName}</span>
                </div>
                <dl className="demo-account__credentials">
                  <div>
                    <dt>{t('auth.email')}</dt>
                    <dd><code><EmailAddress email={account.email} /></code></dd>
                  </div>
                  <div>
                    <dt>{t('auth.password')}</dt>
                    <dd><code>{account.password}</code></dd>
                  </div>
                </dl>
                <button
                  type="button"
                  className="button demo-account__use"
                  data-testid={`demo-account-${account.role}`}
                  onClick={() => {
                    setEmail(account.email);
                    setPassword(account.password);
                  }}
                >
                  {t('auth.useAccount')}
                  <span className="visually-hidden"> {t(ROLE_LABELS[account.role])}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
