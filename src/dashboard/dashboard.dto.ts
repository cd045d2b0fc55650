import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DATA_HANDLING, type DataHandling } from '../offboarding/offboarding.entity';
import { CHECK_TYPES, type CheckType } from '../monitoring/monitoring-check.entity';
import {
  FINDING_STATUSES,
  SEVERITIES,
  type FindingStatus,
  type Severity,
} from '../monitoring/finding.entity';
import { PROCESSOR_STATUSES, type ProcessorStatus } from '../processors/processor-lifecycle';
import { RISK_RATINGS, type RiskRating } from '../processors/processor.entity';
import { REASON_CODES, type ReasonCode } from '../transfers/transfer-rules';

/*
 * The dashboard's panels: each answers with the first few items that need someone (`items`, at most
 * ten) and how many there are in all (`total`), every item naming the processor it concerns.
 */

export class BreachClockItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) processorId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: "null for the controller's own breach" })
  processorName: string | null;
  @ApiProperty({ format: 'date-time' }) awareAt: string;
  @ApiProperty({ format: 'date-time', description: 'awareAt + 72 hours (Art. 33(1))' })
  notificationDeadline: string;
  @ApiProperty({ description: 'The deadline has passed without a notification' }) overdue: boolean;
}

export class BreachClocksResponse {
  @ApiProperty({ type: [BreachClockItem], description: 'Overdue first, then the nearest deadline' })
  items: BreachClockItem[];
  @ApiProperty() total: number;
  @ApiProperty({ description: 'How many of all are past their deadline' }) overdue: number;
  @ApiProperty({ format: 'date-time', description: "The server's time of this answer, for the clocks" })
  asOf: string;
}

export class OverdueCheckItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) processorId: string;
  @ApiProperty() processorName: string;
  @ApiProperty({ enum: CHECK_TYPES }) type: CheckType;
  @ApiProperty({ format: 'date' }) dueOn: string;
}

export class OverdueFindingItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) processorId: string;
  @ApiProperty() processorName: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: SEVERITIES }) severity: Severity;
  @ApiProperty({ enum: FINDING_STATUSES }) status: FindingStatus;
  @ApiProperty({ format: 'date' }) dueOn: string;
}

export class OverdueChecks {
  @ApiProperty({ type: [OverdueCheckItem] }) items: OverdueCheckItem[];
  @ApiProperty() total: number;
}

export class OverdueFindings {
  @ApiProperty({ type: [OverdueFindingItem] }) items: OverdueFindingItem[];
  @ApiProperty() total: number;
}

export class OverdueMonitoringResponse {
  @ApiProperty({ type: OverdueChecks, description: 'Checks past their due date without a result' })
  checks: OverdueChecks;
  @ApiProperty({ type: OverdueFindings, description: 'Open or in-progress findings past their due date' })
  findings: OverdueFindings;
}

export class ExpiringAgreementItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) processorId: string;
  @ApiProperty() processorName: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) expiresOn: string;
}

export class ExpiringAgreementsResponse {
  @ApiProperty({ type: [ExpiringAgreementItem] }) items: ExpiringAgreementItem[];
  @ApiProperty() total: number;
  @ApiProperty({ description: 'The horizon in days' }) withinDays: number;
}

export class ExpiringAssessmentItem {
  @ApiProperty({ format: 'uuid' }) processorId: string;
  @ApiProperty() processorName: string;
  @ApiProperty({ format: 'uuid' }) assessmentId: string;
  @ApiProperty({ format: 'date' }) validUntil: string;
  @ApiProperty({ description: 'The assessment has already run out' }) expired: boolean;
}

export class ExpiringAssessmentsResponse {
  @ApiProperty({ type: [ExpiringAssessmentItem] }) items: ExpiringAssessmentItem[];
  @ApiProperty() total: number;
  @ApiProperty({ description: 'The horizon in days' }) withinDays: number;
}

export class ObjectionWindowItem {
  @ApiProperty({ format: 'uuid', description: 'The announced sub-processor' }) processorId: string;
  @ApiProperty() processorName: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The processor that announced it' })
  parentName: string | null;
  @ApiProperty({ format: 'date', description: 'The last day to object' }) endsOn: string;
}

export class ObjectionWindowsResponse {
  @ApiProperty({ type: [ObjectionWindowItem] }) items: ObjectionWindowItem[];
  @ApiProperty() total: number;
}

export class OffboardingDueItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) processorId: string;
  @ApiProperty() processorName: string;
  @ApiProperty({ enum: DATA_HANDLING }) dataHandling: DataHandling;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty() overdue: boolean;
}

export class OffboardingsDueResponse {
  @ApiProperty({ type: [OffboardingDueItem] }) items: OffboardingDueItem[];
  @ApiProperty() total: number;
}

export class RiskCount {
  @ApiProperty({ enum: [...RISK_RATINGS, 'unrated'] }) key: RiskRating | 'unrated';
  @ApiProperty() count: number;
}

export class StatusCount {
  @ApiProperty({ enum: PROCESSOR_STATUSES }) key: ProcessorStatus;
  @ApiProperty() count: number;
}

export class ProcessorTallyResponse {
  @ApiProperty({ description: 'Processors and sub-processors, archived ones left out' }) total: number;
  @ApiProperty({ type: [RiskCount] }) byRisk: RiskCount[];
  @ApiProperty({ type: [StatusCount] }) byStatus: StatusCount[];
}

export class DecisionDay {
  @ApiProperty({ format: 'date' }) day: string;
  @ApiProperty() eligible: number;
  @ApiProperty() refused: number;
}

export class ReasonCount {
  @ApiProperty({ enum: REASON_CODES }) code: ReasonCode;
  @ApiProperty({ description: 'Refused decisions that gave this reason' }) count: number;
}

export class DecisionTallyResponse {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty() eligible: number;
  @ApiProperty() refused: number;
  @ApiProperty({ type: [DecisionDay], description: 'One entry per day, oldest first' }) days: DecisionDay[];
  @ApiProperty({ type: [ReasonCount], description: 'The most frequent first' }) reasons: ReasonCount[];
}
