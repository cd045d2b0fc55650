import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CliRunner } from './cli.runner';

@Global()
@Module({ imports: [DiscoveryModule], providers: [CliRunner], exports: [CliRunner] })
export class CliModule {}
