import { STANCES, type Stance } from '@accord/contracts';
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { STANCE_LABELS } from './comment-labels';

interface CommentComposerProps {
  /** The label of the text field ("Comment", "Reply", "Edit your comment"). */
  label: string;
  submitLabel: string;
  initialText?: string;
  initialStance?: Stance | null;
  /** Focuses the text field when it appears (a new thread, an edit); a reply box waits to be chosen. */
  autoFocus?: boolean;
  onSubmit: (text: string, stance: Stance | null) => Promise<void>;
  onCancel?: () => void;
  testId: string;
}

/** A plain-text comment with an optional stance; the server's sentence is shown when it refuses. */
export function CommentComposer({ label, submitLabel, initialText = '', initialStance = null, autoFocus, onSubmit, onCancel, testId }: CommentComposerProps) {
  const { t } = useTranslation();
  const textId = useId();
  const stanceId = useId();
  const errorId = useId();
  const [text, setText] = useState(initialText);
  const [stance, setStance] = useState<Stance | null>(initialStance);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);

  const submit = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    if (busy) return;
    if (text.trim() === '') {
      setProblem(t('comments.emptyComment'));
      textRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSubmit(text, stance);
      setText('');
      setStance(null);
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : t('comments.sendFailed'));
      textRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>): void => {
    if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      onCancel();
    }
    // Ctrl/Cmd+Enter sends, as in most comment boxes; Enter alone starts a new line.
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form className="comment-composer" onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown} data-testid={testId}>
      <label className="comment-composer__label" htmlFor={textId}>{label}</label>
      <textarea
        ref={textRef}
        id={textId}
        className="input comment-composer__text"
        rows={3}
        value={text}
        autoFocus={autoFocus}
        aria-invalid={problem !== null}
        aria-describedby={problem ? errorId : undefined}
        data-testid={`${testId}-text`}
        onChange={(event) => {
          setText(event.target.value);
          setProblem(null);
        }}
      />
      {problem && <p id={errorId} className="comment-composer__problem" role="alert">{problem}</p>}
      <div className="comment-composer__row">
        <label className="comment-composer__stance-label" htmlFor={stanceId}>{t('comments.stanceLabel')}</label>
        <select id={stanceId} className="input comment-composer__stance" value={stance ?? ''} data-testid={`${testId}-stance`}
          onChange={(event) => setStance(STANCES.find((candidate) => candidate === event.target.value) ?? null)}>
          <option value="">{t('comments.stanceNone')}</option>
          {STANCES.map((candidate) => <option key={candidate} value={candidate}>{t(STANCE_LABELS[candidate])}</option>)}
        </select>
      </div>
      <div className="comment-composer__actions">
        {onCancel && <button type="button" className="button button--quiet" onClick={onCancel}>{t('comments.cancel')}</button>}
        <button type="submit" className="button button--primary" disabled={busy} data-testid={`${testId}-submit`}>{submitLabel}</button>
      </div>
    </form>
  );
}
