import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, upload, type Schemas } from '../../shared/api/client';

export type Assessment = Schemas['AssessmentResponse'];
export type Question = Schemas['QuestionDto'];
export type AnswerValue = Schemas['AnswerDto']['value'];

export function useAssessment(id: string | undefined) {
  return useQuery({
    queryKey: ['assessment', id],
    queryFn: () => call(() => api.GET('/api/v1/assessments/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
    // Scoring is queued after submit: look again until the result is there.
    refetchInterval: (query) =>
      query.state.data?.status === 'submitted' && query.state.data.score === null ? 1500 : false,
  });
}

export function useSaveAnswers(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (answers: Schemas['AnswerDto'][]) =>
      call(() =>
        api.PUT('/api/v1/assessments/{id}/answers', { params: { path: { id } }, body: { answers } }),
      ),
    onSuccess: (assessment) => client.setQueryData(['assessment', id], assessment),
  });
}

export function useUploadEvidence(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, questionId }: { file: File; questionId?: string }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      if (questionId) form.append('questionId', questionId);
      return upload<Schemas['EvidenceResponse']>(`/api/v1/assessments/${id}/evidence`, form);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['assessment', id] }),
  });
}

export function useSubmit(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(() => api.POST('/api/v1/assessments/{id}/submit', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['assessment', id] }),
  });
}

export function useDecide(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['DecisionDto']) =>
      call(() => api.POST('/api/v1/assessments/{id}/decision', { params: { path: { id } }, body })),
    onSuccess: (assessment) => {
      client.setQueryData(['assessment', id], assessment);
      void client.invalidateQueries({ queryKey: ['processor', assessment.processorId] });
    },
  });
}
