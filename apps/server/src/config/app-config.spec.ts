import { describe, expect, it } from 'vitest';
import { validateConfig } from './app-config';

describe('validateConfig', () => {
  it('gives every setting its default', () => {
    const config = validateConfig({});
    expect(config).toMatchObject({ PORT: 3000, DATABASE_URL: undefined, COLLAB_MAX_MESSAGE_BYTES: 8 * 1024 * 1024, SEED_DEMO: false, TRUST_PROXY: 'false', MAIL_LOG_LINKS: false, LOG_LEVEL: 'info' });
  });

  it('reads numbers and booleans from the environment', () => {
    expect(validateConfig({ PORT: '8080', SEED_DEMO: 'true', DATABASE_URL: 'postgres://u@h/db' })).toMatchObject({ PORT: 8080, SEED_DEMO: true, DATABASE_URL: 'postgres://u@h/db' });
  });

  it('names every bad variable in one error', () => {
    expect(() => validateConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrowError(/PORT="eighty"[\s\S]*DATABASE_URL="mysql:\/\/x"[\s\S]*LOG_LEVEL="loud"/);
  });

  it('reads the account settings, and refuses a bad SMTP or public URL', () => {
    expect(validateConfig({ SMTP_URL: 'smtp://mail.example:587', LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' })).toMatchObject({ SMTP_URL: 'smtp://mail.example:587', LOGIN_MAX_FAILURES_PER_ACCOUNT: 3, SESSION_TTL_HOURS: 12 });
    expect(() => validateConfig({ SMTP_URL: 'mail.example', PUBLIC_URL: 'accord.example' })).toThrowError(/SMTP_URL="mail.example"[\s\S]*PUBLIC_URL="accord.example"|PUBLIC_URL="accord.example"[\s\S]*SMTP_URL="mail.example"/);
  });

  it('reads TRUST_PROXY as false, true, a hop count or a list of addresses and subnets, and refuses anything else', () => {
    for (const value of ['false', 'true', '2', 'loopback', '10.0.0.0/8, 192.168.1.7', 'loopback,uniquelocal']) expect(validateConfig({ TRUST_PROXY: value }).TRUST_PROXY).toBe(value);
    expect(() => validateConfig({ TRUST_PROXY: 'my-proxy.example' })).toThrowError(/TRUST_PROXY="my-proxy.example"/);
    expect(() => validateConfig({ TRUST_PROXY: '10.0.0.0/99' })).toThrowError(/TRUST_PROXY/);
  });
});
