import 'i18next';
import type en from '../../../../libs/i18n/locales/en.json';

// Keys are checked at compile time against the English catalogue: a typo fails the typecheck.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
