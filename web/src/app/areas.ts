import type { Role } from '../features/auth/session';

const ALL: Role[] = ['admin', 'legal', 'procurement', 'dpo', 'auditor'];
const ALL_BUT_PROCUREMENT: Role[] = ['admin', 'legal', 'dpo', 'auditor'];

/**
 * The console's areas and who sees them: the read permissions of the server's matrix
 * (src/platform/access/permissions.ts). The server still decides; this only hides links a user
 * could not use.
 */
export const AREAS = [
  { key: 'dashboard', path: '/', roles: ALL },
  { key: 'processors', path: '/processors', roles: ALL },
  { key: 'assessments', path: '/assessments', roles: ALL },
  { key: 'agreements', path: '/agreements', roles: ALL },
  { key: 'transferChecks', path: '/transfer-checks', roles: ['procurement', 'dpo', 'auditor', 'legal'] },
  { key: 'records', path: '/records', roles: ALL_BUT_PROCUREMENT },
  { key: 'monitoring', path: '/monitoring', roles: ALL_BUT_PROCUREMENT },
  { key: 'findings', path: '/findings', roles: ALL_BUT_PROCUREMENT },
  { key: 'breaches', path: '/breaches', roles: ['legal', 'dpo', 'auditor'] },
  { key: 'offboarding', path: '/offboarding', roles: ['legal', 'dpo', 'auditor'] },
  { key: 'audit', path: '/audit', roles: ['admin', 'auditor', 'dpo'] },
  { key: 'admin', path: '/admin', roles: ['admin', 'auditor'] },
] as const satisfies readonly { key: string; path: string; roles: Role[] }[];

export type AreaKey = (typeof AREAS)[number]['key'];

export function can(roles: readonly string[], allowed: readonly string[]): boolean {
  return roles.some((r) => allowed.includes(r));
}

export function areasFor(roles: readonly string[]) {
  return AREAS.filter((area) => can(roles, area.roles));
}

/** What some roles of an area may not open within it. */
export const READ = {
  evidence: ALL_BUT_PROCUREMENT,
} as const satisfies Record<string, Role[]>;

/** Who may change what (the write permissions the console offers buttons for). */
export const WRITE = {
  processors: ['legal'],
  assessments: ['legal'],
  decide: ['legal', 'dpo'],
  agreements: ['legal'],
  transfers: ['procurement'],
  records: ['legal', 'dpo'],
  recordsExport: ['dpo', 'auditor'],
  vocabularies: ['legal', 'dpo'],
  monitoring: ['legal', 'dpo'],
  sweep: ['admin', 'dpo'],
  acceptRisk: ['dpo'],
  incidents: ['legal', 'dpo'],
  offboarding: ['legal'],
  auditCheckpoint: ['admin', 'dpo'],
  users: ['admin'],
  apiKeys: ['admin'],
  organization: ['admin'],
} as const satisfies Record<string, Role[]>;
