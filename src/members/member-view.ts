import { Member } from './member.entity';

/** What the API shows of a member (not the internal normalised name). */
export interface MemberView {
  id: string;
  fullName: string;
  membershipNumber: string | null;
  email: string | null;
  phone: string | null;
  constituencyParty: string | null;
  region: string | null;
  consentToContact: boolean;
  consentToResearch: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export function toMemberView(m: Member): MemberView {
  return {
    id: m.id,
    fullName: m.fullName,
    membershipNumber: m.membershipNumber,
    email: m.email,
    phone: m.phone,
    constituencyParty: m.constituencyParty,
    region: m.region,
    consentToContact: Boolean(m.consentToContact),
    consentToResearch: Boolean(m.consentToResearch),
    version: m.version,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}
