import { TestApp } from '../test-app';

/** The audit trail as the API shows it. */

export interface AuditItem {
  id: string;
  organizationId: string;
  occurredAt: string;
  actorType: 'user' | 'api_key' | 'system' | 'anonymous' | 'processor_contact';
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  hash: string;
  prevHash: string;
}

/** Every audit event visible to the caller (all pages), newest first. */
export async function allAuditEvents(
  t: TestApp,
  accessToken: string,
  query: Record<string, string> = {},
): Promise<AuditItem[]> {
  const items: AuditItem[] = [];
  for (let page = 1; ; page++) {
    const res = await t
      .as(accessToken)
      .get('/audit-events')
      .query({ ...query, page, pageSize: 100 });
    if (res.status !== 200)
      throw new Error(`GET /audit-events answered ${res.status}: ${JSON.stringify(res.body)}`);
    items.push(...(res.body.items as AuditItem[]));
    if (items.length >= res.body.total || res.body.items.length === 0) return items;
  }
}
