import { type Measurements, parseMeasurements } from './measurements';

const found = (text: string): Measurements => parseMeasurements(text).measurements;

describe('parseMeasurements', () => {
  it.each([
    ['180 cm', 180],
    ['180cm', 180],
    ['I am 180 centimetres tall', 180],
    ['1.80 m', 180],
    ['1,80m', 180],
    ['1m80', 180],
    ['5\'11"', 180.34],
    ["5'11", 180.34],
    ['5 ft 11', 180.34],
    ['5 feet 11 inches', 180.34],
    ['6 ft', 182.88],
    ['71 in', 180.34],
    ['71 inches', 180.34],
    ['height: 180', 180],
    ["I'm 180", 180],
  ])('reads the height in "%s"', (text, cm) => {
    expect(found(text).height?.value).toBeCloseTo(cm, 1);
  });

  it.each([
    ['75 kg', 75],
    ['75kg', 75],
    ['165 lb', 74.84],
    ['165 lbs', 74.84],
    ['165 pounds', 74.84],
    ['I weigh 75', 75],
    ['11 st 11 lb', 74.84],
  ])('reads the weight in "%s"', (text, kg) => {
    expect(found(text).weight?.value).toBeCloseTo(kg, 1);
  });

  it('reads 5\'11" and 165 lb as about 180 cm and 75 kg, and shows them as said', () => {
    const { height, weight } = found("I'm 5'11\" and 165 lb");
    expect(Math.round(height!.value)).toBe(180);
    expect(Math.round(weight!.value)).toBe(75);
    expect(height!.shown).toBe('5\'11"');
    expect(weight!.shown).toBe('165 lb');
  });

  it('does not take a weight, chest or waist for a height', () => {
    expect(found("I'm 180 cm and 75 kg")).toEqual({
      height: { value: 180, shown: '180 cm' },
      weight: { value: 75, shown: '75 kg' },
    });
    expect(found('75 kg').height).toBeUndefined();
    expect(found('chest 100 cm')).toEqual({ chest: { value: 100, shown: '100 cm' } });
    expect(found('waist 81 cm').height).toBeUndefined();
    expect(found('my foot is 27 cm')).toEqual({ foot: { value: 27, shown: '27 cm' } });
    expect(found('43 in EU sizes').height).toBeUndefined();
  });

  it.each([
    ['chest 100 cm', 'chest', 100],
    ['chest 40 in', 'chest', 101.6],
    ['my chest is about 40"', 'chest', 101.6],
    ['100 cm chest', 'chest', 100],
    ['waist 32', 'waist', 81.28],
    ['waist 81 cm', 'waist', 81],
    ['32 inch waist', 'waist', 81.28],
    ['W32 L34', 'waist', 81.28],
    ['foot 27 cm', 'foot', 27],
    ['foot length: 265 mm', 'foot', 26.5],
    ['my foot is 10.5 in', 'foot', 26.67],
    ['my feet are 28 cm', 'foot', 28],
  ] as const)('reads "%s" as %s %d cm', (text, kind, cm) => {
    expect(found(text)[kind]?.value).toBeCloseTo(cm, 1);
  });

  it('reads a bare waist of 24-50 as inches and a larger one as cm', () => {
    expect(found('waist 24')?.waist?.shown).toBe('24 in');
    expect(found('waist 50')?.waist?.shown).toBe('50 in');
    expect(found('waist 84')?.waist?.shown).toBe('84 cm');
  });

  it.each([
    ['I wear EU 43', { region: 'EU', size: 43, shown: 'EU 43' }],
    ['US 10', { region: 'US', size: 10, shown: 'US 10' }],
    ['UK size 9.5', { region: 'UK', size: 9.5, shown: 'UK 9.5' }],
    ['43 EU', { region: 'EU', size: 43, shown: 'EU 43' }],
    ['size 43', { region: 'EU', size: 43, shown: 'EU 43' }],
    ["US women's 8", { region: 'US', size: 6.5, shown: "US women's 8" }],
  ])('reads the shoe size in "%s"', (text, shoeSize) => {
    expect(found(text).shoeSize).toEqual(shoeSize);
  });

  it('keeps a shoe size without a region apart when it could be US or UK', () => {
    expect(found('I wear a size 10')).toEqual({ unregionedShoeSize: 10 });
  });

  it('rejects implausible values and keeps the plausible ones', () => {
    expect(parseMeasurements("I'm 300 cm and 75 kg")).toEqual({
      measurements: { weight: { value: 75, shown: '75 kg' } },
      rejected: [{ kind: 'height', shown: '300 cm', accepted: '120-230 cm' }],
    });
    expect(parseMeasurements('500 kg').rejected).toEqual([
      { kind: 'weight', shown: '500 kg', accepted: '30-250 kg' },
    ]);
    expect(parseMeasurements('foot 50 cm').rejected[0]?.kind).toBe('foot');
    expect(parseMeasurements('waist 10').rejected[0]?.kind).toBe('waist');
    expect(parseMeasurements('EU 60').rejected).toEqual([
      { kind: 'shoeSize', shown: 'EU 60', accepted: 'EU 30-52' },
    ]);
    expect(parseMeasurements('3 ft').rejected[0]?.kind).toBe('height');
  });

  it('takes the later of two values in one message', () => {
    expect(found('80 kg, I mean 78 kg').weight?.value).toBe(78);
  });

  describe('a lone number', () => {
    it('is the height when the bot asked for it and it fits 120-230', () => {
      expect(parseMeasurements('180', ['height', 'weight']).measurements).toEqual({
        height: { value: 180, shown: '180 cm' },
      });
    });

    it('is the weight when it cannot be a height', () => {
      expect(found('75').weight).toBeUndefined();
      expect(parseMeasurements('75', ['height', 'weight']).measurements.weight?.value).toBe(75);
    });

    it('is the waist in inches when the bot asked for a waist', () => {
      expect(parseMeasurements('32', ['waist', 'weight']).measurements.waist?.shown).toBe('32 in');
    });

    it('is an EU size or a foot length when the bot asked about shoes', () => {
      expect(parseMeasurements('43', ['shoe']).measurements.shoeSize?.shown).toBe('EU 43');
      expect(parseMeasurements('27', ['shoe']).measurements.foot?.value).toBe(27);
    });

    it('means nothing without a question before it, or as an age', () => {
      expect(found('180')).toEqual({});
      expect(parseMeasurements("I'm 30 years old", ['weight']).measurements).toEqual({});
    });
  });
});
