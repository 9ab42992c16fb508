import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ReadDatabase } from '../database/read-database';
import { TransactionService } from '../database/transaction.service';
import { endSessionsOf } from '../auth/end-sessions';
import { DomainError, notFound } from '../http/domain-error';
import { CreateUserDto } from './dto/create-user.dto';
import { DirectoryEntryDto } from './dto/directory-entry.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { hashPassword } from './password';
import { passwordProblem } from './password-policy';
import { Role } from './role';
import { toUserView, UserViewDto } from './dto/user-view.dto';
import { User } from './user.entity';

/** 24 url-safe characters from 18 random bytes. */
export function newOneTimePassword(): string {
  return randomBytes(18).toString('base64url');
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  private readonly users: Repository<User>;

  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    reads: ReadDatabase,
  ) {
    this.users = reads.source.getRepository(User);
  }

  async create(dto: CreateUserDto): Promise<UserViewDto> {
    const email = dto.email.trim().toLowerCase();
    const problem = passwordProblem(dto.password, email, 'password');
    if (problem) throw new BadRequestException([problem]);
    const passwordHash = await hashPassword(dto.password);
    return this.tx.run(async (m) => {
      const repo = m.getRepository(User);
      if (await repo.existsBy({ email }))
        throw new DomainError('CONFLICT', 'A user with this email already exists');
      const user = await repo.save(
        repo.create({ email, fullName: dto.fullName.trim(), role: dto.role, passwordHash, active: true }),
      );
      await this.audit.record(m, {
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        details: { role: user.role },
      });
      return toUserView(user);
    });
  }

  async list(): Promise<UserViewDto[]> {
    const users = await this.users.find({ order: { createdAt: 'ASC' } });
    return users.map(toUserView);
  }

  /** Who a case can be assigned to: active caseworkers and coordinators, by name. */
  async directory(): Promise<DirectoryEntryDto[]> {
    const users = await this.users.find({
      where: { active: true, role: In([Role.Caseworker, Role.Coordinator]) },
      order: { fullName: 'ASC', id: 'ASC' },
    });
    return users.map((u) => ({ id: u.id, fullName: u.fullName, role: u.role }));
  }

  async update(actor: User, id: string, dto: UpdateUserDto): Promise<UserViewDto> {
    return this.tx.run(async (m) => {
      const repo = m.getRepository(User);
      const user = await repo.findOneBy({ id });
      if (!user) throw notFound('User');
      if (dto.role !== undefined && dto.role !== user.role && user.id === actor.id) {
        throw new DomainError('FORBIDDEN', 'Nobody may change their own role');
      }
      const losesAdmin =
        user.role === Role.Admin &&
        user.active &&
        ((dto.role && dto.role !== Role.Admin) || dto.active === false);
      if (losesAdmin) {
        // Locking the active admins' rows on PostgreSQL: two admins demoting each other at once
        // must not both see "another admin remains". (SQLite transactions are already serial.)
        const admins = repo
          .createQueryBuilder('u')
          .where('u.role = :role AND u.active = :active', { role: Role.Admin, active: true });
        if (this.tx.isPostgres) admins.setLock('pessimistic_write');
        const activeAdmins = (await admins.getMany()).length;
        if (activeAdmins <= 1)
          throw new DomainError('CONFLICT', 'The last active admin cannot be demoted or deactivated');
      }
      const changed = (Object.keys(dto) as (keyof UpdateUserDto)[]).filter(
        (k) => dto[k] !== undefined && dto[k] !== user[k],
      );
      Object.assign(user, dto.fullName !== undefined ? { ...dto, fullName: dto.fullName.trim() } : dto);
      const saved = await repo.save(user);
      await this.audit.record(m, {
        action: 'user.update',
        entityType: 'user',
        entityId: user.id,
        details: {
          changed,
          ...(dto.role ? { role: dto.role } : {}),
          ...(dto.active !== undefined ? { active: dto.active } : {}),
        },
      });
      return toUserView(saved);
    });
  }

  /**
   * Gives a user a new one-time password (returned once, stored hashed): signed in with it, they
   * must choose their own before anything else. Every session of theirs ends.
   */
  async resetPassword(id: string): Promise<{ oneTimePassword: string }> {
    const oneTimePassword = newOneTimePassword();
    const passwordHash = await hashPassword(oneTimePassword);
    return this.tx.run(async (m) => {
      const repo = m.getRepository(User);
      if (!(await repo.existsBy({ id }))) throw notFound('User');
      await repo.update({ id }, { passwordHash, passwordChangeRequired: true, tokensValidFrom: new Date() });
      const ended = await endSessionsOf(m, id, 'password_reset');
      await this.audit.record(m, {
        action: 'user.password.reset',
        entityType: 'user',
        entityId: id,
        details: { sessionsEnded: ended },
      });
      return { oneTimePassword };
    });
  }

  /**
   * With no user at all, creates the first admin: from ADMIN_EMAIL/ADMIN_PASSWORD, else
   * admin@localhost with a generated one-time password that is printed once to stdout (not to
   * the log) and must be changed at first sign-in. ADMIN_PASSWORD is the operator's own choice,
   * not one-time.
   */
  async bootstrapAdmin(
    adminEmail?: string,
    adminPassword?: string,
    print: (text: string) => void = (t) => process.stdout.write(t),
  ): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const email = (adminEmail ?? 'admin@localhost').toLowerCase();
    const password = adminPassword ?? newOneTimePassword();
    const passwordHash = await hashPassword(password);
    const created = await this.tx.run(async (m) => {
      const repo = m.getRepository(User);
      if ((await repo.count()) > 0) return null;
      const user = await repo.save(
        repo.create({
          email,
          fullName: 'Administrator',
          role: Role.Admin,
          passwordHash,
          active: true,
          passwordChangeRequired: !adminPassword,
        }),
      );
      await this.audit.record(m, {
        action: 'user.bootstrap_admin',
        entityType: 'user',
        entityId: user.id,
        actorId: null,
      });
      return user;
    });
    if (!created) return;
    this.logger.log('first admin account created');
    if (!adminPassword) {
      print(
        `\n==== Caseline: first admin account ====\n  email:    ${email}\n  password: ${password}\n` +
          '  This one-time password is shown once. Sign in with it and choose your own at once\n' +
          '  (the app asks; API clients: POST /api/me/password).\n' +
          '=======================================\n\n',
      );
    }
  }
}
