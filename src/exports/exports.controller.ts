import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { CreateExportDto } from './dto/create-export.dto';
import {
  ApiExportContent,
  ExportListDto,
  ExportManifestDto,
  ExportQueuedDto,
} from './dto/export-response.dto';
import { TimelineExportQueryDto } from './dto/timeline-export-query.dto';
import { ExportsService } from './exports.service';

@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('timeline')
  @Roles(Role.Coordinator, Role.Researcher)
  @ApiOperation({
    summary: 'Export the timelines of the cases that match, streamed (pseudonymised by default)',
  })
  @ApiExportContent('The timeline export, streamed as an attachment, in the format asked for')
  @ApiBadRequestResponse({ description: 'Unknown format or invalid filter' })
  timeline(@CurrentUser() user: User, @Query() query: TimelineExportQueryDto, @Res() res: Response) {
    return this.exports.streamTimeline(user, query, res);
  }

  @Post()
  @HttpCode(202)
  @Roles(Role.Coordinator, Role.Researcher)
  @ApiOperation({ summary: 'Start a large timeline export in the background' })
  @ApiAcceptedResponse({ description: 'Queued; the export runs in the background', type: ExportQueuedDto })
  request(@CurrentUser() user: User, @Body() dto: CreateExportDto) {
    return this.exports.request(user, dto);
  }

  @Get()
  @Roles(Role.Coordinator, Role.Researcher)
  @ApiOperation({ summary: 'My background exports (an admin sees everybody’s)' })
  @ApiOkResponse({
    description: "The caller's background exports (an admin's: all), newest first",
    type: ExportListDto,
  })
  list(@CurrentUser() user: User) {
    return this.exports.list(user);
  }

  @Get(':id')
  @Roles(Role.Coordinator, Role.Researcher)
  @ApiOperation({ summary: 'The progress and manifest of a background export' })
  @ApiOkResponse({
    description: 'The manifest: status, progress, rowCount, bytes, sha256, filters, times',
    type: ExportManifestDto,
  })
  @ApiNotFoundResponse({ description: "No such export, or another user's" })
  manifest(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.exports.manifest(user, id);
  }

  @Get(':id/download')
  @Roles(Role.Coordinator, Role.Researcher)
  @ApiOperation({ summary: 'Download the file of a finished background export' })
  @ApiExportContent('The export file; its size and SHA-256 are those of the manifest')
  @ApiNotFoundResponse({ description: "No such export, or another user's" })
  @ApiGoneResponse({ description: 'The file was removed after the retention period' })
  download(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response) {
    return this.exports.download(user, id, res);
  }

  @Get(':id/proofs')
  @Roles(Role.Coordinator, Role.Researcher)
  @ApiOperation({ summary: 'Download the proofs sidecar of a finished CSV export' })
  @ApiOkResponse({
    description:
      'NDJSON: the checkpoint line, then one proof per CSV row (docs/verifiable-record.md); check with npm run verify',
    content: { 'application/x-ndjson': { schema: { type: 'string' } } },
  })
  @ApiNotFoundResponse({ description: "No such export, another user's, or not a CSV export" })
  @ApiGoneResponse({ description: 'The files were removed after the retention period' })
  proofs(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response) {
    return this.exports.proofs(user, id, res);
  }
}
