/** fast-check arbitraries for YAML: strings, numbers and documents a YAML reader could get wrong. */
import * as fc from 'fast-check';

/** Pieces that mean something to a YAML reader, glued together in any order. */
const TRICKY = [
  ' ', '  ', '\n', '\n\n', '\t', '\r', '\r\n', '\0', '\u0001', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff',
  '#', ' #', ': ', ':', '- ', '-', '---', '...', '"', "'", '\\', '|', '>', '&a', '*a', '!', '!!str', '%', '@', '`', '{', '}',
  '[', ']', ',', '?', '=', '<<', '~', 'on', 'off', 'yes', 'no', 'y', 'n', 'true', 'False', 'null', 'NULL', '.inf', '.nan',
  '0x1F', '0o17', '017', '1e3', '1_000', '12:30', '2024-01-01', '8080', '-1', '+1', '3.14', 'a', 'Z', 'é', '日本',
  '\ud83d\ude00', 'x'.repeat(300),
];

export const trickyString = fc.array(fc.constantFrom(...TRICKY), { maxLength: 12 }).map((parts) => parts.join(''));
/** Any string without a lone surrogate (which UTF-8 cannot carry), tricky ones weighted in. */
export const anyString = fc.oneof(
  { weight: 3, arbitrary: trickyString },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1000, maxLength: 3000 }) },
);
const anyNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e21, -1e21, 1e300, 5e-324, 1e-7, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE, 123456789012345680000),
);
const leaf = fc.oneof(anyString, anyNumber, fc.boolean(), fc.constant(null));

export const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('map'), tie('list')),
  map: fc.dictionary(anyString, tie('value'), { maxKeys: 5, noNullPrototype: true }),
  list: fc.array(tie('value'), { maxLength: 5 }),
}));
/** A document: a map at the top, as every manifest is. */
export const document = fc.dictionary(anyString, value, { maxKeys: 6, noNullPrototype: true });

