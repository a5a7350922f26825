import { Extension } from '@tiptap/core';

/** A BCP 47 tag as browsers accept it in `lang` ("sl", "sl-SI"); anything else is dropped. */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export const PASSAGE_LANGUAGE_TYPES = ['paragraph', 'heading', 'blockquote', 'listItem', 'tableCell', 'tableHeader'] as const;

const tagOrNull = (value: unknown): string | null => (typeof value === 'string' && LANGUAGE_TAG.test(value) ? value : null);

/**
 * A `lang` attribute on blocks, for a passage in another language than the text around it (WCAG
 * 3.1.2): a screen reader then reads a Slovenian summary in Slovenian inside an English text.
 */
export const PassageLanguage = Extension.create({
  name: 'passageLanguage',
  addGlobalAttributes() {
    return [
      {
        types: [...PASSAGE_LANGUAGE_TYPES],
        attributes: {
          lang: {
            default: null,
            parseHTML: (element: { getAttribute(name: string): string | null }) => tagOrNull(element.getAttribute('lang')),
            renderHTML: (attributes: Record<string, unknown>) => {
              const lang = tagOrNull(attributes.lang);
              return lang ? { lang } : {};
            },
          },
        },
      },
    ];
  },
});
