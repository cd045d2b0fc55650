/** Codes that Intl names but that are no country (unions, pseudo-regions, "unknown"). */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ']);

let cached: { value: string; label: string }[] | undefined;

/**
 * Countries as options, "Germany (DE)", named by the browser itself: the portal has no session to
 * read the API's country list with, and shipping one would weigh more than this.
 */
export function countryOptions(): { value: string; label: string }[] {
  if (cached) return cached;
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
  const options: { value: string; label: string }[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (NOT_COUNTRIES.has(code)) continue;
      const name = names.of(code);
      if (name && name !== code) options.push({ value: code, label: `${name} (${code})` });
    }
  }
  cached = options.sort((x, y) => x.label.localeCompare(y.label));
  return cached;
}
