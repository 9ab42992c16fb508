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
  ApiOperation,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { DeleteEvidenceDto } from './dto/delete-evidence.dto';
import { CustodyEntryDto, EvidenceResponseDto, VerificationResultDto } from './dto/evidence-response.dto';
import { UploadEvidenceBody } from './dto/upload-evidence.dto';
import { EvidenceService } from './evidence.service';

/** Evidence content: any of the accepted types, as stored. */
const FILE_CONTENT = { '*/*': { schema: { type: 'string' as const, format: 'binary' } } };

@ApiTags('evidence')
@Controller()
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post('cases/:id/evidence')
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOperation({ summary: 'Attach a file to a case as evidence' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadEvidenceBody })
  @ApiCreatedResponse({
    description: 'The evidence (type sniffed from the content, SHA-256, size)',
    type: EvidenceResponseDto,
  })
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
  @ApiOperation({ summary: 'The evidence of a case' })
  @ApiOkResponse({
    description: 'The evidence of the case, oldest first, tombstones included',
    type: [EvidenceResponseDto],
  })
  @ApiNotFoundResponse({ description: 'No such case' })
  list(@Param('id', new ParseUUIDPipe()) caseId: string) {
    return this.evidence.listForCase(caseId);
  }

  @Get('evidence/:id')
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOperation({ summary: 'One piece of evidence: its details, not its content' })
  @ApiOkResponse({
    description: 'Metadata of one piece of evidence (a tombstone when deleted)',
    type: EvidenceResponseDto,
  })
  @ApiNotFoundResponse({ description: 'No such evidence' })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.evidence.get(id);
  }

  @Get('evidence/:id/content')
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOperation({ summary: 'Download the file of a piece of evidence (the download is logged)' })
  @ApiOkResponse({
    description:
      'The original bytes, as an attachment, with the sniffed type as Content-Type; ETag is the SHA-256',
    content: FILE_CONTENT,
  })
  @ApiPartialContentResponse({ description: 'A byte range (audio and video only)', content: FILE_CONTENT })
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
  @ApiOperation({ summary: 'The chain of custody of a piece of evidence: who did what with it, when' })
  @ApiOkResponse({ description: 'The chain of custody, in order', type: [CustodyEntryDto] })
  custody(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.evidence.custody(id);
  }

  @Post('evidence/:id/verify')
  @HttpCode(200)
  @Roles(Role.Caseworker, Role.Coordinator)
  @ApiOperation({ summary: 'Check that the stored file still has its SHA-256' })
  @ApiOkResponse({
    description: 'The outcome (also kept in the chain of custody)',
    type: VerificationResultDto,
  })
  @ApiGoneResponse({ description: 'The evidence was deleted' })
  verify(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: User) {
    return this.evidence.verify(id, user);
  }

  @Delete('evidence/:id')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Delete a piece of evidence, giving a reason (admin); its record stays' })
  @ApiOkResponse({ description: 'The tombstone', type: EvidenceResponseDto })
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
