import { anthropicPrefix, openAIPrefix } from '../cache/prefix.ts';
import { anthropicMessagesRequestSchema } from '../protocol/anthropic.ts';
import { chatCompletionRequestSchema } from '../protocol/openai.ts';
import { intentFromAnthropic } from '../routing/anthropic-intent.ts';
import { intentFromOpenAI } from '../routing/openai-intent.ts';
import type { DecisionSource } from './decide-request.ts';

/** `/v1/chat/completions` and `/routing/v1/chat/completions`. */
export const openAIChatSource: DecisionSource<typeof chatCompletionRequestSchema> = {
  schema: chatCompletionRequestSchema,
  intent: (body) => intentFromOpenAI(body.messages),
  adoptPromptCacheKey: true,
  prefix: openAIPrefix,
};

/** `/v1/messages` and `/routing/v1/messages`. */
export const anthropicMessagesSource: DecisionSource<typeof anthropicMessagesRequestSchema> = {
  schema: anthropicMessagesRequestSchema,
  intent: (body) => intentFromAnthropic(body.messages),
  prefix: anthropicPrefix,
};
