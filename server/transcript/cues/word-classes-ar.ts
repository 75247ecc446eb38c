/**
 * Arabic (Modern Standard) function words the line breaker needs (docs/captions.md, "Line
 * breaks"; Netflix Arabic Timed Text Style Guide and General Requirements). Only the words that
 * stand alone: the prefixed conjunctions and prepositions (و، ف، ب، ل، ك) are part of their word
 * and never separated from it. Without diacritics, as the press writes.
 */
const set = (words: string): ReadonlySet<string> => new Set(words.trim().split(/\s+/u));

export const AR_PREPOSITIONS = set(`
  في من إلى الى على عن مع حول بين ضد عبر نحو لدى منذ حتى خلال دون بعد قبل عند تحت فوق أمام خلف
  لدى إزاء بشأن حيال وفق وفقا طوال
`);

export const AR_CONJUNCTIONS = set(`
  أو ثم لكن لكنّ بل أم أن أنّ إن إنّ لأن لأنّ كي لكي حيث إذا إذ لو كما بينما الذي التي الذين اللذين
  اللتين اللواتي اللاتي ما مما عندما حين كلما
`);

export const AR_PRONOUNS = set(`أنا نحن أنت أنتم أنتن هو هي هم هن هما`);

/** Negations and the particles that stay with the verb after them. */
export const AR_NEGATIONS = set(`لا لم لن ليس ليست ليسوا قد سوف`);

export const AR_DETERMINERS = set(`هذا هذه هذان هاتان هؤلاء ذلك تلك أولئك كل جميع بعض أي عدة معظم كافة`);

/** Titles that stay with the name after them (الوزير لافروف، السيد دي ميستورا). */
export const AR_TITLES = set(`السيد السيدة الوزير وزير الرئيس رئيس المبعوث مبعوث الأمين السفير الدكتور الشيخ`);

export const AR_NAME_PARTICLES = set(`دي دو فان فون بن ابن أبو آل`);

export const AR_NUMBER_WORDS = set(`
  واحد اثنان اثنين ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة عشرين ثلاثين أربعين خمسين مائة مئة
  ألف آلاف مليون ملايين مليار مليارات
`);

/** Words that bind to what follows and never end a line (فقط binds back and may). */
export const AR_FORWARD = set(`إلا سوى حتى`);
