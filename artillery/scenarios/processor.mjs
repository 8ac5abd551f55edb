// Artillery processor for the chat scenarios: unique identities, auth token capture and
// client message ids. Used by rest-smoke.yml and socket-send.yml.
import { randomBytes, randomUUID } from 'node:crypto';

let counter = 0;
const runId = randomBytes(3).toString('hex');

/** Usernames are 3-32 of [a-z0-9_.] and unique: run id + process id + counter. */
function username(prefix) {
  counter += 1;
  return `${prefix}_${runId}${process.pid.toString(36)}_${counter}`.slice(0, 32);
}

/** Function step: a fresh person (and a peer to talk to) for this virtual user. */
export function newIdentity(context, events, done) {
  context.vars.username = username('art');
  context.vars.peerUsername = username('artpeer');
  context.vars.password = `pw-${randomBytes(9).toString('base64url')}`;
  return done();
}

/** afterResponse hook: keeps the session of an auth response (register/login). */
export function captureSession(requestParams, response, context, events, next) {
  const body = typeof response.body === 'string' ? safeJson(response.body) : response.body;
  if (body?.accessToken) {
    context.vars.token = body.accessToken;
    context.vars.refreshToken = body.refreshToken;
    context.vars.userId = body.user?.id;
  } else {
    events.emit('counter', 'chat.auth_failed', 1);
  }
  return next();
}

/** afterResponse hook: the peer's user id, from its registration. */
export function capturePeer(requestParams, response, context, events, next) {
  const body = typeof response.body === 'string' ? safeJson(response.body) : response.body;
  if (body?.user?.id) context.vars.peerId = body.user.id;
  else events.emit('counter', 'chat.peer_failed', 1);
  return next();
}

/** beforeRequest hook: every send gets its own idempotency key. */
export function withClientMessageId(requestParams, context, events, next) {
  if (requestParams.json) requestParams.json.clientMessageId = randomUUID();
  return next();
}

/** Function step (socket flows): the next idempotency key in `clientMessageId`. */
export function nextClientMessageId(context, events, done) {
  context.vars.clientMessageId = randomUUID();
  return done();
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
