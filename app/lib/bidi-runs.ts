/**
 * Numbers inside caption text, cut out so the page can isolate each one (`<bdi>`): a figure such as
 * `-5`, `3.5%`, `14/11/2015`, `2-4` or `10 000` (no-break space) keeps its own left-to-right order in a right-to-left line
 * and never takes a neighbouring sign or bracket with it (Unicode Bidirectional Algorithm, UAX #9,
 * rules W4–W7 attach separators and signs to numbers by context). Western and Arabic-Indic digits,
 * with the Arabic decimal and thousands separators and percent sign. A number that is part of a
 * word (`COVID-19`, `5G`, `2015م`) is left to the algorithm, which keeps it with its word.
 */
const DIGIT = '[0-9\\u0660-\\u0669\\u06F0-\\u06F9]';
/** One capturing group, so `split` keeps each number at an odd index. */
const NUMBER = new RegExp(`((?<![\\p{L}\\p{N}][\\-\\u2013./]?)[+\\-\\u2212]?${DIGIT}+(?:[.,:/\\-\\u2013\\u066B\\u066C\\u00A0\\u202F]${DIGIT}+)*[%\\u066A]?(?![\\p{L}\\p{N}]))`, 'u');

/** The text cut at its numbers: text at even indices (maybe empty), a number at each odd index. */
export function numberRuns(text: string): string[] {
  return text.split(NUMBER);
}
