import { useTranslation } from 'react-i18next';
import { useCountryNames } from '../../shared/vocabularies';

/** A transfer of the processor record as a person reads it: "India (IN): Binding corporate rules (ref)". */
export function useTransferText(): (transfer: {
  country?: string | null;
  safeguard?: string | null;
  reference?: string | null;
}) => string {
  const { t } = useTranslation();
  const named = useCountryNames();
  return ({ country, safeguard, reference }) =>
    `${country ? named([country])[0] : '—'}: ${safeguard ? t(`records.safeguards.${safeguard}`) : '—'}` +
    (reference ? ` (${reference})` : '');
}
