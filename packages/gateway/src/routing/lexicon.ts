import { tokenize } from './text.ts';

// Near-synonym concept groups. A word or phrase in a group adds the group's concept term
// (`#code`, `#reason`, …) to the text's vector, so "write a function" and "implement SQLAlchemy
// models" meet "code generation" even with no word in common. Kept small and general on purpose:
// route descriptions and `examples:` carry the domain words.
const GROUPS: Readonly<Record<string, string>> = {
  code:
    'code coding coder implement implementation write writing written function functions method class classes ' +
    'schema schemas sql table create table model models orm sqlalchemy script scripts query queries generate ' +
    'program programming refactor debug bug fix compile snippet api endpoint typescript javascript python rust ' +
    'golang java cpp csharp regex library module syntax unit test tests migration migrations build develop ' +
    'developer repository repo commit pull request stack trace exception error handling algorithm data structure ' +
    'html css frontend backend database column columns index indexes',
  reason:
    'analyse analyze analysis analytical compare comparison contrast trade off trade offs tradeoff tradeoffs assess ' +
    'assessment evaluate evaluation reason reasoning pros cons pros and cons why recommend recommendation decide ' +
    'decision weigh critique review investigate versus vs better worse best choose choice strategy strategic ' +
    'implication implications consider considerations think through deliberate justify argument risk risks ' +
    'benefit benefits drawback drawbacks advantage advantages disadvantage disadvantages insight insights',
  summarize:
    'summarize summarise summary summaries tldr tl dr condense shorten recap overview digest gist key points ' +
    'bullet points abstract synopsis brief',
  explain:
    'explain explanation describe description teach tutorial understand clarify meaning define definition ' +
    'how does what is introduction beginner',
  translate:
    'translate translation translator french spanish german italian portuguese chinese japanese korean ' +
    'language languages localize localization',
  creative:
    'story stories poem poetry creative fiction brainstorm ideas slogan tagline marketing copy copywriting ' +
    'lyrics novel character plot narrative blog post essay',
  math:
    'math maths mathematics calculate calculation compute equation equations solve integral derivative proof ' +
    'prove probability statistics statistical arithmetic algebra geometry calculus formula',
  research:
    'research search find look up lookup source sources paper papers article articles web latest news ' +
    'literature citation citations survey gather collect facts',
  data:
    'dataset datasets csv chart charts plot plots visualize visualise visualization graph spreadsheet excel ' +
    'metrics dashboard pandas dataframe',
  chat: 'hello hi hey thanks thank chat greeting smalltalk small talk joke',
};

/** stem → concepts it stands for. */
export type Lexicon = ReadonlyMap<string, readonly string[]>;

/** Builds the lexicon once; entries go through the same tokenizer as queries. */
export function buildLexicon(groups: Readonly<Record<string, string>> = GROUPS): Lexicon {
  const words = new Map<string, string[]>();
  for (const [concept, text] of Object.entries(groups)) {
    for (const s of tokenize(text)) {
      const list = words.get(s) ?? [];
      if (!list.includes(`#${concept}`)) list.push(`#${concept}`);
      words.set(s, list);
    }
  }
  return words;
}

export const defaultLexicon: Lexicon = buildLexicon();
