import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JobContext, jobDefinition, jobDefinitions, JobPayload, ON_JOB, ON_JOB_FAILED } from './job';

type BoundHandler = (payload: JobPayload, context: JobContext) => Promise<unknown>;
type BoundFailureHandler = (payload: JobPayload, error: Error, context: JobContext) => Promise<unknown>;

export class JobWiringError extends Error {}

/**
 * Finds every `@OnJob` handler and `@OnJobFailed` hook, and refuses to start unless each defined job has
 * exactly one handler and at most one hook.
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly handlers = new Map<string, BoundHandler>();
  private readonly failureHooks = new Map<string, BoundFailureHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const found = new Map<string, string[]>();
    const hooks = new Map<string, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<string | undefined>(ON_JOB, fn as () => unknown);
        if (name) {
          found.set(name, [...(found.get(name) ?? []), `${wrapper.name}.${method}`]);
          this.handlers.set(name, (fn as BoundHandler).bind(instance));
        }
        const failed = this.reflector.get<string | undefined>(ON_JOB_FAILED, fn as () => unknown);
        if (failed) {
          hooks.set(failed, [...(hooks.get(failed) ?? []), `${wrapper.name}.${method}`]);
          this.failureHooks.set(failed, (fn as BoundFailureHandler).bind(instance));
        }
      }
    }
    const problems: string[] = [];
    for (const definition of jobDefinitions()) {
      const where = found.get(definition.name) ?? [];
      if (where.length === 0) problems.push(`job "${definition.name}" has no handler`);
      if (where.length > 1)
        problems.push(`job "${definition.name}" has ${where.length} handlers (${where.join(', ')})`);
    }
    for (const name of found.keys()) {
      if (!jobDefinition(name)) problems.push(`handler for undefined job "${name}"`);
    }
    for (const [name, where] of hooks) {
      if (!jobDefinition(name)) problems.push(`failure hook for undefined job "${name}"`);
      if (where.length > 1)
        problems.push(`job "${name}" has ${where.length} failure hooks (${where.join(', ')})`);
    }
    if (problems.length) throw new JobWiringError(`Job wiring is wrong: ${problems.join('; ')}.`);
  }

  /** The job's handler; when its last attempt fails, the job's failure hook first (if it has one). */
  handler(name: string): BoundHandler {
    const handler = this.handlers.get(name);
    if (!handler) throw new JobWiringError(`No handler for job "${name}"`);
    const hook = this.failureHooks.get(name);
    if (!hook) return handler;
    return async (payload, context) => {
      try {
        return await handler(payload, context);
      } catch (error) {
        if (context.isFinalAttempt) await hook(payload, error as Error, context);
        throw error;
      }
    };
  }

  queues(): string[] {
    return [...new Set(jobDefinitions().map((d) => d.queue))];
  }
}
