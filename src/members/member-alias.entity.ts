import { BeforeInsert, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { newId } from '../database/new-id';
import type { AliasKind } from './matching/member-matcher';

export type AliasSource = 'intake' | 'merge';

/**
 * Another name, email or phone a member is known by: a name typed at an intake that linked them
 * under their stored name, or what a member merged into them was stored with. Matching and search
 * find members by these too. Personal data, like the member.
 */
@Entity('member_aliases')
export class MemberAlias {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Column({ type: 'varchar', length: 10 })
  kind: AliasKind;

  /** As it was typed or stored (tidied). */
  @Column({ type: 'varchar', length: 254 })
  value: string;

  @Column({ type: 'varchar', length: 20 })
  source: AliasSource;

  @Column({ name: 'name_key', type: 'varchar', length: 200, nullable: true })
  nameKey: string | null;

  /** The sound of the surname and given name ("O165M626"): the matcher's lookup key (see matching/). */
  @Column({ name: 'match_key', type: 'varchar', length: 8, nullable: true })
  matchKey: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ name: 'phone_key', type: 'varchar', length: 20, nullable: true })
  phoneKey: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
