import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import type { TypedConfigService } from './config.module';
import { caseLink } from './links';

/**
 * The address users reach the app at: PUBLIC_URL, else (outside production, where it may be
 * unset) http://localhost with the port this process listens on — the configured PORT, or the
 * one the system gave for PORT=0 — so links work on a developer's machine.
 */
@Injectable()
export class PublicUrl {
  constructor(
    @Inject(ConfigService) private readonly config: TypedConfigService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  get base(): string {
    const configured = this.config.get('publicUrl', { infer: true });
    if (configured) return configured;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as
      { address?: () => AddressInfo | string | null } | undefined;
    const address = server?.address?.();
    const port =
      address && typeof address === 'object' ? address.port : this.config.get('port', { infer: true });
    return `http://localhost:${port}`;
  }

  caseLink(caseId: string): string {
    return caseLink(this.base, caseId);
  }
}
