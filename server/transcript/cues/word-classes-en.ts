/**
 * English function words the line breaker needs (CAPTION-STYLE.md, "Line breaks"). Lower case,
 * apostrophes as `'`. A word may sit in several sets (`that` is a determiner and a conjunction).
 */
const set = (words: string): ReadonlySet<string> => new Set(words.trim().split(/\s+/u));

export const EN_DETERMINERS = set(`
  a an the this that these those my your his her its our their some any every each no another such
  whose what which either neither both all several many much more most few fewer less least other
`);

export const EN_PREPOSITIONS = set(`
  about above across after against along amid among around at before behind below beneath beside
  besides between beyond by concerning despite during except for from in inside into near of on onto
  outside over per regarding since through throughout till to toward towards under underneath unlike
  until upon via with within without
`);

/** Articles and possessives: never end a line (the other determiners may, before `of`: "some of"). */
export const EN_ARTICLES = set(`a an the my your his her its our their whose every no another`);

/** Two words that make one preposition or quantity and never part: "due to", "a lot of", "more than". */
export const EN_FIXED_PAIRS = set(`
  due_to according_to prior_to owing_to thanks_to instead_of because_of regardless_of ahead_of
  apart_from sort_of kind_of type_of lot_of couple_of more_than less_than fewer_than rather_than
  other_than as_well
`);

export const EN_CONJUNCTIONS = set(`
  and or but nor yet so because although though while whereas if unless whether that than as which
  who whom whose where when whenever wherever once how why what
`);

/** Subject pronouns: never end a line before their verb. */
export const EN_PRONOUNS = set(`i we you he she it they there`);

/** Auxiliaries, modals and their contractions: never end a line before their verb. */
export const EN_AUXILIARIES = set(`
  am is are was were be been being have has had do does did will would shall should can could may
  might must i'm we're you're they're he's she's it's that's there's what's let's i've we've you've
  they've i'll we'll you'll they'll he'll she'll it'll i'd we'd you'd they'd
`);

export const EN_NEGATIONS = set(`
  not never don't doesn't didn't won't wouldn't can't cannot couldn't shouldn't isn't aren't wasn't
  weren't haven't hasn't hadn't mustn't
`);

/** Titles and forms of address that stay with the name after them ("Secretary Kerry"). */
export const EN_TITLES = set(`
  mr mr. mrs mrs. ms ms. dr dr. prof prof. sir madam secretary president minister foreign prime
  general ambassador envoy special senator governor chancellor king queen pope sheikh deputy vice
  secretary-general under-secretary commissioner chairman
`);

/** Particles inside names: `Staffan de Mistura`. */
export const EN_NAME_PARTICLES = set(`de da di van von der la le du del bin al ibn`);

export const EN_NUMBER_WORDS = set(`
  one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty
  seventy eighty ninety hundred thousand million billion trillion dozen
`);

/** Common adjectives the suffix test misses. */
export const EN_ADJECTIVES = set(`
  good bad new old big small great large long short high low last first next same different whole
  own real right wrong little certain clear full major main best worst better worse very
`);

/** Adjective-forming suffixes (political, effective, serious, specific…), and adverbs in -ly. */
export const EN_ADJECTIVE_SUFFIX = /(?:al|ive|ous|ful|less|able|ible|ic|ary|ian|ese|ish|ent|ant|ly|est)$/u;
