import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('runs embedded by default: SQLite under ./data, in-process pub/sub, the bridge, demo data', () => {
    const c = loadConfig({ INIT_CWD: '/srv/askue' });
    expect(c.database).toEqual({ kind: 'sqlite', file: '/srv/askue/data/askue.sqlite' });
    expect(c.redis).toBeUndefined();
    expect(c.http).toMatchObject({ port: 3000 });
    expect(c.bridge).toMatchObject({ spawn: true, coapPort: 5683 });
    expect(c.bridge.secret.length).toBeGreaterThanOrEqual(32);
    expect(c.demo).toBe(true);
  });

  it('switches to PostgreSQL and Redis by URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/askue', REDIS_URL: 'redis://cache:6379' });
    expect(c.database).toEqual({ kind: 'postgresql', url: 'postgres://u@db:5432/askue' });
    expect(c.redis).toEqual({ url: 'redis://cache:6379', prefix: 'askue', cluster: false });
    expect(c.demo).toBe(false);
  });

  it('takes REDIS_URL for a node of a Redis Cluster with REDIS_CLUSTER=1, and refuses the flag without the URL', () => {
    expect(loadConfig({ REDIS_URL: 'redis://node-1:7000', REDIS_CLUSTER: '1' }).redis).toEqual({ url: 'redis://node-1:7000', prefix: 'askue', cluster: true });
    expect(() => loadConfig({ REDIS_CLUSTER: '1' })).toThrow(/REDIS_CLUSTER: needs REDIS_URL/);
  });

  it('fails naming every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://admin:hunter2@db/x', REDIS_URL: 'nope', SIMULATE: 'maybe', BRIDGE_SECRET: 'short-secret' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(names.sort()).toEqual(['BRIDGE_SECRET', 'DATABASE_URL', 'PORT', 'REDIS_URL', 'SIMULATE']);
    expect((error as ConfigError).message).toMatch(/PORT: expected a port number \(got "eighty"\)/);
    // Secrets, and URLs that may carry a password, are named but not echoed.
    expect((error as ConfigError).message).not.toMatch(/hunter2|short-secret/);
  });

  it('requires the bridge secret when bridges run as separate processes', () => {
    expect(() => loadConfig({ BRIDGE: '0' })).toThrow(/BRIDGE_SECRET: required when BRIDGE=0/);
  });
});
