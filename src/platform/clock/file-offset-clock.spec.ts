import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '../../config/env';
import { AppConfig } from '../../config/app-config';
import { FileOffsetClock } from './file-offset-clock';

const HOUR = 3_600_000;

describe('FileOffsetClock', () => {
  let dir: string;
  let file: string;
  let system: number;
  let clock: FileOffsetClock;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'custos-clock-'));
    file = join(dir, 'offset');
    system = Date.parse('2026-03-01T09:00:00.000Z');
    clock = new FileOffsetClock(file, () => system);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is the system time while the file does not exist or is empty', () => {
    expect(clock.now().toISOString()).toBe('2026-03-01T09:00:00.000Z');
    writeFileSync(file, '');
    system += 200;
    expect(clock.now().toISOString()).toBe('2026-03-01T09:00:00.200Z');
  });

  it('adds the offset in the file to the system time', () => {
    writeFileSync(file, String(73 * HOUR));
    expect(clock.now().toISOString()).toBe('2026-03-04T10:00:00.000Z');
    expect(clock.today()).toBe('2026-03-04');
  });

  it('reads the file again once 100 ms passed, not before', () => {
    writeFileSync(file, '0');
    expect(clock.now().getTime()).toBe(system);
    writeFileSync(file, String(HOUR));
    system += 50;
    expect(clock.now().getTime()).toBe(system);
    system += 50;
    expect(clock.now().getTime()).toBe(system + HOUR);
  });

  it('ignores what is not a number', () => {
    writeFileSync(file, 'tomorrow');
    expect(clock.now().getTime()).toBe(system);
  });
});

describe('TEST_CLOCK_FILE', () => {
  it('is honoured under NODE_ENV=test', () => {
    const config = new AppConfig(loadEnv({ NODE_ENV: 'test', TEST_CLOCK_FILE: '/tmp/offset' }));
    expect(config.testClockFile).toBe('/tmp/offset');
  });

  it('stops start-up in any other environment', () => {
    expect(() => loadEnv({ NODE_ENV: 'development', TEST_CLOCK_FILE: '/tmp/offset' })).toThrow(
      'TEST_CLOCK_FILE is honoured only when NODE_ENV=test',
    );
    expect(() =>
      loadEnv({
        NODE_ENV: 'production',
        TEST_CLOCK_FILE: '/tmp/offset',
        AUTH_SECRET: 'x'.repeat(40),
        AUDIT_KEYS: `k1:${'y'.repeat(40)}`,
      }),
    ).toThrow('TEST_CLOCK_FILE is honoured only when NODE_ENV=test');
  });

  it('is unset by default', () => {
    expect(new AppConfig(loadEnv({ NODE_ENV: 'test' })).testClockFile).toBeUndefined();
  });
});
