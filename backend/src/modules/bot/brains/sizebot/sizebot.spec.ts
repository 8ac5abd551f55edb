import { type ChatTurn, sizebotReply } from './sizebot';

/** Plays a conversation through the bot, its replies included, and returns its last reply. */
function converse(...userTexts: string[]): string {
  const history: ChatTurn[] = [];
  let reply = '';
  for (const text of userTexts) {
    history.push({ role: 'user', text });
    reply = sizebotReply(history);
    history.push({ role: 'bot', text: reply });
  }
  return reply;
}

const MEDIUM_TEE =
  '**M** — EU 48-50 · US M · UK 38\n' +
  'Reason: chest about 99 cm (estimated from 180 cm and 75 kg) falls in M (96-101 cm).';

describe('sizebotReply', () => {
  describe('tops', () => {
    it('answers "180 cm and 75 kg" with M, its sizes in every region and why', () => {
      expect(converse("I'm 180 cm and 75 kg, which T-shirt size?")).toBe(MEDIUM_TEE);
    });

    it('answers the same for 5\'11" and 165 lb, naming them as said', () => {
      expect(converse("I'm 5'11\" and 165 lb, which T-shirt size?")).toBe(
        '**M** — EU 48-50 · US M · UK 38\n' +
          'Reason: chest about 99 cm (estimated from 5\'11" and 165 lb) falls in M (96-101 cm).',
      );
    });

    it('sizes from a measured chest before an estimate', () => {
      expect(converse("I'm 180 cm and 75 kg, chest 40 in. Hoodie?")).toBe(
        '**L** — EU 52-54 · US L · UK 40-42\nReason: chest 40 in (102 cm) falls in L (102-109 cm).',
      );
    });

    it('points past the table for a chest larger than 3XL', () => {
      expect(converse('chest 140 cm, jacket')).toMatch(/^\*\*3XL\*\*.*\nReason: .*4XL/);
    });
  });

  describe('asking for what is missing', () => {
    it('names what it needs with an example, then answers from both turns', () => {
      const ask = converse('Which T-shirt size should I get?');
      expect(ask).toBe(
        'To pick your T-shirt size I need your chest measurement, or your height and weight. ' +
          'For example: "I\'m 180 cm and 75 kg"',
      );
      expect(converse('Which T-shirt size should I get?', '180 cm and 75 kg')).toBe(MEDIUM_TEE);
    });

    it('asks only for the weight once it has the height, and reads lone numbers as answers', () => {
      expect(converse('t-shirt', '180')).toBe(
        'To pick your T-shirt size I still need your weight (or your chest measurement). ' +
          'For example: "75 kg" or "165 lb"',
      );
      expect(converse('t-shirt', '180', '75')).toBe(MEDIUM_TEE);
    });

    it('combines facts given before the garment was named', () => {
      expect(converse("I'm 180 cm", '75 kg', 'a T-shirt please')).toBe(MEDIUM_TEE);
    });

    it('asks what to size when it has measurements but no garment', () => {
      expect(converse("I'm 180 cm and 75 kg")).toBe(
        'Got it: 180 cm, 75 kg. What should I size: a top (T-shirt, hoodie…), ' +
          'bottoms (jeans, trousers…) or shoes?',
      );
    });

    it('asks for a foot length or a known size for shoes', () => {
      expect(converse('What size sneakers?')).toBe(
        'To pick your sneaker size I need your foot length, or a shoe size you already wear. ' +
          'For example: "my foot is 27 cm" or "I wear US 10"',
      );
    });

    it('asks which region a bare shoe size is from when it cannot be EU', () => {
      expect(converse('shoes', 'size 10')).toBe(
        'Is your shoe size 10 a US or a UK size? For example: "I wear US 10"',
      );
      expect(converse('shoes', 'size 10', 'US 10')).toBe(
        '**EU 43 · US 10 · UK 9**\n' +
          "Reason: US 10 converts to EU 43 · UK 9 on a standard men's/unisex chart.",
      );
    });
  });

  describe('regions', () => {
    it('gives only the region asked for', () => {
      const reply = converse("I'm 180 cm and 75 kg, which T-shirt size in EU sizes?");
      expect(reply).toMatch(/^\*\*EU 48-50\*\* \(M\)\n/);
      expect(reply).not.toMatch(/\bU[SK]\b/);
      expect(converse("I'm 180 cm and 75 kg, T-shirt in US")).toMatch(/^\*\*US M\*\*\n/);
    });

    it('keeps the region for later answers until all sizes are asked for again', () => {
      const turns = ['waist 32, jeans', 'in UK please'];
      expect(converse(...turns)).toBe(
        '**UK 32** (W32 · M)\nReason: waist 32 in (81 cm) fits W32, which is M.',
      );
      expect(converse(...turns, 'now a hoodie, chest 100 cm')).toMatch(/^\*\*UK 38\*\* \(M\)\n/);
      expect(converse(...turns, 'all sizes')).toMatch(/^\*\*W32 · M\*\* — EU 48 · US 32 · UK 32/);
    });

    it('does not take the pronoun "us" for the US', () => {
      expect(converse("Can you help us? I'm 180 cm and 75 kg, T-shirt")).toBe(MEDIUM_TEE);
    });
  });

  describe('shoes', () => {
    it('sizes from the foot length', () => {
      expect(converse('My foot is 27 cm, which sneakers should I order?')).toBe(
        '**EU 43 · US 10 · UK 9**\n' +
          "Reason: a 27 cm foot fits EU 43 (feet up to 27.4 cm) on a standard men's/unisex chart.",
      );
    });

    it('converts a US size to EU and UK', () => {
      expect(converse('I wear US 10 in sneakers, what is that in EU and UK?')).toBe(
        '**EU 43 · UK 9**\n' +
          "Reason: US 10 converts to EU 43 · UK 9 on a standard men's/unisex chart.",
      );
    });

    it('infers shoes from a shoe size and converts to the one region asked', () => {
      expect(converse("I wear US 10, what's that in EU?")).toBe(
        "**EU 43**\nReason: US 10 converts to EU 43 on a standard men's/unisex chart.",
      );
    });

    it('rounds a size between chart sizes up, and says so', () => {
      expect(converse("US women's 8 sneakers")).toBe(
        '**EU 39 · US 7 · UK 6**\n' +
          "Reason: US women's 8 (US 6.5 men's/unisex) sits between chart sizes; " +
          'the nearest, US 7, is EU 39 · UK 6.',
      );
    });

    it('asks which region a size is from even when followed by "in"', () => {
      expect(converse('I wear a 10 in sneakers')).toBe(
        'Is your sneaker size 10 a US or a UK size? For example: "I wear US 10"',
      );
    });

    it('reads a lone EU size as the answer to its question', () => {
      expect(converse('boots', '43')).toMatch(/^\*\*EU 43 · US 10 · UK 9\*\*\n/);
    });
  });

  describe('bottoms', () => {
    it('sizes jeans from a bare waist in inches', () => {
      expect(converse('waist 32, what jeans size?')).toBe(
        '**W32 · M** — EU 48 · US 32 · UK 32\nReason: waist 32 in (81 cm) fits W32, which is M.',
      );
    });

    it('sizes trousers from a waist in cm', () => {
      expect(converse('My waist is 81 cm, which trousers?')).toBe(
        '**W32 · M** — EU 48 · US 32 · UK 32\nReason: waist 81 cm (32 in) fits W32, which is M.',
      );
    });

    it('goes up to the next size when the waist falls between two', () => {
      expect(converse('jeans, 35 inch waist')).toBe(
        '**W36 · L** — EU 52 · US 36 · UK 36\n' +
          'Reason: waist 35 in (89 cm) is between W34 and W36: go up to W36 (L) for comfort.',
      );
    });

    it('estimates the waist from height and weight, and says so', () => {
      expect(converse("I'm 180 cm and 75 kg, what size shorts?")).toBe(
        '**W32 · M** — EU 48 · US 32 · UK 32\n' +
          'Reason: waist about 82 cm / 32 in (estimated from 180 cm and 75 kg) fits W32, which is M.',
      );
    });
  });

  describe('implausible values', () => {
    it('leaves them out with a note and asks again', () => {
      expect(converse("I'm 300 cm and 75 kg, which T-shirt?")).toBe(
        "Hmm, 300 cm doesn't look like a height (I expect 120-230 cm), so I left it out.\n" +
          'To pick your T-shirt size I still need your height (or your chest measurement). ' +
          'For example: "180 cm" or "5\'11""',
      );
    });

    it('keeps the earlier plausible value', () => {
      expect(converse("I'm 180 cm and 75 kg, T-shirt?", 'sorry, 750 kg')).toBe(
        "Hmm, 750 kg doesn't look like a weight (I expect 30-250 kg), so I left it out.\n" +
          MEDIUM_TEE,
      );
    });

    it('notes an impossible shoe size only when sizing shoes', () => {
      expect(converse('EU 60 shoes')).toMatch(/^Hmm, EU 60 doesn't look like a shoe size/);
      expect(converse("I wear UK 38 shirts, I'm 180 cm and 75 kg")).toBe(MEDIUM_TEE);
    });
  });

  describe('memory', () => {
    it('lets the latest value win', () => {
      const turns = ["I'm 180 cm and 75 kg, which T-shirt?", 'oh wait, I am 90 kg now'];
      expect(converse(...turns)).toBe(
        '**L** — EU 52-54 · US L · UK 40-42\n' +
          'Reason: chest about 106 cm (estimated from 180 cm and 90 kg) falls in L (102-109 cm).',
      );
    });

    it('keeps the garment until another is named', () => {
      const turns = ["I'm 180 cm and 75 kg, which T-shirt?", 'what about 85 kg?'];
      expect(converse(...turns)).toMatch(/^\*\*L\*\* — EU 52-54/);
      expect(converse(...turns, 'and jeans?')).toBe(
        '**W36 · L** — EU 52 · US 36 · UK 36\n' +
          'Reason: waist about 89 cm / 35 in (estimated from 180 cm and 85 kg) is between W34 and W36: ' +
          'go up to W36 (L) for comfort.',
      );
    });

    it('ignores what the bot said when collecting facts', () => {
      const history: ChatTurn[] = [
        { role: 'user', text: 'T-shirt please' },
        { role: 'bot', text: "For example: I'm 180 cm and 75 kg" },
        { role: 'user', text: 'ok' },
      ];
      expect(sizebotReply(history)).toMatch(/^To pick your T-shirt size I need/);
    });

    it('sizes several garments named together', () => {
      expect(converse("I'm 6 ft 2 and 95 kg, shirt and jeans?")).toBe(
        'Shirt: **L** — EU 52-54 · US L · UK 40-42\n' +
          'Reason: chest about 109 cm (estimated from 6\'2" and 95 kg) falls in L (102-109 cm).\n' +
          'Jeans: **W38 · XL** — EU 54 · US 38 · UK 38\n' +
          'Reason: waist about 94 cm / 37 in (estimated from 6\'2" and 95 kg) is between W36 and W38: ' +
          'go up to W38 (XL) for comfort.',
      );
    });
  });

  describe('greetings', () => {
    it('says what it does, with an example, when there is nothing to size', () => {
      for (const reply of [sizebotReply([]), converse('hello!')]) {
        expect(reply).toMatch(/^Hi! I'm SizeBot/);
        expect(reply).toContain('For example: "I\'m 180 cm and 75 kg, which T-shirt size?"');
        expect(reply.split('\n')).toHaveLength(2);
      }
    });

    it('answers thanks without repeating the size', () => {
      expect(converse("I'm 180 cm and 75 kg, T-shirt", 'thanks!')).toBe(
        "You're welcome! Ask me about another garment any time.",
      );
    });
  });

  it('is deterministic: the same history gives the same reply, whatever the bot said', () => {
    const users = ['t-shirt', "I'm 5'11\"", '165 lbs', 'in UK'];
    const history = (botText: (i: number) => string): ChatTurn[] =>
      users.flatMap((text, i) => [
        { role: 'user' as const, text },
        { role: 'bot' as const, text: botText(i) },
      ]);
    const withReplies = history(() => 'ok').slice(0, -1);
    const withOtherReplies = history((i) => `something else ${i}`).slice(0, -1);
    const first = sizebotReply(withReplies);
    expect(sizebotReply(withReplies)).toBe(first);
    expect(sizebotReply(withOtherReplies)).toBe(first);
    expect(first).toBe(
      '**UK 38** (M)\n' +
        'Reason: chest about 99 cm (estimated from 5\'11" and 165 lb) falls in M (96-101 cm).',
    );
  });
});

describe('SizeBot on a shop page (the widget says which product)', () => {
  it('asks straight for what the product category needs, and uses its chart', () => {
    expect(converse("I'm looking at Slim jeans (bottoms).", 'Hi, which size should I buy?')).toBe(
      'To pick your jeans size I need your waist measurement, or your height and weight. For example: "I\'m 180 cm and 75 kg" or "waist 32 in"',
    );
    expect(converse("I'm looking at Denim 501 (bottoms).", "I'm 180 cm and 75 kg")).toMatch(
      /^\*\*W32 · M\*\*/,
    );
  });
});
