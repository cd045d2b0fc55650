import type { AdequacyFacts } from '../agreements/transfer-tools';
import {
  type AgreementFacts,
  type ChainFacts,
  type DerivationContext,
  deriveRecord,
  type ProcessorFacts,
} from './derivation';
import type { ActivitySnapshotLike } from './derivation';

const EEA = new Set(['DE', 'FR', 'IE', 'NL']);
const DECISIONS: Record<string, AdequacyFacts> = {
  CH: {
    code: 'CH',
    instrument: 'Decision 2000/518/EC',
    adoptedOn: '2000-07-26',
    scope: 'full',
    condition: null,
  },
  JP: {
    code: 'JP',
    instrument: 'Decision (EU) 2019/419',
    adoptedOn: '2019-01-23',
    scope: 'partial',
    condition: null,
  },
  US: {
    code: 'US',
    instrument: 'Decision (EU) 2023/1795',
    adoptedOn: '2023-07-10',
    scope: 'partial',
    condition: 'dpf_certified',
  },
};
const DAY = '2026-03-10';
const geography = {
  isEea: (code: string) => EEA.has(code),
  nameOf: (code: string) =>
    ({ US: 'United States', IN: 'India', CN: 'China', CH: 'Switzerland' })[code] ?? code,
  adequacyOn: (code: string) => DECISIONS[code],
};
const certified = {
  dpfCertified: true,
  dpfCertification: {
    certifiedOn: null,
    lastConfirmedOn: '2026-01-10',
    scope: ['non_hr' as const],
    reference: null,
  },
};

function processor(overrides: Partial<ProcessorFacts> & { id: string; name: string }): ProcessorFacts {
  return {
    country: 'DE',
    processingCountries: ['DE'],
    dpfCertified: false,
    dpfCertification: null,
    adequacyScopeConfirmations: [],
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
    terminatedOn: null,
    transferMechanisms: [],
    tias: [],
    ...overrides,
  };
}

function context(chains: ChainFacts[]): DerivationContext {
  return { chains: new Map(chains.map((c) => [c.processor.id, c])), day: DAY, geography };
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
          ended: false,
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
                tias: [
                  {
                    id: 'tia-1',
                    destination: 'US',
                    assessedOn: '2026-01-05',
                    outcome: 'proceed',
                    measuresInPlace: false,
                    reviewOn: null,
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
        classification: 'third_country',
        safeguard: 'scc_2021_914_module_2',
        adequacyDecision: null,
        reference: 'Annex III',
        tiaCompleted: true,
        tia: { id: 'tia-1', assessedOn: '2026-01-05', outcome: 'proceed' },
        agreementId: 'ag-1',
        problem: null,
        explanation: expect.stringContaining('transfer impact assessment of 2026-01-05'),
        endedOn: null,
      },
    ]);
    expect(derived.flags).toEqual([]);
  });

  it('records transfers to an adequate country and to a DPF-certified US processor, with the decision as basis', () => {
    const swiss = processor({ id: 'p1', name: 'Alp AG', country: 'CH', processingCountries: ['CH'] });
    const dpf = processor({
      id: 'p2',
      name: 'DPF Inc',
      country: 'US',
      processingCountries: ['US'],
      ...certified,
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
    expect(
      derived.transfers.map((t) => [
        t.country,
        t.recipient,
        t.classification,
        t.safeguard,
        t.adequacyDecision,
      ]),
    ).toEqual([
      ['CH', 'Alp AG', 'adequate', 'adequacy_decision', 'Decision 2000/518/EC'],
      ['US', 'DPF Inc', 'adequate', 'adequacy_decision', 'Decision (EU) 2023/1795'],
    ]);
    expect(codes(derived.flags)).toEqual([]);
  });

  it('follows the chain: authorised sub-processors are recipients and their countries transfers; pending or objected ones receive nothing', () => {
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
    ]);
    expect(derived.transfers.map((t) => [t.country, t.recipient, t.safeguard, t.problem])).toEqual([
      ['IN', 'Support Pvt Ltd', 'scc_2021_914_module_3', 'TIA_MISSING'],
    ]);
    expect(derived.flags).toEqual([
      {
        code: 'subprocessor_not_authorized',
        message:
          'Sub-processor Backup LLC is not authorised yet (objection window): it does not receive the data.',
        processorId: 's2',
      },
      {
        code: 'transfer_basis_incomplete',
        message: expect.stringContaining('no transfer impact assessment'),
        country: 'IN',
        processorId: 's1',
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
      expect.objectContaining({
        country: 'US',
        recipient: 'Sub Inc',
        processorId: 's1',
        safeguard: 'bcr',
        reference: 'BCR-7',
        agreementId: 'ag-sub',
        problem: 'TIA_MISSING',
      }),
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

  it('shows an ended engagement as ended, with the safeguard that covered it while it ran', () => {
    const gone = processor({ id: 'p1', name: 'Gone Ltd', processingCountries: ['IN'], status: 'offboarded' });
    const ended = agreement({
      status: 'terminated',
      terminatedOn: '2026-02-01',
      transferMechanisms: [
        { country: 'IN', mechanism: 'scc_2021_914_module_2', tiaCompleted: null, reference: 'Annex III' },
      ],
      tias: [
        {
          id: 't1',
          destination: 'IN',
          assessedOn: '2025-06-01',
          outcome: 'proceed',
          measuresInPlace: false,
          reviewOn: null,
        },
      ],
    });
    const derived = deriveRecord(
      activity({ processorIds: ['p1'] }),
      context([{ processor: gone, subProcessors: [], governing: new Map([['p1', ended]]) }]),
    );
    expect(derived.recipients[0]).toMatchObject({
      name: 'Gone Ltd',
      ended: true,
      agreement: { status: 'terminated' },
    });
    expect(derived.transfers).toEqual([
      expect.objectContaining({
        country: 'IN',
        safeguard: 'scc_2021_914_module_2',
        problem: null,
        endedOn: '2026-02-01',
      }),
    ]);
    expect(derived.transfers[0].explanation).toMatch(/^Until 2026-02-01, when the engagement ended:/);
    expect(codes(derived.flags)).toEqual(['processor_offboarding']);
  });

  it('flags archived, offboarding and unknown processors', () => {
    const archived = processor({ id: 'p1', name: 'Old GmbH', archived: true, status: 'offboarded' });
    // an ended engagement needs no active agreement: it is flagged as ended instead
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
    // The tool in words, as the person chose it from the console's list.
    expect(derived.transfers[0].explanation).toMatch(
      /^Group parent Inc in .* \(US\): Binding corporate rules \(Art\. 47\), as recorded on the activity\.$/,
    );
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
