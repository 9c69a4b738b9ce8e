export { composeAnswer, favouredDatabase, pickReference, stepPhrase } from './brain/answer.ts';
export { fillArguments } from './brain/arguments.ts';
export { type EarlierStep, earlierSteps, latestUserText, toolRoundsDone } from './brain/conversation.ts';
export { DEFAULT_EMBEDDING_DIMENSIONS, embeddingToBase64, embedText } from './brain/embed.ts';
export { describeResult, toolEvidence } from './brain/evidence.ts';
export {
  chooseRoute,
  parseRouterPrompt,
  type RouterPrompt,
  type RouterRoute,
  type RouterTurn,
  routerReply,
} from './brain/router.ts';
export { estimateTokens } from './brain/text.ts';
export { think } from './brain/think.ts';
export { DEFAULT_MAX_TOOL_ROUNDS, planSentence, planToolTurn, toolCallId } from './brain/tools.ts';
export { detectTopic, type Topic } from './brain/topics.ts';
export type {
  BrainMessage,
  BrainReply,
  BrainRequest,
  BrainTool,
  BrainToolCall,
  BrainToolChoice,
} from './brain/types.ts';
export { SIM_HEADER } from './http.ts';
export { type FaultMode, KNOB_HEADERS, parseFault } from './knobs.ts';
export { type SimModelsOptions, simModelsOptionsSchema } from './options.ts';
export {
  ANTHROPIC_LOOKBACK_BLOCKS,
  ANTHROPIC_MAX_BREAKPOINTS,
  ANTHROPIC_MIN_CACHEABLE_TOKENS,
  type AnthropicCacheUsage,
  OPENAI_CACHE_INCREMENT,
  OPENAI_MIN_CACHED_TOKENS,
  type OpenAICacheUsage,
  PromptCache,
} from './prompt-cache/prompt-cache.ts';
export { LISTED_MODELS } from './routes/models.ts';
export { type SimModelsHandle, startSimModels } from './server.ts';
export { TINY_TEXT } from './tiny.ts';
