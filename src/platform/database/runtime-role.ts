import { Client } from 'pg';

/**
 * Tables the runtime role may read and append to, never change: the audit trail and its checkpoints.
 * (The migrations' bookkeeping it may only read.)
 */
export const APPEND_ONLY_TABLES = ['audit_event', 'audit_checkpoint'] as const;
const READ_ONLY_TABLES = ['migrations'] as const;

const GRANT_LOCK = 4_242_002;
const DUPLICATE_OBJECT = '42710';
const UNIQUE_VIOLATION = '23505';

export class RuntimeRoleError extends Error {}

function userOf(url: string): { name: string; password: string } {
  const u = new URL(url);
  return { name: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Creates the runtime role when it is missing and grants it, in the owner's database, what Custos needs
 * and nothing more: read and write of the feature tables, read and insert of the audit trail. It owns
 * nothing, so it can neither change the audit trail nor switch its triggers off. Idempotent, and safe
 * when several processes (or test runs) do it at once: roles are cluster-wide, so a concurrent creation
 * is expected; grants are per database and serialised by an advisory lock. Answers false when the
 * runtime URL names the owner itself (nothing to provision; the trail is then only as safe as the owner).
 */
export async function ensureRuntimeRole(ownerUrl: string, appUrl: string): Promise<boolean> {
  const owner = userOf(ownerUrl);
  const app = userOf(appUrl);
  if (!app.name || app.name === owner.name) return false;
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await createRole(client, app.name, app.password);
    const [role] = (
      await client.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
        'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1',
        [app.name],
      )
    ).rows;
    if (role?.rolsuper)
      throw new RuntimeRoleError(
        `The runtime role "${app.name}" (DATABASE_APP_URL) is a superuser: it could rewrite the audit trail. Use a role without SUPERUSER.`,
      );
    await client.query('SELECT pg_advisory_lock($1)', [GRANT_LOCK]);
    try {
      await grant(client, app.name);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [GRANT_LOCK]).catch(() => undefined);
    }
    return true;
  } finally {
    await client.end();
  }
}

async function createRole(client: Client, name: string, password: string): Promise<void> {
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
  if (exists.rowCount) return;
  const { rows } = await client.query<{ sql: string }>(
    password
      ? `SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', $1::text, $2::text) AS sql`
      : `SELECT format('CREATE ROLE %I LOGIN', $1::text) AS sql`,
    password ? [name, password] : [name],
  );
  try {
    await client.query(rows[0].sql);
  } catch (error) {
    // Another process created it between our look and our CREATE.
    const code = (error as { code?: string }).code;
    if (code !== DUPLICATE_OBJECT && code !== UNIQUE_VIOLATION) throw error;
  }
}

async function grant(client: Client, role: string): Promise<void> {
  const r = ident(role);
  const {
    rows: [{ db }],
  } = await client.query<{ db: string }>('SELECT current_database() AS db');
  const statements = [
    `GRANT CONNECT, TEMPORARY ON DATABASE ${ident(db)} TO ${r}`,
    `GRANT USAGE ON SCHEMA public TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${r}`,
  ];
  for (const table of APPEND_ONLY_TABLES) {
    statements.push(`REVOKE ALL ON TABLE ${ident(table)} FROM ${r}`);
    statements.push(`GRANT SELECT, INSERT ON TABLE ${ident(table)} TO ${r}`);
  }
  for (const table of READ_ONLY_TABLES) {
    statements.push(`REVOKE ALL ON TABLE ${ident(table)} FROM ${r}`);
    statements.push(`GRANT SELECT ON TABLE ${ident(table)} TO ${r}`);
  }
  await client.query('BEGIN');
  try {
    for (const sql of statements) await client.query(sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
