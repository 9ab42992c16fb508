import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { TypedConfigService } from '../config/config.module';
import { ReadDatabase } from '../database/read-database';
import { TransactionService } from '../database/transaction.service';
import { toUserView, User } from '../users/user.entity';
import { SessionViewDto } from './dto/session-view.dto';
import { Session } from './session.entity';
import {
  csrfTokenFor,
  hashSessionToken,
  newSessionToken,
  SessionEnd,
  sessionExpiry,
  SessionLimits,
  sessionLimits,
  shouldTouch,
} from './session-rules';

/** The session a request was authenticated by, and its cookie's token. */
export interface CurrentSessionInfo {
  id: string;
  token: string;
  createdAt: Date;
}

@Injectable()
export class SessionsService {
  private readonly sessions: Repository<Session>;
  private readonly limits: SessionLimits;
  private readonly secret: string;

  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    @Inject(ConfigService) config: TypedConfigService,
    reads: ReadDatabase,
  ) {
    this.sessions = reads.source.getRepository(Session);
    this.limits = sessionLimits({
      sessionIdleMinutes: config.get('sessionIdleMinutes', { infer: true }),
      sessionMaxHours: config.get('sessionMaxHours', { infer: true }),
    });
    this.secret = config.get('jwtSecret', { infer: true });
  }

  /** Opens a session for a user whose credentials were just checked, in the caller's transaction. */
  async start(m: EntityManager, user: User): Promise<CurrentSessionInfo> {
    const token = newSessionToken();
    const now = new Date();
    const session = m.getRepository(Session).create({
      userId: user.id,
      tokenHash: hashSessionToken(token),
      createdAt: now,
      lastSeenAt: now,
      endedAt: null,
      endReason: null,
    });
    await m.getRepository(Session).insert(session);
    await this.audit.record(m, {
      action: 'auth.session.signin',
      entityType: 'user',
      entityId: user.id,
      actorId: user.id,
      details: { sessionId: session.id },
    });
    return { id: session.id, token, createdAt: now };
  }

  /**
   * The live session of a cookie's token, or 401. A session found past its idle or absolute limit
   * is ended (and audited) now, by the request that finds it so.
   */
  async resolve(token: string): Promise<{ session: CurrentSessionInfo; userId: string }> {
    const session = await this.sessions.findOneBy({ tokenHash: hashSessionToken(token) });
    if (!session || session.endedAt) throw new UnauthorizedException('Your session has ended: sign in again');
    const now = new Date();
    const expiry = sessionExpiry(session, now, this.limits);
    if (expiry) {
      await this.end(session.id, session.userId, expiry);
      throw new UnauthorizedException('Your session has expired: sign in again');
    }
    if (shouldTouch(session.lastSeenAt, now, this.limits)) {
      await this.tx.run((m) =>
        m.getRepository(Session).update({ id: session.id, endedAt: IsNull() }, { lastSeenAt: now }),
      );
    }
    return { session: { id: session.id, token, createdAt: session.createdAt }, userId: session.userId };
  }

  /** Ends one session (sign-out or expiry) and audits it, once however many requests race to. */
  async end(sessionId: string, userId: string, reason: SessionEnd): Promise<void> {
    await this.tx.run(async (m) => {
      const result = await m
        .getRepository(Session)
        .update({ id: sessionId, endedAt: IsNull() }, { endedAt: new Date(), endReason: reason });
      if (!result.affected) return;
      await this.audit.record(m, {
        action: reason === 'signed_out' ? 'auth.session.signout' : 'auth.session.expired',
        entityType: 'user',
        entityId: userId,
        actorId: userId,
        details: { sessionId, ...(reason === 'signed_out' ? {} : { reason }) },
      });
    });
  }

  describe(user: User, session: CurrentSessionInfo): SessionViewDto {
    return {
      user: toUserView(user),
      csrfToken: this.csrfToken(session.token),
      passwordChangeRequired: Boolean(user.passwordChangeRequired),
      expiresAt: new Date(session.createdAt.getTime() + this.limits.maxMs),
      idleMinutes: this.limits.idleMs / 60_000,
    };
  }

  csrfToken(sessionToken: string): string {
    return csrfTokenFor(this.secret, sessionToken);
  }
}
