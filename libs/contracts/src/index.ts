export * from './collab-protocol';
export * from './persistence-messages';
export * from './recommendation';
export * from './access';
export * from './presence';
export * from './comments';
export * from './document-events';
export * from './amendments';
