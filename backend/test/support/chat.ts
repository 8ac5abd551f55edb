import request from 'supertest';
import type { Session } from './users';

/** Thin REST helpers for tests, authenticated as `session`. */
export function asUser(baseUrl: string, session: Session) {
  const auth = (r: request.Test) => r.set('authorization', `Bearer ${session.accessToken}`);
  return {
    get: (path: string) => auth(request(baseUrl).get(path)),
    post: (path: string, body?: object) => auth(request(baseUrl).post(path)).send(body ?? {}),
    patch: (path: string, body: object) => auth(request(baseUrl).patch(path)).send(body),
    put: (path: string) => auth(request(baseUrl).put(path)),
    delete: (path: string) => auth(request(baseUrl).delete(path)),
    async direct(other: Session): Promise<string> {
      const res = await auth(request(baseUrl).post('/api/v1/conversations'))
        .send({ type: 'direct', userId: other.user.id })
        .expect((r) => [200, 201].includes(r.status));
      return res.body.id as string;
    },
    /**
     * Leaves `#general`, which every person joins on registering: someone who then shares no
     * conversation with others is a stranger to them.
     */
    async leaveGeneral(): Promise<void> {
      const list = await auth(request(baseUrl).get('/api/v1/conversations?limit=100')).expect(200);
      const general = (list.body.items as { id: string; type: string; title: string }[]).find(
        (c) => c.type === 'channel' && c.title === 'general',
      );
      if (!general) return;
      await auth(
        request(baseUrl).delete(`/api/v1/conversations/${general.id}/members/${session.user.id}`),
      ).expect(204);
    },
    async send(
      conversationId: string,
      body: string,
      clientMessageId = `c-${Math.random().toString(36).slice(2)}`,
    ) {
      const res = await auth(
        request(baseUrl).post(`/api/v1/conversations/${conversationId}/messages`),
      )
        .send({ clientMessageId, body })
        .expect((r) => [200, 201].includes(r.status));
      return res.body as { id: string; seq: number; body: string };
    },
  };
}
