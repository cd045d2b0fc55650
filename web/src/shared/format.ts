/** Dates and times in the reader's locale (the API speaks ISO 8601, UTC). */
const locale = typeof navigator === 'undefined' ? 'en' : navigator.language;

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime())
    ? value
    : new Intl.DateTimeFormat(locale, {
        dateStyle: 'medium',
        timeZone: value.length === 10 ? 'UTC' : undefined,
      }).format(date);
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
