import { describe, expect, it } from 'vitest';
import { directedLine, RLM } from '../../../server/transcript/export/line-direction';

describe('directedLine', () => {
  it.each([
    ['ar', '>> NOVAK: صباح الخير،', `${RLM}>> NOVAK: صباح الخير،`],
    ['ar', '[laughter]', `${RLM}[laughter]`],
    ['ar', '2254.', `${RLM}2254.`],
    ['ar', '>> نوفاك: صباح الخير،', '>> نوفاك: صباح الخير،'],
    ['ar', '«داعش» ليست دولة', '«داعش» ليست دولة'],
    ['he', 'UN מזכ״ל', `${RLM}UN מזכ״ל`],
    ['fa', 'سلام', 'سلام'],
    ['en', '>> ЛАВРОВ: text', '>> ЛАВРОВ: text'],
    ['ru', '2015 год', '2015 год'],
  ])('%s %s', (lang, line, directed) => {
    expect(directedLine(line, lang)).toBe(directed);
  });
});
