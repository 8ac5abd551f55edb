import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';

/** Opens a route or controller to callers without an access token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
