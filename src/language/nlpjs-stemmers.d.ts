// Type declarations for the two nlp.js stemmer files we import directly (the packages ship no types).
declare module '@nlpjs/lang-uk/src/stemmer-uk.js' {
  /** Snowball-derived Ukrainian stemmer. */
  export default class StemmerUk {
    stem(word: string): string;
  }
}
declare module '@nlpjs/lang-ru/src/stemmer-ru.js' {
  /** Snowball Russian stemmer. */
  export default class StemmerRu {
    stem(word: string): string;
  }
}
