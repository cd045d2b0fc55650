import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { defineJob, JobPayload, OnJob, safeJobId } from './job';
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

@Injectable()
class PingJobs {
  @OnJob(PingJob)
  async ping(payload: PingPayload): Promise<number> {
    return payload.n + 1;
  }

  @OnJob(OrphanJob)
  async orphan(): Promise<void> {}
}

@Injectable()
class SecondPingJobs {
  @OnJob(PingJob)
  async ping(): Promise<void> {}
}

async function registryWith(...providers: (typeof PingJobs | typeof SecondPingJobs)[]): Promise<JobRegistry> {
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

  it('makes ids BullMQ accepts', () => {
    expect(safeJobId('mail', 'org:1/2')).toBe('mail.org_1_2');
  });
});
