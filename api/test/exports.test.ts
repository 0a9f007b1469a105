import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account } from '../src/accounts/account.entity.js';
import { Binding } from '../src/devices/binding.entity.js';
import { MeterKind } from '../src/devices/meter-kind.js';
import { ProvisioningService } from '../src/devices/provisioning.service.js';
import { engines, startTestApi, type TestApi } from './harness.js';
import { makeAccount } from './devices-support.js';

const H = 3_600_000;

describe.each(engines)('exports on %s', (engine) => {
  let t: TestApi;
  let owner: { token: string; id: number };
  let meterId: number;
  const start = Date.UTC(2026, 0, 9, 21); // 2026-01-10 00:00 Moscow

  beforeAll(async () => {
    t = await startTestApi({ engine });
    owner = await makeAccount(t);
    const em = t.api.orm.em.fork();
    const p = await new ProvisioningService(em).provision({ serial: 'CX-1', meters: [{ serial: 'EX-1', kind: MeterKind.ELECTRICITY, zones: 2 }] });
    em.persist(new Binding(em.getReference(Account, owner.id), { controller: p.controller }, new Date(Date.UTC(2025, 0, 1))));
    await em.flush();
    meterId = p.meters[0].id;
    const readings = [];
    for (let i = 0; i <= 48; i++) readings.push({ meter: 'EX-1', quantity: 'ENERGY', time: start + i * H, value: 1000 + i * 250 });
    for (let i = 0; i < 6; i++) readings.push({ meter: 'EX-1', quantity: 'VOLTAGE_L1', time: start + i * 600_000, value: 229 + i * 0.5 });
    await t.ingest([{ token: p.token, readings }]);
  });
  afterAll(() => t.close());

  const url = (path: string, params: Record<string, string | number>) =>
    `${t.url}${path}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)] as [string, string]))}`;
  const get = (path: string, params: Record<string, string | number>, token?: string) =>
    fetch(url(path, params), { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('exports a daily report as CSV a Russian spreadsheet opens: BOM, «;», decimal commas, local times', async () => {
    const res = await get('/export/consumption.csv', { meter: meterId, resolution: 'DAY', from: new Date(start).toISOString(), to: new Date(start + 48 * H).toISOString() }, owner.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="consumption-EX-1-2026-01-10_2026-01-11\.csv"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString().trim().split('\r\n')).toEqual([
      'Начало (Europe/Moscow);Конец;Расход, кВт·ч;T1 день;T2 ночь;Данные полные',
      '2026-01-10 00:00;2026-01-11 00:00;6;4;2;да',
      '2026-01-11 00:00;2026-01-12 00:00;6;4;2;да',
    ]);
  });

  it('exports the same report as XLSX with numbers as numbers', async () => {
    const res = await get('/export/consumption.xlsx', { meter: meterId, resolution: 'DAY', from: new Date(start).toISOString(), to: new Date(start + 24 * H).toISOString() }, owner.token);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('Расход EX-1');
    expect(sheet.getRow(1).values).toEqual([undefined, 'Начало (Europe/Moscow)', 'Конец', 'Расход, кВт·ч', 'T1 день', 'T2 ночь', 'Данные полные']);
    expect(sheet.getRow(2).values).toEqual([undefined, '2026-01-10 00:00', '2026-01-11 00:00', 6, 4, 2, 'да']);
  });

  it('exports a series at ten-minute aggregation', async () => {
    const res = await get('/export/series.csv', { meter: meterId, quantities: 'VOLTAGE_L1', aggregation: 'TEN_MINUTES', from: new Date(start).toISOString(), to: new Date(start + H).toISOString() }, owner.token);
    const lines = Buffer.from(await res.arrayBuffer()).subarray(3).toString().trim().split('\r\n');
    expect(lines).toHaveLength(7);
    expect(lines[1]).toBe('2026-01-10 00:00;Напряжение L1;В;229;229;229;1');
  });

  it('writes the file in the language the cabinet shows, named by the local days it covers', async () => {
    const day = { meter: meterId, resolution: 'DAY', from: new Date(start).toISOString(), to: new Date(start + 24 * H).toISOString() };
    const res = await get('/export/consumption.csv', { ...day, language: 'EN' }, owner.token);
    expect(res.headers.get('content-disposition')).toMatch(/filename="consumption-EX-1-2026-01-10\.csv"/);
    expect(Buffer.from(await res.arrayBuffer()).subarray(3).toString().trim().split('\r\n')).toEqual([
      'Start (Europe/Moscow),End,"Consumption, kWh",T1 day,T2 night,Complete data',
      '2026-01-10 00:00,2026-01-11 00:00,6,4,2,yes',
    ]);
    const series = await get('/export/series.csv', { meter: meterId, quantities: 'VOLTAGE_L1', from: new Date(start).toISOString(), to: new Date(start + H).toISOString(), language: 'EN' }, owner.token);
    const lines = Buffer.from(await series.arrayBuffer()).subarray(3).toString().trim().split('\r\n');
    expect(lines.slice(0, 2)).toEqual(['Time (Europe/Moscow),Quantity,Unit,Min,Max,Average,Readings', '2026-01-10 00:00,Voltage L1,V,229,229,229,1']);
    const nowhere = await get('/export/series.csv', { meter: meterId, from: new Date(start).toISOString(), to: new Date(start + H).toISOString(), timeZone: 'Mars/Olympus' }, owner.token);
    expect(nowhere.status).toBe(400);
    expect(((await nowhere.json()) as { error: unknown }).error).toEqual({ message: 'Неизвестный часовой пояс, например Europe/Moscow', code: 'BAD_USER_INPUT', reason: 'TIME_ZONE_UNKNOWN', params: {}, field: 'timeZone' });
    const wrong = await get('/export/consumption.csv', { ...day, language: 'DE' }, owner.token);
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: unknown }).error).toMatchObject({ message: 'language: одно из RU, EN', reason: 'PARAMETER_CHOICE', params: { name: 'language', allowed: 'RU, EN' } });
  });

  it('answers 401 without a session, 403 for someone else’s meter, 400 for a bad parameter', async () => {
    const params = { meter: meterId, resolution: 'DAY', from: new Date(start).toISOString(), to: new Date(start + 24 * H).toISOString() };
    expect((await get('/export/consumption.csv', params)).status).toBe(401);
    const stranger = await makeAccount(t);
    const forbidden = await get('/export/consumption.csv', params, stranger.token);
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as any).error.code).toBe('FORBIDDEN');
    const bad = await get('/export/consumption.csv', { ...params, resolution: 'YEAR' }, owner.token);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.message).toBe('resolution: одно из HOUR, DAY, WEEK, MONTH');
  });

  it('gives every refusal a reason the cabinet translates (api/docs/errors.md), with the status that fits', async () => {
    const params = { meter: meterId, resolution: 'DAY', from: new Date(start).toISOString(), to: new Date(start + 24 * H).toISOString() };
    const refusal = async (path: string, query: Parameters<typeof get>[1], token?: string) => {
      const r = await get(path, query, token);
      const { error } = (await r.json()) as { error: { code: string; reason: string; params: Record<string, unknown> } };
      return [r.status, error.code, error.reason, error.params];
    };
    expect(await refusal('/export/consumption.csv', params)).toEqual([401, 'UNAUTHENTICATED', 'UNAUTHENTICATED', {}]);
    expect(await refusal('/export/consumption.pdf', params, owner.token)).toEqual([404, 'NOT_FOUND', 'EXPORT_FORMAT', {}]);
    expect(await refusal('/export/consumption.csv', { ...params, meter: 'E-0001' }, owner.token)).toEqual([404, 'NOT_FOUND', 'METER_NOT_FOUND', {}]);
    expect(await refusal('/export/consumption.csv', { ...params, from: 'yesterday' }, owner.token)).toEqual([400, 'BAD_USER_INPUT', 'PARAMETER_DATE', { name: 'from' }]);
    expect(await refusal('/export/series.csv', { ...params, quantities: 'VOLTAGE_L1,WIND' }, owner.token)).toEqual([400, 'BAD_USER_INPUT', 'QUANTITY_UNKNOWN', { name: 'WIND' }]);
  });
});
