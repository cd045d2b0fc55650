import { TestApp } from '../test-app';

/** The transfer gate. */

/** What most gate checks ask about: contact e-mail addresses, for e-mail marketing. */
export const CONTACT = { dataCategories: ['user.contact.email'], purpose: 'marketing.communications.email' };

export interface TransferCheckInput {
  processorId: string;
  dataCategories: string[];
  purpose: string;
  destinationCountry?: string;
}

/** POST /transfer-checks as a user (bearer token) or an integration (`{apiKey}`); returns the response. */
export function postTransferCheck(
  t: TestApp,
  caller: string | { apiKey: string },
  body: TransferCheckInput | Record<string, unknown>,
) {
  return t.as(caller).post('/transfer-checks', body);
}
