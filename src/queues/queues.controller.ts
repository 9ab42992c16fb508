import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { Role } from '../users/role';
import { QueuesService } from './queues.service';

@ApiTags('admin')
@Controller('admin/queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  @Get()
  @Roles(Role.Admin)
  @ApiOkResponse({
    description:
      '{queues: [{name, available, waiting, delayed, active, failed, completed}], reminders: {scheduled, sent, failed, cancelled}}',
  })
  overview() {
    return this.queues.overview();
  }
}
