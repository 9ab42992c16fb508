import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarToken } from './calendar-token.entity';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

@Module({
  imports: [TypeOrmModule.forFeature([CalendarToken])],
  controllers: [CalendarController],
  providers: [CalendarService],
})
export class CalendarModule {}
