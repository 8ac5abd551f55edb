import { KeyedSerialQueue } from './keyed-serial-queue';

const defer = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('KeyedSerialQueue', () => {
  it('runs one key in order even when later tasks would finish first', async () => {
    const queue = new KeyedSerialQueue();
    const done: number[] = [];
    const slow = defer();
    const first = queue.run('c1', async () => {
      await slow.promise;
      done.push(1);
    });
    const second = queue.run('c1', () => {
      done.push(2);
      return Promise.resolve();
    });
    await Promise.resolve();
    expect(done).toEqual([]);
    slow.resolve();
    await Promise.all([first, second]);
    expect(done).toEqual([1, 2]);
  });

  it('lets other keys through, survives a failed task and forgets idle keys', async () => {
    const queue = new KeyedSerialQueue();
    const blocked = defer();
    const order: string[] = [];
    const a = queue.run('a', async () => {
      await blocked.promise;
      order.push('a');
    });
    await queue.run('b', () => {
      order.push('b');
      return Promise.resolve();
    });
    expect(order).toEqual(['b']);
    blocked.resolve();
    await a;
    await expect(queue.run('a', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await expect(queue.run('a', () => Promise.resolve(3))).resolves.toBe(3);
    await new Promise((r) => setImmediate(r));
    expect(queue.size).toBe(0);
  });
});
