import { getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import { ATTACHMENT_SERVER_EVENTS } from '../attachments/attachments.events';
import {
  CONVERSATION_CLIENT_EVENTS,
  CONVERSATION_SERVER_EVENTS,
} from '../conversations/conversations.events';
import { INBOX_SERVER_EVENTS } from '../inbox/inbox.events';
import { MESSAGE_CLIENT_EVENTS, MESSAGE_SERVER_EVENTS } from '../messages/messages.events';
import { PIN_SERVER_EVENTS } from '../messages/pins/pins.events';
import { REACTION_SERVER_EVENTS } from '../messages/reactions/reactions.events';
import { THREAD_SERVER_EVENTS } from '../messages/threads/threads.events';
import { SCHEDULING_SERVER_EVENTS } from '../scheduling/scheduling.events';
import { PRESENCE_SERVER_EVENTS } from '../presence/presence.events';
import { USER_SERVER_EVENTS } from '../users/users.events';
import type {
  ClientEvent,
  ClientEventModels,
  PayloadClass,
  ServerEvent,
  ServerEventModels,
} from './contract/event-maps';
import { SocketErrorDto, SocketEventNamesDto } from './contract/socket-contract.dto';
import { TYPING_CLIENT_EVENTS, TYPING_SERVER_EVENTS } from './typing.events';

/*
 * The Socket.IO contract as the OpenAPI document publishes it. `satisfies` makes the compiler
 * check these lists against the typed maps: an event some module declared but nobody listed
 * here, or listed with another class, is a type error.
 */

const SERVER_EVENTS = {
  ...MESSAGE_SERVER_EVENTS,
  ...REACTION_SERVER_EVENTS,
  ...PIN_SERVER_EVENTS,
  ...THREAD_SERVER_EVENTS,
  ...SCHEDULING_SERVER_EVENTS,
  ...CONVERSATION_SERVER_EVENTS,
  ...PRESENCE_SERVER_EVENTS,
  ...USER_SERVER_EVENTS,
  ...ATTACHMENT_SERVER_EVENTS,
  ...TYPING_SERVER_EVENTS,
  ...INBOX_SERVER_EVENTS,
} satisfies { [E in ServerEvent]-?: NonNullable<ServerEventModels[E]> };

const CLIENT_EVENTS = {
  ...MESSAGE_CLIENT_EVENTS,
  ...CONVERSATION_CLIENT_EVENTS,
  ...TYPING_CLIENT_EVENTS,
} satisfies { [E in ClientEvent]-?: NonNullable<ClientEventModels[E]> };

type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

const ref = (model: PayloadClass<object>): SchemaObject => ({ $ref: getSchemaPath(model) });

const CLIENT_MODELS: PayloadClass<object>[] = Object.values(CLIENT_EVENTS).flatMap(
  ({ payload, result }: { payload: PayloadClass<object>; result: PayloadClass<object> | null }) =>
    result ? [payload, result] : [payload],
);

/** Every payload class, for `extraModels`: the SDK generates their types. */
export const SOCKET_MODELS: PayloadClass<object>[] = [
  ...new Set([
    ...Object.values<{ payload: PayloadClass<object> }>(SERVER_EVENTS).map(
      ({ payload }) => payload,
    ),
    ...CLIENT_MODELS,
    SocketErrorDto,
    SocketEventNamesDto,
  ]),
];

/**
 * `ServerEvents` (event name -> payload) and `ClientEvents` (event name -> `{payload, result}`,
 * `result` being the acknowledgement's `data`) as schemas, so the SDK generator emits the
 * client's event maps as types and they cannot drift from the server's.
 */
export function socketEventSchemas(): Record<'ServerEvents' | 'ClientEvents', SchemaObject> {
  const server = Object.entries(SERVER_EVENTS);
  const client = Object.entries(CLIENT_EVENTS);
  return {
    ServerEvents: {
      type: 'object',
      description: 'Socket.IO events the server emits: event name -> payload',
      properties: Object.fromEntries(
        server.map(([event, { payload, description }]) => [
          event,
          // A $ref takes no siblings in OpenAPI 3.0: allOf carries the description with it.
          { allOf: [ref(payload)], description },
        ]),
      ),
      required: server.map(([event]) => event),
    },
    ClientEvents: {
      type: 'object',
      description:
        'Socket.IO events a client emits: event name -> payload, and the `data` of a successful acknowledgement',
      properties: Object.fromEntries(
        client.map(([event, { payload, result, description }]) => [
          event,
          {
            type: 'object',
            description,
            properties: {
              payload: ref(payload),
              result: result ? ref(result) : { nullable: true, enum: [null] },
            },
            required: ['payload', 'result'],
          },
        ]),
      ),
      required: client.map(([event]) => event),
    },
  };
}
