import type { ReactNode } from 'react';

/** Line icons for the toolbar, drawn on a 20 px grid; decorative, since every button has a label. */
function Icon({ children }: { children: ReactNode }) {
  return (
    <svg className="icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false"
      fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
      {children}
    </svg>
  );
}

export const BulletListIcon = () => (
  <Icon>
    <circle cx="4.5" cy="5.5" r="1" fill="currentColor" />
    <circle cx="4.5" cy="10" r="1" fill="currentColor" />
    <circle cx="4.5" cy="14.5" r="1" fill="currentColor" />
    <path d="M8 5.5h8M8 10h8M8 14.5h8" />
  </Icon>
);

export const OrderedListIcon = () => (
  <Icon>
    <path d="M3.5 4.5 4.7 4v3.5M3.6 12.2c.3-.6 1.8-.7 1.8.2 0 .8-1.9 1.5-1.9 2.1h2" strokeWidth="1.2" />
    <path d="M8 5.5h8M8 10h8M8 14.5h8" />
  </Icon>
);

export const QuoteIcon = () => (
  <Icon>
    <path d="M4.5 4.5v11" strokeWidth="2.4" />
    <path d="M9 6h7M9 10h7M9 14h5" />
  </Icon>
);

export const LinkIcon = () => (
  <Icon>
    <path d="M8.5 11.5a3 3 0 0 0 4.2 0l2.6-2.6a3 3 0 0 0-4.2-4.2l-.9.9" />
    <path d="M11.5 8.5a3 3 0 0 0-4.2 0l-2.6 2.6a3 3 0 0 0 4.2 4.2l.9-.9" />
  </Icon>
);

export const TableIcon = () => (
  <Icon>
    <rect x="3" y="4" width="14" height="12" rx="1.5" />
    <path d="M3 8h14M3 12h14M8 4v12M12.5 4v12" />
  </Icon>
);

export const AddRowIcon = () => (
  <Icon>
    <rect x="3" y="3.5" width="14" height="7" rx="1.5" />
    <path d="M10 13v5M7.5 15.5h5" />
  </Icon>
);

export const AddColumnIcon = () => (
  <Icon>
    <rect x="3.5" y="3" width="7" height="14" rx="1.5" />
    <path d="M13 10h5M15.5 7.5v5" />
  </Icon>
);

export const DeleteTableIcon = () => (
  <Icon>
    <rect x="3" y="4" width="14" height="12" rx="1.5" />
    <path d="M7.5 7.5l5 5M12.5 7.5l-5 5" />
  </Icon>
);

export const CommentIcon = () => (
  <Icon>
    <path d="M4 4.5h12a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H9l-3.5 3v-3H4a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1Z" />
    <path d="M7 8.5h6M7 11h4" />
  </Icon>
);
