import { ALL_REGIONS, BOTTOM_SIZES, SHOE_SIZES, TOP_SIZES } from './size-tables';

// Lookups take the first row that fits, so every table must run smallest to largest with no gaps.
describe('size tables', () => {
  it('has top chest ranges that follow on without gaps or overlaps', () => {
    for (let i = 1; i < TOP_SIZES.length; i++) {
      expect(TOP_SIZES[i].chestCm.min).toBe(TOP_SIZES[i - 1].chestCm.max + 1);
      expect(TOP_SIZES[i].chestCm.max).toBeGreaterThan(TOP_SIZES[i].chestCm.min);
    }
  });

  it('has bottom waist sizes in increasing order', () => {
    for (let i = 1; i < BOTTOM_SIZES.length; i++) {
      expect(BOTTOM_SIZES[i].waistIn).toBeGreaterThan(BOTTOM_SIZES[i - 1].waistIn);
    }
  });

  it('has shoe sizes increasing in every region and in foot length', () => {
    for (let i = 1; i < SHOE_SIZES.length; i++) {
      const [smaller, larger] = [SHOE_SIZES[i - 1], SHOE_SIZES[i]];
      expect(larger.maxFootCm).toBeGreaterThan(smaller.maxFootCm);
      for (const region of ALL_REGIONS) {
        expect(larger.sizes[region]).toBeGreaterThan(smaller.sizes[region]);
      }
    }
  });

  it('matches the usual EU 43 = US 10 = UK 9 conversion', () => {
    expect(SHOE_SIZES.find((row) => row.sizes.EU === 43)?.sizes).toEqual({
      EU: 43,
      US: 10,
      UK: 9,
    });
  });
});
