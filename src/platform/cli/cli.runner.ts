import { INestApplication, Injectable } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { CLI_COMMAND, CliArgs, CliCommandHandler, CliCommandMeta, CliUsageError } from './cli-command';

@Injectable()
export class CliRunner {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  commands(): { meta: CliCommandMeta; handler: CliCommandHandler }[] {
    return this.discovery
      .getProviders()
      .filter((w) => w.metatype && w.instance)
      .map((w) => ({
        meta: this.reflector.get<CliCommandMeta | undefined>(CLI_COMMAND, w.metatype as () => unknown),
        handler: w.instance as CliCommandHandler,
      }))
      .filter((c): c is { meta: CliCommandMeta; handler: CliCommandHandler } => c.meta !== undefined)
      .sort((a, b) => a.meta.name.localeCompare(b.meta.name));
  }

  usage(): string {
    const lines = ['Usage: npm run cli -- <command> [--option value ...]', '', 'Commands:'];
    for (const { meta } of this.commands()) {
      lines.push(`  ${meta.name.padEnd(24)} ${meta.description}`);
      for (const [option, help] of Object.entries(meta.options ?? {})) {
        const req = meta.required?.includes(option) ? ' (required)' : '';
        lines.push(`      --${option.padEnd(18)} ${help}${req}`);
      }
    }
    return lines.join('\n');
  }

  async run(name: string, args: CliArgs, app: INestApplication): Promise<void> {
    const command = this.commands().find((c) => c.meta.name === name);
    if (!command) throw new CliUsageError(`Unknown command "${name}".\n\n${this.usage()}`);
    const known = Object.keys(command.meta.options ?? {});
    for (const option of Object.keys(args)) {
      if (!known.includes(option)) throw new CliUsageError(`${name}: unknown option --${option}`);
    }
    for (const option of command.meta.required ?? []) {
      if (typeof args[option] !== 'string' || args[option] === '') {
        throw new CliUsageError(`${name}: --${option} is required (${command.meta.options?.[option] ?? ''})`);
      }
    }
    await command.handler.run(args, app);
  }
}
