import { applyDecorators, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiParam, ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';
import { trim } from '../transforms';

/**
 * At least one character that survives trimming: JavaScript's trim set (which has U+FEFF) plus
 * the variation selectors that class-validator's length check does not count. With it, a text
 * the schema allows is one the server keeps after trimming.
 */
export const NOT_BLANK = '[^\\s\\uFEFF\\uFE0E\\uFE0F]';

type Doc = Pick<ApiPropertyOptions, 'description' | 'example'>;

/**
 * The schema half of a property decorator, required or optional. Optional means it may be left
 * out, not that it may be null: a null is validated (and refused) like any other value.
 */
function property(optional: boolean | undefined, schema: ApiPropertyOptions): PropertyDecorator {
  return optional
    ? applyDecorators(
        ApiProperty({ ...schema, required: false } as ApiPropertyOptions),
        ValidateIf((_object: object, value: unknown) => value !== undefined),
      )
    : ApiProperty(schema);
}

/** A route parameter that must be a UUID (400 otherwise), documented as `format: uuid`. */
export function UuidParam(name: string, description?: string): ParameterDecorator {
  return (target, key, index) => {
    Param(name, new ParseUUIDPipe())(target, key, index);
    const method = key ?? 'constructor';
    const descriptor = Object.getOwnPropertyDescriptor(target, method)!;
    ApiParam({ name, type: String, format: 'uuid', description })(target, method, descriptor);
  };
}

/** A DTO property holding a UUID (or, with `each`, an array of them: `minItems..maxItems`). */
export function ValidateUuid(
  options: Doc & { optional?: boolean; each?: boolean; minItems?: number; maxItems?: number } = {},
): PropertyDecorator {
  const { optional, each, minItems, maxItems, ...doc } = options;
  const schema: ApiPropertyOptions = each
    ? { ...doc, type: [String], format: 'uuid', minItems, maxItems }
    : { ...doc, type: String, format: 'uuid' };
  return applyDecorators(property(optional, schema), IsUUID('all', { each }));
}

/**
 * A string that is trimmed, then must be `min`-`max` characters: documented with the lengths and
 * a pattern that refuses whitespace-only text (which trimming would leave empty).
 */
export function TrimmedText(
  options: Doc & { min: number; max: number; optional?: boolean; field?: string },
): PropertyDecorator {
  const { min, max, optional, field, ...doc } = options;
  const message = field ? { message: `${field} must be ${min}-${max} characters` } : undefined;
  return applyDecorators(
    property(optional, {
      ...doc,
      type: String,
      minLength: min,
      maxLength: max,
      pattern: NOT_BLANK,
    }),
    Transform(trim),
    IsString(),
    Length(min, max, message),
  );
}

/**
 * An integer in `min..max`. `query` converts the query string's text to a number first; a JSON
 * body must carry a number.
 */
export function IntRange(
  options: Doc & {
    min: number;
    max: number;
    optional?: boolean;
    default?: number;
    query?: boolean;
  },
): PropertyDecorator {
  const { min, max, optional, default: byDefault, query, ...doc } = options;
  return applyDecorators(
    property(optional, { ...doc, type: 'integer', minimum: min, maximum: max, default: byDefault }),
    ...(query ? [Type(() => Number)] : []),
    IsInt(),
    Min(min),
    Max(max),
  );
}
