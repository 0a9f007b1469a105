/**
 * Export files (CSV, XLSX) fetched with progress: the API sends Content-Length, so reading the body as a
 * stream tells how much of it has arrived. The finished file is handed to the browser as a download with the
 * name the server chose (Content-Disposition), not opened in the tab.
 */
import { loadErrorWords } from '$lib/i18n';

export interface DownloadProgress {
  loaded: number;
  /** Null when the server did not say (then only the bytes so far can be shown). */
  total: number | null;
}

export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

/** An export the server refused: its JSON `{ error: { message, code, reason, params } }` or the HTTP status. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    /** The API's reason for the refusal and its params (see api/docs/errors.md), when it gave one. */
    readonly reason?: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

/** The total size from a Content-Length header; null when it is missing or not a byte count. */
export function contentLength(header: string | null): number | null {
  if (!header || !/^\s*\d+\s*$/.test(header)) return null;
  const n = Number(header);
  return Number.isSafeInteger(n) ? n : null;
}

/** Share done, 0–1, or null when the total is unknown. Never above 1, even if the server sent more. */
export function progressShare({ loaded, total }: DownloadProgress): number | null {
  if (total === null) return null;
  if (total === 0) return 1;
  return Math.min(1, loaded / total);
}

/**
 * The file name from Content-Disposition: RFC 6266's `filename*=UTF-8''…` (percent-encoded, preferred) or
 * the plain `filename="…"`; `fallback` without either. Path separators are dropped: a name, never a path.
 */
export function filenameFrom(header: string | null, fallback: string): string {
  let name: string | null = null;
  if (header) {
    const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
    if (extended) {
      try {
        name = decodeURIComponent(extended[1].trim());
      } catch {
        name = null;
      }
    }
    if (!name) {
      const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/.exec(header);
      if (plain) name = (plain[1] ?? plain[2] ?? '').replace(/\\(.)/g, '$1').trim();
    }
  }
  name = name?.replace(/[/\\]/g, '_').trim() || '';
  return name || fallback;
}

/** Reads a response body chunk by chunk, reporting progress; resolves with all of it. */
export async function readWithProgress(response: Response, onProgress: (p: DownloadProgress) => void): Promise<Blob> {
  const total = contentLength(response.headers.get('content-length'));
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  if (!response.body) {
    const blob = await response.blob();
    onProgress({ loaded: blob.size, total: total ?? blob.size });
    return blob;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let loaded = 0;
  onProgress({ loaded, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value as Uint8Array<ArrayBuffer>);
    loaded += value.byteLength;
    onProgress({ loaded, total });
  }
  return new Blob(chunks, { type });
}

/** Fetches an export with the session cookie; a refusal becomes a DownloadError with the server's message. */
export async function fetchFile(
  url: string,
  { onProgress = () => {}, signal, fallbackName }: { onProgress?: (p: DownloadProgress) => void; signal?: AbortSignal; fallbackName: string },
): Promise<DownloadedFile> {
  const response = await fetch(url, { credentials: 'same-origin', signal, cache: 'no-store' });
  if (!response.ok) {
    let message = '';
    let code = 'HTTP_' + response.status;
    let reason: string | undefined;
    let params: Record<string, string | number> | undefined;
    try {
      const body = (await response.json()) as { error?: { message?: string; code?: string; reason?: string; params?: Record<string, string | number> } };
      message = body.error?.message ?? '';
      code = body.error?.code ?? code;
      reason = body.error?.reason;
      params = body.error?.params;
    } catch {
      // Not JSON: the status says enough.
    }
    // The screen says it with apiErrorText: the reason's words must be there by then.
    await loadErrorWords();
    throw new DownloadError(message, code, response.status, reason, params);
  }
  const blob = await readWithProgress(response, onProgress);
  return { blob, filename: filenameFrom(response.headers.get('content-disposition'), fallbackName) };
}

/** Hands a file to the browser as a download (a temporary link with `download`). */
export function saveFile({ blob, filename }: DownloadedFile): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Some browsers read the URL only after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export interface ConsumptionExport {
  meterId: string;
  resolution: string;
  from: number;
  to: number;
  timeZone: string;
  /** The headers' and names' language: the cabinet's. */
  language: 'RU' | 'EN';
}

export interface SeriesExport {
  meterId: string;
  quantities: string[];
  aggregation: string;
  from: number;
  to: number;
  timeZone: string;
  language: 'RU' | 'EN';
}

const iso = (ms: number) => new Date(ms).toISOString();

/** GET /export/consumption.(csv|xlsx): the report as on screen. */
export function consumptionExportUrl(format: 'csv' | 'xlsx', e: ConsumptionExport): string {
  const q = new URLSearchParams({ meter: e.meterId, resolution: e.resolution, from: iso(e.from), to: iso(e.to), timeZone: e.timeZone, language: e.language });
  return `/export/consumption.${format}?${q}`;
}

/** GET /export/series.(csv|xlsx): the series as on screen. */
export function seriesExportUrl(format: 'csv' | 'xlsx', e: SeriesExport): string {
  const q = new URLSearchParams({ meter: e.meterId, quantities: e.quantities.join(','), aggregation: e.aggregation, from: iso(e.from), to: iso(e.to), timeZone: e.timeZone, language: e.language });
  return `/export/series.${format}?${q}`;
}
