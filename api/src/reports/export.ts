/**
 * Reports and series as files: CSV for spreadsheets in a Russian locale (UTF-8 with BOM, «;» between fields,
 * decimal commas) and XLSX (exceljs). Times are written in the report's time zone.
 */
import { DateTime } from 'luxon';

export interface Table {
  title: string;
  /** `fixed`: decimals a CSV writes the column's numbers with (money: 2); otherwise as they are. */
  columns: Array<{ header: string; width?: number; numFmt?: string; fixed?: number }>;
  rows: Array<Array<string | number | null>>;
}

const csvCell = (v: string | number | null, fixed?: number) => {
  if (v === null) return '';
  if (typeof v === 'number') return (fixed === undefined ? String(v) : v.toFixed(fixed)).replace('.', ',');
  return /[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

export function toCsv(table: Table): Buffer {
  const lines = [table.columns.map((c) => csvCell(c.header)).join(';'), ...table.rows.map((r) => r.map((v, i) => csvCell(v, table.columns[i]?.fixed)).join(';'))];
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
