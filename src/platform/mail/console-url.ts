/**
 * The console pages e-mails link to, where a reader takes the action: the web console serves exactly
 * these paths under `PUBLIC_URL` (web/src/app/App.tsx). Pages without a detail route (records, audit,
 * monitoring, findings) take no id.
 */
export type ConsolePage =
  | 'processors'
  | 'agreements'
  | 'assessments'
  | 'transfer-checks'
  | 'breaches'
  | 'offboarding'
  | 'monitoring'
  | 'findings'
  | 'records'
  | 'audit';

export function consoleUrl(publicUrl: string, page: ConsolePage, id?: string | null): string {
  const base = publicUrl.replace(/\/+$/, '');
  return id ? `${base}/${page}/${encodeURIComponent(id)}` : `${base}/${page}`;
}
