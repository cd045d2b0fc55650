import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import type { RequestContext, TenantScope } from '../platform/context/request-context';
import { Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { ValidationFailed } from '../platform/errors/domain-error';
import { templatesDir } from '../config/paths';
import { Area, Question, TemplateDefinition, templateProblems } from './questionnaire';
import { QuestionnaireTemplate } from './questionnaire-template.entity';

/** The shipped default questionnaire has this fixed id in every organisation. */
export const DEFAULT_TEMPLATE_ID = '00000000-0000-4000-8000-000000000001';

export interface ResolvedTemplate {
  id: string;
  key: string;
  version: number;
  name: string;
  description?: string;
  builtIn: boolean;
  areas: Area[];
  questions: Question[];
}

function loadDefault(): ResolvedTemplate {
  const raw = JSON.parse(
    readFileSync(templatesDir('assessment', 'default-template.json'), 'utf8'),
  ) as TemplateDefinition & {
    version: number;
  };
  const problems = templateProblems(raw);
  if (problems.length) {
    throw new Error(
      `templates/assessment/default-template.json is invalid: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
    );
  }
  return {
    id: DEFAULT_TEMPLATE_ID,
    key: raw.key,
    version: raw.version,
    name: raw.name,
    description: raw.description,
    builtIn: true,
    areas: raw.areas.map(({ key, name, description }) => ({ key, name, description })),
    questions: raw.questions,
  };
}

@Injectable()
export class TemplatesService {
  private readonly builtIn = loadDefault();
  private readonly templates: TenantRepository<QuestionnaireTemplate>;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
  ) {
    this.templates = tenancy.repository(QuestionnaireTemplate, 'Template', 'questionnaire_template');
  }

  async list(scope: TenantScope): Promise<ResolvedTemplate[]> {
    const own = await this.templates.find(scope, { order: { key: 'ASC', version: 'DESC' } });
    return [this.builtIn, ...own.map((t) => this.resolve(t))];
  }

  async get(scope: TenantScope, id: string): Promise<ResolvedTemplate> {
    if (id === DEFAULT_TEMPLATE_ID) return this.builtIn;
    return this.resolve(await this.templates.getById(scope, id));
  }

  /** The newest version of a template by its key (the shipped one or the organisation's own). */
  async latest(scope: TenantScope, key: string): Promise<ResolvedTemplate> {
    if (key === this.builtIn.key) return this.builtIn;
    const [newest] = await this.templates.find(scope, {
      where: { key },
      order: { version: 'DESC' },
      take: 1,
    });
    if (!newest)
      throw ValidationFailed.field('templateKey', `names no template of this organisation`, 'template');
    return this.resolve(newest);
  }

  /** Publishes a template; a key that exists gets its next version, the earlier ones stay as they were. */
  async create(ctx: RequestContext, def: TemplateDefinition): Promise<ResolvedTemplate> {
    const problems = templateProblems(def);
    if (problems.length) throw new ValidationFailed(problems);
    if (def.key === this.builtIn.key) {
      throw ValidationFailed.field(
        'key',
        'is the key of the shipped template; choose another',
        'reservedKey',
      );
    }
    const saved = await this.dataSource.transaction(async (manager) => {
      // eslint-disable-next-line no-restricted-syntax -- a transaction-scoped advisory lock, no data
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `template:${ctx.organizationId}:${def.key}`,
      ]);
      const { max } = (await this.templates
        .query(ctx, 't', manager)
        .select('max(t.version)', 'max')
        .andWhere('t.key = :key', { key: def.key })
        .getRawOne<{ max: number | null }>())!;
      return this.templates.insert(manager, ctx, {
        key: def.key,
        version: (max ?? 0) + 1,
        name: def.name,
        description: def.description ?? null,
        areas: def.areas,
        questions: def.questions,
        createdBy: ctx.actor.id,
      });
    });
    return this.resolve(saved);
  }

  private resolve(t: QuestionnaireTemplate): ResolvedTemplate {
    return {
      id: t.id,
      key: t.key,
      version: t.version,
      name: t.name,
      description: t.description ?? undefined,
      builtIn: false,
      areas: t.areas,
      questions: t.questions,
    };
  }
}
