import { ApiProperty } from '@nestjs/swagger';

/** What every record people edit shows: its optimistic-locking version and its times. */
export abstract class EditableRecordDto {
  @ApiProperty({ type: 'integer', description: 'Send it back with PATCH (optimistic locking)' })
  version: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}
