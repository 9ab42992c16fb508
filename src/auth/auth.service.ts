import { HttpException, HttpStatus, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { LessThan, MoreThan, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ReadDatabase } from '../database/read-database';
import { TransactionService } from '../database/transaction.service';
import { dummyPasswordHash, verifyPassword } from '../users/password';
import { toUserView } from '../users/dto/user-view.dto';
import { LoginResponseDto } from './dto/login-response.dto';
import { User } from '../users/user.entity';
import { LoginFailure } from './login-failure.entity';
import { isThrottled, LOGIN_WINDOW_MS } from './login-throttle';

const WRONG_CREDENTIALS = 'Wrong email or password';

@Injectable()
export class AuthService {
  private readonly users: Repository<User>;
  private readonly failures: Repository<LoginFailure>;

  constructor(
    private readonly jwt: JwtService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    reads: ReadDatabase,
  ) {
    this.users = reads.source.getRepository(User);
    this.failures = reads.source.getRepository(LoginFailure);
  }

  async login(email: string, password: string, clientAddress: string): Promise<LoginResponseDto> {
    const accountKey = email.trim().toLowerCase();
    const since = new Date(Date.now() - LOGIN_WINDOW_MS);
    const [forAccount, forAddress] = await Promise.all([
      this.failures.countBy({ accountKey, at: MoreThan(since) }),
      this.failures.countBy({ clientAddress, at: MoreThan(since) }),
    ]);
    if (isThrottled({ forAccount, forAddress })) {
      throw new HttpException('Too many failed logins: try again later', HttpStatus.TOO_MANY_REQUESTS);
    }

    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: accountKey })
      .getOne();
    // Verify against a dummy hash when the account is unknown, so timing does not reveal which emails exist.
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !ok || !user.active) {
      await this.tx.run(async (m) => {
        // Failures older than the window no longer count: drop them so the table stays small.
        await m.getRepository(LoginFailure).delete({ at: LessThan(since) });
        await m.getRepository(LoginFailure).insert({ accountKey, clientAddress, at: new Date() });
        await this.audit.record(m, {
          action: 'auth.login.failed',
          entityType: user ? 'user' : undefined,
          entityId: user?.id,
          actorId: null,
          details: { reason: !user ? 'unknown_account' : !ok ? 'wrong_password' : 'inactive' },
        });
      });
      throw new UnauthorizedException(WRONG_CREDENTIALS);
    }

    await this.tx.run(async (m) => {
      // Success clears this address's failures for this account only; other addresses keep their count.
      await m.getRepository(LoginFailure).delete({ accountKey, clientAddress });
      await this.audit.record(m, {
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        actorId: user.id,
      });
    });
    const accessToken = await this.jwt.signAsync({ sub: user.id });
    return { accessToken, user: toUserView(user) };
  }
}
