import type { OrganizationProfile } from './organization-profile.entity';

export interface ContactDetails {
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface Representative extends ContactDetails {
  address: string | null;
}

/** The organisation's header of every record: controller (or processor), representative, DPO. */
export interface ProfileSnapshot {
  controllerName: string;
  address: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  representative: Representative | null;
  dpo: ContactDetails | null;
  version: number;
  updatedAt: string | null;
}

/** What the history keeps of the profile, and what every record's header reads. */
export function profileSnapshot(p: OrganizationProfile): ProfileSnapshot {
  return {
    controllerName: p.controllerName,
    address: p.address,
    contactEmail: p.contactEmail,
    contactPhone: p.contactPhone,
    representative: p.representative,
    dpo: p.dpo,
    version: p.version,
    updatedAt: p.updatedAt.toISOString(),
  };
}
