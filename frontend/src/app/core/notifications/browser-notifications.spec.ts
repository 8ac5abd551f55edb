import { TestBed } from '@angular/core/testing';

import { BrowserNotifications, NOTIFICATION_API } from './browser-notifications';
import {
  fakeNotificationApi,
  FakeNotificationApi,
  provideFakeNotifications,
} from './notifications.testing';

describe('BrowserNotifications', () => {
  let fake: FakeNotificationApi;

  beforeEach(() => localStorage.clear());

  function create(permission: NotificationPermission): BrowserNotifications {
    fake = fakeNotificationApi(permission);
    TestBed.configureTestingModule({ providers: [provideFakeNotifications(fake)] });
    return TestBed.inject(BrowserNotifications);
  }

  it('never asks on its own: only when the user turns them on', async () => {
    const notifications = create('default');
    expect(notifications.state()).toBe('ask');
    expect(notifications.show('Bob', { body: 'hi' })).toBeNull();
    expect(fake.asked).toBe(0);

    await notifications.turnOn();
    expect(fake.asked).toBe(1);
    expect(notifications.state()).toBe('on');
    expect(notifications.show('Bob', { body: 'hi', tag: 'c-1' })).not.toBeNull();
    expect(fake.shown.map((n) => [n.title, n.options.tag])).toEqual([['Bob', 'c-1']]);
  });

  it('says so when the user or the browser refuses', async () => {
    const notifications = create('default');
    fake.answer = 'denied';
    await notifications.turnOn();
    expect(notifications.state()).toBe('blocked');
    expect(notifications.show('Bob', {})).toBeNull();
  });

  it('turns off on this device, remembered, and on again without asking', async () => {
    const notifications = create('granted');
    expect(notifications.state()).toBe('on');
    notifications.turnOff();
    expect(notifications.state()).toBe('off');
    expect(notifications.show('Bob', {})).toBeNull();

    TestBed.resetTestingModule();
    const later = create('granted');
    expect(later.state()).toBe('off');
    await later.turnOn();
    expect(later.state()).toBe('on');
    expect(fake.asked).toBe(0);
  });

  it('follows a permission changed in the browser’s settings', () => {
    const notifications = create('granted');
    fake.permission = 'denied';
    notifications.refresh();
    expect(notifications.state()).toBe('blocked');
  });

  it('knows a browser without notifications', () => {
    TestBed.configureTestingModule({ providers: [{ provide: NOTIFICATION_API, useValue: null }] });
    expect(TestBed.inject(BrowserNotifications).state()).toBe('unsupported');
  });
});
