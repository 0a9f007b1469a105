import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { apiForBlock, startTestApi } from './harness.js';
import { freshPhone } from './accounts-support.js';

describe('the development outbox (no SMTP server or SMS gateway configured)', () => {
  const t = apiForBlock(() => startTestApi());

  it('keeps every SMS and email in DATA_DIR/outbox.jsonl and shows them at /dev/outbox.json, newest first', async () => {
    const phone = freshPhone();
    await t.gql(`mutation($p: String!, $c: String!) { requestRegistrationCode(phone: $p, captcha: $c) { resendAfter } }`, { p: phone, c: await t.captcha() });
    const lines = (await readFile(path.join(t.dataDir, 'outbox.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const sms = lines.find((l) => l.to === phone);
    expect(sms).toMatchObject({ channel: 'sms', to: phone });
    expect(sms.text).toMatch(/^Комета: код для регистрации \d{6}\./);
    expect(new Date(sms.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const page = (await (await fetch(`${t.url}/dev/outbox.json`)).json()) as Array<{ to: string }>;
    expect(page[0]).toEqual(sms);
  });
});

describe('production', () => {
  it('refuses to start without SMTP, an SMS gateway and the shared secrets, naming each', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /BRIDGE_SECRET: required in production[\s\S]*SECRET_KEY: required[\s\S]*SMTP_URL: required in production[\s\S]*SMS_GATEWAY_URL: required in production/,
    );
  });

  it('has no outbox once SMTP and the SMS gateway are configured', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      BRIDGE_SECRET: 'b'.repeat(32),
      SECRET_KEY: 's'.repeat(32),
      SMTP_URL: 'smtp://mail:25',
      SMS_GATEWAY_URL: 'https://sms.example/send',
    });
    expect(c.outbox).toBe(false);
  });
});
