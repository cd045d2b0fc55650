import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'custos.public';

/** A route anyone may call without credentials (health, login, certificate verification). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
