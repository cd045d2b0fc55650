import { Injectable } from '@nestjs/common';
import { permissionMatrixMarkdown } from '../platform/access/permissions';
import { CliArgs, CliCommand, CliCommandHandler, CliUsageError } from '../platform/cli/cli-command';
import { OrganizationsService } from './organizations.service';

@Injectable()
@CliCommand({
  name: 'organization:create',
  description: 'Create a further organisation and its admin (first password from CUSTOS_ADMIN_PASSWORD)',
  options: { name: 'organisation name', 'admin-email': "admin's e-mail", 'admin-name': "admin's name" },
  required: ['name', 'admin-email', 'admin-name'],
})
export class CreateOrganizationCommand implements CliCommandHandler {
  constructor(private readonly organizations: OrganizationsService) {}

  async run(args: CliArgs): Promise<void> {
    const password = process.env.CUSTOS_ADMIN_PASSWORD;
    if (!password) {
      throw new CliUsageError(
        'organization:create: set CUSTOS_ADMIN_PASSWORD to the first password of the admin (never on the command line)',
      );
    }
    const { organization, user } = await this.organizations.createWithAdmin({
      organizationName: String(args.name),
      email: String(args['admin-email']),
      name: String(args['admin-name']),
      password,
    });
    process.stdout.write(
      `Organisation "${organization.name}" created (${organization.id}); admin ${user.email} must change the password at the first login.\n`,
    );
  }
}

@Injectable()
@CliCommand({ name: 'permissions:matrix', description: 'Print the role/permission matrix as Markdown' })
export class PermissionMatrixCommand implements CliCommandHandler {
  async run(): Promise<void> {
    process.stdout.write(`${permissionMatrixMarkdown()}\n`);
  }
}
