import { Conflict, DomainError, ErrorKind } from './domain-error';
import { featureErrors } from './feature-errors';

const Errors = featureErrors({
  THING_CLOSED: [409, 'the thing is closed'],
  OWNER_ONLY: [403, 'only its owner may'],
});

describe('featureErrors', () => {
  it('throws the feature codes with their kind', () => {
    const conflict = Errors.conflict('THING_CLOSED', 'The thing is closed.', { at: 1 });
    expect(conflict).toBeInstanceOf(Conflict);
    expect([conflict.code, conflict.detail, conflict.extensions]).toEqual([
      'THING_CLOSED',
      'The thing is closed.',
      { at: 1 },
    ]);
    const forbidden = Errors.forbidden('OWNER_ONLY', 'Owner only', 'Only the owner may.');
    expect(forbidden).toBeInstanceOf(DomainError);
    expect([forbidden.kind, forbidden.code, forbidden.title]).toEqual([
      ErrorKind.Forbidden,
      'OWNER_ONLY',
      'Owner only',
    ]);
  });

  it('lists each code with its status and meaning, all or some', () => {
    expect(Errors.codes).toEqual({
      THING_CLOSED: { status: 409, meaning: 'the thing is closed' },
      OWNER_ONLY: { status: 403, meaning: 'only its owner may' },
    });
    expect(Errors.pick('OWNER_ONLY').codes).toEqual({
      OWNER_ONLY: { status: 403, meaning: 'only its owner may' },
    });
  });
});
