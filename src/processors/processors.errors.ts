import { featureErrors } from '../platform/errors/feature-errors';

/** The codes of processors' own rules: what its services throw and its routes document. */
export const ProcessorErrors = featureErrors({
  PROCESSOR_ARCHIVED: [409, 'the processor is archived'],
  PROCESSOR_ENGAGED: [409, 'an engaged processor is offboarded before it is archived'],
  NOT_A_SUBPROCESSOR: [409, 'the processor has no parent, so it is no sub-processor'],
  AUTHORIZATION_DECIDED: [409, 'the sub-processor is already authorised or objected to'],
  CIRCULAR_CHAIN: [409, 'a processor cannot be a sub-processor of itself or of its own sub-processors'],
});
