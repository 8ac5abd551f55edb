import { applyDecorators, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiParam, ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsInt,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';
import { trim } from '../transforms';

/**
 * Characters that show nothing on their own: JavaScript's trim set (which has U+FEFF), variation
 * selectors, zero-width spaces and joiners, direction marks and controls, the soft hyphen, and
 * the blank-looking fillers (Hangul fillers, the blank Braille pattern). Inside visible text
 * they do their work (a joiner in an emoji sequence, a mark in mixed scripts).
 */
const INVISIBLE =
  '\\s\\uFEFF\\uFE00-\\uFE0F\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F' +
  '\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F\\u2800\\u3164\\uFFA0';

/**
 * At least one character that shows: with it, a text the schema allows is one the server keeps
 * (after trimming) and a reader can see.
 */
export const NOT_BLANK = `[^${INVISIBLE}]`;

/** NOT_BLANK, plus the invisible characters outside the BMP (tags, musical formatting). */
const VISIBLE = new RegExp(
  // The class lists combining characters on purpose: each is matched alone, never as a sequence.
  // eslint-disable-next-line no-misleading-character-class
  `[^${INVISIBLE}\\u{E0000}-\\u{E0FFF}\\u{1D173}-\\u{1D17A}\\u{1BCA0}-\\u{1BCA3}]`,
  'u',
);

/**
 * Text made only of invisible characters is refused like empty text: with the same message, so
 * a client sees one rule. Empty text is left to the length check (one message, not two).
 */
export function HasVisibleText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'hasVisibleText',
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' || value === '' || VISIBLE.test(value),
        defaultMessage: () => '$property must have a visible character',
      },
    },
    options,
  );
}

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
 * a pattern that refuses text with nothing visible in it, refused with the same 400 as empty
 * text (when `min` is above 0).
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
    ...(min > 0 ? [HasVisibleText(message)] : []),
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
