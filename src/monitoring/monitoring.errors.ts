import { featureErrors } from '../platform/errors/feature-errors';

/** The codes of monitoring' own rules: what its services throw and its routes document. */
export const MonitoringErrors = featureErrors({
  CHECK_ALREADY_RECORDED: [409, 'the check already has a result; add a new check'],
  RISK_ACCEPTANCE_DPO_ONLY: [403, 'only the DPO accepts the risk of a finding'],
  CRITICAL_FINDING_DPO_ONLY: [403, 'only the DPO closes a critical finding'],
});
