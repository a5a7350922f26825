import { VERSION_NAME_MAX_CHARACTERS } from '@accord/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';


const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class NameVersionDto {
  @ApiProperty({ description: `The version's name, e.g. "Draft for the Bruxelles event" (1 to ${VERSION_NAME_MAX_CHARACTERS} characters)`, maxLength: VERSION_NAME_MAX_CHARACTERS })
  @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(VERSION_NAME_MAX_CHARACTERS)
  name: string;
}

export class VersionListQueryDto {
  @ApiPropertyOptional({ description: 'Page back: versions numbered below this one', minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(2_000_000_000)
  before?: number;

  @ApiPropertyOptional({ description: 'Versions per page (default 50)', minimum: 1, maximum: 200 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;
}

export class VersionCompareParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;

  @ApiProperty({ description: 'The earlier version number' })
  @Type(() => Number) @IsInt() @Min(1) @Max(2_000_000_000)
  number: number;

  @ApiProperty({ description: 'The later version number, or "current" for the live text', example: 'current' })
  @IsString() @Matches(/^(current|[1-9][0-9]{0,8})$/)
  to: string;
}
