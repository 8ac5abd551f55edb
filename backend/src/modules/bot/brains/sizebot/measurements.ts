import { type Region, US_WOMENS_OFFSET } from './size-tables';

/** A body measurement in cm (lengths) or kg (weight), with how to show it back to the person. */
export interface Measurement {
  value: number;
  shown: string;
}

/** A shoe size someone already wears; `size` is on the men's/unisex chart of `region`. */
export interface ShoeSize {
  region: Region;
  size: number;
  shown: string;
}

export type BodyKind = 'height' | 'weight' | 'chest' | 'waist' | 'foot';

export interface Measurements {
  height?: Measurement;
  weight?: Measurement;
  chest?: Measurement;
  waist?: Measurement;
  foot?: Measurement;
  shoeSize?: ShoeSize;
  /** A shoe size said without EU/US/UK and too small to be EU: US or UK, we cannot tell. */
  unregionedShoeSize?: number;
}

/** A value that was understood but cannot be a real one, so it is left out. */
export interface Rejection {
  kind: BodyKind | 'shoeSize';
  shown: string;
  /** The range that would have been accepted, for the note to the person. */
  accepted: string;
}

export interface ParsedText {
  measurements: Measurements;
  rejected: Rejection[];
}

/** What the bot last asked for: it decides how a lone number ("180") is read. */
export type Expectation = 'height' | 'weight' | 'waist' | 'shoe';

const PLAUSIBLE: Record<BodyKind, { min: number; max: number; unit: string }> = {
  height: { min: 120, max: 230, unit: 'cm' },
  weight: { min: 30, max: 250, unit: 'kg' },
  chest: { min: 60, max: 160, unit: 'cm' },
  waist: { min: 50, max: 160, unit: 'cm' },
  foot: { min: 15, max: 35, unit: 'cm' },
};

const PLAUSIBLE_SHOE: Record<Region, { min: number; max: number }> = {
  EU: { min: 30, max: 52 },
  US: { min: 1, max: 18 },
  UK: { min: 1, max: 17 },
};

export const CM_PER_INCH = 2.54;
const KG_PER_LB = 0.45359237;
const LB_PER_STONE = 14;

type Unit = 'cm' | 'mm' | 'm' | 'in' | 'kg' | 'lb';

type Reading =
  | { kind: BodyKind; value: number; shown: string }
  | { kind: 'shoeSize'; size: ShoeSize }
  | { kind: 'unregionedShoeSize'; size: number };

interface Extractor {
  pattern: RegExp;
  read: (match: RegExpMatchArray) => Reading | undefined;
}

const NUM = String.raw`(\d+(?:[.,]\d+)?)`;
const NOT_AFTER_NUMBER = String.raw`(?<!\d|\d[.,])`;
/** A number ends here: "10, what" is 10, but "10.5" is not 10. */
const NUMBER_ENDS = String.raw`(?!\d|[.,]\d)`;
const UNIT = String.raw`(cm|centimet(?:er|re)s?|mm|millimet(?:er|re)s?|met(?:er|re)s?|m|inch(?:es)?|in|''|"|”|″|kgs?|kilo(?:gram)?s?|lbs?|pounds?)(?![a-z])`;
const SHOE_NUM = String.raw`(\d{1,2}(?:[.,]5)?)`;
/** "US 10 in sneakers" is a shoe size; "US 10 cm" or "UK 10 in." is not. */
const SHOE_SIZE_ENDS = String.raw`(?!\d|[.,]\d|\s*(?:cm|mm|kgs?|lbs?|inch|"|in(?!\s*[a-z])))`;
/** What may sit between a label and its number: "chest is about 100", "foot length: 27". */
const FILLER = String.raw`(?:\s*[:=~-]|\s+(?:is|are|measures?|measurements?|circumference|girth|length|size|of|about|around|roughly|approx(?:imately|\.)?|ca\.?))*`;

const regex = (source: string) => new RegExp(source, 'gi');

export function toNumber(raw: string): number {
  return Number(raw.replace(',', '.'));
}

/** At most `decimals` decimals, none when the number is whole: 27 → "27", 26.67 → "26.7". */
export function formatNumber(value: number, decimals = 1): string {
  return String(Number(value.toFixed(decimals)));
}

function unitOf(raw: string | undefined): Unit | undefined {
  if (!raw) return undefined;
  const unit = raw.toLowerCase();
  if (unit.startsWith('cm') || unit.startsWith('centi')) return 'cm';
  if (unit.startsWith('mm') || unit.startsWith('milli')) return 'mm';
  if (unit === 'm' || unit.startsWith('met')) return 'm';
  if (unit.startsWith('k')) return 'kg';
  if (unit.startsWith('lb') || unit.startsWith('pound')) return 'lb';
  return 'in';
}

function length(value: number, unit: 'cm' | 'mm' | 'm' | 'in'): Measurement {
  switch (unit) {
    case 'cm':
      return { value, shown: `${formatNumber(value)} cm` };
    case 'mm':
      return { value: value / 10, shown: `${formatNumber(value)} mm` };
    case 'm':
      return { value: value * 100, shown: `${value.toFixed(2)} m` };
    case 'in':
      return { value: value * CM_PER_INCH, shown: `${formatNumber(value)} in` };
  }
}

function weight(value: number, unit: 'kg' | 'lb'): Measurement {
  return unit === 'kg'
    ? { value, shown: `${formatNumber(value)} kg` }
    : { value: value * KG_PER_LB, shown: `${formatNumber(value)} lb` };
}

/**
 * A labelled number ("waist 32", "chest 40 in") in the unit it was given, or, without one,
 * in the unit its size makes likely.
 */
function readLabelled(kind: BodyKind, value: number, unit: Unit | undefined): Reading | undefined {
  if (kind === 'weight') {
    if (unit === undefined || unit === 'kg' || unit === 'lb') {
      return { kind, ...weight(value, unit ?? 'kg') };
    }
    return undefined;
  }
  if (unit === 'kg' || unit === 'lb') return undefined;
  return { kind, ...length(value, unit ?? likelyLengthUnit(kind, value)) };
}

function likelyLengthUnit(kind: BodyKind, value: number): 'cm' | 'm' | 'in' {
  switch (kind) {
    case 'height':
      if (value < 3) return 'm';
      return value >= 48 && value <= 96 ? 'in' : 'cm';
    case 'chest':
      return value < 60 ? 'in' : 'cm';
    case 'waist':
      // A bare waist of 24-50 is the way jeans are sized: inches.
      return value <= 50 ? 'in' : 'cm';
    default:
      return value <= 15 ? 'in' : 'cm';
  }
}

function labelKind(label: string): BodyKind {
  const word = label.toLowerCase();
  if (word === 'bust') return 'chest';
  if (word === 'feet') return 'foot';
  if (word === 'weigh') return 'weight';
  if (word === 'tall') return 'height';
  return word as BodyKind;
}

function readShoeSize(region: string, raw: string, womens: boolean): Reading {
  const named = region.toUpperCase();
  const regionOf: Region = named === 'EUR' ? 'EU' : (named as Region);
  const said = toNumber(raw);
  // Women's US sizes sit 1.5 above the men's/unisex chart the tables use.
  const size = womens && regionOf === 'US' ? said - US_WOMENS_OFFSET : said;
  const shown = `${regionOf}${womens ? " women's" : ''} ${formatNumber(said)}`;
  return { kind: 'shoeSize', size: { region: regionOf, size, shown } };
}

/** "size 43" or "I wear a 10": EU when it can only be EU, otherwise a region is still needed. */
function readUnregionedShoeSize(raw: string): Reading | undefined {
  const size = toNumber(raw);
  if (size >= 33 && size <= 52) {
    return { kind: 'shoeSize', size: { region: 'EU', size, shown: `EU ${formatNumber(size)}` } };
  }
  return size >= 1 && size <= 17 ? { kind: 'unregionedShoeSize', size } : undefined;
}

// Order matters: each extractor removes what it read, so "5 foot 11" is a height before "foot
// 11" could be a foot length, and "chest 100 cm" is a chest before "100 cm" could be a height.
const EXTRACTORS: readonly Extractor[] = [
  {
    // 5'11", 5 ft 11, 5 feet 11 inches, 6'
    pattern: regex(
      String.raw`${NOT_AFTER_NUMBER}(\d)\s*(?:'|’|′|ft\.?|feet(?!\s+(?:is|are|measure))|foot(?!\s+(?:is|length|measure)))(?:\s*(1[01]|\d)(?:[.,]\d)?(?!\d|[.,]\d|\s*(?:kgs?|kilo|lbs?|pound|cm|st\b|stone))\s*(?:''|"|”|″|’’|inch(?:es)?|in(?![a-z]))?)?`,
    ),
    read: (m) => {
      const feet = toNumber(m[1] ?? '0');
      const inches = m[2] === undefined ? 0 : toNumber(m[2]);
      const shown = `${feet}'${inches}"`;
      return { kind: 'height', value: (feet * 12 + inches) * CM_PER_INCH, shown };
    },
  },
  {
    // "foot size 43" is a shoe size, not a foot length.
    pattern: regex(
      String.raw`\b(?:foot|feet|shoe)\s+size\s*(?:is\s+)?${SHOE_NUM}${SHOE_SIZE_ENDS}`,
    ),
    read: (m) => readUnregionedShoeSize(m[1] ?? ''),
  },
  {
    // chest 100 cm, waist: 32, my foot is 10.5 in, height 180, I weigh 165 lb
    pattern: regex(
      String.raw`\b(chest|bust|waist|foot|feet|height|weight|weigh)\b${FILLER}\s*~?\s*${NUM}\s*(?:${UNIT})?`,
    ),
    read: (m) => readLabelled(labelKind(m[1] ?? ''), toNumber(m[2] ?? ''), unitOf(m[3])),
  },
  {
    // 32 inch waist, 100 cm chest, 180 cm tall
    pattern: regex(
      String.raw`${NOT_AFTER_NUMBER}${NUM}\s*(?:${UNIT})?\s*-?\s*(chest|bust|waist|tall)\b`,
    ),
    read: (m) => readLabelled(labelKind(m[3] ?? ''), toNumber(m[1] ?? ''), unitOf(m[2])),
  },
  {
    // 27 cm foot, 10.5 inch feet: without a unit "10 feet" is more likely something else.
    pattern: regex(
      String.raw`${NOT_AFTER_NUMBER}${NUM}\s*(cm|mm|inch(?:es)?|in|"|”|″)(?![a-z])\s*(?:long\s+)?(?:foot|feet)\b`,
    ),
    read: (m) => readLabelled('foot', toNumber(m[1] ?? ''), unitOf(m[2])),
  },
  {
    // W32, W32 L34 (jeans)
    pattern: regex(String.raw`\bW\s?(\d{2})(?:\s*[x/]?\s*L\s?\d{2})?(?!\d)`),
    read: (m) => readLabelled('waist', toNumber(m[1] ?? ''), 'in'),
  },
  {
    // EU 43, US 10, US men's 10, US women's 8.5, UK size 9; before "10 in" can be a height
    pattern: regex(
      String.raw`\b(eur?|us|uk)\s*(?:(women'?s|womens|ladies)\s*|(?:men'?s|mens)\s*)?(?:size\s*)?${SHOE_NUM}${SHOE_SIZE_ENDS}`,
    ),
    read: (m) => readShoeSize(m[1] ?? '', m[3] ?? '', m[2] !== undefined),
  },
  {
    // 11 st 11 lb, 12 stone
    pattern: regex(
      String.raw`${NOT_AFTER_NUMBER}(\d{1,2})(\s*)(st|stones?)(?![a-z])(?:\s*(\d{1,2})\s*(?:lbs?|pounds?)?(?![a-z\d]))?`,
    ),
    read: (m) => {
      const stones = toNumber(m[1] ?? '');
      // "1st", "21st" written together are ordinals, not stones.
      if (m[2] === '' && m[3]?.toLowerCase() === 'st' && stones % 10 === 1 && stones !== 11) {
        return undefined;
      }
      const pounds = m[4] === undefined ? 0 : toNumber(m[4]);
      const shown = pounds > 0 ? `${stones} st ${pounds} lb` : `${stones} st`;
      return { kind: 'weight', value: (stones * LB_PER_STONE + pounds) * KG_PER_LB, shown };
    },
  },
  {
    // 75 kg, 165 lbs, 165 pounds
    pattern: regex(
      String.raw`${NOT_AFTER_NUMBER}${NUM}\s*(kgs?|kilo(?:gram)?s?|lbs?|pounds?)(?![a-z])`,
    ),
    read: (m) => readLabelled('weight', toNumber(m[1] ?? ''), unitOf(m[2])),
  },
  {
    // 1m80
    pattern: regex(String.raw`${NOT_AFTER_NUMBER}([12])\s*m\s*(\d{2})${NUMBER_ENDS}`),
    read: (m) => ({
      kind: 'height',
      value: toNumber(m[1] ?? '') * 100 + toNumber(m[2] ?? ''),
      shown: `${m[1]}.${m[2]} m`,
    }),
  },
  {
    // 180 cm, 180cm
    pattern: regex(String.raw`${NOT_AFTER_NUMBER}${NUM}\s*(cm|centimet(?:er|re)s?)(?![a-z])`),
    read: (m) => ({ kind: 'height', ...length(toNumber(m[1] ?? ''), 'cm') }),
  },
  {
    // 1.80 m, 1,80m
    pattern: regex(
      String.raw`${NOT_AFTER_NUMBER}(\d(?:[.,]\d{1,2})?)\s*(?:m|met(?:er|re)s?)(?![a-z])`,
    ),
    read: (m) => ({ kind: 'height', ...length(toNumber(m[1] ?? ''), 'm') }),
  },
  {
    // 71 in, 71 inches; not "43 in EU" nor "40 in chest"
    pattern: regex(
      String.raw`${NOT_AFTER_NUMBER}(\d{2}(?:[.,]\d)?)\s*(?:inch(?:es)?|in|"|”|″)(?![a-z])(?!\s*(?:eu|eur|us|uk|sizes?|the|a|an|my|your|chest|bust|waist|foot|feet|length)\b)`,
    ),
    read: (m) => {
      // Under 40 in is no height, nor a likely typo for one: more probably a shoe or a waist.
      const inches = toNumber(m[1] ?? '');
      return inches < 40 ? undefined : { kind: 'height', ...length(inches, 'in') };
    },
  },
  {
    // 43 EU, 10 US
    pattern: regex(String.raw`${NOT_AFTER_NUMBER}${SHOE_NUM}\s*(eur?|us|uk)\b`),
    read: (m) => readShoeSize(m[2] ?? '', m[1] ?? '', false),
  },
  {
    // size 43, I wear a 10
    pattern: regex(
      String.raw`\b(?:size|wear(?:\s+an?)?)\s+${SHOE_NUM}${SHOE_SIZE_ENDS}(?!\s*(?:eur?|us|uk)\b)`,
    ),
    read: (m) => readUnregionedShoeSize(m[1] ?? ''),
  },
  {
    // "I'm 180": only a height when it can be one (people also say their age this way).
    pattern: regex(
      String.raw`\b(?:i(?:'|’)?m|i\s+am)\s+(?:about\s+|around\s+|roughly\s+)?(\d{3})(?!\d|[.,]\d|\s*(?:${UNIT}|'|’|ft|feet|foot|st\b|stone))`,
    ),
    read: (m) => {
      const cm = toNumber(m[1] ?? '');
      return isPlausible('height', cm) ? { kind: 'height', ...length(cm, 'cm') } : undefined;
    },
  },
];

function isPlausible(kind: BodyKind, value: number): boolean {
  const range = PLAUSIBLE[kind];
  return value >= range.min && value <= range.max;
}

/** A reply that is just a number ("180", "I'm 75") answers what the bot asked for. */
function readBareNumber(value: number, expecting: readonly Expectation[]): Reading | undefined {
  const expects = (what: Expectation) => expecting.includes(what);
  if (expects('height') && isPlausible('height', value)) {
    return { kind: 'height', ...length(value, 'cm') };
  }
  if (expects('waist') && value >= 24 && value <= 50) {
    return { kind: 'waist', ...length(value, 'in') };
  }
  if (expects('weight') && isPlausible('weight', value)) {
    return { kind: 'weight', ...weight(value, 'kg') };
  }
  if (expects('shoe')) {
    if (value >= 18 && value < 33) return { kind: 'foot', ...length(value, 'cm') };
    return readUnregionedShoeSize(String(value));
  }
  return undefined;
}

const SHORT_REPLY_WORDS = 5;

function loneNumber(text: string): number | undefined {
  // "I'm 30 years old" answers nothing the bot asks.
  if (/\b(?:years?|yrs?|old|age|aged)\b/i.test(text)) return undefined;
  const numbers = text.match(/\d+(?:[.,]\d+)?/g) ?? [];
  const words = text.trim().split(/\s+/);
  if (numbers.length !== 1 || words.length > SHORT_REPLY_WORDS) return undefined;
  return toNumber(numbers[0] ?? '');
}

interface Located {
  index: number;
  reading: Reading;
}

/** Runs the extractors in order, each blanking out what it read so later ones cannot reread it. */
function extractReadings(text: string): Located[] {
  let rest = text;
  const found: Located[] = [];
  for (const { pattern, read } of EXTRACTORS) {
    for (const match of [...rest.matchAll(pattern)]) {
      const reading = read(match);
      const index = match.index ?? 0;
      if (reading === undefined) continue;
      found.push({ index, reading });
      rest =
        rest.slice(0, index) + ' '.repeat(match[0].length) + rest.slice(index + match[0].length);
    }
  }
  // Within one message a later value corrects an earlier one ("80 kg, I mean 78 kg").
  return found.sort((a, b) => a.index - b.index);
}

function rejectionOf(reading: Reading): Rejection | undefined {
  if (reading.kind === 'unregionedShoeSize') return undefined;
  if (reading.kind === 'shoeSize') {
    const { region, size, shown } = reading.size;
    const range = PLAUSIBLE_SHOE[region];
    return size >= range.min && size <= range.max
      ? undefined
      : { kind: 'shoeSize', shown, accepted: `${region} ${range.min}-${range.max}` };
  }
  if (isPlausible(reading.kind, reading.value)) return undefined;
  const range = PLAUSIBLE[reading.kind];
  return {
    kind: reading.kind,
    shown: reading.shown,
    accepted: `${range.min}-${range.max} ${range.unit}`,
  };
}

function withReading(measurements: Measurements, reading: Reading): Measurements {
  switch (reading.kind) {
    case 'shoeSize':
      return { ...measurements, shoeSize: reading.size };
    case 'unregionedShoeSize':
      return { ...measurements, unregionedShoeSize: reading.size };
    default:
      return { ...measurements, [reading.kind]: { value: reading.value, shown: reading.shown } };
  }
}

/**
 * The measurements in one message. `expecting` is what the bot asked for just before, so a lone
 * number can be read as the answer to it.
 */
export function parseMeasurements(
  text: string,
  expecting: readonly Expectation[] = [],
): ParsedText {
  let readings = extractReadings(text).map((located) => located.reading);
  if (readings.length === 0) {
    const lone = loneNumber(text);
    const reading = lone === undefined ? undefined : readBareNumber(lone, expecting);
    readings = reading === undefined ? [] : [reading];
  }
  let measurements: Measurements = {};
  const rejected: Rejection[] = [];
  for (const reading of readings) {
    const rejection = rejectionOf(reading);
    if (rejection) rejected.push(rejection);
    else measurements = withReading(measurements, reading);
  }
  return { measurements, rejected };
}
