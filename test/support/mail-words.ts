import type { ReceivedMail } from './smtp';

/**
 * What every e-mail a person reads must hold: no API path, no HTTP verb, no JSON, no doubled full stop,
 * and the console page where the reader acts, in the text and as a link in the HTML. Returns what is
 * wrong, so a failing test says it in one line.
 */
export function mailWordsProblems(mail: ReceivedMail, consoleLink?: string): string[] {
  const problems: string[] = [];
  for (const [body, text] of [
    ['text', mail.text],
    ['html', mail.html],
  ] as const) {
    if (/\/api\/v1\/(?!certificates\/)/.test(text)) problems.push(`${body} links the API`);
    if (/\b(GET|POST|PUT|PATCH|DELETE) \//.test(text)) problems.push(`${body} names an HTTP verb`);
    if (/\{\{|\}\}|":\s*[{["]/.test(text)) problems.push(`${body} shows JSON or template syntax`);
    if (/[A-Za-z]\.\.(\s|$)/.test(text)) problems.push(`${body} has a doubled full stop`);
  }
  if (consoleLink) {
    if (!mail.text.includes(consoleLink)) problems.push(`text lacks ${consoleLink}`);
    if (!mail.html.includes(`href="${consoleLink}"`)) problems.push(`html lacks a link to ${consoleLink}`);
  }
  return problems;
}

/** The addresses of the Reply-To header the SMTP server received. */
export function replyTo(mail: ReceivedMail): string[] {
  return mail.raw.replyTo?.value.map((a) => a.address ?? '') ?? [];
}
