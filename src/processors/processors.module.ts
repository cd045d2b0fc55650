import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { VocabulariesModule } from '../vocabularies/vocabularies.module';
import { ProcessorsController } from './processors.controller';
import { ProcessorsService } from './processors.service';
import { ProcessorsSweep } from './processors.sweep';

/** The processor registry, its lifecycle and the sub-processor chain. */
@Module({
  imports: [VocabulariesModule, IdentityModule],
  controllers: [ProcessorsController],
  providers: [ProcessorsService, ProcessorsSweep],
  exports: [ProcessorsService],
})
export class ProcessorsModule {}
