import { featureErrors } from '../platform/errors/feature-errors';

/** The codes of records' own rules: what its services throw and its routes document. */
export const RecordsErrors = featureErrors({
  ACTIVITY_ARCHIVED: [409, 'the processing activity is archived and no longer changes'],
  ENTRY_ARCHIVED: [409, 'the processor record entry is archived and no longer changes'],
  EXPORT_NOT_READY: [409, 'the export has no file yet, or failed'],
});
