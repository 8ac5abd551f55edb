import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
} from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';

/**
 * A send's refusal that no retry can change, as the reason a person reads; null for trouble
 * worth retrying (Postgres, Redis, a rate limit).
 */
export function finalRefusal(error: unknown, notMember: string): string | null {
  if (error instanceof NotFoundException) return notMember;
  if (
    error instanceof ForbiddenException ||
    error instanceof BadRequestException ||
    error instanceof ConflictException
  ) {
    return error.message;
  }
  return null;
}

/**
 * The job fired before its row's time (the time was moved later): it waits again until then.
 * BullMQ's way: move the running job back to delayed and throw `DelayedError`.
 */
export async function waitUntil(job: Job, at: Date, token: string | undefined): Promise<never> {
  await job.moveToDelayed(at.getTime(), token);
  throw new DelayedError();
}
