import { Role, ROLES } from '../context/request-context';

const ALL: readonly Role[] = ROLES;
const ALL_BUT_PROCUREMENT: readonly Role[] = ['admin', 'legal', 'dpo', 'auditor'];

/**
 * The permission matrix of Custos, in one place. Guards apply it on every route; the README prints it
 * (`npm run cli -- permissions:matrix`) and a test keeps the two in step.
 * The auditor reads everything and changes nothing; procurement checks transfers and reads processors,
 * their assessments and agreements (not the evidence files behind an assessment, nor the records).
 */
export const PERMISSIONS = {
  'organization.read': ALL,
  'organization.manage': ['admin'],
  'users.read': ['admin', 'auditor'],
  'users.manage': ['admin'],
  'apiKeys.read': ['admin', 'auditor'],
  'apiKeys.manage': ['admin'],
  'audit.read': ['admin', 'auditor', 'dpo'],
  'audit.checkpoint': ['admin', 'dpo'],
  'vocabularies.read': ALL,
  'vocabularies.write': ['legal', 'dpo'],
  'processors.read': ALL,
  'processors.write': ['legal'],
  'assessments.read': ALL,
  'evidence.read': ALL_BUT_PROCUREMENT,
  'assessments.write': ['legal'],
  'assessments.decide': ['legal', 'dpo'],
  'agreements.read': ALL,
  'agreements.write': ['legal'],
  'transfers.check': ['procurement'],
  'transfers.read': ['procurement', 'dpo', 'auditor', 'legal'],
  'records.read': ALL_BUT_PROCUREMENT,
  'records.write': ['legal', 'dpo'],
  'records.export': ['dpo', 'auditor'],
  'monitoring.read': ALL_BUT_PROCUREMENT,
  'monitoring.write': ['legal', 'dpo'],
  'monitoring.sweep': ['admin', 'dpo'],
  'findings.acceptRisk': ['dpo'],
  'findings.closeCritical': ['dpo'],
  'offboarding.read': ['legal', 'dpo', 'auditor'],
  'offboarding.write': ['legal'],
  'incidents.read': ['legal', 'dpo', 'auditor'],
  'incidents.write': ['legal', 'dpo'],
  'portalLinks.read': ['legal', 'dpo', 'auditor'],
  'portalLinks.write': ['legal'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function allows(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}

/** The matrix as a Markdown table: permissions down, roles across. */
export function permissionMatrixMarkdown(): string {
  const header = `| permission | ${ROLES.join(' | ')} |`;
  const rule = `| --- | ${ROLES.map(() => ':---:').join(' | ')} |`;
  const rows = (Object.keys(PERMISSIONS) as Permission[]).map((p) => {
    const allowed: readonly Role[] = PERMISSIONS[p];
    return `| \`${p}\` | ${ROLES.map((r) => (allowed.includes(r) ? '✓' : '')).join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
