import { ApiProperty } from '@nestjs/swagger';
import { MIN_PASSWORD_LENGTH } from '@accord/contracts';
import { LANGUAGES, type Language } from '@accord/i18n';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';

export class SignInDto {
  @ApiProperty({ example: 'editor@demo.accord.example' })
  @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString() @MinLength(1) @MaxLength(200)
  password: string;
}


export class SetPasswordDto {
  @ApiProperty({ description: 'The token from the mailed link' })
  @IsString() @MinLength(20) @MaxLength(200)
  token: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString() @MinLength(MIN_PASSWORD_LENGTH) @MaxLength(200)
  password: string;
}

export class RequestPasswordResetDto {
  @ApiProperty()
  @IsEmail() @MaxLength(254)
  email: string;
}

export class ChooseLanguageDto {
  @ApiProperty({ enum: LANGUAGES, description: 'The language Accord speaks to this member: pages, error sentences, mails' })
  @IsIn(LANGUAGES)
  language: Language;
}
