/**
 * The console pages e-mails link to, where a reader takes the action: the web console serves exactly
 * these paths under `PUBLIC_URL`.
 */
export type ConsolePage =
  'processors' | 'agreements' | 'assessments' | 'breaches' | 'offboarding' | 'monitoring' | 'findings';

export function consoleUrl(publicUrl: string, page: ConsolePage, id?: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  return id ? `${base}/${page}/${encodeURIComponent(id)}` : `${base}/${page}`;
}
