import { INestApplication, SetMetadata } from '@nestjs/common';

export interface CliCommandMeta {
  name: string;
  description: string;
  /** Option names with a one-line help each; `--name value` on the command line. */
  options?: Record<string, string>;
  /** Options that must be given. */
  required?: string[];
}

export type CliArgs = Record<string, string | true>;

export interface CliCommandHandler {
  run(args: CliArgs, app: INestApplication): Promise<void>;
}

export const CLI_COMMAND = 'custos.cli-command';

/** Marks a provider as an operator command of `npm run cli -- <name> --option value`. */
export const CliCommand = (meta: CliCommandMeta): ClassDecorator => SetMetadata(CLI_COMMAND, meta);

export class CliUsageError extends Error {}

export function parseArgs(argv: string[]): { command?: string; args: CliArgs } {
  const [command, ...rest] = argv;
  const args: CliArgs = {};
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (!token.startsWith('--')) throw new CliUsageError(`Unexpected argument "${token}"`);
    const eq = token.indexOf('=');
    if (eq > 0) {
      args[token.slice(2, eq)] = token.slice(eq + 1);
    } else if (rest[i + 1] !== undefined && !rest[i + 1].startsWith('--')) {
      args[token.slice(2)] = rest[++i];
    } else {
      args[token.slice(2)] = true;
    }
  }
  return { command, args };
}
