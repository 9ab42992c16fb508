import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { StatsQueryDto } from './dto/stats-query.dto';
import { StatsSummaryDto } from './dto/stats-response.dto';
import { StatsService } from './stats.service';

@ApiTags('stats')
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('summary')
  @Roles(Role.Coordinator, Role.Researcher)
  @ApiOperation({ summary: 'Case counts and outcomes per month, region, action type or issuing body' })
  @ApiOkResponse({
    description: 'Cases, open, reinstated, upheld and closed, and the median days to decision, per group',
    type: StatsSummaryDto,
  })
  @ApiBadRequestResponse({ description: 'Unknown groupBy or invalid filter' })
  summary(@CurrentUser() user: User, @Query() query: StatsQueryDto) {
    return this.stats.summary(user, query);
  }
}
