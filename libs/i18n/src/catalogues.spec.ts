import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUES } from './catalogues';
import { LANGUAGES, type Language } from './languages';

const ROOT = resolve(__dirname, '../../..');
/** Where code that shows catalogue sentences lives: the web app, the server and the shared libraries. */
const SOURCE_DIRS = ['apps/web/src', 'apps/server/src', 'libs'];
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
/** A websocket close frame holds at most 123 bytes of reason. */
const CLOSE_REASON_BYTES = 123;

function flatten(node: unknown, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  if (typeof node === 'string') return entries.set(prefix, node);
  if (typeof node !== 'object' || node === null) throw new Error(`${prefix} is neither text nor a group`);
  for (const [key, value] of Object.entries(node)) {
    for (const [path, text] of flatten(value, prefix ? `${prefix}.${key}` : key)) entries.set(path, text);
  }
  return entries;
}

/** Each phrase by its key as code writes it: plural forms grouped under the key without suffix. */
function phrases(language: Language): Map<string, Map<string, string>> {
  const grouped = new Map<string, Map<string, string>>();
  for (const [key, text] of flatten(CATALOGUES[language])) {
    const form = PLURAL_SUFFIX.exec(key)?.[1] ?? '';
    const base = form ? key.slice(0, -form.length - 1) : key;
    grouped.set(base, (grouped.get(base) ?? new Map()).set(form, text));
  }
  return grouped;
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((match) => match[1]);
/** The CLDR plural categories of a language, as i18next picks among them (Intl.PluralRules). */
const pluralForms = (language: Language): string[] => [...new Intl.PluralRules(language).resolvedOptions().pluralCategories].sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'locales' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.(spec|test)\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every key-shaped string literal in the source: keys are always written out in full (see apps/web/src/i18n/labels.ts). */
function literalsInSource(): Set<string> {
  const literals = new Set<string>();
  for (const dir of SOURCE_DIRS) {
    for (const file of sourceFiles(resolve(ROOT, dir))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/(['"`])([\w.-]+)\1/g)) literals.add(match[2]);
    }
  }
  return literals;
}

describe('the catalogues (libs/i18n/locales)', () => {
  const byLanguage = new Map(LANGUAGES.map((language) => [language, phrases(language)] as const));
  const allKeys = new Set([...byLanguage.values()].flatMap((grouped) => [...grouped.keys()]));

  it('have every key in every language', () => {
    const missing = LANGUAGES.flatMap((language) => [...allKeys].filter((key) => !byLanguage.get(language)!.has(key)).map((key) => `${language}: ${key}`));
    expect(missing).toEqual([]);
  });

  it('have every plural form each language needs, and no other, for every counted phrase', () => {
    const problems: string[] = [];
    for (const key of allKeys) {
      const plural = LANGUAGES.some((language) => !byLanguage.get(language)!.get(key)?.has(''));
      for (const language of LANGUAGES) {
        const forms = byLanguage.get(language)!.get(key);
        if (!forms) continue;
        const present = [...forms.keys()].sort();
        if (plural && present.join() !== pluralForms(language).join()) problems.push(`${language}: ${key} has forms [${present.join(', ')}], needs [${pluralForms(language).join(', ')}]`);
        // A sentence with a count must change with it: "1 komentar, 2 komentarja, 3 komentarji, 5 komentarjev".
        if (!plural && placeholders(forms.get('') ?? '').includes('count')) problems.push(`${language}: ${key} uses {{count}} but has no plural forms`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('use the same placeholders in every language', () => {
    const mismatches: string[] = [];
    for (const key of allKeys) {
      const sets = LANGUAGES.map((language) => {
        const forms = byLanguage.get(language)!.get(key) ?? new Map<string, string>();
        return [...new Set([...forms.values()].flatMap(placeholders))].sort().join(', ');
      });
      if (new Set(sets).size > 1) mismatches.push(`${key}: ${LANGUAGES.map((language, index) => `${language} {${sets[index]}}`).join(' / ')}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('hold no key that no code uses, and the code uses no server key they lack', () => {
    const literals = literalsInSource();
    expect([...allKeys].filter((key) => !literals.has(key)).sort()).toEqual([]);
    const serverKeysInCode = [...literals].filter((literal) => /^server\.[\w.-]+$/.test(literal));
    expect(serverKeysInCode.filter((key) => !allKeys.has(key)).sort()).toEqual([]);
  });

  it('keep websocket close reasons within the 123 bytes of a close frame', () => {
    const tooLong = LANGUAGES.flatMap((language) =>
      [...flatten(CATALOGUES[language])].filter(([key, text]) => key.startsWith('server.closeReason.') && Buffer.byteLength(text) > CLOSE_REASON_BYTES).map(([key]) => `${language}: ${key}`),
    );
    expect(tooLong).toEqual([]);
  });
});
