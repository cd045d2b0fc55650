import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../shared/api/client';
import { vocabularyKey, type useVocabulary } from '../../shared/vocabularies';

/** The vocabularies an organisation may add its own terms to (fideslang keys). */
export type VocabularyName = Parameters<typeof useVocabulary>[0];
export type TermDraft = Schemas['AddTermDto'];

export const VOCABULARY_NAMES: readonly VocabularyName[] = ['data-categories', 'data-subjects', 'data-uses'];

/**
 * Adds an own term beneath an existing key. On success the vocabulary is read again under the key
 * `useVocabulary` caches it by (`vocabularyKey`), so the list on the Vocabularies tab and every picker offer the new term.
 */
export function useAddTerm(vocabulary: VocabularyName) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TermDraft) =>
      call(() =>
        api.POST('/api/v1/vocabularies/{vocabulary}/terms', { params: { path: { vocabulary } }, body }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: vocabularyKey(vocabulary) }),
  });
}
