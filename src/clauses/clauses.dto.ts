import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { MANDATORY_CLAUSES, type ClauseCoverage, type ClauseGap, type ClauseId } from './clauses';

/**
 * A clause is `true`/`false` (a draft tick), or `{covered, reference?}` naming where the signed document
 * covers it; (h) may add `auditReportsOnly` when the processor refuses inspections.
 */
function IsClauseCoverage(options?: ValidationOptions & { auditReportsOnly?: boolean }) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isClauseCoverage',
      target: target.constructor,
      propertyName: property,
      options: {
        message: `${property} must be true, false or {covered: boolean, reference?: string}`,
        ...options,
      },
      validator: {
        validate(value: unknown): boolean {
          if (value === undefined || typeof value === 'boolean') return true;
          if (typeof value !== 'object' || value === null) return false;
          const { covered, reference, auditReportsOnly, ...rest } = value as Record<string, unknown>;
          return (
            typeof covered === 'boolean' &&
            (reference === undefined ||
              reference === null ||
              (typeof reference === 'string' && reference.length <= 200)) &&
            (auditReportsOnly === undefined ||
              (options?.auditReportsOnly === true && typeof auditReportsOnly === 'boolean')) &&
            Object.keys(rest).length === 0
          );
        },
      },
    });
}

export class ClausesDto {
  @ApiPropertyOptional({
    description: 'Documented instructions (Art. 28(3)(a))',
    oneOf: [{ type: 'boolean' }, { type: 'object' }],
  })
  @IsClauseCoverage()
  A28_3_A?: boolean | ClauseCoverage;
  @ApiPropertyOptional({ description: 'Confidentiality (b)' }) @IsClauseCoverage() A28_3_B?:
    boolean | ClauseCoverage;
  @ApiPropertyOptional({ description: 'Art. 32 measures (c)' }) @IsClauseCoverage() A28_3_C?:
    boolean | ClauseCoverage;
  @ApiPropertyOptional({ description: 'Sub-processor conditions (d)' }) @IsClauseCoverage() A28_3_D?:
    boolean | ClauseCoverage;
  @ApiPropertyOptional({ description: 'Data-subject requests (e)' }) @IsClauseCoverage() A28_3_E?:
    boolean | ClauseCoverage;
  @ApiPropertyOptional({ description: 'Arts. 32-36 assistance (f)' }) @IsClauseCoverage() A28_3_F?:
    boolean | ClauseCoverage;
  @ApiPropertyOptional({ description: 'Return or deletion at the end (g)' }) @IsClauseCoverage() A28_3_G?:
    boolean | ClauseCoverage;
  @ApiPropertyOptional({
    description:
      'Audits and information (h); {covered, reference, auditReportsOnly: true} when only audit reports are offered (does not satisfy (h))',
  })
  @IsClauseCoverage({
    auditReportsOnly: true,
    message:
      'A28_3_H must be true, false or {covered: boolean, reference?: string, auditReportsOnly?: boolean}',
  })
  A28_3_H?: boolean | ClauseCoverage;
  @ApiPropertyOptional({ description: 'Infringing instructions (second subparagraph)' })
  @IsClauseCoverage()
  A28_3_H2?: boolean | ClauseCoverage;
}

export class ClauseGapView {
  @ApiProperty({ enum: MANDATORY_CLAUSES }) clause: ClauseId;
  @ApiProperty({ enum: ['not_covered', 'reference_missing', 'inspections_not_allowed'] }) gap: ClauseGap;
  @ApiProperty({ example: 'ticked as covered, but the section of the signed document is not named' })
  message: string;
}
