import { Injectable, SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SetBasedUpdate } from '../platform/audit/audit.service';
import type { ConsolePage } from '../platform/mail/console-url';

/** A reminder row the sweep has just inserted, with what its e-mail says. */
export interface DueReminder {
  id: string;
  organization_id: string;
  kind: string;
  subject_key: string;
  threshold: number;
  due_on: string;
  audience: 'legal' | 'dpo' | 'processor';
  /** What the reminder is about (names, dates, counts): its wording is `templates/reminders/<kind>/`. */
  facts: Record<string, unknown>;
  /** The console page where the reader acts, and the record on it (none for area pages). */
  page: ConsolePage;
  page_id: string | null;
  processor_id: string | null;
  /** For the processor audience: its contact address. */
  processor_email?: string | null;
  /** For the processor audience: the legal user who wrote to it, who receives its replies. */
  reply_to?: string | null;
}

/** What a run did, by count, each count named by the step that did it. */
export type SweepStats = Record<string, number>;

/** One run of the sweep as its steps see it: one transaction, one day, one instant. */
export interface SweepRun {
  manager: EntityManager;
  /** The day swept (YYYY-MM-DD, UTC) and the instant of the run, both from the injected clock. */
  today: string;
  now: Date;
  /** Null: every organisation (the schedule). */
  organizationId: string | null;
  /**
   * `[today, organizationId]`: `$1::date` and `$2::uuid` of every statement of the sweep. No statement
   * reads the database's `now()` (a change's `$now` is `now` above): moving the clock moves the sweep.
   */
  parameters: [string, string | null];
  /** A set-based change over `parameters`, audited per row as the daily sweep. */
  update(change: SweepChange): Promise<number>;
}

/** A set-based change over the run's `parameters` (`$1` today, `$2` the organisation or null). */
export type SweepChange = Omit<SetBasedUpdate, 'parameters'>;

/** One reminder statement of a step; `insertReminders` puts the parts together. */
export interface ReminderQuery {
  /** Common table expressions the other parts read (e.g. each processor's certifications). */
  with?: string;
  /**
   * The reminders due today, as rows of (organization_id, kind, subject_key, threshold, due_on,
   * audience): a SELECT over `$1` (today) and `$2` (the organisation, or null for all).
   */
  due: string;
  /**
   * For each reminder inserted now (`due`), what its e-mail needs: `processor_id`, `facts` (for its
   * templates), `page` and `page_id`, with the joins from `due` that give them (`… FROM due JOIN …`).
   */
  then: string;
  /** Parameters from `$3` on. */
  parameters?: unknown[];
}

/**
 * Inserts the reminders due today, once per subject and threshold (a reminder already sent is not
 * inserted again), and answers those it inserted, with what their e-mails need.
 */
export function insertReminders(run: SweepRun, query: ReminderQuery): Promise<DueReminder[]> {
  return run.manager.query<DueReminder[]>(
    `WITH ${query.with ? `${query.with}, ` : ''}due AS (
       INSERT INTO reminder (organization_id, kind, subject_key, threshold, due_on, audience, sent_on)
       SELECT d.*, $1::date FROM (${query.due}) d
       ON CONFLICT DO NOTHING RETURNING *)
     SELECT due.*, to_char(due.due_on, 'YYYY-MM-DD') AS due_on, ${query.then}`,
    [...run.parameters, ...(query.parameters ?? [])],
  );
}

/** The reminder's threshold reached today: the fewest of `days` before `date` not below the days left. */
export function thresholdSql(date: string, days: number[]): string {
  return `(SELECT min(x) FROM unnest(ARRAY[${days.join(', ')}]) x WHERE ${date} - $1::date <= x)`;
}

/** `$2` as a condition on `organization_id` (of `alias` when given): every organisation when it is null. */
export function sweptOrganization(alias?: string): string {
  const column = alias ? `${alias}.organization_id` : 'organization_id';
  return `($2::uuid IS NULL OR ${column} = $2::uuid)`;
}

/**
 * A feature's part of the daily sweep. The sweep runs every step's `changes`, then every step's
 * `reminders`, queues the e-mails of all of them, then every step's `afterReminders`, each phase in the
 * steps' `order`, all in one transaction. Each step owns its tables' rules; the sweep knows none of them.
 */
export interface SweepStep {
  /** Status changes that follow from today's date, each counted in the run's stats under its name. */
  changes?(): Record<string, SweepChange>;
  /** Reminders that fall due today, inserted as rows (once per subject and threshold), to be sent. */
  reminders?(run: SweepRun): Promise<DueReminder[]>;
  /** Work that follows from the reminders just queued (its own among `reminders`). */
  afterReminders?(run: SweepRun, reminders: DueReminder[]): Promise<SweepStats>;
}

export const SWEEP_STEP = Symbol('sweep-step');

/**
 * Marks a provider as a step of the daily sweep, found at start-up as `@OnJob` handlers are; `order`
 * places it among the others within each phase (lower first).
 */
export function OnSweep(order: number): ClassDecorator {
  return (target) => {
    Injectable()(target);
    SetMetadata(SWEEP_STEP, order)(target);
  };
}
