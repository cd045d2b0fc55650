import type { HistoryOptions } from '../platform/history/record-history.service';
import type { Processor } from './processor.entity';

/**
 * What the history keeps of each version of a processor: the whole row, as JSON. A version begins at
 * the instant of the change by the injected clock (the row's `updated_at` is the database's).
 */
export const PROCESSOR_HISTORY: HistoryOptions<Processor> = {
  entityType: 'processor',
  label: (processor) => processor.name,
  data: (processor) => ({ ...processor }),
  archived: (processor) => processor.archivedAt !== null,
};
