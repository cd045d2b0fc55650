import { Response } from 'supertest';

/** A problem+json answer with this status and code, carrying a type, a title and the request id. */
export function expectProblem(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
  expect(res.body.requestId).toEqual(expect.any(String));
}

/** The fields a problem names, in the order it names them. */
export function fieldsOf(res: Response): string[] {
  return ((res.body.errors ?? []) as { field: string }[]).map((e) => e.field);
}

/** The fields a problem names, each once, sorted. */
export function distinctFieldsOf(res: Response): string[] {
  return [...new Set(fieldsOf(res))].sort();
}
