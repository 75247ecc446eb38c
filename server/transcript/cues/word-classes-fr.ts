/**
 * French function words the line breaker needs (docs/captions.md, "Line breaks"; Netflix French
 * Timed Text Style Guide and General Requirements: never separate an article from its noun, a
 * preposition from its object, a subject pronoun or negation from its verb). Lower case; an
 * elided article or pronoun (`l'`, `d'`, `qu'`) is part of its word and needs no entry.
 */
const set = (words: string): ReadonlySet<string> => new Set(words.trim().split(/\s+/u));

export const FR_ARTICLES = set(`le la les un une des du au aux mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs`);

export const FR_DETERMINERS = set(`
  le la les un une des du au aux ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre
  vos leur leurs quel quelle quels quelles chaque plusieurs certains certaines tout toute tous
  toutes aucun aucune quelques autre autres même mêmes tel telle tels telles
`);

export const FR_PREPOSITIONS = set(`
  à de en dans par pour sur sous avec sans entre vers chez contre depuis pendant avant après selon
  malgré parmi durant envers hors outre via dès jusqu jusque concernant excepté sauf
`);

export const FR_CONJUNCTIONS = set(`
  et ou mais donc or ni car que qui quand si comme lorsque puisque quoique dont où afin soit
  lequel laquelle lesquels lesquelles auquel duquel
`);

/** Subject pronouns and the clitics that go with the verb after them. */
export const FR_PRONOUNS = set(`je tu il elle on nous vous ils elles me te se lui leur y en`);

export const FR_AUXILIARIES = set(`
  ai as a avons avez ont avait avaient aura auront aurait auraient suis es est sommes êtes sont
  était étaient sera seront serait seraient peut peuvent pouvons pouvez doit doivent devons devez
  veut veulent voulons voulez va vont allons allez
`);

/** «ne» stays with its verb; «pas» and «plus» close the negation and may end a line. */
export const FR_NEGATIONS = set(`ne n'`);

/** Titles that stay with the name after them («le secrétaire d'État Kerry», «M. Lavrov»). */
export const FR_TITLES = set(`m. mme mlle monsieur madame président ministre secrétaire envoyé ambassadeur général`);

export const FR_NAME_PARTICLES = set(`de du des la le van von der al ibn ben`);

export const FR_NUMBER_WORDS = set(`
  un une deux trois quatre cinq six sept huit neuf dix onze douze vingt trente quarante cinquante
  soixante cent cents mille million millions milliard milliards
`);

/** Words that bind to what follows and never end a line («seulement», «même», «notamment»). */
export const FR_FORWARD = set(`seulement uniquement notamment même surtout très trop plus moins`);

/** French puts a no-break space before these (`;`, `:`, `!`, `?`, `»`) and after `«`: never a line break there. */
export const FR_NO_BREAK_BEFORE = /^[;:!?»]/u;
