import { auditState, canonicalJson, eventHash } from './audit-hash';

/*
 * The hashes of stored events must never change: an event hashed today is verified years later. These
 * figures were computed when the chain was keyed; a change to the canonical form breaks them.
 */

const event = {
  id: '8c6f2f0e-6a2c-4c53-9a57-1f0e1d2c3b4a',
  organizationId: '5d1f1c3e-2b4a-4f6e-8d7c-9a0b1c2d3e4f',
  seq: '42',
  occurredAt: new Date('2026-12-07T05:00:00.000Z'),
  actorType: 'api_key',
  actorId: null,
  actorLabel: 'procurement',
  action: 'transfer.checked',
  entityType: 'transfer_decision',
  entityId: 'e1',
  before: null,
  after: { eligible: true, reasons: ['A', 'B'], nested: { y: 2, x: 1 } },
  ip: '127.0.0.1',
  userAgent: null,
  requestId: 'r1',
  prevHash: '0'.repeat(64),
  keyId: 'k1',
};

describe('the audit hash', () => {
  it('writes JSON with keys sorted at every level, whatever order they were set in', () => {
    const value = {
      b: [3, undefined, { z: 1, a: null, m: undefined }],
      a: 'x',
      '10': true,
      '2': false,
      when: new Date('2026-12-07T05:00:00.000Z'),
      é: 'e',
      Z: [],
    };
    expect(canonicalJson(value)).toBe(
      '{"10":true,"2":false,"Z":[],"a":"x","b":[3,null,{"a":null,"z":1}],"when":"2026-12-07T05:00:00.000Z","é":"e"}',
    );
    expect(canonicalJson({ y: { b: 1, a: 2 }, x: 0 })).toBe(canonicalJson({ x: 0, y: { a: 2, b: 1 } }));
    expect([null, undefined, 'a"b', 1.5, false].map(canonicalJson)).toEqual([
      'null',
      'null',
      '"a\\"b"',
      '1.5',
      'false',
    ]);
  });

  it('gives the same keyed and legacy hashes as when the chain was keyed', () => {
    expect(eventHash(event, 'secret-of-thirty-two-characters!')).toBe(
      '07e1caaa9ef03906494141aa933aad2acda3527ee9470b8df9a392b6ebc5b5d5',
    );
    expect(eventHash(event, null)).toBe('994b68886163ae52e932817e9d52bf401a72541fa03a226e8c71202e38a56119');
    expect(
      eventHash({ ...event, after: { nested: { x: 1, y: 2 }, reasons: ['A', 'B'], eligible: true } }, null),
    ).toBe('994b68886163ae52e932817e9d52bf401a72541fa03a226e8c71202e38a56119');
  });

  it('keeps secrets out of a state and dates as ISO strings', () => {
    expect(
      auditState({ name: 'n', passwordHash: 'h', apiKey: 'k', nested: { token: 't', at: new Date(0) } }),
    ).toEqual({ name: 'n', nested: { at: '1970-01-01T00:00:00.000Z' } });
  });

  it('makes of a state what a JSON round trip makes of it, secrets aside', () => {
    class Money {
      constructor(
        readonly amount: number,
        readonly currency: string,
      ) {}
      toJSON() {
        return `${this.amount} ${this.currency}`;
      }
    }
    const state = {
      text: 'é "quoted"',
      count: 3,
      ratio: 0.25,
      notANumber: NaN,
      infinite: Infinity,
      yes: true,
      nothing: null,
      missing: undefined,
      call: () => 1,
      symbol: Symbol('s'),
      at: new Date('2026-12-08T10:00:00Z'),
      boxed: new String('boxed'),
      price: new Money(12, 'EUR'),
      list: [1, undefined, () => 2, null, { token: 'secret', kept: [new Date(0)] }],
      nested: { deeper: { recoveryCodes: ['a'], name: 'n' }, instance: new Money(1, 'USD') },
      bytes: Buffer.from('ab'),
      map: new Map([['a', 1]]),
    };
    const roundTrip = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
    delete (roundTrip.list as Record<string, unknown>[])[4].token;
    delete (roundTrip.nested as Record<string, Record<string, unknown>>).deeper.recoveryCodes;
    expect(auditState(state)).toEqual(roundTrip);
    expect(JSON.stringify(auditState(state))).toBe(JSON.stringify(roundTrip));
    expect(() => auditState({ big: 1n })).toThrow(TypeError);
  });
});
