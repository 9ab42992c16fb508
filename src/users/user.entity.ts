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
import { Role } from './role';

@Entity('users')
export class User {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Always stored lower-cased: unique case-insensitively. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200 })
  fullName: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  @Column({ name: 'password_hash', type: 'varchar', length: 255, select: false })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Signed in with a one-time password: must choose their own before anything else. */
  @Column({ name: 'password_change_required', type: 'boolean', default: false })
  passwordChangeRequired: boolean;

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

/** What the API shows of a user: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  active: boolean;
  passwordChangeRequired: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export function toUserView(user: User): UserView {
  const { id, email, fullName, role, active, passwordChangeRequired, createdAt, updatedAt } = user;
  return {
    id,
    email,
    fullName,
    role,
    active,
    passwordChangeRequired: Boolean(passwordChangeRequired),
    createdAt,
    updatedAt,
  };
}
