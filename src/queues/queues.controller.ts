import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { Role } from '../users/role';
import { QueueOverviewDto, RetryFailedDto } from './dto/queue-overview.dto';
import { QueuesService } from './queues.service';

@ApiTags('admin')
@Controller('admin/queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  @Get()
  @Roles(Role.Admin)
  @ApiOperation({
    summary:
      'Background work: jobs per queue, reminders by status, the last reminder reconcile, the evidence store (admin)',
  })
  @ApiOkResponse({ description: 'Job counts per queue and reminders by status', type: QueueOverviewDto })
  overview() {
    return this.queues.overview();
  }

  @Post(':name/failed/retry')
  @HttpCode(200)
  @Roles(Role.Admin)
  @ApiOperation({ summary: "Put a queue's failed jobs back to run (admin; audited as queue.retry_failed)" })
  @ApiOkResponse({ description: 'How many failed jobs were put back', type: RetryFailedDto })
  @ApiNotFoundResponse({ description: 'No such queue' })
  @ApiServiceUnavailableResponse({ description: 'Redis does not answer' })
  retryFailed(@Param('name') name: string) {
    return this.queues.retryFailed(name);
  }
}
