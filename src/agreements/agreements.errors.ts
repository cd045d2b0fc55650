import { featureErrors } from '../platform/errors/feature-errors';

/** The codes of agreements' own rules: what its services throw and its routes document. */
export const AgreementErrors = featureErrors({
  AGREEMENT_NOT_EDITABLE: [409, 'only a draft agreement changes'],
  AGREEMENT_NOT_SIGNABLE: [409, 'the agreement takes no more signatures'],
  ALREADY_SIGNED: [409, 'that party has already signed'],
  DOCUMENT_MISMATCH: [409, 'a signature names another document than the signed one uploaded'],
  AGREEMENT_CLOSED: [409, 'the agreement is terminated or superseded'],
  AGREEMENT_NOT_TERMINABLE: [409, 'only a signed agreement in force is terminated'],
});
