import type { MessageDto } from '../../messages/dto/message.dto';
import type { VisitorContext } from '../../widgets/visitor-contexts';
import type { BotPrompt, BotTurn } from '../brains/bot-brain';

/**
 * What a bot sees: the recent messages up to the one it answers (the conversation's, or for a
 * question in a thread the thread's root and replies), oldest first, within a character budget
 * (the oldest go first; the question itself always stays, cut if it must be). Deleted
 * messages, system notes and unfinished replies are left out.
 */
export function buildPrompt(
  recent: MessageDto[],
  trigger: MessageDto,
  botId: string,
  budgetChars: number,
): BotPrompt {
  const turns: BotTurn[] = recent
    .filter((m) => m.seq <= trigger.seq && m.body && !m.deletedAt && m.kind !== 'system')
    .filter((m) => m.kind !== 'bot' || m.status === 'complete' || m.status === 'stopped')
    .map((m) => ({
      role: m.sender.id === botId ? 'bot' : 'user',
      author: m.sender.displayName,
      text: m.body!,
      fromRequester: m.sender.id === trigger.sender.id,
    }));
  const kept: BotTurn[] = [];
  let used = 0;
  for (let i = turns.length - 1; i >= 0; i -= 1) {
    const turn = turns[i];
    if (used + turn.text.length > budgetChars) {
      if (kept.length === 0) kept.push({ ...turn, text: turn.text.slice(0, budgetChars) });
      break;
    }
    used += turn.text.length;
    kept.push(turn);
  }
  return { turns: kept.reverse() };
}

/**
 * A widget visitor's product page (`data-context`) as the conversation's first turn, said by
 * the visitor: any bot then knows what they are looking at (SizeBot takes the garment from it),
 * and the reply cache keys on it like on any turn.
 */
export function withVisitorContext(prompt: BotPrompt, context: VisitorContext | null): BotPrompt {
  const about = [context?.product, context?.category && `(${context.category})`].filter(Boolean);
  if (about.length === 0) return prompt;
  const requester = prompt.turns.findLast((t) => t.fromRequester);
  const turn: BotTurn = {
    role: 'user',
    author: requester?.author ?? 'Visitor',
    text: `I'm looking at ${about.join(' ')}.`,
    fromRequester: true,
  };
  return { turns: [turn, ...prompt.turns] };
}
