/** The intent a step is written in; the demo config routes each to a different model. */
export type StepIntent = 'code_generation' | 'complex_reasoning';

/** One step of the research loop. */
export interface ResearchStep {
  /** 1-based position in the loop. */
  step: number;
  /** Short name shown in traces. */
  task: string;
  /** What the prompt asks for, so the router has something to disagree about. */
  intent: StepIntent;
  /** The user message sent for this step, on top of the history of earlier steps. */
  prompt: string;
}

/** The research question when the caller gives none. */
export const DEFAULT_QUESTION = 'Should our e-commerce platform use PostgreSQL or MongoDB?';

/**
 * The five steps. Intents alternate (code, reasoning, code, reasoning, code) so an unpinned
 * router hops between models while a pinned session stays on one.
 */
export const RESEARCH_STEPS: readonly ResearchStep[] = [
  {
    step: 1,
    task: 'requirements',
    intent: 'code_generation',
    prompt:
      'List the requirements of our online e-commerce platform database as a technical spec we can implement: ' +
      'entities, transactions, indexes and query patterns.',
  },
  {
    step: 2,
    task: 'compare',
    intent: 'complex_reasoning',
    prompt:
      'Compare PostgreSQL and MongoDB for our online e-commerce platform against these requirements: analyse ' +
      'consistency, query flexibility and operational trade-offs.',
  },
  {
    step: 3,
    task: 'schema',
    intent: 'code_generation',
    prompt:
      'Write the schema of our online e-commerce platform as SQL CREATE TABLE statements: products, customers, ' +
      'orders, order_items and inventory, with keys and indexes.',
  },
  {
    step: 4,
    task: 'scalability',
    intent: 'complex_reasoning',
    prompt:
      'For our online e-commerce platform, assess the scalability trade-offs of this design: evaluate read ' +
      'replicas, partitioning and the cost of joins at ten times the traffic.',
  },
  {
    step: 5,
    task: 'report',
    intent: 'code_generation',
    prompt:
      'Write the final recommendation report for our online e-commerce platform; refer back to the earlier ' +
      'steps and include the key SQL.',
  },
];
