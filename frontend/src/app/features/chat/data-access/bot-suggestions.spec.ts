import { BotDto } from '../../../core/api/model';
import { bot } from './chat.testing';
import { botPrompts, botSuggestions } from './bot-suggestions';

const sizebot: BotDto = { ...bot, description: 'Sizes', available: true, unavailableReason: null };
const assistant: BotDto = {
  ...bot,
  available: true,
  unavailableReason: null,
  id: 'a0000000-0000-4000-8000-000000000002',
  username: 'assistant',
  displayName: 'Assistant',
  description: 'Answers',
};

describe('botSuggestions', () => {
  it('suggests the known bots the server offers, SizeBot first', () => {
    expect(botSuggestions([assistant, sizebot]).map((s) => [s.bot.username, s.title])).toEqual([
      ['sizebot', 'Ask SizeBot for your size'],
      ['assistant', 'Ask the Assistant anything'],
    ]);
  });

  it('hides the bots the server does not offer, and bots it knows nothing about', () => {
    expect(botSuggestions([assistant]).map((s) => s.bot.username)).toEqual(['assistant']);
    expect(botSuggestions([{ ...sizebot, username: 'weatherbot' }])).toEqual([]);
    expect(botSuggestions([])).toEqual([]);
  });

  it('has questions to start with for known bots only', () => {
    expect(botPrompts('sizebot')).toContain("I'm 180 cm and 75 kg, which T-shirt size?");
    expect(botPrompts('weatherbot')).toEqual([]);
  });
});
