import { configOrExit, fail, prepareDatabase, startWorker } from './bootstrap';

/** Queue handlers, the outbox relay and job schedulers; no HTTP. Scale it apart from the API. */
async function main(): Promise<void> {
  const config = configOrExit({ MODE: 'worker' });
  await prepareDatabase(config);
  await startWorker(config);
}

main().catch(fail);
