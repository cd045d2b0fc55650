import { TestApp } from '../test-app';
import { eventually } from '../wait';
import { nextId, uniqueEmail } from './identity';

/** Processors: the body of a new one, creating one, and waiting for one to reach a state. */

export interface ProcessorInput {
  name: string;
  country: string;
  processingCountries: string[];
  services: string;
  contactEmail: string;
  legalName?: string;
  registrationNumber?: string;
  vatId?: string;
  website?: string;
  privacyContact?: { name?: string; email?: string; phone?: string };
  dpoContact?: { name?: string; email?: string; phone?: string };
  certifications?: {
    type: string;
    reference?: string;
    issuer?: string;
    validFrom?: string;
    validUntil: string;
  }[];
  intendedDataCategories?: string[];
  dpfCertified?: boolean;
  parentId?: string;
  postalAddress?: string;
  contactPerson?: { name: string; email?: string; phone?: string };
  subprocessorNoticeOn?: string;
}

/** A valid POST /processors body: an EEA-only processor with a unique name, unless overridden. */
export function processorBody(overrides: Partial<ProcessorInput> = {}): ProcessorInput {
  return {
    name: `Processor ${nextId()}`,
    country: 'DE',
    processingCountries: ['DE'],
    services: 'E-mail delivery',
    contactEmail: uniqueEmail('privacy', 'vendor.example'),
    intendedDataCategories: ['user.contact.email'],
    ...overrides,
  };
}

/** POST /processors; fails the test unless it answers 201. Returns the processor. */
export async function createProcessor(
  t: TestApp,
  accessToken: string,
  overrides: Partial<ProcessorInput> = {},
): Promise<{ id: string; name: string; status: string; version: number } & Record<string, unknown>> {
  const res = await t.as(accessToken).post('/processors', processorBody(overrides));
  if (res.status !== 201)
    throw new Error(`POST /processors answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Polls GET /processors/:id (flushing the outbox between tries) until `done` holds; fails after
 * `timeoutMs`. Returns the processor as it then is.
 */
export async function waitForProcessor(
  t: TestApp,
  accessToken: string,
  id: string,
  done: (processor: Record<string, unknown>) => boolean,
  timeoutMs = 15_000,
): Promise<Record<string, unknown> & { id: string; status: string }> {
  return eventually(
    async () => {
      await t.flushOutbox();
      const res = await t.as(accessToken).get(`/processors/${id}`);
      if (res.status !== 200)
        throw new Error(`GET /processors/${id} answered ${res.status}: ${JSON.stringify(res.body)}`);
      if (!done(res.body))
        throw new Error(`processor ${id} did not reach the expected state: ${JSON.stringify(res.body)}`);
      return res.body as Record<string, unknown> & { id: string; status: string };
    },
    { timeoutMs, intervalMs: 150 },
  );
}
