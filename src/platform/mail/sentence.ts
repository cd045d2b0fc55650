/**
 * Ends a sentence with a name: "Mailwave Inc." takes no second full stop, "Acme GmbH" takes one. Used
 * by the e-mail templates (`{{sentence name}}`) and, in SQL, by the reminders the sweep writes.
 */
export function endSentence(text: string): string {
  return /[.!?]\s*$/.test(text) ? text.trimEnd() : `${text}.`;
}

/** The same in SQL, for an expression that yields the last words of a sentence. */
export function sqlEndSentence(expression: string): string {
  return `(${expression} || CASE WHEN ${expression} ~ '[.!?]\\s*$' THEN '' ELSE '.' END)`;
}
