import type { ActivityView } from '../processing-activities.service';
import { CONTROLLER_COLUMNS } from './columns';
import type { RecordLabels } from './labels';

const labels: RecordLabels = {
  dataCategories: new Map([
    ['user.name', 'Name'],
    ['user.health', 'Health Data'],
  ]),
  dataSubjects: new Map([['employee', 'Employee']]),
  dataUses: new Map([['employment', 'Employment']]),
  countries: new Map([['US', 'United States']]),
  specialCategoryOf: (key) => (key.startsWith('user.health') ? { article: '9', kind: 'health' } : undefined),
};

const row: ActivityView = {
  activity: {
    id: '0f8e7a5c-1111-4222-8333-444455556666',
    name: 'Occupational health',
    businessFunction: 'HR',
    purposes: ['employment'],
    purposeDescription: 'Checking fitness for night work as the Working Time Act requires',
    legalBases: ['art6_1_c', 'art9_2_h'],
    legitimateInterest: null,
    legitimateInterestsAssessment: null,
    consentRecord: null,
    rightsAvailable: ['access', 'rectification'],
    automatedDecisionMaking: null,
    dataSubjectCategories: ['employee'],
    dataCategories: ['user.name', 'user.health'],
    dataLocation: 'HR system, Frankfurt',
    retention: '3 years',
    retentionByCategory: [{ dataCategory: 'user.health', limit: '10 years' }],
    securityMeasures: 'Encryption',
    dpiaRequired: true,
    dpiaProgress: 'completed',
    dpiaReference: 'DPIA-7',
    breachRecord: null,
    jointControllers: [{ name: 'Group SE', contact: 'privacy@group.example' }],
    dataSource: 'The employee',
    processorIds: ['p1'],
    otherRecipients: [],
    archivedAt: null,
    version: 2,
    createdAt: '2026-01-14T10:00:00.000Z',
    updatedAt: '2026-01-15T10:00:00.000Z',
  },
  derived: {
    recipients: [
      {
        kind: 'processor',
        name: 'Med Cloud Inc',
        processorId: 'p1',
        parentId: null,
        type: null,
        country: 'US',
        agreement: { id: 'a1', title: 'DPA Med', reference: 'R-1', status: 'active' },
        ended: false,
      },
    ],
    transfers: [
      {
        country: 'US',
        recipient: 'Med Cloud Inc',
        processorId: 'p1',
        classification: 'third_country',
        safeguard: 'scc_2021_914_module_2',
        adequacyDecision: null,
        reference: 'Annex III',
        tiaCompleted: true,
        tia: { id: 't1', assessedOn: '2026-01-10', outcome: 'proceed' },
        agreementId: 'a1',
        problem: null,
        explanation: 'Med Cloud Inc in United States (US): SCC Module 2, TIA of 2026-01-10.',
        endedOn: null,
      },
    ],
    flags: [],
  },
};

describe('controller record columns', () => {
  it('follow the ICO template’s Art. 30 columns in its order, after the activity’s name', () => {
    expect(CONTROLLER_COLUMNS.map((c) => c.header).slice(0, 13)).toEqual([
      'Processing activity',
      'Business function',
      'Purpose of processing',
      'Name and contact details of joint controller (if applicable)',
      'Categories of individuals',
      'Categories of personal data',
      'Categories of recipients',
      'Link to contract with processor',
      'Names of third countries or international organisations that personal data are transferred to (if applicable)',
      'Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)',
      'Retention schedule (if possible)',
      'General description of technical and organisational security measures (if possible)',
      'Article 6 lawful basis for processing personal data',
    ]);
  });

  it('render every cell from the record and its derived parts', () => {
    const cells = Object.fromEntries(CONTROLLER_COLUMNS.map((c) => [c.header, c.value(row, labels)]));
    expect(cells).toEqual({
      'Processing activity': 'Occupational health',
      'Business function': 'HR',
      'Purpose of processing': [
        'Checking fitness for night work as the Working Time Act requires',
        'Employment (employment)',
      ],
      'Name and contact details of joint controller (if applicable)': ['Group SE, privacy@group.example'],
      'Categories of individuals': ['Employee (employee)'],
      'Categories of personal data': ['Name (user.name)', 'Health Data (user.health)'],
      'Categories of recipients': ['Processor: Med Cloud Inc (United States (US))'],
      'Link to contract with processor': ['Med Cloud Inc: DPA Med (R-1), active'],
      'Names of third countries or international organisations that personal data are transferred to (if applicable)':
        ['United States (US)'],
      'Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)':
        [
          'United States (US), Med Cloud Inc: Standard contractual clauses 2021/914, module 2 (Art. 46(2)(c)) (Annex III); transfer impact assessment of 2026-01-10',
        ],
      'Retention schedule (if possible)': ['3 years', 'Health Data (user.health): 10 years'],
      'General description of technical and organisational security measures (if possible)': 'Encryption',
      'Article 6 lawful basis for processing personal data': ['Art. 6(1)(c) legal obligation'],
      'Article 9 basis for processing special category data (and Article 10 for criminal offence data)': [
        'Art. 9(2)(h) health or social care',
      ],
      'Special category or criminal offence data': ['Health Data (user.health): Art. 9, health'],
      'Legitimate interests for the processing (if applicable)': '',
      'Link to record of legitimate interests assessment (if applicable)': '',
      'Rights available to individuals': ['Access (Art. 15)', 'Rectification (Art. 16)'],
      'Existence of automated decision-making, including profiling (if applicable)': 'None',
      'The source of the personal data (if applicable)': 'The employee',
      'Link to record of consent': '',
      'Location of personal data': 'HR system, Frankfurt',
      'Data Protection Impact Assessment required?': 'Yes',
      'Data Protection Impact Assessment progress': 'Completed',
      'Link to DPIA': 'DPIA-7',
      'Personal data breach?': 'None recorded',
      'Link to record of personal data breach': '',
      'Needs attention (Custos)': [],
      'Record ID': '0f8e7a5c-1111-4222-8333-444455556666',
      Version: 2,
      'Last updated (UTC)': '2026-01-15T10:00:00.000Z',
    });
  });
});
