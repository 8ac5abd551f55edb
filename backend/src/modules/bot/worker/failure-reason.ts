import OpenAI from 'openai';
import { ModelTimeoutError, StreamCutError } from '../brains/assistant/openai.brain';

/** The model produced nothing to show. */
export class EmptyReplyError extends Error {
  constructor() {
    super('the model returned an empty reply');
  }
}

/** A reason people can read under a failed reply: what went wrong, in a few words. */
export function failureReason(error: unknown, replyTimeoutMs: number): string {
  if (error instanceof ModelTimeoutError || error instanceof StreamCutError) {
    return capitalize(error.message);
  }
  if (error instanceof EmptyReplyError) return capitalize(error.message);
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `The reply took longer than ${replyTimeoutMs / 1000} s`;
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'The model did not answer in time';
  if (error instanceof OpenAI.APIConnectionError) return 'The model server could not be reached';
  if (error instanceof OpenAI.APIError && error.status) {
    return error.status === 429
      ? 'The model server is busy (429 Too Many Requests)'
      : `The model server answered ${error.status}`;
  }
  if (error instanceof SyntaxError) return 'The model sent a malformed answer';
  return 'Something went wrong while writing the reply';
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
