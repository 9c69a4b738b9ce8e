export { ANTHROPIC_VERSION, anthropicErrorEvent, createAnthropicProvider } from './anthropic/index.ts';
export { createOpenAICompatibleProvider, openAIErrorEvent } from './openai-compatible/index.ts';
export { createProvider, defaultBaseUrl, type KnownProvider, knownProviders } from './registry.ts';
export type { Provider, ProviderCallContext, ProviderInterface, ProviderSettings } from './types.ts';
