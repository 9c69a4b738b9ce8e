import { type EarlierStep, earlierSteps, latestUserText } from './conversation.ts';
import { toolEvidence } from './evidence.ts';
import { topicBody } from './templates.ts';
import { joinList, keywords, stems } from './text.ts';
import { databasesIn, detectTopic } from './topics.ts';
import type { BrainMessage } from './types.ts';

/** How a later turn names an earlier step: "the schema", "the PostgreSQL vs MongoDB comparison". */
export function stepPhrase(step: EarlierStep): string {
  if (/\bCREATE TABLE\b/i.test(step.answer)) return 'the schema';
  switch (detectTopic(step.request)) {
    case 'requirements':
      return 'the requirements list';
    case 'comparison': {
      const [a = 'PostgreSQL', b = 'MongoDB'] = databasesIn(step.answer);
      return `the ${a} vs ${b} comparison`;
    }
    case 'schema':
      return 'the schema';
    case 'scalability':
      return 'the scalability trade-offs';
    case 'report':
      return 'the recommendation';
    case 'general': {
      const words = keywords(step.answer.replace(/^\[[^\]]*\]\s*/, ''), 2);
      return words.length ? `the point about ${joinList(words)}` : 'the earlier answer';
    }
  }
}

/** The earlier step most related to the new request (stem overlap), latest on a tie. */
export function pickReference(steps: readonly EarlierStep[], text: string): EarlierStep | undefined {
  const wanted = stems(text);
  let best: EarlierStep | undefined;
  let bestScore = -1;
  for (const step of steps) {
    let score = 0;
    for (const s of stems(step.request)) if (wanted.has(s)) score++;
    if (score >= bestScore) {
      best = step;
      bestScore = score;
    }
  }
  return best;
}

/** The database named most often in the conversation; PostgreSQL on a tie or when none is named. */
export function favouredDatabase(context: string): string {
  const counts = new Map<string, number>();
  for (const word of context.toLowerCase().match(/[a-z]+/g) ?? []) {
    const [db] = databasesIn(word);
    if (db) counts.set(db, (counts.get(db) ?? 0) + 1);
  }
  let winner = 'PostgreSQL';
  let most = counts.get(winner) ?? 0;
  for (const [db, n] of counts) {
    if (n > most) {
      winner = db;
      most = n;
    }
  }
  return winner;
}

/**
 * The simulated model's text answer to the latest user turn: a topic template filled from its
 * words, prefixed with the model name, citing tool results when there are some, and referring
 * back to an earlier step when the conversation has them. Pure and deterministic.
 *
 * @example composeAnswer('gpt-4o', [{ role: 'user', text: 'Compare PostgreSQL vs MongoDB' }])
 * // "[gpt-4o] For the workload, PostgreSQL is a relational database …"
 */
export function composeAnswer(model: string, messages: readonly BrainMessage[]): string {
  const text = latestUserText(messages);
  const context = messages.map((m) => m.text).join('\n');
  const topic = detectTopic(text);
  const steps = earlierSteps(messages);
  const task = messages.find((m) => m.role === 'user' && m.text.trim() !== '')?.text ?? text;
  let body = topicBody(topic, text, context, favouredDatabase(context), task);
  if (topic === 'report' && steps.length > 0) {
    const recap = steps.map((s) => `${stepPhrase(s)} (step ${s.step})`);
    body += ` This pulls together ${joinList(recap)}.`;
  } else if (topic !== 'general' || !/^Hello!/.test(body)) {
    const ref = pickReference(steps, text);
    if (ref)
      body = `Building on ${stepPhrase(ref)} from step ${ref.step}, ${body[0]!.toLowerCase()}${body.slice(1)}`;
  }
  const evidence = toolEvidence(messages);
  return `[${model}] ${evidence ? `${evidence} ` : ''}${body}`;
}
