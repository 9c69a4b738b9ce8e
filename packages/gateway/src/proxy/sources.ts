import { z } from 'zod';
import { anthropicPrefix, openAIPrefix } from '../cache/prefix.ts';
import { anthropicMessagesRequestSchema } from '../protocol/anthropic.ts';
import { chatCompletionRequestSchema } from '../protocol/openai.ts';
import { intentFromAnthropic } from '../routing/anthropic-intent.ts';
import { intentFromOpenAI } from '../routing/openai-intent.ts';
import type { DecisionSource } from './decide-request.ts';

// What the gateway reads itself. `messages` only has to be a non-empty array here: its entries are
// checked by the full schema whenever the router or a translation reads them.
const messages = z.array(z.unknown()).min(1, 'messages must contain at least one message');

const chatHead = chatCompletionRequestSchema
  .pick({ model: true, stream: true, stream_options: true, prompt_cache_key: true })
  .extend({ messages });

const messagesHead = anthropicMessagesRequestSchema
  .pick({ model: true, max_tokens: true, stream: true })
  .extend({ messages });

/** `/v1/chat/completions`. */
export const openAIChatSource: DecisionSource<typeof chatCompletionRequestSchema> = {
  schema: chatCompletionRequestSchema,
  head: chatHead,
  intent: (body) => intentFromOpenAI(body.messages),
  adoptPromptCacheKey: true,
  prefix: openAIPrefix,
};

/** `/v1/messages`. */
export const anthropicMessagesSource: DecisionSource<typeof anthropicMessagesRequestSchema> = {
  schema: anthropicMessagesRequestSchema,
  head: messagesHead,
  intent: (body) => intentFromAnthropic(body.messages),
  prefix: anthropicPrefix,
};

/**
 * The routing-only endpoints validate every body in full: nothing goes upstream that could
 * reject a bad one, so a pin must not turn an invalid request into a decision.
 */
export const openAIRoutingSource: DecisionSource<typeof chatCompletionRequestSchema> = {
  ...openAIChatSource,
  head: undefined,
};

/** `/routing/v1/messages`, validated in full like `/routing/v1/chat/completions`. */
export const anthropicRoutingSource: DecisionSource<typeof anthropicMessagesRequestSchema> = {
  ...anthropicMessagesSource,
  head: undefined,
};
