import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppConfig } from '../../apps/server/src/config/app-config';

// No Docker engine runs in CI, so the image cannot be built here; these checks catch what can be
// checked without one: the entry point the image starts, and the settings compose passes.
describe('docker/ files', () => {
  const dockerfile = readFileSync('docker/Dockerfile', 'utf8');
  const compose = readFileSync('docker/compose.yaml', 'utf8');

  it('starts the server entry that the build produces', () => {
    const command = /^CMD \["node", "([^"]+)"\]/m.exec(dockerfile);
    expect(command?.[1]).toBeDefined();
    expect(existsSync(command![1])).toBe(true);
  });

  it('passes the server only settings that the configuration knows', () => {
    const known = Object.keys(new AppConfig());
    const serverSection = compose.slice(compose.indexOf('  server:'));
    const environment = serverSection.slice(serverSection.indexOf('environment:'), serverSection.indexOf('ports:'));
    const names = [...environment.matchAll(/^\s{6}([A-Z_]+):/gm)].map((match) => match[1]);
    expect(names).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL']));
    for (const name of names) expect(known).toContain(name);
  });

  it('does not ship the demo network, whose passwords are published', () => {
    const serverSection = compose.slice(compose.indexOf('  server:'));
    const seedDemo = /^\s{6}SEED_DEMO:\s*"?([^"\s]*)"?/m.exec(serverSection)?.[1];
    // Unset is fine too (the default is off); "true" is not.
    expect(seedDemo === undefined || ['false', '0', 'no'].includes(seedDemo.toLowerCase())).toBe(true);
    expect(new AppConfig().SEED_DEMO).toBe(false);
  });
});
