import { Global, Module } from '@nestjs/common';
import { PdfRenderer } from './pdf.service';

@Global()
@Module({ providers: [PdfRenderer], exports: [PdfRenderer] })
export class PdfModule {}
