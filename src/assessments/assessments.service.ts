import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { UsersService } from '../identity/users.service';
import { addDays, addMonths, Clock } from '../platform/clock/clock';
import { type RequestContext, systemContext, type TenantScope } from '../platform/context/request-context';
import { Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { FieldError, NotFound, ValidationFailed } from '../platform/errors/domain-error';
import { Page } from '../platform/http/pagination';
import { MailService } from '../platform/mail/mail.service';
import { consoleUrl } from '../platform/mail/console-url';
import { OutboxService } from '../platform/queue/outbox.service';
import { FileStorage } from '../platform/storage/file-storage.service';
import { MonitoringService } from '../monitoring/monitoring.service';
import { PortalLinksService } from '../portal-links/portal-links.service';
import { ASSESSMENT_LINK_DAYS } from '../portal-links/portal-link-rules';
import { Processor } from '../processors/processor.entity';
import { ProcessorsService } from '../processors/processors.service';
import { VocabulariesService } from '../vocabularies/vocabularies.service';
import { Assessment, Decision, StoredAnswer } from './assessment.entity';
import { assertAssessmentTransition, OPEN_ASSESSMENT_STATUSES } from './assessment-lifecycle';
import { ScoreAssessmentJob } from './assessment.queue';
import { AssessmentEvidence } from './evidence.entity';
import { acceptUpload, UploadedFile } from '../platform/storage/uploads';
import { effectiveAuthorization } from '../processors/subprocessor-authorization';
import { AnswerValue, answerTypeProblem, isScored, visibleQuestionIds } from './questionnaire';
import { DataSensitivity, scoreAssessment, VALIDITY_MONTHS } from './scoring';
import { DEFAULT_TEMPLATE_ID, ResolvedTemplate, TemplatesService } from './templates.service';
import { ProcessorErrors } from '../processors/processors.errors';
import { AssessmentErrors } from './assessments.errors';

export interface AnswerInput {
  questionId: string;
  value: AnswerValue;
  comment?: string;
}

export type { UploadedFile };

function answerValues(assessment: Assessment): Record<string, AnswerValue> {
  return Object.fromEntries(Object.entries(assessment.answers).map(([k, a]) => [k, a.value]));
}

@Injectable()
export class AssessmentsService {
  private readonly assessments: TenantRepository<Assessment>;
  private readonly evidence: TenantRepository<AssessmentEvidence>;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly processors: ProcessorsService,
    private readonly templates: TemplatesService,
    private readonly vocabularies: VocabulariesService,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
    private readonly mail: MailService,
    private readonly storage: FileStorage,
    private readonly monitoring: MonitoringService,
    private readonly portalLinks: PortalLinksService,
    private readonly clock: Clock,
  ) {
    // The questions and areas are those of the template version the events name.
    this.assessments = tenancy.repository(Assessment, 'Assessment', 'assessment', {
      auditOmit: ['questions', 'areas'],
    });
    this.evidence = tenancy.repository(AssessmentEvidence, 'Evidence', 'assessment_evidence');
  }

  /**
   * A new assessment from the default questionnaire, a template id, or the newest version of a template
   * key; at most one is open per processor. `inviteContact` e-mails the processor's contact a portal link
   * to answer it, in the same transaction.
   */
  async create(
    ctx: RequestContext,
    processorId: string,
    from: { templateId?: string; templateKey?: string; inviteContact?: boolean } = {},
  ): Promise<Assessment> {
    if (from.templateId && from.templateKey) {
      throw ValidationFailed.field(
        'templateKey',
        'give either templateId or templateKey, not both',
        'exclusive',
      );
    }
    const templateId = from.templateKey
      ? (await this.templates.latest(ctx, from.templateKey)).id
      : from.templateId;
    return this.dataSource.transaction(async (manager) => {
      // Lock the processor first: two requests at once must not both open an assessment.
      const processor = await this.processors.lockForUpdate(ctx, processorId, manager);
      const open = await this.assessments.count(
        ctx,
        { processorId, status: In([...OPEN_ASSESSMENT_STATUSES]) },
        manager,
      );
      if (open > 0) {
        throw AssessmentErrors.conflict(
          'ASSESSMENT_IN_PROGRESS',
          'This processor already has an open assessment; finish it first.',
        );
      }
      const assessment = await this.createIn(manager, ctx, processorId, templateId ?? DEFAULT_TEMPLATE_ID);
      if (from.inviteContact) {
        await this.portalLinks.invite(manager, ctx, {
          processor,
          contactEmail: processor.privacyContact?.email ?? processor.contactEmail,
          contactName: processor.privacyContact?.name ?? processor.name,
          purposes: ['assessment'],
          assessment: {
            id: assessment.id,
            templateName: assessment.templateName,
            questionCount: assessment.questions.length,
          },
          expiresOn: addDays(this.clock.today(), ASSESSMENT_LINK_DAYS),
        });
      }
      return assessment;
    });
  }

  /**
   * The re-assessment drafts the sweep opens before approvals run out, each from the template of the
   * processor's approved assessment (the default one if that template is gone); none for a processor
   * that is archived or already has an open assessment. A fixed number of queries for any number of
   * processors of one organisation; answers the drafts opened.
   */
  async openReassessments(
    manager: EntityManager,
    ctx: RequestContext,
    processorIds: string[],
  ): Promise<Assessment[]> {
    const ids = [...new Set(processorIds)].sort();
    if (ids.length === 0) return [];
    // Locked in id order, like the single path, so that two sweeps never deadlock and never both open one.
    const processors = await this.processors.lockUnarchivedForUpdate(ctx, ids, manager);
    const busy = new Set(
      (
        await this.assessments.find(
          ctx,
          {
            select: { processorId: true },
            where: {
              processorId: In(processors.map((p) => p.id)),
              status: In([...OPEN_ASSESSMENT_STATUSES]),
            },
          },
          manager,
        )
      ).map((a) => a.processorId),
    );
    const due = processors.filter((p) => !busy.has(p.id));
    const approvedIds = due.map((p) => p.approvedAssessmentId).filter((id): id is string => !!id);
    const previous = new Map(
      (
        await this.assessments.find(
          ctx,
          { select: { id: true, templateId: true }, where: { id: In(approvedIds) } },
          manager,
        )
      ).map((a) => [a.id, a.templateId]),
    );
    const templates = new Map<string, ResolvedTemplate>();
    const templateOf = async (id: string): Promise<ResolvedTemplate> => {
      if (!templates.has(id)) {
        templates.set(
          id,
          await this.templates.get(ctx, id).catch((error: unknown) => {
            if (error instanceof NotFound) return this.templates.get(ctx, DEFAULT_TEMPLATE_ID);
            throw error;
          }),
        );
      }
      return templates.get(id)!;
    };
    const drafts: Partial<Assessment>[] = [];
    for (const processor of due) {
      const templateId =
        (processor.approvedAssessmentId && previous.get(processor.approvedAssessmentId)) ||
        DEFAULT_TEMPLATE_ID;
      drafts.push(this.draft(ctx, processor.id, await templateOf(templateId)));
    }
    const opened = await this.assessments.insertMany(manager, ctx, drafts, 'assessment.reassessment_opened');
    for (const processor of due) await this.enterAssessment(manager, ctx, processor);
    return opened;
  }

  private async createIn(
    manager: EntityManager,
    ctx: RequestContext,
    processorId: string,
    templateId: string,
    action?: string,
  ): Promise<Assessment> {
    const processor = await this.processors.lockForUpdate(ctx, processorId, manager);
    if (processor.archivedAt)
      throw ProcessorErrors.conflict('PROCESSOR_ARCHIVED', 'An archived processor cannot be assessed.');
    const template = await this.templates.get(ctx, templateId);
    const assessment = await this.assessments.insert(
      manager,
      ctx,
      this.draft(ctx, processorId, template),
      action,
    );
    await this.enterAssessment(manager, ctx, processor);
    return assessment;
  }

  /** A new assessment of the processor: the template's questions, no answers yet. */
  private draft(ctx: RequestContext, processorId: string, template: ResolvedTemplate): Partial<Assessment> {
    return {
      processorId,
      templateId: template.id,
      templateKey: template.key,
      templateVersion: template.version,
      templateName: template.name,
      areas: template.areas,
      questions: template.questions,
      answers: {},
      status: 'draft',
      findings: [],
      riskFactors: [],
      createdBy: ctx.actor.id,
    };
  }

  /** A processor not yet (or no longer) approved moves under assessment when one is opened. */
  private async enterAssessment(
    manager: EntityManager,
    ctx: RequestContext,
    processor: Processor,
  ): Promise<void> {
    if (processor.status === 'proposed' || processor.status === 'rejected') {
      await this.processors.transition(manager, ctx, processor, 'under_assessment');
    }
  }

  async list(
    scope: TenantScope,
    processorId: string,
    page: { page: number; pageSize: number },
  ): Promise<Page<Assessment>> {
    await this.processors.get(scope, processorId);
    return this.assessments.page(scope, page, { where: { processorId }, order: { createdAt: 'DESC' } });
  }

  /** Each assessment of the processors, the newest first, with what a summary of them shows (the record). */
  summariesFor(
    scope: TenantScope,
    processorIds: string[],
  ): Promise<
    Pick<
      Assessment,
      'id' | 'processorId' | 'status' | 'decision' | 'score' | 'riskRating' | 'validUntil' | 'createdAt'
    >[]
  > {
    return this.assessments.find(scope, {
      where: { processorId: In(processorIds) },
      select: {
        id: true,
        processorId: true,
        status: true,
        decision: true,
        score: true,
        riskRating: true,
        validUntil: true,
        createdAt: true,
      },
      order: { createdAt: 'DESC' },
    });
  }

  get(scope: TenantScope, id: string): Promise<Assessment> {
    return this.assessments.getById(scope, id);
  }

  listEvidence(scope: TenantScope, assessmentId: string): Promise<AssessmentEvidence[]> {
    return this.evidence.find(scope, { where: { assessmentId }, order: { uploadedAt: 'ASC' } });
  }

  /** Records answers (merged by question); editing a sent-back assessment returns it to draft. */
  async saveAnswers(ctx: RequestContext, id: string, answers: AnswerInput[]): Promise<Assessment> {
    return this.dataSource.transaction(async (manager) => {
      const assessment = await this.assessments.getById(ctx, id, manager, true);
      this.assertEditable(assessment);
      const byId = new Map(assessment.questions.map((q) => [q.id, q]));
      const errors: FieldError[] = [];
      answers.forEach((a, i) => {
        const question = byId.get(a.questionId);
        if (!question) {
          errors.push({
            field: `answers[${i}].questionId`,
            message: 'is not a question of this assessment',
            rule: 'question',
          });
          return;
        }
        const problem = answerTypeProblem(question, a.value);
        if (problem)
          errors.push({ field: `answers[${i}].value`, message: problem, rule: question.answerType });
      });
      if (errors.length) throw new ValidationFailed(errors);
      const now = this.clock.now().toISOString();
      const merged: Record<string, StoredAnswer> = { ...assessment.answers };
      for (const a of answers) {
        merged[a.questionId] = {
          value: a.value,
          comment: a.comment ?? null,
          answeredBy: ctx.actor.id ?? '',
          answeredAt: now,
        };
      }
      const changes: Partial<Assessment> = { answers: merged };
      if (assessment.status === 'changes_requested') {
        assertAssessmentTransition(assessment.status, 'draft');
        changes.status = 'draft';
      }
      return this.assessments.update(manager, ctx, assessment, changes, 'assessment.answers_saved');
    });
  }

  private assertEditable(assessment: Assessment): void {
    if (assessment.status !== 'draft' && assessment.status !== 'changes_requested') {
      throw AssessmentErrors.conflict(
        'ASSESSMENT_NOT_EDITABLE',
        `The assessment is ${assessment.status}; answers can change only in draft or after changes were requested.`,
        { currentStatus: assessment.status },
      );
    }
  }

  async addEvidence(
    ctx: RequestContext,
    id: string,
    file: UploadedFile | undefined,
    questionId?: string,
  ): Promise<AssessmentEvidence> {
    const { contentType, filename, buffer } = acceptUpload(file);
    const assessment = await this.assessments.getById(ctx, id);
    this.assertEditable(assessment);
    if (questionId !== undefined && !assessment.questions.some((q) => q.id === questionId)) {
      throw ValidationFailed.field('questionId', 'is not a question of this assessment', 'question');
    }
    const evidenceId = randomUUID();
    const stored = await this.storage.put(
      `${ctx.organizationId}/assessments/${id}/evidence/${evidenceId}`,
      buffer,
    );
    return this.dataSource.transaction((manager) =>
      this.evidence.insert(manager, ctx, {
        id: evidenceId,
        assessmentId: id,
        questionId: questionId ?? null,
        filename,
        contentType,
        size: String(stored.size),
        sha256: stored.sha256,
        storageKey: stored.key,
        uploadedBy: ctx.actor.id,
      }),
    );
  }

  async evidenceFile(scope: TenantScope, assessmentId: string, evidenceId: string) {
    await this.assessments.getById(scope, assessmentId);
    const evidence = await this.evidence.findOne(scope, { id: evidenceId, assessmentId });
    if (!evidence) throw new NotFound('Evidence', evidenceId);
    return { evidence, stream: this.storage.stream(evidence.storageKey) };
  }

  /**
   * Hands the assessment to the worker for scoring, in the same transaction as the status change. Every
   * shown question that is scored must be answered, and every shown critical question needs evidence
   * uploaded for it or, in its answer's comment, the reason there is none.
   */
  async submit(ctx: RequestContext, id: string): Promise<Assessment> {
    return this.dataSource.transaction(async (manager) => {
      const assessment = await this.assessments.getById(ctx, id, manager, true);
      assertAssessmentTransition(assessment.status, 'submitted');
      const processor = await this.processors.get(ctx, assessment.processorId, manager);
      const shown = visibleQuestionIds(assessment.questions, answerValues(assessment), {
        services: processor.services,
      });
      const questions = assessment.questions.filter((q) => shown.has(q.id));
      const missing = questions
        .filter((q) => (q.answerType !== 'text' && q.answerType !== 'date') || isScored(q))
        .filter((q) => assessment.answers[q.id] === undefined);
      const evidenced = new Set(
        (
          await this.evidence.find(
            ctx,
            { select: { questionId: true }, where: { assessmentId: id } },
            manager,
          )
        ).map((e) => e.questionId),
      );
      const unexplained = questions.filter(
        (q) =>
          q.critical &&
          assessment.answers[q.id] !== undefined &&
          !evidenced.has(q.id) &&
          !assessment.answers[q.id].comment?.trim(),
      );
      const errors: FieldError[] = [
        ...missing.map((q) => ({ field: `answers.${q.id}`, message: 'is not answered', rule: 'required' })),
        ...unexplained.map((q) => ({
          field: `answers.${q.id}.comment`,
          message: 'a critical question needs evidence uploaded for it or, here, the reason there is none',
          rule: 'evidenceOrReason',
        })),
      ];
      if (errors.length) {
        const parts = [
          missing.length
            ? `${missing.length} question(s) are not answered: ${missing.map((q) => q.id).join(', ')}`
            : '',
          unexplained.length
            ? `${unexplained.length} critical question(s) have neither evidence nor a reason: ${unexplained.map((q) => q.id).join(', ')}`
            : '',
        ];
        throw new ValidationFailed(errors, parts.filter(Boolean).join('; '));
      }
      const submission = assessment.submissionCount + 1;
      const saved = await this.assessments.update(
        manager,
        ctx,
        assessment,
        {
          status: 'submitted',
          submittedBy: ctx.actor.id,
          submittedAt: this.clock.now(),
          submissionCount: submission,
          scoringError: null,
        },
        'assessment.submitted',
      );
      await this.outbox.enqueue(manager, ScoreAssessmentJob, {
        organizationId: ctx.organizationId,
        assessmentId: id,
        submission,
      });
      return saved;
    });
  }

  /** The worker's part: score, rate, move to review and tell the DPOs. Running it twice changes nothing. */
  async score(organizationId: string, id: string, submission: number): Promise<void> {
    const ctx = systemContext(organizationId, 'scoring');
    await this.dataSource.transaction(async (manager) => {
      const assessment = await this.assessments.getById(ctx, id, manager, true);
      if (assessment.status !== 'submitted' || assessment.submissionCount !== submission) return;
      const processor = await this.processors.get(ctx, assessment.processorId, manager);
      const result = scoreAssessment(
        assessment.questions,
        answerValues(assessment),
        await this.sensitivity(ctx, processor, manager),
        { today: this.clock.today(), services: processor.services },
      );
      assertAssessmentTransition(assessment.status, 'in_review');
      await this.assessments.update(
        manager,
        ctx,
        assessment,
        { ...result, status: 'in_review', scoringError: null },
        'assessment.scored',
      );
      const dpos = await this.users.withRole(ctx, 'dpo');
      if (dpos.length) {
        await this.mail.queue(manager, {
          organizationId,
          idempotencyKey: `assessment-review:${id}:${submission}`,
          to: dpos.map((u) => u.email),
          template: 'assessment-review-requested',
          context: {
            processorName: processor.name,
            assessmentId: id,
            url: consoleUrl(this.config.publicUrl, 'assessments', id),
            score: result.score,
            riskRating: result.riskRating,
            riskFactors: result.riskFactors,
            findingCount: result.findings.length,
            criticalFindingCount: result.findings.filter((f) => f.critical).length,
          },
        });
      }
    });
  }

  /**
   * What the processor will actually receive and where it goes, not only what was declared: the data
   * categories it was registered for, those of its agreements' scopes and of the live processing
   * activities that name it (or a processor above it in the chain); and the countries outside the EEA,
   * without an adequacy decision that reaches the recipient, where it processes and, apart, where its
   * sub-processors do. A sub-processor the controller objected to is not engaged and does not count; one
   * still awaiting authorisation does, since it may already receive data. An empty declaration is not
   * "no sensitive data".
   */
  async sensitivity(
    scope: TenantScope,
    processor: Processor,
    manager?: EntityManager,
  ): Promise<DataSensitivity> {
    // eslint-disable-next-line no-restricted-syntax -- one statement over the processor's lineage (ProcessorsService.treeSql), its agreements and activities
    const [row] = await (manager ?? this.dataSource.manager).query<{ keys: string[] | null }[]>(
      `WITH RECURSIVE ${this.processors.treeSql('lineage', '$1', 'ARRAY[$2::uuid]')}
       SELECT array_agg(DISTINCT key) AS keys FROM (
         SELECT jsonb_array_elements_text(scope -> 'dataCategories') AS key FROM agreement
          WHERE organization_id = $1 AND processor_id = $2 AND status NOT IN ('terminated', 'superseded')
         UNION ALL
         SELECT unnest(data_categories) FROM processing_activity
          WHERE organization_id = $1 AND archived_at IS NULL
            AND processor_ids && (SELECT array_agg(id) FROM lineage_up)
       ) k`,
      [scope.organizationId, processor.id],
    );
    const categories = new Set([...processor.intendedDataCategories, ...(row?.keys ?? [])]);
    const specialCategories = [...categories]
      .map((key) => this.vocabularies.specialCategoryOf(key)?.kind)
      .filter((kind): kind is string => kind !== undefined);
    const chain = await this.processors.chain(scope, processor.id, manager);
    const today = this.clock.today();
    const outside = (p: Processor) =>
      p.processingCountries.filter((code) => this.vocabularies.needsTransferTool(code, p, today));
    const subProcessors = chain
      .filter((p) => p.id !== processor.id && effectiveAuthorization(p, today) !== 'objected')
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => ({ name: p.name, countries: outside(p) }))
      .filter((s) => s.countries.length);
    return { specialCategories, thirdCountries: outside(processor), subProcessors };
  }

  async recordScoringFailure(organizationId: string, id: string, reason: string): Promise<void> {
    const ctx = systemContext(organizationId, 'scoring');
    await this.dataSource.transaction(async (manager) => {
      const assessment = await this.assessments.getById(ctx, id, manager, true);
      await this.assessments.update(
        manager,
        ctx,
        assessment,
        { scoringError: reason },
        'assessment.scoring_failed',
      );
    });
  }

  /**
   * Four eyes: a dpo or legal user other than the submitter decides. The decision freezes a snapshot;
   * approval sets the validity by risk and approves the processor, rejection rejects it.
   */
  async decide(ctx: RequestContext, id: string, decision: Decision, comment: string): Promise<Assessment> {
    return this.dataSource.transaction(async (manager) => {
      const assessment = await this.assessments.getById(ctx, id, manager, true);
      if (assessment.submittedBy && assessment.submittedBy === ctx.actor.id)
        throw AssessmentErrors.forbidden(
          'SELF_DECISION_FORBIDDEN',
          'Four eyes: someone else must decide',
          'The person who submitted an assessment cannot decide on it; a second dpo or legal user must.',
        );
      const to =
        decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'changes_requested';
      assertAssessmentTransition(assessment.status, to);
      if (decision === 'approve' && assessment.riskRating === 'critical') {
        throw AssessmentErrors.conflict(
          'CRITICAL_RISK_NOT_APPROVABLE',
          'An assessment rated critical cannot be approved; request changes or reject it.',
        );
      }
      const now = this.clock.now();
      const validUntil =
        decision === 'approve' && assessment.riskRating && assessment.riskRating !== 'critical'
          ? addMonths(this.clock.today(), VALIDITY_MONTHS[assessment.riskRating])
          : null;
      const saved = await this.assessments.update(
        manager,
        ctx,
        assessment,
        {
          status: to,
          decision,
          decisionComment: comment,
          decidedBy: ctx.actor.id,
          decidedAt: now,
          validUntil,
          snapshot: {
            decision,
            decidedAt: now.toISOString(),
            decidedBy: ctx.actor.id ?? '',
            comment,
            questions: assessment.questions,
            answers: assessment.answers,
            score: assessment.score,
            areaScores: assessment.areaScores,
            findings: assessment.findings,
            riskRating: assessment.riskRating,
            riskFactors: assessment.riskFactors,
          },
        },
        `assessment.${to}`,
      );
      const processor = await this.processors.lockForUpdate(ctx, assessment.processorId, manager);
      if (decision === 'approve') await this.approveProcessor(manager, ctx, processor, saved);
      if (decision === 'reject' && processor.status === 'under_assessment') {
        await this.processors.transition(manager, ctx, processor, 'rejected');
      }
      await this.notifySubmitter(manager, ctx, saved, processor);
      return saved;
    });
  }

  private async approveProcessor(
    manager: EntityManager,
    ctx: RequestContext,
    processor: Processor,
    assessment: Assessment,
  ) {
    const fields: Partial<Processor> = {
      riskRating: assessment.riskRating,
      assessmentValidUntil: assessment.validUntil,
      approvedAssessmentId: assessment.id,
    };
    if (processor.status === 'under_assessment')
      await this.processors.transition(manager, ctx, processor, 'approved', fields);
    else await this.processors.setFields(manager, ctx, processor, fields);
    // What failed is approved with open findings to remediate, and monitoring starts at the risk's cadence.
    await this.monitoring.openFindings(
      manager,
      ctx,
      processor.id,
      assessment.findings.map((f) => ({
        source: 'assessment' as const,
        sourceId: assessment.id,
        questionId: f.questionId,
        title: `${f.questionId}: ${f.text}`,
        severity: f.severity,
      })),
    );
    await this.monitoring.scheduleNextPeriodic(manager, ctx, processor.id, assessment.riskRating);
  }

  private async notifySubmitter(
    manager: EntityManager,
    ctx: RequestContext,
    assessment: Assessment,
    processor: Processor,
  ) {
    if (!assessment.submittedBy) return;
    const submitter = await this.users.findById(ctx, assessment.submittedBy);
    if (!submitter?.active) return;
    const labels: Record<Decision, string> = {
      approve: 'approved',
      reject: 'rejected',
      request_changes: 'changes requested',
    };
    await this.mail.queue(manager, {
      organizationId: ctx.organizationId,
      idempotencyKey: `assessment-decided:${assessment.id}:${assessment.submissionCount}`,
      to: [submitter.email],
      template: 'assessment-decided',
      context: {
        processorName: processor.name,
        assessmentId: assessment.id,
        url: consoleUrl(this.config.publicUrl, 'assessments', assessment.id),
        decision: labels[assessment.decision ?? 'approve'],
        comment: assessment.decisionComment ?? '',
        decidedBy: ctx.actor.label ?? 'a reviewer',
        riskRating: assessment.riskRating ?? 'not rated',
        validUntil: assessment.validUntil ?? '',
      },
    });
  }
}
