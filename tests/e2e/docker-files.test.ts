import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppConfig } from '../../apps/server/src/config/app-config';

// No Docker engine runs in CI, so the image cannot be built here; these checks catch what can be
// checked without one: the entry point the image starts, and the settings compose passes.
describe('docker/ files', () => {
  const dockerfile = readFileSync('docker/Dockerfile', 'utf8');
  const compose = readFileSync('docker/compose.yaml', 'utf8');
  /** The server's environment block: its lines indented by six spaces after `environment:`. */
  const serverEnvironment = () => {
    const serverSection = compose.slice(compose.indexOf('  server:'));
    const lines = serverSection.slice(serverSection.indexOf('environment:')).split('\n').slice(1);
    const end = lines.findIndex((line) => line.trim() !== '' && !line.startsWith('      '));
    return lines.slice(0, end).join('\n');
  };

  it('starts the server entry that the build produces', () => {
    const command = /^CMD \["node", (?:"--[^"]+", )*"([^"]+)"\]/m.exec(dockerfile);
    expect(command?.[1]).toBeDefined();
    expect(existsSync(command![1])).toBe(true);
  });

  it('passes the server only settings that the configuration knows', () => {
    const known = Object.keys(new AppConfig());
    const names = [...serverEnvironment().matchAll(/^\s{6}([A-Z_]+):/gm)].map((match) => match[1]);
    expect(names).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL']));
    for (const name of names) expect(known).toContain(name);
  });

  it('runs two instances from one definition behind a proxy that spreads over both', () => {
    expect(compose).toMatch(/^  server: &server$/m);
    expect(compose).toMatch(/^  server-2:\n    <<: \*server$/m);
    expect(compose).toMatch(/^      - \.\/Caddyfile:\/etc\/caddy\/Caddyfile:ro$/m);
    const caddyfile = readFileSync('docker/Caddyfile', 'utf8');
    expect(caddyfile).toMatch(/reverse_proxy server:3000 server-2:3000/);
    expect(caddyfile).toMatch(/health_uri \/health/);
  });

  it('does not ship the demo network, whose passwords are published', () => {
    const seedDemo = /^\s{6}SEED_DEMO:\s*"?([^"\s]*)"?/m.exec(serverEnvironment())?.[1];
    // Unset is fine too (the default is off); "true" is not.
    expect(seedDemo === undefined || ['false', '0', 'no'].includes(seedDemo.toLowerCase())).toBe(true);
    expect(new AppConfig().SEED_DEMO).toBe(false);
  });
});
