import { Module } from '@nestjs/common';
import { MailTestCommand, OpenApiExportCommand } from './operator.commands';

/** Operator commands that belong to no single feature. */
@Module({ providers: [MailTestCommand, OpenApiExportCommand] })
export class OperatorModule {}
