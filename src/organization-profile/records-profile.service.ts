import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrganizationsService } from '../identity/organizations.service';
import { Clock } from '../platform/clock/clock';
import type { RequestContext, TenantScope } from '../platform/context/request-context';
import { Tenancy, TenantRepository } from '../platform/tenancy/tenant-repository';
import { resolveAsOf } from '../platform/history/as-of';
import { OrganizationProfile } from './organization-profile.entity';
import { RecordHistory } from '../platform/history/record-history.service';
import type { ContactDetails, ProfileSnapshot, Representative } from './profile-types';
import { profileSnapshot } from './profile-types';

export interface ProfileInput {
  controllerName: string;
  address: string;
  contactEmail: string;
  contactPhone: string | null;
  representative: Representative | null;
  dpo: ContactDetails | null;
}

/** The organisation profile: the header of every record and export (controller, representative, DPO). */
@Injectable()
export class RecordsProfileService {
  private readonly profiles: TenantRepository<OrganizationProfile>;

  constructor(
    tenancy: Tenancy,
    private readonly dataSource: DataSource,
    private readonly history: RecordHistory,
    private readonly organizations: OrganizationsService,
    private readonly clock: Clock,
  ) {
    this.profiles = tenancy.repository(OrganizationProfile, 'Organisation profile', 'records_profile', {
      history: {
        entityType: 'profile',
        label: (profile) => profile.controllerName,
        data: profileSnapshot,
        archived: () => false,
        at: (profile) => profile.updatedAt,
      },
    });
  }

  /** The profile now or at an instant; before it was first saved, the organisation's name alone. */
  async at(scope: TenantScope, at?: Date): Promise<ProfileSnapshot> {
    if (at) {
      const profile = await this.profiles.findOne(scope, {});
      const version = profile ? await this.history.at(scope, 'profile', profile.id, at) : undefined;
      if (version) return version.data as unknown as ProfileSnapshot;
    } else {
      const profile = await this.profiles.findOne(scope, {});
      if (profile) return profileSnapshot(profile);
    }
    const organization = await this.organizations.get(scope.organizationId);
    return {
      controllerName: organization.name,
      address: null,
      contactEmail: null,
      contactPhone: null,
      representative: null,
      dpo: null,
      version: 0,
      updatedAt: null,
    };
  }

  get(scope: TenantScope, asOf?: string): Promise<ProfileSnapshot> {
    const when = resolveAsOf(asOf, this.clock.now());
    return this.at(scope, when.asOf ? when.at : undefined);
  }

  /** Replaces the profile; the previous one stays in the history. */
  async put(ctx: RequestContext, input: ProfileInput): Promise<ProfileSnapshot> {
    const saved = await this.dataSource.transaction(async (manager) => {
      // One profile per organisation: the organisation row serialises concurrent first saves.
      await manager.query('SELECT 1 FROM organization WHERE id = $1 FOR UPDATE', [ctx.organizationId]);
      const existing = await this.profiles.findOne(ctx, {}, manager);
      if (
        existing &&
        (Object.keys(input) as (keyof ProfileInput)[]).every(
          (key) => JSON.stringify(existing[key]) === JSON.stringify(input[key]),
        )
      ) {
        return existing;
      }
      const now = this.clock.now();
      return existing
        ? await this.profiles.update(manager, ctx, existing, {
            ...input,
            updatedBy: ctx.actor.id,
            updatedAt: now,
          })
        : await this.profiles.insert(manager, ctx, {
            ...input,
            updatedBy: ctx.actor.id,
            createdAt: now,
            updatedAt: now,
          });
    });
    return profileSnapshot(saved);
  }
}
