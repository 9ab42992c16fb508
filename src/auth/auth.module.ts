import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TypedConfigService } from '../config/config.module';
import { ConfigService } from '@nestjs/config';
import { User } from '../users/user.entity';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginFailure } from './login-failure.entity';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';

@Module({
  imports: [
    UsersModule,
    TypeOrmModule.forFeature([User, LoginFailure, Session]),
    JwtModule.registerAsync({
      global: true,
      inject: [ConfigService],
      useFactory: (config: TypedConfigService) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse
        // it as a PEM public key on every verify, which cost ~0.6 ms of CPU per request.
        secret: createSecretKey(Buffer.from(config.get('jwtSecret', { infer: true }))),
        signOptions: { algorithm: 'HS256', expiresIn: config.get('jwtTtlSeconds', { infer: true }) },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, SessionsService, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
