import { asSentence, readApiProblem } from '../../../core/http/api-problem';
import { RealtimeError } from '../../../core/realtime/realtime.service';

/** Why a list could not be loaded, for an error state with a Retry button. */
export function describeLoadError(what: string, error: unknown): string {
  const { status } = readApiProblem(error);
  if (status === 0) return `Couldn't load ${what}: the server can't be reached.`;
  if (status === 404)
    return `Couldn't load ${what}: it doesn't exist or you're no longer a member.`;
  return `Couldn't load ${what}. Try again in a moment.`;
}

/** Why a message was not sent (over the socket or REST), shown under it next to Retry. */
export function describeSendError(error: unknown): string {
  if (error instanceof RealtimeError) {
    switch (error.code) {
      case 'RATE_LIMITED':
        return tooMany(error.retryAfterMs === undefined ? null : error.retryAfterMs / 1000);
      case 'VALIDATION':
        return asSentence(error.message);
      case 'FORBIDDEN':
      case 'NOT_FOUND':
        return "You can't send messages here any more.";
      default:
        return 'Not sent. Try again.';
    }
  }
  const problem = readApiProblem(error);
  if (problem.status === 0) return 'Not sent: no connection.';
  if (problem.status === 429) return tooMany(problem.retryAfterSeconds);
  if (problem.status === 400 && problem.messages.length > 0) {
    return problem.messages.map(asSentence).join(' ');
  }
  if (problem.status === 403 || problem.status === 404) {
    return "You can't send messages here any more.";
  }
  return 'Not sent. Try again.';
}

function tooMany(seconds: number | null): string {
  if (seconds === null) return 'Too many messages. Wait a moment.';
  const whole = Math.max(1, Math.ceil(seconds));
  return `Too many messages. Try again in ${whole} second${whole === 1 ? '' : 's'}.`;
}
