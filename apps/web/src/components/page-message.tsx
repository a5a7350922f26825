import type { ReactNode } from 'react';

interface PageMessageProps {
  tone: 'progress' | 'problem';
  children: ReactNode;
  action?: { label: string; onClick: () => void };
}

/** A loading or error message in place of a page's content, announced to screen readers. */
export function PageMessage({ tone, children, action }: PageMessageProps) {
  return (
    <div className={`page-message page-message--${tone}`} role={tone === 'problem' ? 'alert' : 'status'}>
      {tone === 'progress' && <span className="spinner" aria-hidden="true" />}
      <p>{children}</p>
      {action && (
        <button type="button" className="button" onClick={action.onClick}>
          {action.label}
        </button>
      )}
    </div>
  );
}
