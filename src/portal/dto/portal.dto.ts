import { ApiProperty, ApiPropertyOptional, OmitType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Assessment } from '../../assessments/assessment.entity';
import { AssessmentEvidence } from '../../assessments/evidence.entity';
import { EvidenceResponse } from '../../assessments/dto/assessment.dto';
import { AreaDto, QuestionDto } from '../../assessments/dto/template.dto';
import type { AnswerValue } from '../../assessments/questionnaire';
import { ReportIncidentDto } from '../../incidents/dto/incident.dto';
import { Incident } from '../../incidents/incident.entity';
import { Offboarding } from '../../offboarding/offboarding.entity';
import { trim } from '../../platform/http/input';
import { CreateProcessorDto } from '../../processors/dto/processor.dto';
import { Processor } from '../../processors/processor.entity';
import { PORTAL_PURPOSES, type PortalPurpose } from '../../portal-links/portal-link-rules';

class Named {
  @ApiProperty() name: string;
}

class SessionAssessment {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'draft' }) status: string;
  @ApiProperty() templateName: string;
  @ApiProperty() questionCount: number;
  @ApiProperty() answeredCount: number;
}

export class PortalOffboardingResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['requested', 'overdue', 'confirmed'] }) status: string;
  @ApiProperty({ enum: ['return', 'delete', 'return_then_delete'] }) dataHandling: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ format: 'date', description: 'The agreement ends with effect from this day' })
  effectiveOn: string;
  @ApiProperty({ type: [String] }) dataCategories: string[];
  @ApiProperty({ type: [String] }) dataSubjectCategories: string[];
  @ApiProperty({ nullable: true, type: String }) certificateNumber: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) certificateIssuedOn: string | null;

  static from(o: Offboarding, status: string): PortalOffboardingResponse {
    return {
      id: o.id,
      status,
      dataHandling: o.dataHandling,
      dueOn: o.dueOn,
      effectiveOn: o.effectiveOn,
      dataCategories: o.dataCategories,
      dataSubjectCategories: o.dataSubjectCategories,
      certificateNumber: o.certificateNumber,
      certificateIssuedOn: o.certificateIssuedOn,
    };
  }
}

export class PortalSessionResponse {
  @ApiProperty({ type: Named }) processor: Named;
  @ApiProperty({ type: Named, description: 'The organisation that asks' }) organization: Named;
  @ApiProperty({ type: Named, description: 'Whom the link was sent to' }) contact: Named;
  @ApiProperty({ enum: PORTAL_PURPOSES, isArray: true }) purposes: PortalPurpose[];
  @ApiPropertyOptional({ type: SessionAssessment }) assessment?: SessionAssessment;
  @ApiPropertyOptional({ type: PortalOffboardingResponse }) offboarding?: PortalOffboardingResponse;
  @ApiProperty({ format: 'date', description: 'Last day the link works' }) expiresOn: string;
}

class PortalAnswerResponse {
  @ApiProperty() questionId: string;
  @ApiProperty({ oneOf: [{ type: 'boolean' }, { type: 'number' }, { type: 'string' }] }) value: AnswerValue;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ format: 'date-time' }) answeredAt: string;
}

/** The questionnaire as the contact sees it: questions, answers and evidence; no score or findings. */
export class PortalAssessmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'draft' }) status: string;
  @ApiProperty() templateName: string;
  @ApiProperty({ type: [AreaDto] }) areas: AreaDto[];
  @ApiProperty({ type: [QuestionDto] }) questions: QuestionDto[];
  @ApiProperty({ type: [PortalAnswerResponse] }) answers: PortalAnswerResponse[];
  @ApiProperty({ type: [EvidenceResponse] }) evidence: EvidenceResponse[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({
    description:
      "The processor's services as registered: they decide which questions with a service condition are shown",
  })
  services: string;

  static from(a: Assessment, evidence: AssessmentEvidence[], services: string): PortalAssessmentResponse {
    return {
      id: a.id,
      status: a.status,
      templateName: a.templateName,
      areas: a.areas,
      questions: a.questions,
      answers: Object.entries(a.answers).map(([questionId, answer]) => ({
        questionId,
        value: answer.value,
        comment: answer.comment,
        answeredAt: answer.answeredAt,
      })),
      evidence: evidence.map((e) => EvidenceResponse.from(e)),
      submittedAt: a.submittedAt?.toISOString() ?? null,
      services,
    };
  }
}

/** A breach notice (Art. 33(3)); the time of the notice is now, and the controller assesses the risk. */
export class PortalIncidentDto extends OmitType(ReportIncidentDto, [
  'reportedAt',
  'awareAt',
  'riskLevel',
  'riskRationale',
] as const) {}

export class PortalIncidentResponse {
  @ApiProperty({ format: 'uuid', description: 'Your reference for this notice with us' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) reportedAt: string;

  static from(i: Incident): PortalIncidentResponse {
    return { id: i.id, title: i.title, reportedAt: i.reportedAt.toISOString() };
  }
}

/** An intended new sub-processor. */
export class PortalSubProcessorDto extends PickType(CreateProcessorDto, [
  'name',
  'country',
  'processingCountries',
] as const) {
  /** Required here, unlike legal's own register: the controller decides on an objection from it. */
  @ApiProperty({ example: 'Backups of the customer database', description: 'What the sub-processor will do' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  services: string;

  @ApiPropertyOptional({
    example: 'privacy@subprocessor.example',
    description: "The sub-processor's contact; the link's contact when omitted",
  })
  @IsOptional()
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string;
}

export class PortalSubProcessorResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() country: string;
  @ApiProperty({ type: [String] }) processingCountries: string[];
  @ApiProperty() services: string;
  @ApiProperty({ format: 'date', description: 'The objection period counts from this day' })
  announcedOn: string;

  static from(p: Processor, announcedOn: string): PortalSubProcessorResponse {
    return {
      id: p.id,
      name: p.name,
      country: p.country,
      processingCountries: p.processingCountries,
      services: p.services,
      announcedOn,
    };
  }
}
