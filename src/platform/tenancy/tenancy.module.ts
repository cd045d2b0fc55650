import { Global, Module } from '@nestjs/common';
import { Tenancy } from './tenant-repository';

/** Tenant repositories, built on the database and the audit trail: the only door to tenant data. */
@Global()
@Module({ providers: [Tenancy], exports: [Tenancy] })
export class TenancyModule {}
