import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../shared/api/client';

export type Instruction = Schemas['InstructionResponse'];
export type InstructionDraft = Schemas['CreateInstructionDto'];

export const INSTRUCTIONS_PAGE_SIZE = 20;

const instructionsKey = (agreementId: string) => ['agreement', agreementId, 'instructions'];

/** One page of the agreement's instruction log, oldest first. */
export function useInstructions(agreementId: string, page: number) {
  return useQuery({
    queryKey: [...instructionsKey(agreementId), page],
    queryFn: () =>
      call(() =>
        api.GET('/api/v1/agreements/{id}/instructions', {
          params: { path: { id: agreementId }, query: { page, pageSize: INSTRUCTIONS_PAGE_SIZE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useLogInstruction(agreementId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: InstructionDraft) =>
      call(() =>
        api.POST('/api/v1/agreements/{id}/instructions', { params: { path: { id: agreementId } }, body }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: instructionsKey(agreementId) }),
  });
}
