import { ApiProperty } from '@nestjs/swagger';

export class CalendarTokenDto {
  @ApiProperty({
    format: 'uri',
    description: 'The personal feed address, token included: subscribe to it in a calendar app',
  })
  url: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}
