import { settlesWithin } from './settles-within';

describe('settlesWithin', () => {
  it('is true for work that settles in time, failed or not', async () => {
    await expect(settlesWithin(Promise.resolve(1), 50)).resolves.toBe(true);
    await expect(settlesWithin(Promise.reject(new Error('closed')), 50)).resolves.toBe(true);
  });

  it('is false for work that is still pending when the time is up', async () => {
    const never = new Promise<void>(() => undefined);
    const started = Date.now();
    await expect(settlesWithin(never, 30)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
