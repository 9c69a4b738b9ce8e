export { anthropicErrorEvent, openAIErrorEvent } from '../wire/error-events.ts';
export { ANTHROPIC_VERSION, createAnthropicProvider } from './anthropic/index.ts';
export { createOpenAICompatibleProvider } from './openai-compatible/index.ts';
export { createProvider, defaultBaseUrl, type KnownProvider, knownProviders } from './registry.ts';
export type { Provider, ProviderCallContext, ProviderInterface, ProviderSettings } from './types.ts';
