/**
 * Reports and series as files: CSV (UTF-8 with BOM) in the dialect a spreadsheet of the reader's locale opens
 * without an import dialog — «;» and decimal commas for Russian, «,» and decimal points for English — and XLSX
 * (exceljs), where numbers are numbers in any locale. Times are written in the report's time zone.
 */
import { DateTime } from 'luxon';

export interface Table {
  title: string;
  /** `fixed`: decimals a CSV writes the column's numbers with (money: 2); otherwise as they are. */
  columns: Array<{ header: string; width?: number; numFmt?: string; fixed?: number }>;
  rows: Array<Array<string | number | null>>;
}

export interface CsvDialect {
  separator: ';' | ',';
  decimal: ',' | '.';
}

/** What suppliers and Russian spreadsheets read. */
export const RUSSIAN_CSV: CsvDialect = { separator: ';', decimal: ',' };

function csvCell(v: string | number | null, dialect: CsvDialect, fixed?: number): string {
  if (v === null) return '';
  if (typeof v === 'number') return (fixed === undefined ? String(v) : v.toFixed(fixed)).replace('.', dialect.decimal);
  return v.includes(dialect.separator) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(table: Table, dialect: CsvDialect = RUSSIAN_CSV): Buffer {
  const line = (cells: Array<string | number | null>, fixed: (i: number) => number | undefined = () => undefined) => cells.map((v, i) => csvCell(v, dialect, fixed(i))).join(dialect.separator);
  const lines = [line(table.columns.map((c) => c.header)), ...table.rows.map((r) => line(r, (i) => table.columns[i]?.fixed))];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n')]);
}

export async function toXlsx(table: Table): Promise<Buffer> {
  // Loaded on the first XLSX export: exceljs is the heaviest module of the API and most starts never need it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'АСКУЭ';
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(table.title.slice(0, 31));
  sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width ?? 18, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of table.rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const localTime = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat('yyyy-LL-dd HH:mm');
