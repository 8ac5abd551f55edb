import { HttpException, HttpStatus } from '@nestjs/common';
import { isDependencyDown } from '../../../common/dependency-errors';
import type { SocketErrorCode } from './socket-contract.dto';

const CODE_BY_STATUS: Partial<Record<number, SocketErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: 'VALIDATION',
  [HttpStatus.CONFLICT]: 'VALIDATION',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'VALIDATION',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHORIZED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.TOO_MANY_REQUESTS]: 'RATE_LIMITED',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'UNAVAILABLE',
};

/**
 * The contract's error code for what a service threw: what a refused socket event is
 * acknowledged with, and the label send errors are counted under.
 */
export function errorCodeOf(error: unknown): SocketErrorCode {
  if (error instanceof HttpException) {
    const code = CODE_BY_STATUS[error.getStatus()];
    if (code) return code;
  }
  return isDependencyDown(error) ? 'UNAVAILABLE' : 'INTERNAL';
}
