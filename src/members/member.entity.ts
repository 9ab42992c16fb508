import {
  BeforeInsert,
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { newId } from '../database/new-id';

/** The person disciplined. Personal data: every read is audited, none of it is ever logged. */
@Entity('members')
export class Member {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200 })
  fullName: string;

  /** Lower-cased, accents stripped, whitespace collapsed: for duplicate hints and search. */
  @Column({ name: 'normalised_name', type: 'varchar', length: 200 })
  normalisedName: string;

  /** The name folded and run together ("margaretobrien"): what search compares. */
  @Column({ name: 'name_key', type: 'varchar', length: 200, default: '' })
  nameKey: string;

  /** The sound of the surname and given name ("O165M626"): the matcher's lookup key (see matching/). */
  @Column({ name: 'match_key', type: 'varchar', length: 8, nullable: true })
  matchKey: string | null;

  /** The phone's last nine digits, shared by its national and international forms. */
  @Column({ name: 'phone_key', type: 'varchar', length: 20, nullable: true })
  phoneKey: string | null;

  /** Set when this record was merged into another of the same person: it then has no cases. */
  @Column({ name: 'merged_into', type: 'uuid', nullable: true })
  mergedInto: string | null;

  @Column({ name: 'merged_at', type: Date, nullable: true })
  mergedAt: Date | null;

  /** Trimmed and upper-cased; unique when present. */
  @Column({ name: 'membership_number', type: 'varchar', length: 50, nullable: true })
  membershipNumber: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  phone: string | null;

  @Column({ name: 'constituency_party', type: 'varchar', length: 200, nullable: true })
  constituencyParty: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  region: string | null;

  @Column({ name: 'consent_to_contact', type: 'boolean', default: false })
  consentToContact: boolean;

  @Column({ name: 'consent_to_research', type: 'boolean', default: false })
  consentToResearch: boolean;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
