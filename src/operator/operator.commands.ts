import { INestApplication, Injectable } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import { CliArgs, CliCommand, CliCommandHandler, CliUsageError } from '../platform/cli/cli-command';
import { buildOpenApiDocument } from '../platform/http/configure-app';
import { MailService } from '../platform/mail/mail.service';

@Injectable()
@CliCommand({
  name: 'mail:test',
  description: 'Queue a test e-mail through the outbox (a worker sends it) to check the mail settings',
  options: { to: 'recipient address' },
  required: ['to'],
})
export class MailTestCommand implements CliCommandHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly clock: Clock,
  ) {}

  async run(args: CliArgs): Promise<void> {
    const to = String(args.to);
    if (!/^[^@\s]+@[^@\s]+$/.test(to)) throw new CliUsageError(`mail:test: "${to}" is not an e-mail address`);
    const now = this.clock.now().toISOString();
    const jobId = await this.dataSource.transaction((manager) =>
      this.mail.queue(manager, {
        organizationId: null,
        idempotencyKey: `smtp-test:${to}:${now}`,
        to: [to],
        template: 'smtp-test',
        context: { requestedBy: process.env.USER ?? 'an operator', requestedAt: now },
      }),
    );
    process.stdout.write(`Test e-mail to ${to} queued as ${jobId}; a worker delivers it.\n`);
  }
}

@Injectable()
@CliCommand({
  name: 'openapi:export',
  description: 'Write the OpenAPI document (the same as /docs-json) to a file',
  options: { out: 'file to write, e.g. var/openapi.json' },
  required: ['out'],
})
export class OpenApiExportCommand implements CliCommandHandler {
  async run(args: CliArgs, app: INestApplication): Promise<void> {
    const out = resolve(String(args.out));
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, JSON.stringify(buildOpenApiDocument(app), null, 2));
    process.stdout.write(`OpenAPI document written to ${out}\n`);
  }
}
