import { useEffect, useId, useState } from 'react';
import { useDictionary } from '../../i18n/dictionary-context';
import { MAX_NAME_LENGTH, type LocalUser } from './local-user';

/** Until sign-in exists, people choose the name the others see next to their cursor. */
export function DisplayNameField({ user, onRename }: { user: LocalUser; onRename: (name: string) => void }) {
  const t = useDictionary();
  const inputId = useId();
  const hintId = useId();
  const [draft, setDraft] = useState(user.name);

  useEffect(() => setDraft(user.name), [user.name]);

  const commit = (): void => {
    if (draft.trim()) onRename(draft);
    else setDraft(user.name);
  };

  return (
    <form
      className="display-name"
      onSubmit={(event) => {
        event.preventDefault();
        commit();
      }}
    >
      <span className="display-name__swatch" style={{ backgroundColor: user.color }} aria-hidden="true" />
      <div className="display-name__fields">
        <label htmlFor={inputId} className="display-name__label">{t.identity.nameLabel}</label>
        <input
          id={inputId}
          className="input input--compact"
          value={draft}
          maxLength={MAX_NAME_LENGTH}
          autoComplete="nickname"
          aria-describedby={hintId}
          data-testid="display-name"
          onChange={(event) => setDraft(event.target.value)}
          onBlur={commit}
        />
        <span id={hintId} className="display-name__hint">{t.identity.nameHint}</span>
      </div>
    </form>
  );
}
