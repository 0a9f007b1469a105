/**
 * GET /export/consumption.(csv|xlsx) and /export/series.(csv|xlsx): the cabinet's export buttons and anyone with
 * a session or an integrator token; GET /export/my-data.json: everything kept about the account (the profile's
 * «Скачать мои данные»). The same access rules as the GraphQL fields they mirror; the whole file is
 * built before it is sent, so Content-Length is known and a browser can show progress.
 */
import type { Express, Request, Response } from 'express';
import { authenticate, createContext, type AppDeps } from '../composition.js';
import { bearerFrom } from '../graphql/context.js';
import { isStorageFailure } from '../db/storage-failure.js';
import { because, ClientError, StorageUnavailableError, UserInputError, type Because } from '../errors/client-errors.js';
import { DateTime } from 'luxon';
import { Language } from '../accounts/account.entity.js';
import { personalDataOf } from '../accounts/personal-data.js';
import { localTime, toCsv, toXlsx, type Table } from '../reports/export.js';
import { EXPORT_WORDS } from '../reports/export-words.js';
import { Quantity, unitOf } from '../readings/quantity.js';
import { Aggregation, QUALITY_QUANTITIES } from '../quality/quality.service.js';
import { isTimeZone, Resolution } from '../reports/time-buckets.js';
import { clientOf, cookieToken } from './websocket.js';

function fail(res: Response, status: number, message: string, code: string, reasoned: { reason?: unknown; params?: unknown; field?: unknown; retryAfter?: unknown } = {}) {
  res.status(status).json({ error: { message, code, reason: reasoned.reason, params: reasoned.params, ...(reasoned.field ? { field: reasoned.field } : {}), ...(reasoned.retryAfter !== undefined ? { retryAfter: reasoned.retryAfter } : {}) } });
}

/** A refusal from the reason catalogue (api/docs/errors.md): its message, code and reason, as GraphQL gives them. */
function refuse(res: Response, status: number, code: string, why: Because) {
  fail(res, status, why.message, code, why);
}

function date(value: unknown, name: string): Date {
  const d = new Date(String(value ?? ''));
  if (!value || Number.isNaN(d.getTime())) throw new UserInputError(because('PARAMETER_DATE', { name }), name);
  return d;
}

function oneOf<T extends string>(value: unknown, allowed: Record<string, T>, name: string): T {
  const v = String(value ?? '');
  if (!Object.values(allowed).includes(v as T)) throw new UserInputError(because('PARAMETER_CHOICE', { name, allowed: Object.values(allowed).join(', ') }), name);
  return v as T;
}

const QUANTITY_BY_NAME = new Map(Object.entries(Quantity).map(([name, value]) => [name, value]));

export function mountExports(app: Express, deps: AppDeps): void {
  /** What was not a refusal: the database out of reach (503, come back shortly), or a fault of ours (500, logged). */
  const unexpected = (res: Response, err: unknown, what: string) => {
    if (isStorageFailure(err)) {
      deps.log.warn({ err }, `${what}: storage unavailable`);
      const unavailable = new StorageUnavailableError();
      res.set('Retry-After', String(unavailable.retryAfterS));
      return fail(res, 503, unavailable.message, 'STORAGE_UNAVAILABLE', unavailable.extensions);
    }
    deps.log.error({ err }, what);
    return fail(res, 500, 'Внутренняя ошибка сервера', 'INTERNAL_SERVER_ERROR');
  };

  const handle = (kind: 'consumption' | 'series') => async (req: Request, res: Response) => {
    const format = req.params.format;
    if (format !== 'csv' && format !== 'xlsx') return refuse(res, 404, 'NOT_FOUND', because('EXPORT_FORMAT'));
    const token = bearerFrom(req.headers.authorization, cookieToken(req, deps.config.session.cookieName));
    try {
      const ctx = createContext(deps, await authenticate(deps, token), clientOf(req, deps.config.http.trustProxy), null);
      if (!ctx.principal) return refuse(res, 401, 'UNAUTHENTICATED', because('UNAUTHENTICATED'));
      const meter = await ctx.services.access.meter(Number(req.query.meter) || 0);
      if (!meter) return refuse(res, 404, 'NOT_FOUND', because('METER_NOT_FOUND'));
      const access = await ctx.services.access.forViewer(ctx.principal, meter);
      const zone = String(req.query.timeZone ?? ctx.principal.account.timeZone);
      if (!isTimeZone(zone)) throw new UserInputError(because('TIME_ZONE_UNKNOWN'), 'timeZone');
      const from = date(req.query.from, 'from');
      const to = date(req.query.to, 'to');
      // The cabinet says which language it shows; an integrator's file follows the account's.
      const w = EXPORT_WORDS[req.query.language === undefined ? ctx.principal.account.language : oneOf(req.query.language, Language, 'language')];
      let table: Table;
      if (kind === 'consumption') {
        const resolution = oneOf(req.query.resolution, Resolution, 'resolution');
        const report = await ctx.services.reports.consumption(access, resolution, from, to, zone);
        const zones = report.intervals[0]?.zones ?? [];
        const zoneNames = zones.map((z) => w.zones[zones.length]?.[z.zone] ?? z.name);
        // The cost the cabinet's table shows (the hours with data, at the meter's tariff), when it has one.
        const cost = await ctx.services.cost.pricingOf(access, ctx.principal.account.id, report, resolution)();
        const roubles = (kopecks: number | null | undefined) => (kopecks === null || kopecks === undefined ? null : kopecks / 100);
        table = {
          title: w.consumptionTitle(meter.serial),
          columns: [
            { header: w.start(zone) },
            { header: w.end },
            { header: w.consumption(report.unit === 'kWh' ? 'kWh' : 'm3'), numFmt: '0.000' },
            ...(cost ? [{ header: w.cost(cost.tariff.name), numFmt: '0.00', fixed: 2, width: 22 }] : []),
            ...zoneNames.map((n) => ({ header: n, numFmt: '0.000' })),
            { header: w.complete, width: 14 },
          ],
          rows: report.intervals.map((i, k) => [
            localTime(i.from, zone),
            localTime(i.to, zone),
            i.consumption,
            ...(cost ? [roubles(cost.intervals[k]?.pricedKopecks)] : []),
            ...i.zones.map((z) => z.consumption),
            i.complete ? w.yes : w.no,
          ]),
        };
      } else {
        const aggregation = oneOf(req.query.aggregation ?? Aggregation.TEN_MINUTES, Aggregation, 'aggregation');
        const names = String(req.query.quantities ?? '').split(',').filter(Boolean);
        const quantities = names.length ? names.map((n) => QUANTITY_BY_NAME.get(n) ?? unknownQuantity(n)) : QUALITY_QUANTITIES;
        const series = await ctx.services.quality.series(access, quantities, from, to, aggregation);
        table = {
          title: w.seriesTitle(meter.serial),
          columns: [{ header: w.time(zone) }, { header: w.quantity, width: 24 }, { header: w.unit, width: 10 }, { header: w.min, numFmt: '0.000' }, { header: w.max, numFmt: '0.000' }, { header: w.average, numFmt: '0.000' }, { header: w.count, width: 12 }],
          rows: series.flatMap((s) =>
            s.points.map((p) => [localTime(p.time, zone), w.quantities[s.quantity], w.units[unitOf(s.quantity)] ?? unitOf(s.quantity), p.min, p.max, p.average, p.count]),
          ),
        };
      }
      const body = format === 'csv' ? toCsv(table, w.csv) : await toXlsx(table);
      // Named by the days it covers on the report's clock: [from, to) ends the day before `to` when `to` is a midnight.
      const first = DateTime.fromJSDate(from, { zone }).toISODate();
      const last = DateTime.fromJSDate(new Date(Math.max(from.getTime(), to.getTime() - 1)), { zone }).toISODate();
      const name = `${kind}-${meter.serial}-${first === last ? first : `${first}_${last}`}.${format}`;
      res
        .status(200)
        .set({
          'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'Content-Disposition': `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`,
          'Content-Length': String(body.length),
          'Cache-Control': 'no-store',
        })
        .end(body);
    } catch (err) {
      const client = err instanceof ClientError ? err : null;
      if (client) {
        const code = String(client.extensions.code);
        return fail(res, code === 'FORBIDDEN' ? 403 : code === 'UNAUTHENTICATED' ? 401 : code === 'NOT_FOUND' ? 404 : 400, client.message, code, client.extensions);
      }
      return unexpected(res, err, 'export failed');
    }
  };
  // Everything kept about the signed-in account (accounts/personal-data.ts), as a file.
  app.get('/export/my-data.json', async (req, res) => {
    const token = bearerFrom(req.headers.authorization, cookieToken(req, deps.config.session.cookieName));
    try {
      const ctx = createContext(deps, await authenticate(deps, token), clientOf(req, deps.config.http.trustProxy), null);
      if (!ctx.principal) return refuse(res, 401, 'UNAUTHENTICATED', because('UNAUTHENTICATED'));
      const data = await personalDataOf(ctx.em, ctx.principal.account.id);
      const body = Buffer.from(JSON.stringify(data, null, 2), 'utf8');
      const name = `my-data-${data.generatedAt.slice(0, 10)}.json`;
      res
        .status(200)
        .set({ 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"`, 'Content-Length': String(body.length), 'Cache-Control': 'no-store' })
        .end(body);
    } catch (err) {
      return unexpected(res, err, 'personal data export failed');
    }
  });
  app.get('/export/consumption.:format', handle('consumption'));
  app.get('/export/series.:format', handle('series'));
}

function unknownQuantity(name: string): never {
  throw new UserInputError(because('QUANTITY_UNKNOWN', { name }), 'quantities');
}
