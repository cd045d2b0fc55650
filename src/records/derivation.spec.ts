import type { DestinationStatus } from '../vocabularies/vocabulary-rules';
import {
  type AgreementFacts,
  type ChainFacts,
  type DerivationContext,
  deriveRecord,
  type ProcessorFacts,
} from './derivation';
import type { ActivitySnapshotLike } from './derivation';

const EEA = new Set(['DE', 'FR', 'IE', 'NL']);
const ADEQUATE = new Set(['CH', 'JP']);

function destination(country: string, dpf: boolean): DestinationStatus {
  if (EEA.has(country)) return 'eea';
  if (ADEQUATE.has(country) || (country === 'US' && dpf)) return 'adequate';
  return 'third_country';
}

function processor(overrides: Partial<ProcessorFacts> & { id: string; name: string }): ProcessorFacts {
  return {
    country: 'DE',
    processingCountries: ['DE'],
    dpfCertified: false,
    parentId: null,
    status: 'active',
    archived: false,
    authorization: 'not_applicable',
    ...overrides,
  };
}

function agreement(overrides: Partial<AgreementFacts> = {}): AgreementFacts {
  return {
    id: 'ag-1',
    title: 'DPA 2026',
    reference: 'DPA-1',
    status: 'active',
    transferMechanisms: [],
    ...overrides,
  };
}

function context(chains: ChainFacts[]): DerivationContext {
  return { chains: new Map(chains.map((c) => [c.processor.id, c])), destination };
}

function activity(overrides: Partial<ActivitySnapshotLike> = {}): ActivitySnapshotLike {
  return { processorIds: [], otherRecipients: [], dpiaRequired: false, dpiaReference: null, ...overrides };
}

const codes = (flags: { code: string }[]) => flags.map((f) => f.code);

describe('derived parts of a processing activity', () => {
  it('names a linked processor as recipient, with its agreement, and flags nothing when all is in order', () => {
    const cloud = processor({ id: 'p1', name: 'CloudMail GmbH' });
    const derived = deriveRecord(
      activity({ processorIds: ['p1'] }),
      context([{ processor: cloud, subProcessors: [], governing: new Map([['p1', agreement()]]) }]),
    );
    expect(derived).toEqual({
      recipients: [
        {
          kind: 'processor',
          name: 'CloudMail GmbH',
          processorId: 'p1',
          parentId: null,
          type: null,
          country: 'DE',
          agreement: { id: 'ag-1', title: 'DPA 2026', reference: 'DPA-1', status: 'active' },
        },
      ],
      transfers: [],
      flags: [],
    });
  });

  it('takes the safeguard of a third-country transfer from the governing agreement (SCCs)', () => {
    const us = processor({ id: 'p1', name: 'Cloud Inc', country: 'US', processingCountries: ['US', 'IE'] });
    const derived = deriveRecord(
      activity({ processorIds: ['p1'] }),
      context([
        {
          processor: us,
          subProcessors: [],
          governing: new Map([
            [
              'p1',
              agreement({
                transferMechanisms: [
                  {
                    country: 'US',
                    mechanism: 'scc_2021_914_module_2',
                    tiaCompleted: true,
                    reference: 'Annex III',
                  },
                ],
              }),
            ],
          ]),
        },
      ]),
    );
    expect(derived.transfers).toEqual([
      {
        country: 'US',
        recipient: 'Cloud Inc',
        processorId: 'p1',
        safeguard: 'scc_2021_914_module_2',
        reference: 'Annex III',
        tiaCompleted: true,
        agreementId: 'ag-1',
      },
    ]);
    expect(derived.flags).toEqual([]);
  });

  it('records no transfer to an adequate country or to a DPF-certified US processor', () => {
    const swiss = processor({ id: 'p1', name: 'Alp AG', country: 'CH', processingCountries: ['CH'] });
    const dpf = processor({
      id: 'p2',
      name: 'DPF Inc',
      country: 'US',
      processingCountries: ['US'],
      dpfCertified: true,
    });
    const governing = new Map([
      ['p1', agreement()],
      ['p2', agreement({ id: 'ag-2' })],
    ]);
    const derived = deriveRecord(
      activity({ processorIds: ['p1', 'p2'] }),
      context([
        { processor: swiss, subProcessors: [], governing },
        { processor: dpf, subProcessors: [], governing },
      ]),
    );
    expect(derived.transfers).toEqual([]);
    expect(codes(derived.flags)).toEqual([]);
  });

  it('follows the chain: sub-processors are recipients, their countries are transfers, bound by the parent’s agreement', () => {
    const mailer = processor({ id: 'p1', name: 'Mailer GmbH' });
    const sub = processor({
      id: 's1',
      name: 'Support Pvt Ltd',
      country: 'IN',
      processingCountries: ['IN'],
      parentId: 'p1',
      authorization: 'authorized',
    });
    const subsub = processor({
      id: 's2',
      name: 'Backup LLC',
      country: 'BR',
      processingCountries: ['US'],
      parentId: 's1',
      authorization: 'objection_window',
    });
    const derived = deriveRecord(
      activity({ processorIds: ['p1'] }),
      context([
        {
          processor: mailer,
          subProcessors: [sub, subsub],
          governing: new Map([
            [
              'p1',
              agreement({
                transferMechanisms: [
                  { country: 'IN', mechanism: 'scc_2021_914_module_3', tiaCompleted: false, reference: null },
                ],
              }),
            ],
          ]),
        },
      ]),
    );
    expect(derived.recipients.map((r) => [r.kind, r.name, r.parentId])).toEqual([
      ['processor', 'Mailer GmbH', null],
      ['sub_processor', 'Support Pvt Ltd', 'p1'],
      ['sub_processor', 'Backup LLC', 's1'],
    ]);
    expect(derived.transfers.map((t) => [t.country, t.recipient, t.safeguard])).toEqual([
      ['IN', 'Support Pvt Ltd', 'scc_2021_914_module_3'],
      ['US', 'Backup LLC', 'none'],
    ]);
    expect(derived.flags).toEqual([
      {
        code: 'subprocessor_not_authorized',
        message: 'Sub-processor Backup LLC is not authorised (objection_window).',
        processorId: 's2',
      },
      {
        code: 'transfer_without_safeguard',
        message:
          'Backup LLC processes the data in US, a third country without adequacy, and no transfer mechanism is recorded.',
        country: 'US',
        processorId: 's2',
      },
    ]);
  });

  it('uses a sub-processor’s own agreement when the parent’s names no mechanism for the country', () => {
    const parent = processor({ id: 'p1', name: 'Parent GmbH' });
    const sub = processor({
      id: 's1',
      name: 'Sub Inc',
      processingCountries: ['US'],
      parentId: 'p1',
      authorization: 'authorized',
    });
    const derived = deriveRecord(
      activity({ processorIds: ['p1'] }),
      context([
        {
          processor: parent,
          subProcessors: [sub],
          governing: new Map([
            ['p1', agreement()],
            [
              's1',
              agreement({
                id: 'ag-sub',
                transferMechanisms: [
                  { country: 'US', mechanism: 'bcr', tiaCompleted: true, reference: 'BCR-7' },
                ],
              }),
            ],
          ]),
        },
      ]),
    );
    expect(derived.transfers).toEqual([
      {
        country: 'US',
        recipient: 'Sub Inc',
        processorId: 's1',
        safeguard: 'bcr',
        reference: 'BCR-7',
        tiaCompleted: true,
        agreementId: 'ag-sub',
      },
    ]);
  });

  it('flags a linked processor without an active agreement, whatever the governing one is', () => {
    const none = processor({ id: 'p1', name: 'Draft BV' });
    const incomplete = processor({ id: 'p2', name: 'Signed SA' });
    const derived = deriveRecord(
      activity({ processorIds: ['p1', 'p2'] }),
      context([
        { processor: none, subProcessors: [], governing: new Map() },
        {
          processor: incomplete,
          subProcessors: [],
          governing: new Map([['p2', agreement({ status: 'signed' })]]),
        },
      ]),
    );
    expect(derived.flags).toEqual([
      {
        code: 'processor_without_active_agreement',
        message: 'Draft BV has no active data processing agreement.',
        processorId: 'p1',
      },
      {
        code: 'processor_without_active_agreement',
        message: 'Signed SA has no active agreement: the governing one is signed.',
        processorId: 'p2',
      },
    ]);
    expect(derived.recipients[1].agreement).toEqual({
      id: 'ag-1',
      title: 'DPA 2026',
      reference: 'DPA-1',
      status: 'signed',
    });
  });

  it('flags archived, offboarding and unknown processors', () => {
    const archived = processor({ id: 'p1', name: 'Old GmbH', archived: true, status: 'offboarded' });
    const derived = deriveRecord(
      activity({ processorIds: ['p1', 'gone'] }),
      context([{ processor: archived, subProcessors: [], governing: new Map([['p1', agreement()]]) }]),
    );
    expect(codes(derived.flags)).toEqual([
      'processor_archived',
      'processor_offboarding',
      'processor_unknown',
    ]);
  });

  it('adds other recipients as entered; one in a third country is a transfer with its own safeguard or none', () => {
    const derived = deriveRecord(
      activity({
        otherRecipients: [
          { name: 'HR department', type: 'internal', country: null, safeguard: null },
          { name: 'Group parent Inc', type: 'external', country: 'US', safeguard: 'bcr' },
          { name: 'Embassy', type: 'public_authority', country: 'CN', safeguard: null },
        ],
      }),
      context([]),
    );
    expect(derived.recipients.map((r) => [r.kind, r.type, r.name])).toEqual([
      ['other', 'internal', 'HR department'],
      ['other', 'external', 'Group parent Inc'],
      ['other', 'public_authority', 'Embassy'],
    ]);
    expect(derived.transfers.map((t) => [t.country, t.recipient, t.safeguard, t.processorId])).toEqual([
      ['US', 'Group parent Inc', 'bcr', null],
      ['CN', 'Embassy', 'none', null],
    ]);
    expect(codes(derived.flags)).toEqual(['transfer_without_safeguard']);
  });

  it('lists a country once per recipient, and flags a required DPIA without a reference', () => {
    const p = processor({ id: 'p1', name: 'Twice Inc', processingCountries: ['US', 'US'] });
    const derived = deriveRecord(
      activity({ processorIds: ['p1'], dpiaRequired: true, dpiaReference: ' ' }),
      context([{ processor: p, subProcessors: [], governing: new Map([['p1', agreement()]]) }]),
    );
    expect(derived.transfers).toHaveLength(1);
    expect(codes(derived.flags)).toEqual(['transfer_without_safeguard', 'dpia_reference_missing']);
  });
});
