import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPartialContentResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { DeleteEvidenceDto } from './dto/delete-evidence.dto';
import { UploadEvidenceBody } from './dto/upload-evidence.dto';
import { EvidenceService } from './evidence.service';

@ApiTags('evidence')
@Controller()
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post('cases/:id/evidence')
  @Roles(Role.Caseworker)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadEvidenceBody })
  @ApiCreatedResponse({ description: 'The evidence (type sniffed from the content, SHA-256, size)' })
  @ApiBadRequestResponse({ description: 'Missing file, extra parts, or an invalid field (named)' })
  @ApiNotFoundResponse({ description: 'No such case' })
  @ApiConflictResponse({ description: 'The same content is already on this case: {existingId}' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than MAX_EVIDENCE_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ description: 'The content is not of an accepted type' })
  upload(@Param('id', new ParseUUIDPipe()) caseId: string, @Req() req: Request, @CurrentUser() user: User) {
    return this.evidence.upload(caseId, req, user);
  }

  @Get('cases/:id/evidence')
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({ description: 'The evidence of the case, oldest first, tombstones included' })
  @ApiNotFoundResponse({ description: 'No such case' })
  list(@Param('id', new ParseUUIDPipe()) caseId: string) {
    return this.evidence.listForCase(caseId);
  }

  @Get('evidence/:id')
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({ description: 'Metadata of one piece of evidence (a tombstone when deleted)' })
  @ApiNotFoundResponse({ description: 'No such evidence' })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.evidence.get(id);
  }

  @Get('evidence/:id/content')
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The original bytes, as an attachment; ETag is the SHA-256' })
  @ApiPartialContentResponse({ description: 'A byte range (audio and video only)' })
  @ApiGoneResponse({ description: 'The evidence was deleted' })
  async content(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentUser() user: User,
    @Headers('range') range: string | undefined,
    @Headers('if-range') ifRange: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const download = await this.evidence.download(id, user, { range, ifRange });
    res.status(download.status).set(download.headers);
    return download.stream ? new StreamableFile(download.stream) : download.body;
  }

  @Get('evidence/:id/custody')
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({ description: 'The chain of custody, in order' })
  custody(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.evidence.custody(id);
  }

  @Post('evidence/:id/verify')
  @HttpCode(200)
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOkResponse({ description: '{ok, sha256, expectedSha256, checkedAt, reason?}' })
  @ApiGoneResponse({ description: 'The evidence was deleted' })
  verify(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: User) {
    return this.evidence.verify(id, user);
  }

  @Delete('evidence/:id')
  @Roles(Role.Admin)
  @ApiOkResponse({ description: 'The tombstone' })
  @ApiBadRequestResponse({ description: 'reason is required' })
  @ApiGoneResponse({ description: 'Already deleted' })
  remove(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: DeleteEvidenceDto,
    @CurrentUser() user: User,
  ) {
    return this.evidence.remove(id, dto.reason, user);
  }
}
