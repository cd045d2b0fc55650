import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssessmentsService, type AnswerInput, type UploadedFile } from '../assessments/assessments.service';
import { OrganizationsService } from '../identity/organizations.service';
import { IncidentsService } from '../incidents/incidents.service';
import { ConfirmationInput, OffboardingService } from '../offboarding/offboarding.service';
import { Clock } from '../platform/clock/clock';
import type { RequestContext, TenantScope } from '../platform/context/request-context';
import { NotFound } from '../platform/errors/domain-error';
import { Page } from '../platform/http/pagination';
import { ProcessorsService } from '../processors/processors.service';
import {
  PortalIncidentDto,
  PortalOffboardingResponse,
  PortalSessionResponse,
  PortalSubProcessorDto,
} from './dto/portal.dto';
import { CreatePortalLinkDto } from './dto/portal-link.dto';
import type { PortalCaller } from './portal-access';
import { PortalLink } from '../portal-links/portal-link.entity';
import { PortalLinksService } from '../portal-links/portal-links.service';
import { ProcessorErrors } from '../processors/processors.errors';
import { OffboardingErrors } from '../offboarding/offboarding.errors';

/** The id a purpose's link was issued for (an assessment, an offboarding). */
function scoped(id: string | null, entity: string): string {
  if (!id) throw new NotFound(entity);
  return id;
}

/**
 * What a processor's contact does through a link, done by the features' own services in the name of the
 * contact (actor `processor_contact`, the link's id), and legal's side: issuing and revoking links.
 */
@Injectable()
export class PortalService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly links: PortalLinksService,
    private readonly processors: ProcessorsService,
    private readonly assessments: AssessmentsService,
    private readonly incidents: IncidentsService,
    private readonly offboarding: OffboardingService,
    private readonly organizations: OrganizationsService,
    private readonly clock: Clock,
  ) {}

  /** Legal's link for a contact of the processor: the assessment and offboarding must be that processor's. */
  async createLink(
    ctx: RequestContext,
    processorId: string,
    input: CreatePortalLinkDto,
  ): Promise<PortalLink> {
    const processor = await this.processors.get(ctx, processorId);
    if (processor.archivedAt)
      throw ProcessorErrors.conflict('PROCESSOR_ARCHIVED', 'An archived processor gets no portal link.');
    const assessment = input.assessmentId ? await this.assessments.get(ctx, input.assessmentId) : undefined;
    if (assessment && assessment.processorId !== processorId) throw new NotFound('Assessment', assessment.id);
    const offboarding = input.offboardingId
      ? await this.offboarding.get(ctx, input.offboardingId)
      : undefined;
    if (offboarding && offboarding.processorId !== processorId)
      throw new NotFound('Offboarding', offboarding.id);
    if (offboarding?.status === 'confirmed')
      throw OffboardingErrors.conflict(
        'OFFBOARDING_CONFIRMED',
        'The return or destruction is already confirmed.',
      );
    return this.dataSource.transaction((manager) =>
      this.links.invite(manager, ctx, {
        processor,
        contactEmail: input.contactEmail,
        contactName: input.contactName,
        purposes: input.purposes,
        expiresOn: input.expiresOn,
        assessment: assessment && {
          id: assessment.id,
          templateName: assessment.templateName,
          questionCount: assessment.questions.length,
        },
        offboarding: offboarding && { id: offboarding.id, dueOn: offboarding.dueOn },
      }),
    );
  }

  async listLinks(
    scope: TenantScope,
    processorId: string,
    page: { page: number; pageSize: number },
  ): Promise<Page<PortalLink>> {
    await this.processors.get(scope, processorId);
    return this.links.list(scope, processorId, page);
  }

  revokeLink(ctx: RequestContext, id: string): Promise<PortalLink> {
    return this.links.revoke(ctx, id);
  }

  /** Who asks, what, and until when: what the portal page shows first. */
  async session({ link, ctx }: PortalCaller): Promise<PortalSessionResponse> {
    const [processor, organization] = await Promise.all([
      this.processors.get(ctx, link.processorId),
      this.organizations.get(ctx.organizationId),
    ]);
    const session: PortalSessionResponse = {
      processor: { name: processor.name },
      organization: { name: organization.name },
      contact: { name: link.contactName },
      purposes: link.purposes,
      expiresOn: link.expiresOn,
    };
    if (link.assessmentId) {
      const a = await this.assessments.get(ctx, link.assessmentId);
      session.assessment = {
        id: a.id,
        status: a.status,
        templateName: a.templateName,
        questionCount: a.questions.length,
        answeredCount: a.questions.filter((q) => a.answers[q.id] !== undefined).length,
      };
    }
    if (link.offboardingId) {
      const o = await this.offboarding.get(ctx, link.offboardingId);
      session.offboarding = PortalOffboardingResponse.from(o, this.offboarding.status(o));
    }
    return session;
  }

  async assessment({ link, ctx }: PortalCaller) {
    const id = scoped(link.assessmentId, 'Assessment');
    const [assessment, evidence, processor] = await Promise.all([
      this.assessments.get(ctx, id),
      this.assessments.listEvidence(ctx, id),
      this.processors.get(ctx, link.processorId),
    ]);
    return { assessment, evidence, services: processor.services };
  }

  async saveAnswers(caller: PortalCaller, answers: AnswerInput[]) {
    await this.assessments.saveAnswers(caller.ctx, scoped(caller.link.assessmentId, 'Assessment'), answers);
    return this.assessment(caller);
  }

  addEvidence({ link, ctx }: PortalCaller, file: UploadedFile | undefined, questionId?: string) {
    return this.assessments.addEvidence(ctx, scoped(link.assessmentId, 'Assessment'), file, questionId);
  }

  evidenceFile({ link, ctx }: PortalCaller, evidenceId: string) {
    return this.assessments.evidenceFile(ctx, scoped(link.assessmentId, 'Assessment'), evidenceId);
  }

  submit({ link, ctx }: PortalCaller) {
    return this.assessments.submit(ctx, scoped(link.assessmentId, 'Assessment'));
  }

  /** The processor's breach notice: reported now, which starts the controller's 72 hours. */
  reportIncident({ link, ctx }: PortalCaller, notice: PortalIncidentDto) {
    return this.incidents.report(ctx, link.processorId, notice);
  }

  /** An intended new sub-processor beneath the link's processor; its authorisation starts at once. */
  async announceSubProcessor({ link, ctx }: PortalCaller, notice: PortalSubProcessorDto) {
    const processor = await this.processors.create(ctx, {
      name: notice.name,
      country: notice.country,
      processingCountries: notice.processingCountries,
      services: notice.services,
      contactEmail: notice.contactEmail ?? link.contactEmail,
      parentId: link.processorId,
    });
    return { processor, announcedOn: this.clock.today() };
  }

  async offboardingOf({ link, ctx }: PortalCaller) {
    const o = await this.offboarding.get(ctx, scoped(link.offboardingId, 'Offboarding'));
    return { offboarding: o, status: this.offboarding.status(o) };
  }

  confirmOffboarding({ link, ctx }: PortalCaller, confirmation: ConfirmationInput) {
    return this.offboarding.confirm(ctx, scoped(link.offboardingId, 'Offboarding'), confirmation);
  }

  async certificate(caller: PortalCaller) {
    const { offboarding } = await this.offboardingOf(caller);
    return this.offboarding.certificate(caller.ctx, scoped(offboarding.certificateNumber, 'Certificate'));
  }
}
