import { io, type Socket } from 'socket.io-client';
import { renderMarkdown } from './markdown';
import { Outbox, type Pending } from './outbox';
import { STYLES } from './styles';

interface User {
  id: string;
  displayName: string;
  isBot: boolean;
}

interface Message {
  id: string;
  conversationId: string;
  seq: number;
  sender: User;
  body: string | null;
  clientMessageId: string;
  kind: 'text' | 'system' | 'bot';
  status: 'complete' | 'streaming' | 'failed';
  system?: { action: string };
}

/** Where a hand-off to a person stands, as the visitor sees it. */
type Handoff = { status: 'none' | 'waiting' | 'closed' } | { status: 'claimed'; agent: string };

interface Session {
  guestToken: string;
  conversationId: string;
  user: User;
  widget: { name: string; greeting: string | null; handoff: boolean; bot: User };
}

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** Worth sending again later; any other refusal is final for that message. */
const RETRYABLE = new Set(['RATE_LIMITED', 'UNAVAILABLE', 'INTERNAL', 'TIMEOUT']);
const RETRY_MS = 3_000;

const ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';

const TEMPLATE = `
<section class="panel" role="dialog" aria-labelledby="title" hidden>
  <header><h2 id="title"></h2><button type="button" class="min" aria-label="Minimise chat">&#8211;</button></header>
  <div class="status" role="status" hidden></div>
  <div class="support" role="status" hidden></div>
  <div class="log" role="log" aria-live="polite" tabindex="0" aria-label="Conversation"></div>
  <button type="button" class="person" hidden>Talk to a person</button>
  <form>
    <label class="sr" for="q">Your message</label>
    <textarea id="q" rows="1" maxlength="4000" placeholder="Ask about sizes…" autocomplete="off"></textarea>
    <button type="submit" class="send">Send</button>
  </form>
</section>
<button type="button" class="launcher" aria-expanded="false">${ICON}<span class="badge" aria-hidden="true" hidden></span></button>`;

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/**
 * The shop's chat widget: a launcher and a panel in an open shadow root. The visitor's session
 * (a guest token) is kept in localStorage so the conversation survives reloads; messages go
 * through an outbox, sent once the socket is connected, with their original clientMessageId.
 */
class ChatWidget {
  private readonly root: ShadowRoot;
  private readonly host: HTMLElement;
  private readonly el: {
    panel: HTMLElement;
    title: HTMLElement;
    status: HTMLElement;
    support: HTMLElement;
    person: HTMLButtonElement;
    log: HTMLElement;
    form: HTMLFormElement;
    input: HTMLTextAreaElement;
    launcher: HTMLButtonElement;
    badge: HTMLElement;
  };
  private readonly outbox: Outbox;
  private readonly tokenKey: string;
  private readonly messages = new Map<string, Message>();
  private readonly nodes = new Map<string, HTMLElement>();
  private session: Session | null = null;
  private starting: Promise<Session> | null = null;
  private socket: Socket | null = null;
  private lastSeq = 0;
  private unread = 0;
  private handoff: Handoff = { status: 'none' };
  /** The seq of the hand-off line `handoff` comes from: an older one never overrides it. */
  private handoffSeq = 0;
  private flushing = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly base: string,
    private readonly widgetId: string,
    private readonly context: Record<string, string> | null,
  ) {
    this.tokenKey = `chat-widget:${widgetId}:token`;
    this.outbox = new Outbox(`chat-widget:${widgetId}:outbox`);
    this.host = document.createElement('chat-widget');
    this.root = this.host.attachShadow({ mode: 'open' });
    this.root.innerHTML = `<style>${STYLES}</style>${TEMPLATE}`;
    const q = <T extends Element>(selector: string) => this.root.querySelector<T>(selector)!;
    this.el = {
      panel: q('.panel'),
      title: q('#title'),
      status: q('.status'),
      support: q('.support'),
      person: q('.person'),
      log: q('.log'),
      form: q('form'),
      input: q('textarea'),
      launcher: q('.launcher'),
      badge: q('.badge'),
    };
    this.el.title.textContent = 'Chat';
    this.updateLauncher();
    this.bind();
    document.body.appendChild(this.host);
    for (const pending of this.outbox.all()) this.showPending(pending);
    // A returning visitor reconnects at once (unread badge); a new one only when they open it.
    if (localStorage.getItem(this.tokenKey) || this.outbox.all().length > 0) void this.start();
  }

  private bind(): void {
    this.el.launcher.addEventListener('click', () => this.setOpen(this.el.panel.hidden));
    this.root.querySelector('.min')!.addEventListener('click', () => this.setOpen(false));
    this.el.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.setOpen(false);
    });
    this.el.person.addEventListener('click', () => void this.askForPerson());
    this.el.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
    this.el.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send();
      }
    });
  }

  private setOpen(open: boolean): void {
    this.el.panel.hidden = !open;
    this.host.classList.toggle('open', open);
    if (open) {
      this.unread = 0;
      void this.start();
      this.el.input.focus();
      this.scrollDown();
    } else {
      this.el.launcher.focus();
    }
    this.updateLauncher();
  }

  private updateLauncher(): void {
    const open = !this.el.panel.hidden;
    this.el.launcher.setAttribute('aria-expanded', String(open));
    const unread = this.unread > 0 ? `, ${this.unread} unread` : '';
    this.el.launcher.setAttribute('aria-label', `${open ? 'Close' : 'Open'} chat${unread}`);
    this.el.badge.hidden = this.unread === 0;
    this.el.badge.textContent = String(this.unread);
  }

  private setStatus(text: string | null): void {
    this.el.status.hidden = text === null;
    this.el.status.textContent = text ?? '';
  }

  /** The session: renewed from a kept token, else a new visitor (retried while offline). */
  private start(): Promise<Session> {
    this.starting ??= this.openSession().catch((error: unknown) => {
      this.starting = null;
      this.setStatus('Offline: your messages will be sent when the connection returns.');
      setTimeout(() => void this.start(), RETRY_MS);
      throw error;
    });
    return this.starting;
  }

  private async openSession(): Promise<Session> {
    const kept = localStorage.getItem(this.tokenKey);
    let session: Session;
    try {
      session = await this.post(kept ? { guestToken: kept } : this.newVisitor());
    } catch (error) {
      // The visitor expired (or the widget changed): start over as a new one.
      if (!(kept && error instanceof HttpError && error.status === 401)) throw error;
      localStorage.removeItem(this.tokenKey);
      session = await this.post(this.newVisitor());
    }
    localStorage.setItem(this.tokenKey, session.guestToken);
    this.session = session;
    this.el.title.textContent = session.widget.name;
    if (session.widget.greeting && !this.root.querySelector('.greeting')) {
      const greeting = this.bubble('msg greeting', session.widget.bot.displayName);
      greeting.insertAdjacentHTML('beforeend', renderMarkdown(session.widget.greeting));
      this.el.log.prepend(greeting);
    }
    this.showHandoff();
    this.connect(session);
    return session;
  }

  /** Asks for a person; the answer (and later the agent's lines) move the banner. */
  private async askForPerson(): Promise<void> {
    const session = await this.start().catch(() => null);
    if (!session) return;
    this.el.person.disabled = true;
    const res = await fetch(`${this.base}/api/v1/conversations/${session.conversationId}/handoff`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.guestToken}` },
    }).catch(() => null);
    this.el.person.disabled = false;
    if (!res?.ok) {
      this.setStatus('Could not reach a person just now: please try again.');
      return;
    }
    const state = (await res.json()) as { status: Handoff['status']; agent: User | null };
    if (this.handoff.status === 'none' || this.handoff.status === 'closed') {
      this.handoff =
        state.status === 'claimed' && state.agent
          ? { status: 'claimed', agent: state.agent.displayName }
          : { status: state.status === 'claimed' ? 'waiting' : state.status };
    }
    this.showHandoff();
  }

  /** A hand-off line (requested, claimed, closed) in the conversation moves the state on. */
  private followHandoff(m: Message): void {
    const action = m.system?.action;
    if (!action?.startsWith('handoff_') || m.seq <= this.handoffSeq) return;
    this.handoffSeq = m.seq;
    this.handoff =
      action === 'handoff_claimed'
        ? { status: 'claimed', agent: m.sender.displayName }
        : { status: action === 'handoff_closed' ? 'closed' : 'waiting' };
    this.showHandoff();
  }

  private showHandoff(): void {
    const h = this.handoff;
    const bot = this.session?.widget.bot.displayName ?? 'the bot';
    const text =
      h.status === 'waiting'
        ? 'Waiting for a person…'
        : h.status === 'claimed'
          ? `You are chatting with ${h.agent}`
          : h.status === 'closed'
            ? `Back with ${bot}`
            : null;
    this.el.support.hidden = text === null;
    this.el.support.textContent = text ?? '';
    this.el.person.hidden =
      !this.session?.widget.handoff || h.status === 'waiting' || h.status === 'claimed';
  }

  private newVisitor(): object {
    return this.context ? { context: this.context } : {};
  }

  private async post(body: object): Promise<Session> {
    const res = await fetch(`${this.base}/api/v1/widget/${this.widgetId}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new HttpError(res.status);
    return (await res.json()) as Session;
  }

  private connect(session: Session): void {
    if (this.socket) {
      this.socket.auth = { token: session.guestToken };
      this.socket.connect();
      return;
    }
    const socket = io(this.base, {
      auth: { token: session.guestToken },
      transports: ['websocket'],
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.setStatus(null);
      void this.catchUp().then(() => this.flush());
    });
    socket.on('disconnect', (reason) => {
      this.setStatus('Reconnecting…');
      // The server ends a socket whose token expired: renew it, then reconnect.
      if (reason === 'io server disconnect') this.renew();
    });
    socket.on('connect_error', (error) => {
      this.setStatus('Offline: your messages will be sent when the connection returns.');
      if (error.message === 'unauthorized') this.renew();
    });
    socket.on('message:new', (m: Message) => this.upsert(m));
    socket.on('message:updated', (m: Message) => this.upsert(m));
    socket.on(
      'message:delta',
      (d: { conversationId: string; messageId: string; delta: string }) => {
        const m = this.messages.get(d.messageId);
        if (!m || m.status !== 'streaming') return;
        this.upsert({ ...m, body: (m.body ?? '') + d.delta });
      },
    );
  }

  private renew(): void {
    this.socket?.disconnect();
    this.starting = null;
    void this.start();
  }

  /** Everything after the last message seen (the newest page the first time). */
  private async catchUp(): Promise<void> {
    const session = this.session;
    if (!session) return;
    for (;;) {
      const query = this.lastSeq > 0 ? `?afterSeq=${this.lastSeq}&limit=100` : '?limit=50';
      const res = await fetch(
        `${this.base}/api/v1/conversations/${session.conversationId}/messages${query}`,
        { headers: { authorization: `Bearer ${session.guestToken}` } },
      ).catch(() => null);
      if (!res?.ok) return;
      const page = (await res.json()) as { items: Message[]; hasMore: boolean };
      for (const m of page.items) this.upsert(m, false);
      if (!page.hasMore || this.lastSeq === 0 || page.items.length === 0) return;
    }
  }

  private send(): void {
    const body = this.el.input.value.trim();
    if (!body) return;
    this.el.input.value = '';
    this.showPending(this.outbox.add(body));
    this.scrollDown();
    void this.start().then(
      () => this.flush(),
      () => undefined,
    );
  }

  /** Sends the outbox in order, one at a time, while connected; stops at a retryable failure. */
  private async flush(): Promise<void> {
    const session = this.session;
    const socket = this.socket;
    if (this.flushing || !session || !socket?.connected) return;
    this.flushing = true;
    clearTimeout(this.retryTimer);
    try {
      for (const pending of this.outbox.all()) {
        const ack = await this.emitSend(socket, session, pending);
        if (!ack.ok && RETRYABLE.has(ack.error.code)) {
          this.retryTimer = setTimeout(() => void this.flush(), RETRY_MS);
          return;
        }
        this.outbox.remove(pending.clientMessageId);
        if (ack.ok) {
          this.upsert(ack.data);
        } else {
          this.nodes.get(pending.clientMessageId)?.classList.add('failed');
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private emitSend(socket: Socket, session: Session, pending: Pending): Promise<Ack<Message>> {
    return socket
      .timeout(10_000)
      .emitWithAck('message:send', {
        conversationId: session.conversationId,
        clientMessageId: pending.clientMessageId,
        body: pending.body,
      })
      .then(
        (ack: Ack<Message>) => ack,
        (): Ack<Message> => ({ ok: false, error: { code: 'TIMEOUT', message: 'no answer' } }),
      );
  }

  private showPending(pending: Pending): void {
    const node = this.bubble('msg mine pending', null);
    node.insertAdjacentHTML('beforeend', renderMarkdown(pending.body));
    this.nodes.set(pending.clientMessageId, node);
    this.el.log.appendChild(node);
  }

  /** Adds or updates a message; its node is found by id, or by clientMessageId while pending. */
  private upsert(m: Message, live = true): void {
    if (this.session && m.conversationId !== this.session.conversationId) return;
    const known = this.messages.has(m.id);
    this.messages.set(m.id, m);
    this.followHandoff(m);
    this.lastSeq = Math.max(this.lastSeq, m.seq);
    const mine = m.sender.id === this.session?.user.id;
    const pendingNode = mine ? this.nodes.get(m.clientMessageId) : undefined;
    let node = this.nodes.get(m.id) ?? pendingNode;
    if (pendingNode) this.nodes.delete(m.clientMessageId);
    const kind = m.kind === 'system' ? 'system' : mine ? 'mine' : 'other';
    const fresh = !node;
    node = this.bubble(
      `msg ${kind}${m.status === 'failed' ? ' failed' : ''}`,
      kind === 'other' ? m.sender.displayName : null,
      node,
    );
    node.insertAdjacentHTML('beforeend', renderMarkdown(m.body ?? ''));
    // Screen readers announce a streamed answer once, when it is complete.
    node.setAttribute('aria-busy', String(m.status === 'streaming'));
    this.nodes.set(m.id, node);
    if (fresh) this.insertInOrder(node, m.seq);
    if (live && !known && !mine && this.el.panel.hidden) {
      this.unread += 1;
      this.updateLauncher();
    }
    this.scrollDown();
  }

  private insertInOrder(node: HTMLElement, seq: number): void {
    node.dataset.seq = String(seq);
    const after = Array.from(this.el.log.querySelectorAll<HTMLElement>('[data-seq]')).find(
      (other) => Number(other.dataset.seq) > seq,
    );
    this.el.log.insertBefore(node, after ?? this.firstPending());
  }

  /** Unacknowledged messages stay below every stored one. */
  private firstPending(): HTMLElement | null {
    return this.el.log.querySelector('.pending');
  }

  private bubble(className: string, author: string | null, reuse?: HTMLElement): HTMLElement {
    const node = reuse ?? document.createElement('div');
    node.className = className;
    node.textContent = '';
    if (author) {
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = author;
      node.appendChild(who);
    }
    return node;
  }

  private scrollDown(): void {
    this.el.log.scrollTop = this.el.log.scrollHeight;
  }
}

function parseContext(raw: string | undefined): Record<string, string> | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const entries = Object.entries(value).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    );
    return Object.fromEntries(entries);
  } catch {
    return null;
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const widgetId = script?.dataset.widget;
if (script && widgetId) {
  const boot = () =>
    new ChatWidget(new URL(script.src).origin, widgetId, parseContext(script.dataset.context));
  if (document.body) boot();
  else document.addEventListener('DOMContentLoaded', boot, { once: true });
}
