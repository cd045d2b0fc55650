/** Text for a LIKE pattern that matches itself only: `%`, `_` and the escape character `\` escaped. */
export function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
