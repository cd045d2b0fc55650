import { NotFoundException } from '@nestjs/common';
import { DomainError, ErrorKind, IllegalTransition, NotFound, ValidationFailed } from './domain-error';
import { bodyParserProblem, statusOf, toProblem } from './problem.filter';

describe('problem mapping', () => {
  it('maps every error kind to one HTTP status', () => {
    const statuses = Object.values(ErrorKind).map((kind) => statusOf(kind));
    expect(statuses).toEqual([400, 401, 403, 404, 409, 423, 413, 415, 429, 503]);
  });

  it('renders a domain error with its code, field errors and extensions', () => {
    const { problem } = toProblem(new IllegalTransition('Assessment', 'draft', 'approved', ['submitted']));
    expect(problem).toEqual({
      type: 'urn:custos:problem:illegal-transition',
      title: 'The request conflicts with the current state',
      status: 409,
      code: 'ILLEGAL_TRANSITION',
      detail: 'Assessment cannot go from draft to approved; allowed from draft: submitted.',
      from: 'draft',
      to: 'approved',
      allowed: ['submitted'],
    });
    expect(toProblem(ValidationFailed.field('email', 'must be an email', 'isEmail')).problem).toMatchObject({
      status: 400,
      errors: [{ field: 'email', message: 'must be an email', rule: 'isEmail' }],
    });
    expect(toProblem(new NotFound('Processor', 'abc')).problem.status).toBe(404);
  });

  it('passes headers such as Retry-After through', () => {
    const locked = new DomainError(ErrorKind.Locked, 'ACCOUNT_LOCKED', 'Locked', {
      headers: { 'Retry-After': '900' },
    });
    expect(toProblem(locked)).toMatchObject({ problem: { status: 423 }, headers: { 'Retry-After': '900' } });
  });

  it('turns body-parser failures into named problems', () => {
    const tooLarge = bodyParserProblem({
      type: 'entity.too.large',
      status: 413,
      message: 'too large',
      limit: 10,
    });
    expect(toProblem(tooLarge).problem).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const malformed = bodyParserProblem({
      type: 'entity.parse.failed',
      status: 400,
      message: 'Unexpected end',
    });
    expect(toProblem(malformed).problem).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
    const bare = bodyParserProblem({ type: 'entity.parse.failed', status: 400, message: 'x', body: 'null' });
    expect(toProblem(bare).problem).toMatchObject({
      status: 400,
      code: 'MALFORMED_JSON',
      title: 'The request body is not a JSON object',
      errors: [{ field: 'body', message: 'must be a JSON object', rule: 'json' }],
    });
  });

  it('answers a missing route with 404 and anything unknown with a bare 500', () => {
    expect(toProblem(new NotFoundException()).problem).toMatchObject({
      status: 404,
      code: 'ROUTE_NOT_FOUND',
    });
    const { problem } = toProblem(new TypeError('cannot read x of undefined'));
    expect(problem).toEqual(expect.objectContaining({ status: 500, code: 'INTERNAL_ERROR' }));
    expect(JSON.stringify(problem)).not.toContain('cannot read');
  });
});
