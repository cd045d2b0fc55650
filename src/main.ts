import { configOrExit, fail, prepareDatabase, startApi, startWorker } from './bootstrap';

/** `npm start`: MODE=all (default) serves HTTP and runs the workers; MODE=api or MODE=worker one side. */
async function main(): Promise<void> {
  const config = configOrExit();
  await prepareDatabase(config);
  if (config.runsApi) await startApi(config);
  else await startWorker(config);
}

main().catch(fail);
