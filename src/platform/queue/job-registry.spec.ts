import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { defineJob, JobPayload, OnJob, OnJobFailed, safeJobId } from './job';
import { JobRegistry } from './job-registry';

interface PingPayload extends JobPayload {
  n: number;
}
const PingJob = defineJob<PingPayload>({
  queue: 'test',
  name: 'test.ping',
  jobId: (p) => safeJobId('ping', String(p.n)),
});
const OrphanJob = defineJob<PingPayload>({
  queue: 'test',
  name: 'test.orphan',
  jobId: (p) => `orphan-${p.n}`,
});

const FailingJob = defineJob<PingPayload>({
  queue: 'test',
  name: 'test.failing',
  jobId: (p) => `failing-${p.n}`,
});

@Injectable()
class PingJobs {
  @OnJob(PingJob)
  async ping(payload: PingPayload): Promise<number> {
    return payload.n + 1;
  }

  @OnJob(OrphanJob)
  async orphan(): Promise<void> {}

  @OnJob(FailingJob)
  async fail(): Promise<void> {}
}

@Injectable()
class SecondPingJobs {
  @OnJob(PingJob)
  async ping(): Promise<void> {}
}

@Injectable()
class FailingJobs {
  readonly failures: string[] = [];

  @OnJob(PingJob)
  async ping(): Promise<void> {}

  @OnJob(OrphanJob)
  async orphan(): Promise<void> {}

  @OnJob(FailingJob)
  async fail(payload: PingPayload): Promise<void> {
    throw new Error(`boom ${payload.n}`);
  }

  @OnJobFailed(FailingJob)
  async failed(payload: PingPayload, error: Error): Promise<void> {
    this.failures.push(`${payload.n}: ${error.message}`);
  }
}

async function registryWith(
  ...providers: (typeof PingJobs | typeof SecondPingJobs | typeof FailingJobs)[]
): Promise<JobRegistry> {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [JobRegistry, ...providers],
  }).compile();
  await moduleRef.init();
  return moduleRef.get(JobRegistry);
}

describe('JobRegistry', () => {
  it('dispatches a job to its one handler', async () => {
    const registry = await registryWith(PingJobs);
    await expect(
      registry.handler('test.ping')({ organizationId: null, n: 41 } as PingPayload, {
        jobId: 'x',
        attempt: 1,
        isFinalAttempt: true,
      }),
    ).resolves.toBe(42);
    expect(registry.queues()).toEqual(['test']);
  });

  it('refuses to start when a job has two handlers', async () => {
    await expect(registryWith(PingJobs, SecondPingJobs)).rejects.toThrow(
      /job "test.ping" has 2 handlers \(PingJobs.ping, SecondPingJobs.ping\)/,
    );
  });

  it('refuses to start when a job has no handler', async () => {
    await expect(registryWith(SecondPingJobs)).rejects.toThrow(/job "test.orphan" has no handler/);
  });

  it('calls the failure hook once the last attempt failed, never on a retry, and keeps the error', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [JobRegistry, FailingJobs],
    }).compile();
    await moduleRef.init();
    const run = moduleRef.get(JobRegistry).handler('test.failing');
    const payload = { organizationId: null, n: 7 } as PingPayload;
    await expect(run(payload, { jobId: 'f', attempt: 1, isFinalAttempt: false })).rejects.toThrow('boom 7');
    expect(moduleRef.get(FailingJobs).failures).toEqual([]);
    await expect(run(payload, { jobId: 'f', attempt: 2, isFinalAttempt: true })).rejects.toThrow('boom 7');
    expect(moduleRef.get(FailingJobs).failures).toEqual(['7: boom 7']);
  });

  it('makes ids BullMQ accepts', () => {
    expect(safeJobId('mail', 'org:1/2')).toBe('mail.org_1_2');
  });
});
