import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  EXPORT_FORMATS,
  EXPORT_STATUSES,
  type ExportFormat,
  type ExportStatus,
  RecordExport,
} from '../record-export.entity';
import { AsOfProperty } from './common.dto';

export class CreateRecordExportDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;

  @AsOfProperty()
  asOf?: string;
}

export class RecordExportQueuedResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queued'] }) status: 'queued';
}

export class RecordExportResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: EXPORT_FORMATS }) format: ExportFormat;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'The day whose end-of-day state is exported; null for the state at the request',
  })
  asOf: string | null;
  @ApiProperty({ format: 'date-time', description: 'The instant whose state is exported' })
  snapshotAt: string;
  @ApiProperty({ enum: EXPORT_STATUSES }) status: ExportStatus;
  @ApiPropertyOptional({ description: 'SHA-256 (hex) of the file' }) sha256?: string;
  @ApiPropertyOptional({ description: 'Bytes' }) size?: number;
  @ApiPropertyOptional() filename?: string;
  @ApiPropertyOptional() contentType?: string;
  @ApiPropertyOptional({
    description: 'SHA-256 of the record data: the `record` member of the JSON export of the same snapshot',
  })
  dataSha256?: string;
  @ApiPropertyOptional() activityCount?: number;
  @ApiPropertyOptional({ description: 'Why it failed' }) error?: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) requestedBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ format: 'date-time' }) completedAt?: string;

  static from(e: RecordExport): RecordExportResponse {
    return {
      id: e.id,
      format: e.format,
      asOf: e.asOf,
      snapshotAt: e.snapshotAt.toISOString(),
      status: e.status,
      ...(e.sha256 ? { sha256: e.sha256 } : {}),
      ...(e.size !== null ? { size: Number(e.size) } : {}),
      ...(e.filename ? { filename: e.filename } : {}),
      ...(e.contentType ? { contentType: e.contentType } : {}),
      ...(e.dataSha256 ? { dataSha256: e.dataSha256 } : {}),
      ...(e.activityCount !== null ? { activityCount: e.activityCount } : {}),
      ...(e.error ? { error: e.error } : {}),
      requestedBy: e.requestedBy,
      createdAt: e.createdAt.toISOString(),
      ...(e.completedAt ? { completedAt: e.completedAt.toISOString() } : {}),
    };
  }
}

export class RecordExportPageResponse {
  @ApiProperty({ type: [RecordExportResponse] }) items: RecordExportResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
