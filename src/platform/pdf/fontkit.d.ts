/** The part of fontkit (pdfkit's font engine, which ships no types) that Custos uses. */
declare module 'fontkit' {
  export function create(buffer: Buffer, postscriptName?: string): object;
}
