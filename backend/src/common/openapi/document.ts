import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SOCKET_MODELS, socketEventSchemas } from '../../modules/realtime/realtime.openapi';
import { ErrorResponseDto } from './error-response.dto';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Chat API')
    .setDescription(
      'REST API of the self-hostable team chat. Real-time events travel over Socket.IO at /socket.io. ' +
        'No string may contain a NUL character or an unpaired surrogate (400), and JSON bodies ' +
        'nest at most 32 levels deep (400) and weigh at most HTTP_BODY_LIMIT (413).',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
    // Socket.IO payloads are part of the contract too: the SDK generates their types.
    extraModels: [...SOCKET_MODELS, ErrorResponseDto],
  });
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...socketEventSchemas() },
  };
  describeRequestBodies(document);
  return document;
}

type Schema = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/**
 * What holds for every JSON body, whichever route takes it: the global ValidationPipe refuses
 * unknown fields (400), so each body schema gets `additionalProperties: false`; and the body
 * parser refuses one larger than HTTP_BODY_LIMIT with 413 before any route runs.
 */
function describeRequestBodies(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  const closed = new Set<Schema>();
  // Nested objects too (a body's `context`, say): the pipe validates them just as strictly.
  const close = (schema: Schema | undefined): void => {
    if (!schema || closed.has(schema)) return;
    closed.add(schema);
    if ('$ref' in schema) return close(schemas[schema.$ref.replace('#/components/schemas/', '')]);
    for (const part of [...(schema.oneOf ?? []), ...(schema.allOf ?? []), ...(schema.anyOf ?? [])])
      close(part);
    if (schema.items) close(schema.items);
    if (schema.type === 'object' || schema.properties) {
      // A map (`additionalProperties: {type}`) stays one.
      schema.additionalProperties ??= false;
      Object.values(schema.properties ?? {}).forEach(close);
    }
  };
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.delete, item.patch]) {
      const body = operation?.requestBody;
      if (!operation || !body || !('content' in body)) continue;
      close(body.content['application/json']?.schema);
      operation.responses['413'] = {
        description: 'The body is larger than HTTP_BODY_LIMIT',
        content: {
          'application/json': { schema: { $ref: getSchemaPath(ErrorResponseDto) } },
        },
      };
    }
  }
}

/** Returns a copy with object keys sorted at every level, so the committed document is stable. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => sortKeys(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    ) as T;
  }
  return value;
}
