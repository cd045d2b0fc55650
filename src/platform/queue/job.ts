import { SetMetadata } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';

/** Every payload names its tenant; platform jobs that serve no tenant say so with `null`. */
export interface JobPayload {
  organizationId: string | null;
}

export interface JobDefinition<P extends JobPayload> {
  readonly queue: string;
  readonly name: string;
  /** A deterministic id: the same logical work always gets the same id, so it is never queued twice. */
  jobId(payload: P): string;
  readonly attempts?: number;
}

export interface JobContext {
  jobId: string;
  /** 1 on the first run. */
  attempt: number;
  isFinalAttempt: boolean;
}

export type JobHandler<P extends JobPayload> = (payload: P, context: JobContext) => Promise<unknown>;

const definitions = new Map<string, JobDefinition<JobPayload>>();

/**
 * Declares a job: its queue, its name (a string literal) and its payload type. Declared where the
 * feature lives (`x.jobs.ts`); start-up fails unless exactly one `@OnJob` handles it.
 */
export function defineJob<P extends JobPayload>(definition: JobDefinition<P>): JobDefinition<P> {
  const existing = definitions.get(definition.name);
  if (existing && existing !== definition) throw new Error(`Job ${definition.name} is defined twice`);
  if (!/^[a-z][a-z0-9-]*$/.test(definition.queue)) throw new Error(`Bad queue name ${definition.queue}`);
  definitions.set(definition.name, definition);
  return definition;
}

export function jobDefinitions(): JobDefinition<JobPayload>[] {
  return [...definitions.values()];
}

export function jobDefinition(name: string): JobDefinition<JobPayload> | undefined {
  return definitions.get(name);
}

/** BullMQ refuses ':' in custom ids; ids stay readable otherwise. */
export function safeJobId(...parts: string[]): string {
  return parts.join('.').replace(/[^A-Za-z0-9._-]/g, '_');
}

export const ON_JOB = Symbol('custos.on-job');

/** Marks the method that handles a job. The method's payload type must match the definition's. */
export function OnJob<P extends JobPayload>(definition: JobDefinition<P>) {
  return <H extends JobHandler<P>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ): void => {
    SetMetadata(ON_JOB, definition.name)(target, key, descriptor);
  };
}

export const ON_JOB_FAILED = Symbol('custos.on-job-failed');

export type JobFailureHandler<P extends JobPayload> = (
  payload: P,
  error: Error,
  context: JobContext,
) => Promise<unknown>;

/**
 * Marks the method that records a job's failure for good (e.g. an export marked failed with the
 * reason): called once, after the last attempt failed and before BullMQ is told, never on a retry.
 * The job's error stays the job's outcome. At most one per job.
 */
export function OnJobFailed<P extends JobPayload>(definition: JobDefinition<P>) {
  return <H extends JobFailureHandler<P>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ): void => {
    SetMetadata(ON_JOB_FAILED, definition.name)(target, key, descriptor);
  };
}

export interface ScheduleDefinition<P extends JobPayload> {
  /** Stable id of the scheduler: upserting it again replaces, never duplicates. */
  readonly id: string;
  readonly job: JobDefinition<P>;
  /** Cron pattern, evaluated in UTC; a function reads it from the configuration at start-up. */
  readonly pattern: string | ((config: AppConfig) => string);
  readonly payload: P;
}

const schedules = new Map<string, ScheduleDefinition<JobPayload>>();

/** Declares a recurring job, run by BullMQ's job scheduler: once per tick however many workers run. */
export function defineSchedule<P extends JobPayload>(schedule: ScheduleDefinition<P>): ScheduleDefinition<P> {
  schedules.set(schedule.id, schedule);
  return schedule;
}

export function scheduleDefinitions(): ScheduleDefinition<JobPayload>[] {
  return [...schedules.values()];
}
