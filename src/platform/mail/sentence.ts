/**
 * Ends a sentence with a name: "Mailwave Inc." takes no second full stop, "Acme GmbH" takes one. Used
 * by the e-mail and reminder templates as `{{sentence name}}`.
 */
export function endSentence(text: string): string {
  return /[.!?]\s*$/.test(text) ? text.trimEnd() : `${text}.`;
}
