import { describe, expect, it } from 'vitest';
import { consumptionExportUrl, contentLength, fetchFile, filenameFrom, progressShare, readWithProgress, seriesExportUrl } from './download';

describe('export progress', () => {
  it('reads Content-Length only when it is a byte count', () => {
    expect(contentLength('12345')).toBe(12345);
    expect(contentLength(' 0 ')).toBe(0);
    expect(contentLength(null)).toBeNull();
    expect(contentLength('12kb')).toBeNull();
    expect(contentLength('-1')).toBeNull();
  });

  it('gives a share between 0 and 1, or null without a total', () => {
    expect(progressShare({ loaded: 50, total: 200 })).toBe(0.25);
    expect(progressShare({ loaded: 300, total: 200 })).toBe(1);
    expect(progressShare({ loaded: 0, total: 0 })).toBe(1);
    expect(progressShare({ loaded: 10, total: null })).toBeNull();
  });

  it('reports every chunk of a streamed body and keeps all of it', async () => {
    const chunks = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5]), new Uint8Array([6])];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(c);
        controller.close();
      },
    });
    const response = new Response(body, { headers: { 'content-length': '6', 'content-type': 'text/csv' } });
    const seen: Array<[number, number | null]> = [];
    const blob = await readWithProgress(response, (p) => seen.push([p.loaded, p.total]));
    expect(seen).toEqual([
      [0, 6],
      [3, 6],
      [5, 6],
      [6, 6],
    ]);
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(blob.type).toBe('text/csv');
  });
});

describe('export file names', () => {
  it('prefers the UTF-8 name of RFC 6266', () => {
    expect(filenameFrom(`attachment; filename="consumption-E-0001.csv"; filename*=UTF-8''%D1%80%D0%B0%D1%81%D1%85%D0%BE%D0%B4.csv`, 'x')).toBe('расход.csv');
  });

  it('takes the plain name, quoted or not', () => {
    expect(filenameFrom('attachment; filename="consumption-E-0001-2026-11-01.csv"', 'x')).toBe('consumption-E-0001-2026-11-01.csv');
    expect(filenameFrom('attachment; filename=series.xlsx', 'x')).toBe('series.xlsx');
  });

  it('never lets a name be a path, and falls back without one', () => {
    expect(filenameFrom('attachment; filename="../../etc/passwd"', 'x')).toBe('.._.._etc_passwd');
    expect(filenameFrom(null, 'report.csv')).toBe('report.csv');
    expect(filenameFrom('attachment', 'report.csv')).toBe('report.csv');
  });
});

describe('export addresses', () => {
  it('asks for the report as shown', () => {
    const url = consumptionExportUrl('csv', { meterId: '7', resolution: 'DAY', from: Date.parse('2026-10-31T21:00:00Z'), to: Date.parse('2026-11-30T21:00:00Z'), timeZone: 'Europe/Moscow', language: 'EN' });
    expect(url).toBe('/export/consumption.csv?meter=7&resolution=DAY&from=2026-10-31T21%3A00%3A00.000Z&to=2026-11-30T21%3A00%3A00.000Z&timeZone=Europe%2FMoscow&language=EN');
    const series = new URL(seriesExportUrl('xlsx', { meterId: '7', quantities: ['VOLTAGE_L1', 'FREQUENCY'], aggregation: 'HOUR', from: 0, to: 3_600_000, timeZone: 'UTC', language: 'RU' }), 'http://x');
    expect(series.pathname).toBe('/export/series.xlsx');
    expect(series.searchParams.get('quantities')).toBe('VOLTAGE_L1,FREQUENCY');
    expect(series.searchParams.get('language')).toBe('RU');
  });
});

describe('refused exports', () => {
  it('carry the server’s message and code', async () => {
    const original = globalThis.fetch;
    globalThis.fetch = async () => new Response(JSON.stringify({ error: { message: 'Войдите в личный кабинет', code: 'UNAUTHENTICATED' } }), { status: 401 });
    try {
      await expect(fetchFile('/export/consumption.csv', { fallbackName: 'x' })).rejects.toMatchObject({ message: 'Войдите в личный кабинет', code: 'UNAUTHENTICATED', status: 401 });
    } finally {
      globalThis.fetch = original;
    }
  });
});
