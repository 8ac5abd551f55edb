import { TestBed } from '@angular/core/testing';

import { ReadState } from '../../data-access/conversation-view';
import { ReadTick, readTickLabel } from './read-tick';

describe('ReadTick', () => {
  async function render(readState: ReadState): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(ReadTick);
    fixture.componentRef.setInput('readState', readState);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it.each([
    ['pending', 'schedule', 'Sending…'],
    ['sent', 'check', 'Sent'],
    ['delivered', 'done_all', 'Delivered'],
    ['read', 'check_circle', 'Read'],
    ['failed', 'error', 'Not sent'],
  ] as const)('shows %s as %s, labelled %s', async (state, icon, label) => {
    const element = await render({ state, readBy: state === 'read' ? 1 : 0, of: 1 });
    expect(element.getAttribute('data-state')).toBe(state);
    expect(element.querySelector('mat-icon')?.getAttribute('data-mat-icon-name')).toBe(icon);
    expect(element.getAttribute('aria-label')).toBe(label);
  });

  it('counts readers in groups', () => {
    expect(readTickLabel({ state: 'sent', readBy: 2, of: 3 })).toBe('Sent · read by 2 of 3');
    expect(readTickLabel({ state: 'delivered', readBy: 1, of: 3 })).toBe(
      'Delivered · read by 1 of 3',
    );
    expect(readTickLabel({ state: 'read', readBy: 3, of: 3 })).toBe('Read by everyone');
  });
});
