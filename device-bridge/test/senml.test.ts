import { encode } from 'cbor-x';
import { describe, expect, it } from 'vitest';
import { decodePack, PackError } from '../src/protocol/pack.js';
import { decodeJson, resolve } from '../src/protocol/senml.js';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const error = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PackError);
    return (e as Error).message;
  }
  throw new Error('expected a PackError');
};

describe('SenML resolution (RFC 8428 §4.6)', () => {
  it('applies base name, time, unit and value to the records that follow', () => {
    const records = resolve(
      decodeJson(
        json([
          { bn: 'urn:dev:ow:10e2073a01080063:', bt: 1.320067464e9, bu: 'A', bver: 5, n: 'voltage', u: 'V', v: 120.1 },
          { n: 'current', t: -5, v: 1.2 },
          { n: 'current', t: -4, v: 1.3 },
        ]),
      ),
      NOW / 1000,
    );
    expect(records).toEqual([
      { name: 'urn:dev:ow:10e2073a01080063:voltage', unit: 'V', value: 120.1, time: 1.320067464e9 },
      { name: 'urn:dev:ow:10e2073a01080063:current', unit: 'A', value: 1.2, time: 1.320067459e9 },
      { name: 'urn:dev:ow:10e2073a01080063:current', unit: 'A', value: 1.3, time: 1.32006746e9 },
    ]);
  });

  it('reads times below 2^28 as relative to now, and no time as now', () => {
    const [a, b] = resolve(decodeJson(json([{ n: 'x', v: 1, t: -60 }, { n: 'y', v: 2 }])), NOW / 1000);
    expect(a.time).toBe(NOW / 1000 - 60);
    expect(b.time).toBe(NOW / 1000);
  });

  it('rejects labels ending in "_" it does not understand, and ignores other unknown labels', () => {
    expect(error(() => resolve(decodeJson(json([{ n: 'x', v: 1, foo_: 1 }])), 0))).toBe('record 0: unsupported field foo_');
    expect(resolve(decodeJson(json([{ n: 'x', v: 1, foo: 1 }])), 0)).toHaveLength(1);
  });
});

describe('packs of device protocol v1', () => {
  const pack = [
    { bn: 'E-0001:', bt: NOW / 1000, n: 'energy', u: 'kWh', v: 1234.5 },
    { n: 'power', u: 'W', v: 800, t: -900 },
    { bn: 'CW-0001:', n: 'volume', u: 'm3', v: 12.345 },
  ];

  it('splits names into meter and quantity and converts kWh to Wh, from JSON', () => {
    expect(decodePack(json(pack), 'json', NOW)).toEqual([
      { meter: 'E-0001', quantity: 'ENERGY', time: NOW, value: 1234500 },
      { meter: 'E-0001', quantity: 'POWER', time: NOW - 900_000, value: 800 },
      { meter: 'CW-0001', quantity: 'VOLUME', time: NOW, value: 12.345 },
    ]);
  });

  it('reads the same pack in CBOR with the integer labels of RFC 8428 §6', () => {
    const cbor = encode(
      pack.map((r) => new Map(Object.entries(r).map(([k, v]) => [({ bn: -2, bt: -3, n: 0, u: 1, v: 2, t: 6 } as Record<string, number>)[k], v]))),
    );
    expect(decodePack(cbor, 'cbor', NOW)).toEqual(decodePack(json(pack), 'json', NOW));
  });

  it.each([
    ['not JSON at all', Buffer.from('{not json'), 'not valid JSON'],
    ['an object instead of an array', json({ n: 'E-1:power', v: 1 }), 'pack is not an array of records'],
    ['an empty pack', json([]), 'empty pack'],
    ['a name without serial', json([{ n: 'power', v: 1 }]), 'record 0: name is not serial:quantity'],
    ['an unknown quantity', json([{ n: 'E-1:powr', v: 1 }]), 'unknown quantity powr'],
    ['a wrong unit', json([{ n: 'E-1:voltage_l1', u: 'kV', v: 0.23 }]), 'voltage_l1: unit must be V'],
    ['a string value', json([{ n: 'E-1:power', vs: '800' }]), 'power: numeric v required'],
    ['a value of the wrong type', json([{ n: 'E-1:power', v: '800' }]), 'record 0: v must be a finite number'],
    ['bad characters in a name', json([{ n: 'E 1:power', v: 1 }]), 'record 0: bad characters in name'],
    ['a record without value', json([{ n: 'E-1:power' }]), 'record 0: no value'],
  ])('refuses %s with a short diagnostic', (_what, payload, message) => {
    const m = error(() => decodePack(payload, 'json', NOW));
    expect(m).toBe(message);
    expect(Buffer.byteLength(m)).toBeLessThanOrEqual(64);
  });

  it('refuses NaN and Infinity, which CBOR can carry', () => {
    expect(error(() => decodePack(encode([{ n: 'E-1:power', v: NaN }]), 'cbor', NOW))).toBe('record 0: v must be a finite number');
    expect(error(() => decodePack(encode([{ n: 'E-1:power', v: Infinity }]), 'cbor', NOW))).toBe('record 0: v must be a finite number');
  });

  it.each([
    ['energy in kWh that overflows to Infinity in Wh', [{ bn: 'E-0001:', n: 'energy', u: 'kWh', v: 1e306 }], 'energy: value out of range'],
    ['a base time that overflows to Infinity in milliseconds', [{ bn: 'E-0001:', bt: 1e306, n: 'energy', v: 1 }], 'energy: time in the future'],
    ['a value outside the sane range', [{ n: 'E-1:voltage_l1', v: -230 }], 'voltage_l1: value out of range'],
    ['energy in kWh beyond 10^12 Wh only once converted', [{ n: 'E-1:energy', u: 'kWh', v: 2e9 }], 'energy: value out of range'],
    ['a time more than 10 minutes ahead', [{ n: 'E-1:power', v: 1, t: NOW / 1000 + 601 }], 'power: time in the future'],
    ['a time before 2000', [{ n: 'E-1:power', v: 1, t: Date.UTC(1999, 11, 31) / 1000 }], 'power: time before 2000'],
  ])('refuses %s after the conversion, before it can reach the API as null', (_what, records, message) => {
    expect(error(() => decodePack(json(records), 'json', NOW))).toBe(message);
  });

  it('takes the bounds of every range and a time up to 10 minutes ahead', () => {
    const records = [
      { n: 'E-1:energy', u: 'kWh', v: 1e9, t: NOW / 1000 + 600 },
      { n: 'E-1:power_factor', v: -1 },
      { n: 'E-1:battery', v: 100, t: Date.UTC(2000, 0, 1) / 1000 },
    ];
    expect(decodePack(json(records), 'json', NOW).map((r) => [r.value, r.time])).toEqual([
      [1e12, NOW + 600_000],
      [-1, NOW],
      [100, Date.UTC(2000, 0, 1)],
    ]);
  });

  it('keeps every diagnostic within 64 bytes, even for long names', () => {
    const m = error(() => decodePack(json([{ n: `E-1:${'ю'.repeat(80)}`, v: 1 }]), 'json', NOW));
    expect(Buffer.byteLength(m)).toBeLessThanOrEqual(64);
  });
});
