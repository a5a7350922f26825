import type { RecommendationLevel, RecommendationStatus, Theme } from '@accord/contracts';

/**
 * Every string the user sees, in English. Other languages (Slovenian first) provide the same
 * shape; sentences with numbers or names are functions so each language can order them itself.
 */
export const en = {
  locale: 'en-GB',
  app: {
    name: 'Accord',
    tagline: 'EC-NET Recommendations',
    skipToContent: 'Skip to content',
    primaryNavigation: 'Main',
    notFoundTitle: 'Page not found',
    notFoundBody: 'The address does not match any page in Accord.',
    backToList: 'Back to recommendations',
  },
  recommendations: {
    pageTitle: 'Recommendations',
    intro: 'Drafts and adopted texts of the EC-NET working groups. Open one to write together.',
    loading: 'Loading recommendations…',
    loadFailed: 'The recommendations could not be loaded. Check your connection and try again.',
    retry: 'Try again',
    empty: 'No recommendations yet. When a working group starts a draft, it appears here.',
    tableCaption: 'All recommendations, most recently edited first',
    columns: {
      title: 'Title',
      theme: 'Theme',
      status: 'Status',
      workingGroup: 'Working group',
      lastEdited: 'Last edit',
    },
    neverEdited: 'Not edited yet',
    count: (count: number): string => (count === 1 ? '1 recommendation' : `${count} recommendations`),
  },
  status: {
    draft: 'Draft',
    in_review: 'In review',
    voting: 'Voting',
    adopted: 'Adopted',
    rejected: 'Rejected',
    published: 'Published',
  } satisfies Record<RecommendationStatus, string>,
  theme: {
    euroscepticism: 'Euroscepticism',
    solidarity: 'Solidarity',
    active_citizenship: 'Active citizenship',
    intercultural_dialogue: 'Intercultural dialogue',
    democratic_participation: 'Democratic and civic participation',
  } satisfies Record<Theme, string>,
  level: {
    eu: 'EU level',
    national: 'National level',
    local: 'Local level',
  } satisfies Record<RecommendationLevel, string>,
  workingGroupKind: {
    local: 'Local group',
    thematic: 'Thematic group',
  },
  editor: {
    loading: 'Opening the recommendation…',
    loadFailed: 'The recommendation could not be loaded. Check your connection and try again.',
    notFound: 'This recommendation does not exist or was removed.',
    documentLabel: 'Recommendation text',
    metaLabel: 'About this recommendation',
    themeLabel: 'Theme',
    statusLabel: 'Status',
    workingGroupLabel: 'Working group',
    levelLabel: 'Level',
    collaborationLabel: 'Collaboration',
    closed: {
      forbidden: 'You do not have access to edit this recommendation. Ask a coordinator to add you to its working group.',
      notFound: 'This recommendation no longer exists. Go back to the list to open another one.',
      other: 'The server closed the editing session. Reload the page to reconnect.',
    },
  },
  toolbar: {
    label: 'Formatting',
    bold: 'Bold',
    italic: 'Italic',
    heading: (level: number): string => `Heading ${level}`,
    bulletList: 'Bulleted list',
    orderedList: 'Numbered list',
    blockquote: 'Quote',
    link: 'Link',
    linkAddress: 'Link address',
    linkApply: 'Apply',
    linkRemove: 'Remove link',
    linkCancel: 'Cancel',
    linkInvalid: 'Enter a web address such as https://example.org.',
    insertTable: 'Insert table',
    addRow: 'Add row below',
    addColumn: 'Add column to the right',
    deleteTable: 'Delete table',
    tableGroup: 'Table',
    shortcut: (label: string, keys: string): string => `${label} (${keys})`,
  },
  connection: {
    connecting: 'Connecting',
    connected: 'Connected',
    offline: 'Offline',
  },
  save: {
    saved: 'All changes saved',
    saving: 'Saving…',
    unsaved: 'Not saved: server storage unavailable, your edits are kept',
    offline: 'Offline: changes will be saved when you reconnect',
    leaveWarning: 'Some of your changes are not saved yet. Leave anyway?',
  },
  presence: {
    label: 'People editing now',
    you: (name: string): string => `${name} (you)`,
    anonymous: 'Someone',
    others: (count: number): string => (count === 1 ? '1 other person' : `${count} other people`),
  },
  identity: {
    nameLabel: 'Your name',
    nameHint: 'Shown to others next to your cursor',
    guestName: (animal: string): string => `Guest ${animal}`,
    animals: ['Lynx', 'Otter', 'Heron', 'Ibex', 'Marten', 'Puffin', 'Stork', 'Badger', 'Hare', 'Wren', 'Falcon', 'Beaver'],
  },
};

export type Dictionary = typeof en;
