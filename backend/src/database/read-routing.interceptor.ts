import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import { concatMap, type Observable } from 'rxjs';
import type { AuthUser } from '../common/current-user.decorator';
import { ReadRouting } from './read-routing';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Names the signed-in caller as the reader of their request (see ReadRouting), and marks the
 * author of any other request as a writer: the mark is set while the handler runs and the
 * answer waits for it, so a read that follows the answer already sees the mark.
 */
@Injectable()
export class ReadRoutingInterceptor implements NestInterceptor {
  constructor(private readonly reads: ReadRouting) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.reads.enabled || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const user = request.user;
    if (!user) return next.handle();
    // next.handle() binds the handler to the async context it is called in: call it inside.
    return this.reads.within(user.id, () => {
      if (READS.has(request.method)) return next.handle();
      const marked = this.reads.markWrote(user.id);
      return next.handle().pipe(
        concatMap(async (value: unknown) => {
          await marked;
          return value;
        }),
      );
    });
  }
}
