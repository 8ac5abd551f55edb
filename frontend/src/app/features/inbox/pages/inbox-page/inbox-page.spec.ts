import { InboxItemDto } from '../../../../core/api/model';
import { contextText, waitText } from './inbox-page';

describe('inbox rows', () => {
  const at = Date.parse('2026-03-12T10:00:00Z');

  it('says how long a visitor has waited', () => {
    expect(waitText('2026-03-12T09:59:30Z', at)).toBe('just now');
    expect(waitText('2026-03-12T09:56:00Z', at)).toBe('4 min');
    expect(waitText('2026-03-12T08:00:00Z', at)).toBe('2 h');
    expect(waitText('2026-03-12T07:55:00Z', at)).toBe('2 h 5 min');
  });

  it('names the product page the visitor came from, or nothing without one', () => {
    const item = (context: InboxItemDto['context']) => ({ context }) as InboxItemDto;
    expect(contextText(item({ product: 'Slim jeans', category: 'bottoms' }))).toBe(
      'Slim jeans (bottoms)',
    );
    expect(contextText(item({ category: 'tops' }))).toBe('tops');
    expect(contextText(item(null))).toBeNull();
  });
});
