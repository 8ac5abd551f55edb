import {
  CM_PER_INCH,
  type Expectation,
  formatNumber,
  type Measurement,
  type Measurements,
  parseMeasurements,
  type Rejection,
  type ShoeSize,
} from './measurements';
import {
  ALL_REGIONS,
  BOTTOM_SIZES,
  type BottomSize,
  type Region,
  SHOE_SIZES,
  type ShoeSizeRow,
  TOP_SIZES,
  type TopSize,
} from './size-tables';

export interface ChatTurn {
  role: 'user' | 'bot';
  text: string;
}

type Category = 'tops' | 'bottoms' | 'shoes';

interface Garment {
  category: Category;
  /** How the reply names it: "T-shirt", "jeans", "sneaker". */
  label: string;
}

type ShoeEvidence =
  | { kind: 'foot'; foot: Measurement }
  | { kind: 'size'; size: ShoeSize }
  | { kind: 'unregioned'; size: number };

/** Everything the person has told the bot so far; later messages override earlier ones. */
interface Profile {
  height?: Measurement;
  weight?: Measurement;
  chest?: Measurement;
  waist?: Measurement;
  shoe?: ShoeEvidence;
  /** The garments of the last message that named any. */
  garments: readonly Garment[];
  /** The regions asked for last; empty means all of them. */
  regions: readonly Region[];
}

const EMPTY_PROFILE: Profile = { garments: [], regions: [] };

const GARMENT_WORDS: ReadonlyArray<{ pattern: RegExp; garment: Garment }> = [
  { pattern: /^t[\s-]?shirts?$|^tees?$/, garment: { category: 'tops', label: 'T-shirt' } },
  { pattern: /^sweatshirts?$/, garment: { category: 'tops', label: 'sweatshirt' } },
  { pattern: /^shirts?$/, garment: { category: 'tops', label: 'shirt' } },
  { pattern: /^tops?$/, garment: { category: 'tops', label: 'top' } },
  // A shop's category names (the widget's `data-context`) say which chart to use.
  { pattern: /^bottoms$/, garment: { category: 'bottoms', label: 'trousers' } },
  { pattern: /^hoodies?$/, garment: { category: 'tops', label: 'hoodie' } },
  { pattern: /^sweaters?$|^jumpers?$/, garment: { category: 'tops', label: 'sweater' } },
  { pattern: /^jackets?$|^coats?$/, garment: { category: 'tops', label: 'jacket' } },
  { pattern: /^blouses?$/, garment: { category: 'tops', label: 'blouse' } },
  { pattern: /^polos?$/, garment: { category: 'tops', label: 'polo' } },
  { pattern: /^jeans$/, garment: { category: 'bottoms', label: 'jeans' } },
  { pattern: /^pants$/, garment: { category: 'bottoms', label: 'pants' } },
  { pattern: /^trousers$|^chinos$/, garment: { category: 'bottoms', label: 'trousers' } },
  { pattern: /^shorts$/, garment: { category: 'bottoms', label: 'shorts' } },
  { pattern: /^skirts?$/, garment: { category: 'bottoms', label: 'skirt' } },
  { pattern: /^leggings$/, garment: { category: 'bottoms', label: 'leggings' } },
  { pattern: /^shoes?$/, garment: { category: 'shoes', label: 'shoe' } },
  { pattern: /^sneakers?$/, garment: { category: 'shoes', label: 'sneaker' } },
  { pattern: /^trainers?$/, garment: { category: 'shoes', label: 'trainer' } },
  { pattern: /^boots?$/, garment: { category: 'shoes', label: 'boot' } },
  { pattern: /^sandals?$/, garment: { category: 'shoes', label: 'sandal' } },
];

// "t-shirt" and "t shirt" are one word here, so "shirt" inside them is not a second garment.
const WORD = /\bt[\s-]?shirts?\b|[a-z]+/gi;

/** The garments a message names, one per category, in the order named. */
function garmentsNamedIn(text: string): Garment[] {
  const garments: Garment[] = [];
  for (const [word] of text.matchAll(WORD)) {
    const lower = word.toLowerCase();
    const found = GARMENT_WORDS.find(({ pattern }) => pattern.test(lower))?.garment;
    if (found && !garments.some((garment) => garment.category === found.category)) {
      garments.push(found);
    }
  }
  return garments;
}

const REGION_WORD =
  /\b(eur?|europe(?:an)?|uk|british|britain|us|usa|america(?:n)?)\b(?!\s*(?:(?:wo)?men'?s\s*|ladies\s*)?(?:size\s*)?\d)/gi;
const ALL_REGIONS_WORDS = /\b(?:all|every)\s+(?:sizes|regions|systems|charts|three)\b/i;

function regionOfWord(word: string): Region {
  const lower = word.toLowerCase();
  if (lower.startsWith('eu')) return 'EU';
  if (lower === 'uk' || lower.startsWith('brit')) return 'UK';
  return 'US';
}

/** "us" is usually the pronoun: it is the region only as "US", "in us", "to us" or "us sizes". */
function isPronounUs(word: string, before: string, after: string): boolean {
  return word === 'us' && !/\b(?:in|to|into)\s+$/i.test(before) && !/^\s+sizes?\b/i.test(after);
}

/**
 * The regions a message asks for ("in EU sizes", "US or UK?"); 'all' to go back to every region;
 * undefined when it names none. A region next to a number is a shoe size, not a request.
 */
function regionsAskedIn(text: string): Region[] | 'all' | undefined {
  if (ALL_REGIONS_WORDS.test(text)) return 'all';
  const regions: Region[] = [];
  for (const match of text.matchAll(REGION_WORD)) {
    const word = match[1] ?? '';
    const index = match.index ?? 0;
    const before = text.slice(0, index);
    const after = text.slice(index + match[0].length);
    if (isPronounUs(word, before, after) || /\d\s*$/.test(before)) continue;
    const region = regionOfWord(word);
    if (!regions.includes(region)) regions.push(region);
  }
  return regions.length > 0 ? regions : undefined;
}

/** Within one message a foot length beats a shoe size: it is measured, not remembered. */
function shoeEvidenceIn(found: Measurements): ShoeEvidence | undefined {
  if (found.foot) return { kind: 'foot', foot: found.foot };
  if (found.shoeSize) return { kind: 'size', size: found.shoeSize };
  if (found.unregionedShoeSize !== undefined) {
    return { kind: 'unregioned', size: found.unregionedShoeSize };
  }
  return undefined;
}

interface AbsorbedTurn {
  profile: Profile;
  rejected: Rejection[];
  /** The message added a measurement, a garment or a region. */
  saidSomething: boolean;
}

function absorbTurn(profile: Profile, text: string): AbsorbedTurn {
  const { measurements: found, rejected } = parseMeasurements(text, expectationsOf(profile));
  const garments = garmentsNamedIn(text);
  const regions = regionsAskedIn(text);
  const next: Profile = {
    height: found.height ?? profile.height,
    weight: found.weight ?? profile.weight,
    chest: found.chest ?? profile.chest,
    waist: found.waist ?? profile.waist,
    shoe: shoeEvidenceIn(found) ?? profile.shoe,
    garments: garments.length > 0 ? garments : profile.garments,
    regions: regions === 'all' ? [] : (regions ?? profile.regions),
  };
  const saidSomething =
    Object.keys(found).length > 0 || garments.length > 0 || regions !== undefined;
  return { profile: next, rejected, saidSomething };
}

function absorbTurns(texts: readonly string[]): Profile {
  return texts.reduce((profile, text) => absorbTurn(profile, text).profile, EMPTY_PROFILE);
}

/** Without a garment named, the measurements given say what to size. */
function garmentsToSize(profile: Profile): readonly Garment[] {
  if (profile.garments.length > 0) return profile.garments;
  const inferred: Garment[] = [];
  if (profile.chest) inferred.push({ category: 'tops', label: 'top' });
  if (profile.waist) inferred.push({ category: 'bottoms', label: 'trousers' });
  if (profile.shoe) inferred.push({ category: 'shoes', label: 'shoe' });
  return inferred;
}

// Chest and waist grow with height and, at a given height, with BMI. The coefficients put an
// average-build 180 cm / 75 kg adult at a ~99 cm chest (M) and a ~82 cm waist (W32).
const REFERENCE_BMI = 22;

function bmi(heightCm: number, weightKg: number): number {
  return weightKg / (heightCm / 100) ** 2;
}

function estimateChestCm(heightCm: number, weightKg: number): number {
  return 0.54 * heightCm + 1.5 * (bmi(heightCm, weightKg) - REFERENCE_BMI);
}

function estimateWaistCm(heightCm: number, weightKg: number): number {
  return 0.44 * heightCm + 2.3 * (bmi(heightCm, weightKg) - REFERENCE_BMI);
}

/** A girth to size from: measured, or estimated from height and weight. */
interface Girth {
  cm: number;
  /** "chest 40 in (102 cm)" or "chest about 99 cm (estimated from 180 cm and 75 kg)". */
  described: string;
}

function measuredGirth(name: string, measured: Measurement, inInches: boolean): Girth {
  const cm = Math.round(measured.value);
  const inches = Math.round(measured.value / CM_PER_INCH);
  const inCm = measured.shown.endsWith(' cm');
  const converted = inCm ? (inInches ? ` (${inches} in)` : '') : ` (${cm} cm)`;
  return { cm: measured.value, described: `${name} ${measured.shown}${converted}` };
}

/** Waists are sized in inches, so their reasons show inches too. */
function girthFor(
  name: 'chest' | 'waist',
  measured: Measurement | undefined,
  profile: Profile,
): Girth | undefined {
  const inInches = name === 'waist';
  if (measured) return measuredGirth(name, measured, inInches);
  const { height, weight } = profile;
  if (!height || !weight) return undefined;
  const estimate = name === 'chest' ? estimateChestCm : estimateWaistCm;
  const cm = estimate(height.value, weight.value);
  const about = inInches
    ? `${Math.round(cm)} cm / ${Math.round(cm / CM_PER_INCH)} in`
    : `${Math.round(cm)} cm`;
  return {
    cm,
    described: `${name} about ${about} (estimated from ${height.shown} and ${weight.shown})`,
  };
}

interface SizeAnswer {
  /** What the size is called whatever the region: "M", "W32 · M"; none for shoes. */
  name?: string;
  sizes: Record<Region, string>;
  reason: string;
}

/** What is missing to size a garment. */
type Need =
  | { kind: 'body'; garment: Garment; measurement: 'chest' | 'waist' }
  | { kind: 'shoe'; garment: Garment; unregionedSize?: number };

type Advice = { answer: SizeAnswer } | { need: Need };

function chestRange(row: TopSize): string {
  return `${row.letter} (${row.chestCm.min}-${row.chestCm.max} cm)`;
}

function topSizeFor(chestCm: number): { row: TopSize; fit: 'below' | 'within' | 'above' } {
  const cm = Math.round(chestCm);
  const first = TOP_SIZES[0];
  const last = TOP_SIZES[TOP_SIZES.length - 1];
  if (!first || !last) throw new Error('The top size table is empty');
  if (cm < first.chestCm.min) return { row: first, fit: 'below' };
  const row = TOP_SIZES.find((size) => cm <= size.chestCm.max);
  return row ? { row, fit: 'within' } : { row: last, fit: 'above' };
}

function adviseTop(garment: Garment, profile: Profile): Advice {
  const chest = girthFor('chest', profile.chest, profile);
  if (!chest) return { need: { kind: 'body', garment, measurement: 'chest' } };
  const { row, fit } = topSizeFor(chest.cm);
  const reason =
    fit === 'within'
      ? `${chest.described} falls in ${chestRange(row)}.`
      : fit === 'below'
        ? `${chest.described} is below ${chestRange(row)}, the smallest size; a slim fit may suit you better.`
        : `${chest.described} is above ${chestRange(row)}, the largest size here; look for 4XL or big & tall ranges.`;
  return { answer: { name: row.letter, sizes: row.sizes, reason } };
}

function bottomName(row: BottomSize): string {
  return `W${row.waistIn} · ${row.letter}`;
}

function adviseBottom(garment: Garment, profile: Profile): Advice {
  const waist = girthFor('waist', profile.waist, profile);
  if (!waist) return { need: { kind: 'body', garment, measurement: 'waist' } };
  const inches = Math.round(waist.cm / CM_PER_INCH);
  const first = BOTTOM_SIZES[0];
  const last = BOTTOM_SIZES[BOTTOM_SIZES.length - 1];
  if (!first || !last) throw new Error('The bottom size table is empty');
  const index = BOTTOM_SIZES.findIndex((size) => inches <= size.waistIn);
  const row = BOTTOM_SIZES[index] ?? last;
  const smaller = BOTTOM_SIZES[index - 1];
  let reason: string;
  if (index === -1) {
    reason = `${waist.described} is above W${last.waistIn}, the largest size here; look for big & tall ranges.`;
  } else if (inches < first.waistIn) {
    reason = `${waist.described} is below W${first.waistIn}, the smallest size; a slim fit may suit you better.`;
  } else if (inches < row.waistIn && smaller) {
    reason = `${waist.described} is between W${smaller.waistIn} and W${row.waistIn}: go up to W${row.waistIn} (${row.letter}) for comfort.`;
  } else {
    reason = `${waist.described} fits W${row.waistIn}, which is ${row.letter}.`;
  }
  return { answer: { name: bottomName(row), sizes: row.sizes, reason } };
}

function shoeSizes(row: ShoeSizeRow): Record<Region, string> {
  return {
    EU: formatNumber(row.sizes.EU),
    US: formatNumber(row.sizes.US),
    UK: formatNumber(row.sizes.UK),
  };
}

const SHOE_CHART = "on a standard men's/unisex chart";

/** The region a shoe reason speaks in: the first one asked for. */
function reasonRegion(regions: readonly Region[]): Region {
  return regions[0] ?? 'EU';
}

function shoeForFoot(foot: Measurement, regions: readonly Region[]): SizeAnswer {
  const row = SHOE_SIZES.find((size) => foot.value <= size.maxFootCm);
  const last = SHOE_SIZES[SHOE_SIZES.length - 1];
  const region = reasonRegion(regions);
  const footShown = foot.shown.endsWith(' cm')
    ? foot.shown
    : `${foot.shown} (${formatNumber(foot.value)} cm)`;
  if (!row) {
    if (!last) throw new Error('The shoe size table is empty');
    return {
      sizes: shoeSizes(last),
      reason: `a ${footShown} foot is longer than ${region} ${formatNumber(last.sizes[region])} fits (${formatNumber(last.maxFootCm)} cm); look for specialist large sizes.`,
    };
  }
  return {
    sizes: shoeSizes(row),
    reason: `a ${footShown} foot fits ${region} ${formatNumber(row.sizes[region])} (feet up to ${formatNumber(row.maxFootCm)} cm) ${SHOE_CHART}.`,
  };
}

/** The chart row closest to a size; halfway between two, the larger one (room beats pinching). */
function nearestShoeRow(size: ShoeSize): ShoeSizeRow {
  let best: ShoeSizeRow | undefined;
  for (const row of SHOE_SIZES) {
    const distance = Math.abs(row.sizes[size.region] - size.size);
    if (!best || distance <= Math.abs(best.sizes[size.region] - size.size)) best = row;
    else break;
  }
  if (!best) throw new Error('The shoe size table is empty');
  return best;
}

function shoeFromSize(size: ShoeSize, regions: readonly Region[]): SizeAnswer {
  const row = nearestShoeRow(size);
  const sizes = shoeSizes(row);
  const targets = regions.length > 0 ? regions : ALL_REGIONS.filter((r) => r !== size.region);
  const converted = targets.map((region) => `${region} ${sizes[region]}`).join(' · ');
  const onChart = `${size.region} ${formatNumber(size.size)}`;
  // A women's size is first moved onto the men's/unisex chart the table uses.
  const said = size.shown === onChart ? size.shown : `${size.shown} (${onChart} men's/unisex)`;
  const reason =
    row.sizes[size.region] === size.size
      ? `${said} converts to ${converted} ${SHOE_CHART}.`
      : `${said} sits between chart sizes; the nearest, ${size.region} ${sizes[size.region]}, is ${converted}.`;
  return { sizes, reason };
}

function adviseShoe(garment: Garment, profile: Profile): Advice {
  const shoe = profile.shoe;
  if (!shoe) return { need: { kind: 'shoe', garment } };
  switch (shoe.kind) {
    case 'foot':
      return { answer: shoeForFoot(shoe.foot, profile.regions) };
    case 'size':
      return { answer: shoeFromSize(shoe.size, profile.regions) };
    case 'unregioned':
      return { need: { kind: 'shoe', garment, unregionedSize: shoe.size } };
  }
}

function advise(garment: Garment, profile: Profile): Advice {
  switch (garment.category) {
    case 'tops':
      return adviseTop(garment, profile);
    case 'bottoms':
      return adviseBottom(garment, profile);
    case 'shoes':
      return adviseShoe(garment, profile);
  }
}

function needsOf(profile: Profile): Need[] {
  return garmentsToSize(profile).flatMap((garment) => {
    const advice = advise(garment, profile);
    return 'need' in advice ? [advice.need] : [];
  });
}

/** What the bot's reply to this profile asks for, so a lone number next is read as the answer. */
function expectationsOf(profile: Profile): Expectation[] {
  const expecting = new Set<Expectation>();
  for (const need of needsOf(profile)) {
    if (need.kind === 'shoe') {
      expecting.add('shoe');
      continue;
    }
    if (!profile.height) expecting.add('height');
    if (!profile.weight) expecting.add('weight');
    if (need.measurement === 'waist') expecting.add('waist');
  }
  return [...expecting];
}

function formatAnswer(answer: SizeAnswer, regions: readonly Region[], garment?: Garment): string {
  const prefix = garment ? `${capitalize(garment.label)}: ` : '';
  const shown = regions.length > 0 ? regions : ALL_REGIONS;
  const list = shown.map((region) => `${region} ${answer.sizes[region]}`).join(' · ');
  let headline: string;
  if (shown.length === ALL_REGIONS.length) {
    headline = answer.name ? `**${answer.name}** — ${list}` : `**${list}**`;
  } else {
    const alsoCalled = answer.name && !shown.some((r) => answer.sizes[r] === answer.name);
    headline = alsoCalled ? `**${list}** (${answer.name})` : `**${list}**`;
  }
  return `${prefix}${headline}\nReason: ${answer.reason}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function bodyNeedSentence(needs: readonly Extract<Need, { kind: 'body' }>[], profile: Profile) {
  const labels = joinWords(needs.map((need) => need.garment.label));
  const sizeWord = needs.length > 1 ? 'sizes' : 'size';
  const measurements = [...new Set(needs.map((need) => need.measurement))];
  const measured =
    measurements.length > 1
      ? `your ${joinWords(measurements)} measurements`
      : `your ${joinWords(measurements)} measurement`;
  const intro = `To pick your ${labels} ${sizeWord} I`;
  if (profile.height && !profile.weight) {
    return `${intro} still need your weight (or ${measured}). For example: "75 kg" or "165 lb"`;
  }
  if (profile.weight && !profile.height) {
    return `${intro} still need your height (or ${measured}). For example: "180 cm" or "5'11""`;
  }
  const waistExample = measurements.includes('waist') ? ' or "waist 32 in"' : '';
  return `${intro} need ${measured}, or your height and weight. For example: "I'm 180 cm and 75 kg"${waistExample}`;
}

function shoeNeedSentence(need: Extract<Need, { kind: 'shoe' }>): string {
  if (need.unregionedSize !== undefined) {
    const size = formatNumber(need.unregionedSize);
    return `Is your ${need.garment.label} size ${size} a US or a UK size? For example: "I wear US ${size}"`;
  }
  return `To pick your ${need.garment.label} size I need your foot length, or a shoe size you already wear. For example: "my foot is 27 cm" or "I wear US 10"`;
}

function askFor(needs: readonly Need[], profile: Profile): string[] {
  const body = needs.filter((need) => need.kind === 'body');
  const shoe = needs.filter((need) => need.kind === 'shoe');
  return [
    ...(body.length > 0 ? [bodyNeedSentence(body, profile)] : []),
    ...shoe.map(shoeNeedSentence),
  ];
}

const HELP =
  "Hi! I'm SizeBot: tell me your measurements and what you want to buy, and I'll suggest a size in EU, US and UK.\n" +
  'For example: "I\'m 180 cm and 75 kg, which T-shirt size?" or "My foot is 27 cm, what shoe size?"';

/** After a note about a rejected value a greeting would be odd; the example is what helps. */
const HELP_AFTER_NOTE =
  'Tell me what you want to buy and your measurements. For example: "I\'m 180 cm and 75 kg, which T-shirt size?"';

const THANKS = "You're welcome! Ask me about another garment any time.";

function knownFacts(profile: Profile): string[] {
  return [profile.height?.shown, profile.weight?.shown].filter((fact) => fact !== undefined);
}

function askForGarment(profile: Profile): string {
  return (
    `Got it: ${knownFacts(profile).join(', ')}. What should I size: a top (T-shirt, hoodie…), ` +
    'bottoms (jeans, trousers…) or shoes?'
  );
}

const REJECTED_NOUN: Record<Rejection['kind'], string> = {
  height: 'a height',
  weight: 'a weight',
  chest: 'a chest measurement',
  waist: 'a waist measurement',
  foot: 'a foot length',
  shoeSize: 'a shoe size',
};

function rejectionNote(rejection: Rejection): string {
  return `Hmm, ${rejection.shown} doesn't look like ${REJECTED_NOUN[rejection.kind]} (I expect ${rejection.accepted}), so I left it out.`;
}

function adviceFor(profile: Profile, afterNote: boolean): string {
  const garments = garmentsToSize(profile);
  if (garments.length === 0) {
    if (knownFacts(profile).length > 0) return askForGarment(profile);
    return afterNote ? HELP_AFTER_NOTE : HELP;
  }
  const answers: string[] = [];
  const needs: Need[] = [];
  for (const garment of garments) {
    const advice = advise(garment, profile);
    if ('need' in advice) {
      needs.push(advice.need);
      continue;
    }
    const named = garments.length > 1 ? garment : undefined;
    answers.push(formatAnswer(advice.answer, profile.regions, named));
  }
  return [...answers, ...askFor(needs, profile)].join('\n');
}

/** The reply to the last user turn, given the conversation so far (oldest first). */
export function sizebotReply(history: ChatTurn[]): string {
  const texts = history.filter((turn) => turn.role === 'user').map((turn) => turn.text);
  const last = texts[texts.length - 1];
  if (last === undefined) return HELP;
  const { profile, rejected, saidSomething } = absorbTurn(absorbTurns(texts.slice(0, -1)), last);
  if (
    !saidSomething &&
    rejected.length === 0 &&
    /\b(?:thanks|thank you|thx|cheers)\b/i.test(last)
  ) {
    return THANKS;
  }
  const sizingShoes = garmentsToSize(profile).some((garment) => garment.category === 'shoes');
  // A "UK 38" said while sizing a shirt is a shirt size, not a shoe size to complain about.
  const notes = rejected
    .filter((rejection) => rejection.kind !== 'shoeSize' || sizingShoes)
    .map(rejectionNote);
  return [...notes, adviceFor(profile, notes.length > 0)].join('\n');
}
