import { Clipboard } from '@angular/cdk/clipboard';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';

import { assistantBot, shopWidget, sizebot } from '../../data-access/admin.testing';
import { WidgetsTab } from './widgets-tab';

describe('WidgetsTab', () => {
  let fixture: ComponentFixture<WidgetsTab>;
  let http: HttpTestingController;
  let element: HTMLElement;
  let copied: string[];

  async function start(widgets = [shopWidget], bots = [assistantBot, sizebot]): Promise<void> {
    copied = [];
    TestBed.configureTestingModule({
      imports: [WidgetsTab],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: Clipboard, useValue: { copy: (text: string) => copied.push(text) > 0 } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(WidgetsTab);
    element = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/v1/widgets').flush(widgets);
    http.expectOne('/api/v1/bots').flush(bots);
    await settle();
  }

  afterEach(() => http.verify());

  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
  }

  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) =>
    element.querySelector<T>(`[data-testid="${id}"]`);
  const allByTestId = (id: string) => [...element.querySelectorAll(`[data-testid="${id}"]`)];
  const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();

  function type(testId: string, value: string): void {
    const input = byTestId<HTMLInputElement>(testId)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function addOrigin(value: string): Promise<void> {
    const input = byTestId<HTMLInputElement>('widget-origin-input')!;
    input.value = value;
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 13 }));
    await settle();
  }

  it('says when there are no widgets yet', async () => {
    await start([]);
    expect(text(byTestId('widgets-empty'))).toContain('No widgets yet');
  });

  it('lists widgets with their bot, origins and hand-off', async () => {
    await start();
    expect(text(byTestId('widget-row'))).toContain('Shop');
    expect(text(byTestId('widget-row'))).toContain('SizeBot · https://shop.example');
    expect(text(byTestId('widget-row'))).toContain('Bot only');
  });

  it('creates a widget: origins become chips only when valid; then shows its snippet to copy', async () => {
    await start([]);
    byTestId<HTMLButtonElement>('new-widget')!.click();
    await settle();
    // SizeBot is preselected even when it is not the first bot.
    expect(byTestId<HTMLSelectElement>('widget-bot')!.value).toBe('sizebot');

    byTestId<HTMLButtonElement>('widget-save')!.click();
    await settle();
    expect(text(element.querySelector('#widget-name-error'))).toBe('Give the widget a name.');
    expect(text(byTestId('widget-origin-error'))).toContain('Add at least one origin');

    type('widget-name', ' Shoes ');
    await addOrigin('shoes.example/products');
    expect(allByTestId('widget-origin')).toHaveLength(0);
    expect(text(byTestId('widget-origin-error'))).toContain('is not an origin');
    await addOrigin('HTTPS://Shoes.example/');
    await addOrigin('https://shoes.example');
    expect(allByTestId('widget-origin').map(text)).toEqual(['https://shoes.example']);
    expect(text(byTestId('widget-origin-error'))).toBe('https://shoes.example is already allowed.');
    byTestId<HTMLElement>('widget-handoff')!.querySelector('button')!.click();
    await settle();

    byTestId<HTMLButtonElement>('widget-save')!.click();
    const post = http.expectOne({ method: 'POST', url: '/api/v1/widgets' });
    expect(post.request.body).toEqual({
      name: 'Shoes',
      botUsername: 'sizebot',
      allowedOrigins: ['https://shoes.example'],
      handoff: true,
    });
    post.flush({ ...shopWidget, name: 'Shoes', handoff: true });
    await settle();

    expect(byTestId('widget-form')).toBeNull();
    expect(text(byTestId('widget-snippet-code'))).toBe(shopWidget.snippet);
    byTestId<HTMLButtonElement>('copy-snippet')!.click();
    byTestId<HTMLButtonElement>('copy-snippet-context')!.click();
    expect(copied[0]).toBe(shopWidget.snippet);
    expect(copied[1]).toContain(`data-context='{"product":"Slim jeans","category":"bottoms"}'`);
  });

  it('says so when the server has no bot to answer visitors, and creates nothing', async () => {
    await start([], []);
    byTestId<HTMLButtonElement>('new-widget')!.click();
    await settle();
    expect(text(byTestId('widget-no-bots'))).toContain('no bots');
    type('widget-name', 'Shop');
    await addOrigin('https://shop.example');
    byTestId<HTMLButtonElement>('widget-save')!.click();
    await settle();
    http.expectNone('/api/v1/widgets');
  });

  it('edits a widget, sending only what changed', async () => {
    await start();
    byTestId<HTMLButtonElement>('edit-widget')!.click();
    await settle();
    expect(byTestId<HTMLInputElement>('widget-name')!.value).toBe('Shop');
    type('widget-greeting', '');
    await settle();
    byTestId<HTMLButtonElement>('widget-save')!.click();
    const patch = http.expectOne({ method: 'PATCH', url: `/api/v1/widgets/${shopWidget.id}` });
    expect(patch.request.body).toEqual({ greeting: null });
    patch.flush({ ...shopWidget, greeting: null });
    await settle();
    expect(byTestId('widget-form')).toBeNull();
  });

  it('deletes a widget only after confirmation', async () => {
    await start();
    byTestId<HTMLButtonElement>('delete-widget')!.click();
    await settle();
    const confirm = document.querySelector<HTMLButtonElement>('[data-testid="confirm-button"]');
    expect(confirm).not.toBeNull();
    confirm!.click();
    await settle();
    http
      .expectOne({ method: 'DELETE', url: `/api/v1/widgets/${shopWidget.id}` })
      .flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(allByTestId('widget-row')).toHaveLength(0);
  });
});
