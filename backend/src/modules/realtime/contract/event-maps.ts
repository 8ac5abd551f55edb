import type { SocketErrorCode } from './socket-contract.dto';

/*
 * The payload of every event, by name. The contract owns the names (`SocketEvent`) but no
 * payload: each module that owns an event's payload DTO adds the entry to these interfaces
 * from its own `*.events.ts` file (module augmentation), so the arrows point one way, from the
 * features to this file. An event nobody declared cannot be emitted or handled.
 */

/**
 * Server -> client: event name -> payload. Filled by module augmentation.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the owners of the payloads fill it in
export interface ServerEventMap {}

/**
 * Client -> server: event name -> what the client sends and what the acknowledgement's `data`
 * carries. Filled by module augmentation.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the owners of the payloads fill it in
export interface ClientEventMap {}

export type ServerEvent = keyof ServerEventMap;
export type ClientEvent = keyof ClientEventMap;

/** The shape every `ClientEventMap` entry has. */
export interface ClientEventTypes<Payload, Result> {
  payload: Payload;
  result: Result;
}

/** What the client sends with event `E`. */
export type ClientEventPayload<E extends ClientEvent> =
  ClientEventMap[E] extends ClientEventTypes<infer P, unknown> ? P : never;
/** What a successful acknowledgement of event `E` carries (`data`). */
export type ClientEventResult<E extends ClientEvent> =
  ClientEventMap[E] extends ClientEventTypes<unknown, infer R> ? R : never;

/** Every client event is acknowledged with this (DESIGN.md section 5). */
export type Ack<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: SocketErrorCode; message: string; retryAfterMs?: number } };

/** Socket.IO's typed-events shape of the server's emits (`Server<_, ServerToClientEvents>`). */
export type ServerToClientEvents = {
  [E in ServerEvent]: (payload: ServerEventMap[E]) => void;
};

/** Socket.IO's typed-events shape of the client's emits, each with its acknowledgement. */
export type ClientToServerEvents = {
  [E in ClientEvent]: (
    payload: ClientEventPayload<E>,
    ack: (result: Ack<ClientEventResult<E>>) => void,
  ) => void;
};

/** A DTO class, as the OpenAPI document needs it. */
export type PayloadClass<T> = abstract new (...args: never[]) => T;

/**
 * The payload classes of server events, which the OpenAPI document publishes (`ServerEvents`)
 * for the client, with what each event means. Each owning module lists its own; the document
 * checks that all are listed.
 */
export type ServerEventModels = {
  [E in ServerEvent]?: { payload: PayloadClass<ServerEventMap[E]>; description: string };
};

/** The same for client events; `result` is `null` where the acknowledgement carries no data. */
export type ClientEventModels = {
  [E in ClientEvent]?: {
    payload: PayloadClass<ClientEventPayload<E>>;
    result: ClientEventResult<E> extends null ? null : PayloadClass<ClientEventResult<E>>;
    description: string;
  };
};
