import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';

import { describeApiProblem, readApiProblem } from './api-problem';

const httpError = (status: number, error: unknown, headers?: Record<string, string>) =>
  new HttpErrorResponse({ status, error, headers: new HttpHeaders(headers) });

describe('readApiProblem', () => {
  it('reads one message or several', () => {
    expect(readApiProblem(httpError(409, { message: 'username is already taken' }))).toEqual({
      status: 409,
      messages: ['username is already taken'],
      retryAfterSeconds: null,
    });
    expect(readApiProblem(httpError(400, { message: ['a', 'b'] })).messages).toEqual(['a', 'b']);
    expect(readApiProblem(httpError(502, '<html>Bad gateway</html>')).messages).toEqual([]);
  });

  it('reads the wait from the body, else from Retry-After', () => {
    expect(readApiProblem(httpError(429, { retryAfterSeconds: 42 })).retryAfterSeconds).toBe(42);
    expect(readApiProblem(httpError(429, null, { 'Retry-After': '7' })).retryAfterSeconds).toBe(7);
  });

  it('tells errors that are not HTTP ones apart', () => {
    expect(readApiProblem(new Error('boom')).status).toBe(-1);
  });
});

describe('describeApiProblem', () => {
  const describe429 = (seconds: number | null) =>
    describeApiProblem({ status: 429, messages: [], retryAfterSeconds: seconds });

  it('says how long to wait', () => {
    expect(describe429(1)).toBe('Too many attempts. Try again in 1 second.');
    expect(describe429(42)).toBe('Too many attempts. Try again in 42 seconds.');
    expect(describe429(600)).toBe('Too many attempts. Try again in 10 minutes.');
    expect(describe429(null)).toBe('Too many attempts. Try again in a moment.');
  });

  it('turns the server messages into sentences, and hides server failures', () => {
    expect(
      describeApiProblem({ status: 403, messages: ['not allowed'], retryAfterSeconds: null }),
    ).toBe('Not allowed.');
    expect(describeApiProblem({ status: 500, messages: ['x'], retryAfterSeconds: null })).toBe(
      'Something went wrong. Try again in a moment.',
    );
  });
});
