import { MIN_PASSWORD_LENGTH } from '@accord/contracts';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import { acceptInvitation, confirmPasswordReset, requestPasswordReset } from '../../api/session-api';
import { hrefFor } from '../../app/router';
import { usePageTitle } from '../../components/use-page-title';
import { useTranslation } from 'react-i18next';
import './auth.css';

/** The page an invitation or a reset link opens: choose a password, once. */
export function SetPasswordPage({ purpose, token }: { purpose: 'invitation' | 'reset'; token: string }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [state, setState] = useState<{ kind: 'editing' | 'busy' | 'done' } | { kind: 'problem'; message: string }>({ kind: 'editing' });
  usePageTitle(purpose === 'invitation' ? t('auth.invitationTitle') : t('auth.resetTitle'));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setState({ kind: 'busy' });
    try {
      await (purpose === 'invitation' ? acceptInvitation(token, password) : confirmPasswordReset(token, password));
      setState({ kind: 'done' });
    } catch (error) {
      setState({ kind: 'problem', message: error instanceof ApiError ? error.message : String(error) });
    }
  };

  return (
    <div className="page page--narrow auth-page" data-testid={purpose === 'invitation' ? 'invitation-page' : 'reset-page'}>
      <h1 className="page__title">{purpose === 'invitation' ? t('auth.invitationTitle') : t('auth.resetTitle')}</h1>
      {state.kind === 'done' ? (
        <>
          <p role="status">{purpose === 'invitation' ? t('auth.invitationDone') : t('auth.resetDone')}</p>
          <a className="button button--primary" href={hrefFor({ page: 'sign-in' })}>{t('auth.toSignIn')}</a>
        </>
      ) : (
        <form className="auth-form" onSubmit={submit}>
          {purpose === 'invitation' && <p className="page__intro">{t('auth.invitationIntro')}</p>}
          <label className="auth-form__field">
            <span>{t('auth.newPassword', { count: MIN_PASSWORD_LENGTH })}</span>
            <input className="input" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required value={password} onChange={(event) => setPassword(event.target.value)} data-testid="new-password" />
          </label>
          {state.kind === 'problem' && <p className="auth-form__problem" role="alert">{state.message}</p>}
          <button type="submit" className="button button--primary" disabled={state.kind === 'busy'}>{t('auth.setPassword')}</button>
        </form>
      )}
    </div>
  );
}

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'editing' | 'busy' | 'done' | 'failed'>('editing');
  usePageTitle(t('auth.resetRequestTitle'));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setState('busy');
    try {
      await requestPasswordReset(email);
      setState('done');
    } catch {
      setState('failed');
    }
  };
  return (
    <div className="page page--narrow auth-page" data-testid="forgot-password-page">
      <h1 className="page__title">{t('auth.resetRequestTitle')}</h1>
      {state === 'done' ? (
        <p role="status">{t('auth.resetRequestDone')}</p>
      ) : (
        <form className="auth-form" onSubmit={submit}>
          <p className="page__intro">{t('auth.resetRequestIntro')}</p>
          <label className="auth-form__field">
            <span>{t('auth.email')}</span>
            <input className="input" type="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
          </label>
          {state === 'failed' && <p className="auth-form__problem" role="alert">{t('app.unreachable')}</p>}
          <button type="submit" className="button button--primary" disabled={state === 'busy'}>{t('auth.resetRequestSend')}</button>
        </form>
      )}
      <p><a href={hrefFor({ page: 'sign-in' })}>{t('auth.toSignIn')}</a></p>
    </div>
  );
}
