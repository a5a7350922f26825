import { i18nextOptions } from '@accord/i18n';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { mergePresenceChanges, presenceChange, StatusAnnouncements } from './announcements';
import type { PresentUser } from './presence';

const user = (clientId: number, name: string | null, isSelf = false): PresentUser => ({ clientId, name, color: '#175cd3', isSelf });

describe('what the live region says', () => {
  it('says nothing while typing: saving and saved again', () => {
    const announcements = new StatusAnnouncements({ connection: 'connected', save: 'saved' });
    expect(announcements.next({ connection: 'connected', save: 'saving' })).toEqual({ connection: null, save: null });
    expect(announcements.next({ connection: 'connected', save: 'saved' })).toEqual({ connection: null, save: null });
  });

  it('says going offline and coming back, once each', () => {
    const announcements = new StatusAnnouncements({ connection: 'connecting', save: 'offline' });
    expect(announcements.next({ connection: 'connected', save: 'saved' })).toEqual({ connection: 'connected', save: 'saved' });
    expect(announcements.next({ connection: 'offline', save: 'offline' })).toEqual({ connection: 'offline', save: 'offline' });
    expect(announcements.next({ connection: 'offline', save: 'offline' })).toEqual({ connection: null, save: null });
    expect(announcements.next({ connection: 'connected', save: 'saving' })).toEqual({ connection: 'connected', save: null });
    expect(announcements.next({ connection: 'connected', save: 'saved' })).toEqual({ connection: null, save: 'saved' });
  });

  it('says when the server cannot store edits', () => {
    const announcements = new StatusAnnouncements({ connection: 'connected', save: 'saved' });
    expect(announcements.next({ connection: 'connected', save: 'unsaved' })).toEqual({ connection: null, save: 'unsaved' });
  });
});

describe('people joining and leaving', () => {
  it('names who came and went, never yourself', () => {
    const before = [user(1, 'Me', true), user(2, 'Ana')];
    const after = [user(1, 'Me', true), user(3, 'Bo'), user(4, null)];
    expect(presenceChange(before, after, 'Someone')).toEqual({ joined: ['Bo', 'Someone'], left: ['Ana'] });
  });

  it('merges changes close together, and a quick leave and return cancels out', () => {
    const merged = mergePresenceChanges({ joined: [], left: ['Ana'] }, { joined: ['Ana', 'Bo'], left: [] });
    expect(merged).toEqual({ joined: ['Bo'], left: [] });
  });
});

describe('who joined and left, in Slovenian', () => {
  // The catalogues as the app loads them; the verb follows the number of people (je, sta, so).
  const slovenian = i18next.createInstance();
  void slovenian.init(i18nextOptions('sl'));
  const names = (list: string[]): string => new Intl.ListFormat('sl-SI', { type: 'conjunction' }).format(list);
  const say = (key: 'presence.joined' | 'presence.left' | 'presence.alsoHere', people: string[]): string =>
    slovenian.t(key, { names: names(people), count: people.length });

  it('agrees with one, two, and three or more people', () => {
    expect(say('presence.joined', ['Maja Kranjc'])).toBe('Maja Kranjc je zdaj tukaj.');
    expect(say('presence.joined', ['Maja Kranjc', 'Luka Vidmar'])).toBe('Maja Kranjc in Luka Vidmar sta zdaj tukaj.');
    expect(say('presence.left', ['Maja Kranjc', 'Luka Vidmar', 'Nika Zupan'])).toBe('Maja Kranjc, Luka Vidmar in Nika Zupan niso več tukaj.');
    expect(say('presence.left', ['Maja Kranjc'])).toBe('Maja Kranjc ni več tukaj.');
    expect(say('presence.alsoHere', ['Maja Kranjc', 'Luka Vidmar'])).toBe('Tukaj sta tudi Maja Kranjc in Luka Vidmar.');
  });
});
