import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { Role } from '../users/role';
import { QueueOverviewDto } from './dto/queue-overview.dto';
import { QueuesService } from './queues.service';

@ApiTags('admin')
@Controller('admin/queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  @Get()
  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'Background work: jobs waiting, delayed and failed per queue, reminders by status (admin)',
  })
  @ApiOkResponse({ description: 'Job counts per queue and reminders by status', type: QueueOverviewDto })
  overview() {
    return this.queues.overview();
  }
}
