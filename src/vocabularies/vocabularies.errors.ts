import { featureErrors } from '../platform/errors/feature-errors';

/** The codes of vocabularies' own rules: what its services throw and its routes document. */
export const VocabularyErrors = featureErrors({
  VOCABULARY_KEY_EXISTS: [409, 'the key already exists in the vocabulary'],
});
