import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { StatsQueryDto } from './dto/stats-query.dto';
import { StatsService } from './stats.service';

@ApiTags('stats')
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('summary')
  @Roles(Role.Coordinator, Role.Researcher)
  @ApiOkResponse({
    description:
      '{items:[{key, cases, open, reinstated, upheld, closed, medianDaysToDecision}]} per group, ordered by key',
  })
  @ApiBadRequestResponse({ description: 'Unknown groupBy or invalid filter' })
  summary(@CurrentUser() user: User, @Query() query: StatsQueryDto) {
    return this.stats.summary(user, query);
  }
}
