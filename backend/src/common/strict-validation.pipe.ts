import {
  type ArgumentMetadata,
  BadRequestException,
  Injectable,
  ValidationPipe,
} from '@nestjs/common';
import { findHostileValue } from './hostile-input';

/**
 * The global validation pipe (whitelist, unknown fields refused, transform), which first
 * refuses what the JSON text scan cannot see: prototype keys (`__proto__`, `constructor`,
 * `prototype`), NUL characters and broken Unicode in query strings, route parameters and
 * multipart fields, all parsed without going through JSON.
 */
@Injectable()
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true });
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const problem = findHostileValue(value);
      if (problem) throw new BadRequestException([problem]);
    }
    return super.transform(value, metadata);
  }
}
