import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { EntityManager, LessThan, MoreThan, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ReadDatabase } from '../database/read-database';
import { TransactionService } from '../database/transaction.service';
import { ChangePasswordDto } from '../users/dto/change-password.dto';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../users/password';
import { passwordProblem } from '../users/password-policy';
import { toUserView, User, UserView } from '../users/user.entity';
import { BrowserRequest } from './browser-request';
import { SessionViewDto } from './dto/session-view.dto';
import { endSessionsOf } from './end-sessions';
import { LoginFailure } from './login-failure.entity';
import { isThrottled, LOGIN_WINDOW_MS } from './login-throttle';
import { isCrossSite } from './session-rules';
import { CurrentSessionInfo, SessionsService } from './sessions.service';

const WRONG_CREDENTIALS = 'Wrong email or password';

@Injectable()
export class AuthService {
  private readonly users: Repository<User>;
  private readonly failures: Repository<LoginFailure>;

  constructor(
    private readonly jwt: JwtService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    reads: ReadDatabase,
  ) {
    this.users = reads.source.getRepository(User);
    this.failures = reads.source.getRepository(LoginFailure);
  }

  async login(
    email: string,
    password: string,
    clientAddress: string,
  ): Promise<{ accessToken: string; user: UserView }> {
    const user = await this.checkCredentials(email, password, clientAddress, (m, u) =>
      this.audit.record(m, { action: 'auth.login', entityType: 'user', entityId: u.id, actorId: u.id }),
    );
    const accessToken = await this.jwt.signAsync({ sub: user.id });
    return { accessToken, user: toUserView(user) };
  }

  /** Signs a browser in: the same checks and throttle as login, then a server-side session. */
  async signIn(
    email: string,
    password: string,
    request: BrowserRequest,
  ): Promise<{ session: CurrentSessionInfo; view: SessionViewDto }> {
    if (isCrossSite(request, request.origins))
      throw new ForbiddenException('Sign-in from another site is refused');
    let session: CurrentSessionInfo | undefined;
    const user = await this.checkCredentials(email, password, request.clientAddress, async (m, u) => {
      session = await this.sessions.start(m, u);
    });
    return { session: session!, view: this.sessions.describe(user, session!) };
  }

  /**
   * Changes the caller's password after checking the current one (wrong answers count towards the
   * login throttle). Clears the one-time-password flag and ends the user's other sessions.
   */
  async changePassword(
    user: User,
    dto: ChangePasswordDto,
    clientAddress: string,
    session?: CurrentSessionInfo,
  ): Promise<UserView> {
    const accountKey = user.email;
    await this.refuseIfThrottled(accountKey, clientAddress);
    const stored = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id: user.id })
      .getOneOrFail();
    if (!(await verifyPassword(stored.passwordHash, dto.currentPassword))) {
      await this.recordFailure(accountKey, clientAddress, user, 'wrong_current_password');
      throw new BadRequestException(['currentPassword is not your current password']);
    }
    const problem =
      dto.newPassword === dto.currentPassword
        ? 'newPassword must differ from your current password'
        : passwordProblem(dto.newPassword, user.email, 'newPassword');
    if (problem) throw new BadRequestException([problem]);
    const passwordHash = await hashPassword(dto.newPassword);
    return this.tx.run(async (m) => {
      const repo = m.getRepository(User);
      await repo.update({ id: user.id }, { passwordHash, passwordChangeRequired: false });
      const ended = await endSessionsOf(m, user.id, 'password_changed', session?.id);
      await this.audit.record(m, {
        action: 'user.password.change',
        entityType: 'user',
        entityId: user.id,
        details: { otherSessionsEnded: ended },
      });
      return toUserView(await repo.findOneByOrFail({ id: user.id }));
    });
  }

  /**
   * Checks email and password under the login throttle. A failure is recorded and audited; on
   * success `then` runs in the transaction that clears this address's failures for the account.
   */
  private async checkCredentials(
    email: string,
    password: string,
    clientAddress: string,
    then: (m: EntityManager, user: User) => Promise<unknown>,
  ): Promise<User> {
    const accountKey = email.trim().toLowerCase();
    await this.refuseIfThrottled(accountKey, clientAddress);
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: accountKey })
      .getOne();
    // Verify against a dummy hash when the account is unknown, so timing does not reveal which emails exist.
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !ok || !user.active) {
      await this.recordFailure(
        accountKey,
        clientAddress,
        user,
        !user ? 'unknown_account' : !ok ? 'wrong_password' : 'inactive',
      );
      throw new UnauthorizedException(WRONG_CREDENTIALS);
    }
    await this.tx.run(async (m) => {
      // Success clears this address's failures for this account only; other addresses keep their count.
      await m.getRepository(LoginFailure).delete({ accountKey, clientAddress });
      await then(m, user);
    });
    return user;
  }

  private async refuseIfThrottled(accountKey: string, clientAddress: string): Promise<void> {
    const since = new Date(Date.now() - LOGIN_WINDOW_MS);
    const [forAccount, forAddress] = await Promise.all([
      this.failures.countBy({ accountKey, at: MoreThan(since) }),
      this.failures.countBy({ clientAddress, at: MoreThan(since) }),
    ]);
    if (isThrottled({ forAccount, forAddress })) {
      throw new HttpException('Too many failed logins: try again later', HttpStatus.TOO_MANY_REQUESTS);
    }
  }

  private async recordFailure(
    accountKey: string,
    clientAddress: string,
    user: User | null,
    reason: string,
  ): Promise<void> {
    const since = new Date(Date.now() - LOGIN_WINDOW_MS);
    await this.tx.run(async (m) => {
      // Failures older than the window no longer count: drop them so the table stays small.
      await m.getRepository(LoginFailure).delete({ at: LessThan(since) });
      await m.getRepository(LoginFailure).insert({ accountKey, clientAddress, at: new Date() });
      await this.audit.record(m, {
        action: 'auth.login.failed',
        entityType: user ? 'user' : undefined,
        entityId: user?.id,
        actorId: null,
        details: { reason },
      });
    });
  }
}
