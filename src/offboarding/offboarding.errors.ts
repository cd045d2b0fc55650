import { featureErrors } from '../platform/errors/feature-errors';

/** The codes of offboarding' own rules: what its services throw and its routes document. */
export const OffboardingErrors = featureErrors({
  OFFBOARDING_CONFIRMED: [409, 'the return or destruction is already confirmed and its certificate issued'],
});
