// Ranges follow standard unisex/men's EU/US/UK size charts; brands differ by up to a size.

export type Region = 'EU' | 'US' | 'UK';

/** The order sizes are listed in when the person names no region. */
export const ALL_REGIONS: readonly Region[] = ['EU', 'US', 'UK'];

export interface TopSize {
  letter: string;
  /** Body chest girth in whole cm, both ends included. */
  chestCm: { min: number; max: number };
  sizes: Record<Region, string>;
}

export const TOP_SIZES: readonly TopSize[] = [
  { letter: 'XS', chestCm: { min: 80, max: 87 }, sizes: { EU: '40-42', US: 'XS', UK: '32-34' } },
  { letter: 'S', chestCm: { min: 88, max: 95 }, sizes: { EU: '44-46', US: 'S', UK: '36' } },
  { letter: 'M', chestCm: { min: 96, max: 101 }, sizes: { EU: '48-50', US: 'M', UK: '38' } },
  { letter: 'L', chestCm: { min: 102, max: 109 }, sizes: { EU: '52-54', US: 'L', UK: '40-42' } },
  { letter: 'XL', chestCm: { min: 110, max: 117 }, sizes: { EU: '56-58', US: 'XL', UK: '44' } },
  {
    letter: 'XXL',
    chestCm: { min: 118, max: 125 },
    sizes: { EU: '60-62', US: 'XXL', UK: '46-48' },
  },
  {
    letter: '3XL',
    chestCm: { min: 126, max: 133 },
    sizes: { EU: '64-66', US: '3XL', UK: '50-52' },
  },
];

export interface BottomSize {
  /** The jeans/trousers waist size (W), the largest body waist in inches it fits. */
  waistIn: number;
  letter: string;
  sizes: Record<Region, string>;
}

/** US and UK trouser sizes are the waist in inches; EU men's sizes are the German numbering. */
const bottom = (waistIn: number, letter: string, eu: string): BottomSize => ({
  waistIn,
  letter,
  sizes: { EU: eu, US: String(waistIn), UK: String(waistIn) },
});

export const BOTTOM_SIZES: readonly BottomSize[] = [
  bottom(26, 'XS', '40'),
  bottom(27, 'XS', '42'),
  bottom(28, 'XS', '44'),
  bottom(29, 'S', '44'),
  bottom(30, 'S', '46'),
  bottom(31, 'M', '46'),
  bottom(32, 'M', '48'),
  bottom(33, 'M', '48'),
  bottom(34, 'L', '50'),
  bottom(36, 'L', '52'),
  bottom(38, 'XL', '54'),
  bottom(40, 'XL', '56'),
  bottom(42, 'XXL', '58'),
  bottom(44, 'XXL', '60'),
  bottom(46, '3XL', '62'),
];

export interface ShoeSizeRow {
  /** US sizes are men's (unisex) sizes. */
  sizes: Record<Region, number>;
  /** The longest foot, heel to longest toe, this size fits. */
  maxFootCm: number;
}

const shoe = (eu: number, us: number, uk: number, maxFootCm: number): ShoeSizeRow => ({
  sizes: { EU: eu, US: us, UK: uk },
  maxFootCm,
});

export const SHOE_SIZES: readonly ShoeSizeRow[] = [
  shoe(35, 3.5, 2.5, 22.0),
  shoe(36, 4.5, 3.5, 22.7),
  shoe(37, 5, 4, 23.4),
  shoe(38, 6, 5, 24.0),
  shoe(39, 7, 6, 24.7),
  shoe(40, 7.5, 6.5, 25.4),
  shoe(41, 8.5, 7.5, 26.0),
  shoe(42, 9, 8, 26.7),
  shoe(43, 10, 9, 27.4),
  shoe(44, 10.5, 9.5, 28.0),
  shoe(45, 11.5, 10.5, 28.7),
  shoe(46, 12, 11, 29.4),
  shoe(47, 13, 12, 30.0),
  shoe(48, 14, 13, 30.7),
  shoe(49, 14.5, 13.5, 31.4),
  shoe(50, 15.5, 14.5, 32.0),
];

/** US women's shoe sizes run this much above men's/unisex for the same foot. */
export const US_WOMENS_OFFSET = 1.5;
