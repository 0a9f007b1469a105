/**
 * Web Push end to end on the loopback: the sender, the real `web-push` encryption and signing, and a stand-in push
 * service that verifies the VAPID token and decrypts the message as the browser would. Each outcome the caller acts
 * on (SENT, GONE, FAILED retryable or not) is produced by a real HTTP answer or a real connection failure.
 */
import { createECDH } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decryptPushMessage } from './browser-decrypt.js';
import { PushServiceStandIn } from './push-service.stand-in.js';
import { vapidKeys } from './vapid.js';
import { MAX_PAYLOAD_BYTES, PushSender, encodePayload, type PushPayload } from './web-push.sender.js';

const MASTER = 'a master secret for tests, 32+ chars';
const SUBJECT = 'mailto:alerts@example.org';
const ALERT: PushPayload = {
  title: 'Утечка воды',
  body: 'Счётчик ХВС 00123: расход 0,4 м³/ч ночью, 3 часа подряд',
  url: '/meters/00123/alerts/42',
  tag: 'leak-00123',
  alertId: '42',
};

describe('VAPID keys', () => {
  it('are derived from the master secret: the same secret gives the same pair', () => {
    // Pinned (and computed once outside this code): a change here would unsubscribe every browser.
    expect(vapidKeys(MASTER)).toEqual({
      publicKey: 'BK_e7KB_TFwEcuv-p2XDZCYsJrTeg3oMStWIIXjxLRvHzAKtmWHV7QeKGEEhns3XfZaDWZsFRR998SaYQGl4tgQ',
      privateKey: 'WpvlEu93McoYj2mMpvInd0kPhLV0NdVJgkZyiljo3zc',
    });
    expect(vapidKeys(MASTER)).toEqual(vapidKeys(MASTER));
  });

  it('differ for a different master secret', () => {
    const other = vapidKeys(MASTER + '!');
    expect(other.publicKey).not.toBe(vapidKeys(MASTER).publicKey);
    expect(other.privateKey).not.toBe(vapidKeys(MASTER).privateKey);
  });

  it('are a P-256 pair in the sizes web-push and browsers expect', () => {
    const keys = vapidKeys(MASTER);
    const publicKey = Buffer.from(keys.publicKey, 'base64url');
    expect(publicKey.length).toBe(65);
    expect(publicKey[0]).toBe(0x04);
    expect(Buffer.from(keys.privateKey, 'base64url').length).toBe(32);
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(keys.privateKey, 'base64url'));
    expect(ecdh.getPublicKey('base64url')).toBe(keys.publicKey);
  });
});

describe("the stand-in's decryption (the browser's side)", () => {
  // RFC 8291, Appendix A: the receiver's keys and the message the RFC encrypted for it.
  const rfc = {
    browserPrivateKey: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94',
    authSecret: 'BTBZMqHH6r4Tts7J_aSIgg',
    body:
      'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_' +
      'yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
  };
  const browserKey = createECDH('prime256v1');
  browserKey.setPrivateKey(Buffer.from(rfc.browserPrivateKey, 'base64url'));
  const auth = Buffer.from(rfc.authSecret, 'base64url');

  it("decrypts RFC 8291's worked example", () => {
    const plaintext = decryptPushMessage(Buffer.from(rfc.body, 'base64url'), browserKey, auth);
    expect(plaintext.toString('utf8')).toBe('When I grow up, I want to be a watermelon');
  });

  it('refuses a message altered on the way', () => {
    const altered = Buffer.from(rfc.body, 'base64url');
    altered[altered.length - 20] ^= 1;
    expect(() => decryptPushMessage(altered, browserKey, auth)).toThrow(/unable to authenticate data/i);
  });
});

describe('sending', () => {
  const keys = vapidKeys(MASTER);
  let service: PushServiceStandIn;
  let sender: PushSender;

  beforeEach(async () => {
    service = await PushServiceStandIn.start({ applicationServerKey: keys.publicKey });
    sender = new PushSender({ keys, subject: SUBJECT, timeoutMs: 2_000, allowInsecureLocal: true });
  });
  afterEach(() => service.close());

  it('delivers exactly the alert sent, signed with our key, with its TTL and urgency', async () => {
    const outcome = await sender.send(service.subscription, ALERT, { ttlS: 3600, urgency: 'high' });
    expect(outcome).toEqual({ status: 'SENT' });

    const push = await service.next();
    expect(push.payload).toEqual(ALERT);
    expect(push.headers.ttl).toBe('3600');
    expect(push.headers.urgency).toBe('high');
    expect(push.headers['content-encoding']).toBe('aes128gcm');
    expect(push.vapid.publicKey).toBe(keys.publicKey);
    expect(push.vapid.claims.aud).toBe(new URL(service.subscription.endpoint).origin);
    expect(push.vapid.claims.sub).toBe(SUBJECT);
    const now = Date.now() / 1000;
    expect(push.vapid.claims.exp).toBeGreaterThan(now);
    expect(push.vapid.claims.exp).toBeLessThanOrEqual(now + 24 * 60 * 60);
  });

  it('keeps a message one day at normal urgency unless told otherwise', async () => {
    expect(await sender.send(service.subscription, ALERT)).toEqual({ status: 'SENT' });
    const push = await service.next();
    expect(push.headers.ttl).toBe('86400');
    expect(push.headers.urgency).toBe('normal');
  });

  it('shortens a long body with an ellipsis so that the message stays under 3 KB, and it still arrives', async () => {
    const alert = { ...ALERT, body: 'Расход выше нормы. '.repeat(400) };
    expect(await sender.send(service.subscription, alert)).toEqual({ status: 'SENT' });

    const received = (await service.next()).payload as PushPayload;
    expect(received).toEqual({ ...alert, body: received.body });
    expect(received.body.endsWith('…')).toBe(true);
    expect(alert.body.startsWith(received.body.slice(0, -1))).toBe(true);
    const size = Buffer.byteLength(JSON.stringify(received));
    expect(size).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    // The longest body that fits: one character more (2 bytes in UTF-8 for Cyrillic) would not.
    expect(size).toBeGreaterThan(MAX_PAYLOAD_BYTES - 2);
  });

  it('leaves a payload that fits as it is', () => {
    expect(encodePayload(ALERT)).toBe(JSON.stringify(ALERT));
  });

  it('reports GONE when the push service answers 410 (unsubscribed) or 404 (expired)', async () => {
    service.answerNext(410);
    service.answerNext(404);
    expect(await sender.send(service.subscription, ALERT)).toEqual({ status: 'GONE' });
    expect(await sender.send(service.subscription, ALERT)).toEqual({ status: 'GONE' });
  });

  it('reports a retryable failure when the push service answers 500 or 429', async () => {
    service.answerNext(500);
    service.answerNext(429);
    expect(await sender.send(service.subscription, ALERT)).toEqual({ status: 'FAILED', retryable: true, error: 'push service answered 500' });
    expect(await sender.send(service.subscription, ALERT)).toEqual({ status: 'FAILED', retryable: true, error: 'push service answered 429' });
    expect(await sender.send(service.subscription, ALERT)).toEqual({ status: 'SENT' });
  });

  it('reports a failure not worth retrying when the push service answers 400', async () => {
    service.answerNext(400);
    expect(await sender.send(service.subscription, ALERT)).toEqual({ status: 'FAILED', retryable: false, error: 'push service answered 400' });
  });

  it('is refused (403, not retryable) when signing with another key than the browser subscribed with', async () => {
    const stranger = new PushSender({ keys: vapidKeys('another master secret'), subject: SUBJECT, allowInsecureLocal: true });
    expect(await stranger.send(service.subscription, ALERT)).toEqual({ status: 'FAILED', retryable: false, error: 'push service answered 403' });
    expect(service.requests).toEqual([
      { refused: { status: 403, reason: 'the token is signed with another key than the subscription was made for' } },
    ]);
  });

  it('reports a retryable failure when the push service cannot be reached', async () => {
    await service.close();
    const outcome = await sender.send(service.subscription, ALERT);
    expect(outcome).toEqual({ status: 'FAILED', retryable: true, error: expect.stringMatching(/^push service unreachable: .*ECONNREFUSED/) });
    service = await PushServiceStandIn.start();
  });

  it('reports a retryable failure when the push service does not answer in time', async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const impatient = new PushSender({ keys, subject: SUBJECT, timeoutMs: 200, allowInsecureLocal: true });
    try {
      const outcome = await impatient.send({ ...service.subscription, endpoint: `http://127.0.0.1:${port}/push/x` }, ALERT);
      expect(outcome).toEqual({ status: 'FAILED', retryable: true, error: 'push service unreachable: no answer within 200 ms' });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe('endpoints', () => {
  const keys = vapidKeys(MASTER);

  it('must be https: a plain-http endpoint is rejected before anything is sent', async () => {
    const service = await PushServiceStandIn.start();
    try {
      const strict = new PushSender({ keys, subject: SUBJECT });
      await expect(strict.send(service.subscription, ALERT)).rejects.toThrow(
        `Push endpoint must be an https URL, got "${service.subscription.endpoint}"`,
      );
      expect(service.requests).toEqual([]);
    } finally {
      await service.close();
    }
  });

  it('may be http only on 127.0.0.1 or localhost, and only when allowed', async () => {
    const local = new PushSender({ keys, subject: SUBJECT, allowInsecureLocal: true });
    const subscription = (endpoint: string) => ({ endpoint, keys: { p256dh: keys.publicKey, auth: 'BTBZMqHH6r4Tts7J_aSIgg' } });
    await expect(local.send(subscription('http://push.example.org/x'), ALERT)).rejects.toThrow(
      'Push endpoint must be an https URL (or http on 127.0.0.1/localhost), got "http://push.example.org/x"',
    );
    await expect(local.send(subscription('not a url'), ALERT)).rejects.toThrow('Push endpoint is not a URL: "not a url"');
    // An https endpoint passes the rule (here nothing listens on port 9 of the loopback, so the send itself fails).
    expect(await local.send(subscription('https://127.0.0.1:9/x'), ALERT)).toMatchObject({ status: 'FAILED', retryable: true });
  });

  it('need a contact for the push service: the VAPID subject is a mailto: or https: URL', () => {
    expect(() => new PushSender({ keys, subject: 'http://example.org' })).toThrow(
      'VAPID subject must be a mailto: or https: URL, got "http://example.org"',
    );
  });
});

describe('the stand-in push service', () => {
  it('refuses (401) a request without a VAPID token, and says so to the test waiting for it', async () => {
    const service = await PushServiceStandIn.start();
    try {
      const response = await fetch(service.subscription.endpoint, { method: 'POST', headers: { TTL: '60' }, body: 'x' });
      expect(response.status).toBe(401);
      await expect(service.next()).rejects.toThrow(
        'the push service refused request 1 (401): Authorization is not "vapid t=…, k=…": undefined',
      );
    } finally {
      await service.close();
    }
  });
});
