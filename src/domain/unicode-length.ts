/**
 * Length of a string in Unicode code points: what Apple's limits count ("125 characters"),
 * as opposed to UTF-16 units (`string.length`) or UTF-8 bytes.
 *
 * A surrogate pair is one code point; a lone surrogate (possible in JSON via `\ud800`)
 * also counts as one, so the count never depends on whether the text is well-formed.
 */
export function codePointLength(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    if (isPairAt(text, index)) index += 1;
    count += 1;
  }
  return count;
}

function isPairAt(text: string, index: number): boolean {
  const high = text.charCodeAt(index);
  const low = text.charCodeAt(index + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}
