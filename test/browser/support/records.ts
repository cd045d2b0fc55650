import ExcelJS from 'exceljs';
import type { Locator, Page } from '@playwright/test';

/** Every cell value of every sheet of an XLSX file, row by row, as text. */
export async function xlsxRows(path: string): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const rows: string[][] = [];
  book.eachSheet((sheet) =>
    sheet.eachRow((row) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows.push(values.map((v) => (v === null || v === undefined ? '' : cellText(v))));
    }),
  );
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (typeof value === 'object' && value !== null) {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return typeof value.result === 'object' ? '' : String(value.result);
    if (value instanceof Date) return value.toISOString();
    return JSON.stringify(value);
  }
  return String(value);
}

/** A non-searchable Mantine select: opens it and clicks the option. */
export async function choose(
  page: Page,
  label: string | RegExp,
  option: string | RegExp,
  within: Page | Locator = page,
) {
  await within
    .getByRole('textbox', { name: label })
    .or(within.getByRole('combobox', { name: label }))
    .first()
    .click();
  await page.getByRole('option', { name: option }).first().click();
}

/** The buttons a page offers that would change something, enabled, among those named. */
export async function enabledWriteControls(page: Page, names: (string | RegExp)[]): Promise<string[]> {
  const found: string[] = [];
  for (const name of names) {
    const controls = page.getByRole('button', { name }).or(page.getByRole('link', { name }));
    for (const control of await controls.all()) {
      if (await control.isEnabled()) found.push(String(name));
    }
  }
  return found;
}

/** The date a given number of days from today, as the API and date fields take it. */
export function isoDay(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
