/*
 * What is recorded on a processor (or sub-processor) as a recipient of transfers: the gate and the
 * record of processing read them, and agreements' transfer tools weigh them.
 */

/** The DPF certification of a US recipient: dated, scoped, re-confirmed every year. */
export interface DpfCertification {
  certifiedOn: string | null;
  /** When the recipient's entry on the DPF list was last checked and found active. */
  lastConfirmedOn: string;
  scope: ('hr' | 'non_hr')[];
  reference: string | null;
}

/** That a recipient falls within a partial adequacy decision's scope (e.g. APPI in Japan, PIPEDA in Canada). */
export interface AdequacyScopeConfirmation {
  destination: string;
  confirmedOn: string;
  basis: string;
}
