/** Downloads. */

/** A superagent parser that keeps the response body as a Buffer (for file downloads). */
export function binaryParser(response: object, callback: (error: Error | null, body: Buffer) => void): void {
  // At run time superagent hands over the Node.js response stream.
  const res = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer | string) => chunks.push(Buffer.from(chunk)));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
  res.on('error', (error: Error) => callback(error, Buffer.alloc(0)));
}
