import { FetchSlots } from './fetch-slots';

describe('FetchSlots', () => {
  it('gives each key at most its share, all keys or none, and frees them once', () => {
    const slots = new FetchSlots(2);
    const a = slots.tryTake(['host:slow', 'person:m']);
    const b = slots.tryTake(['host:slow', 'person:m']);
    expect(a && b).toBeTruthy();
    expect(slots.tryTake(['host:slow', 'person:e'])).toBeNull();
    expect(slots.tryTake(['host:fast', 'person:m'])).toBeNull();
    // A refused take holds nothing: person e is still free elsewhere.
    const e = slots.tryTake(['host:fast', 'person:e']);
    expect(e).not.toBeNull();
    a!();
    a!();
    expect(slots.tryTake(['host:other', 'person:m'])).not.toBeNull();
    expect(slots.tryTake(['host:other', 'person:m'])).toBeNull();
  });
});
