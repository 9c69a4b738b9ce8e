import { createAnthropicProvider } from './anthropic/index.ts';
import { createOpenAICompatibleProvider } from './openai-compatible/index.ts';
import type { Provider, ProviderInterface, ProviderSettings } from './types.ts';

/** What the gateway knows about a provider prefix without any configuration. */
export interface KnownProvider {
  interface: ProviderInterface;
  baseUrl: string;
  /** Environment variable conventionally holding its key (read by the config loader, not here). */
  apiKeyEnv?: string;
}

/**
 * Well-known upstreams by config prefix (`groq/llama-3.3-70b` → `groq`). Any other OpenAI-style
 * server is one config entry with `baseUrl`; no code.
 */
export const knownProviders: Readonly<Record<string, KnownProvider>> = Object.freeze({
  openai: { interface: 'openai', baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY' },
  anthropic: {
    interface: 'anthropic',
    baseUrl: 'https://api.anthropic.com/v1',
    apiKeyEnv: 'ANTHROPIC_API_KEY',
  },
  groq: { interface: 'openai', baseUrl: 'https://api.groq.com/openai/v1', apiKeyEnv: 'GROQ_API_KEY' },
  mistral: { interface: 'openai', baseUrl: 'https://api.mistral.ai/v1', apiKeyEnv: 'MISTRAL_API_KEY' },
  deepseek: { interface: 'openai', baseUrl: 'https://api.deepseek.com/v1', apiKeyEnv: 'DEEPSEEK_API_KEY' },
  together: { interface: 'openai', baseUrl: 'https://api.together.xyz/v1', apiKeyEnv: 'TOGETHER_API_KEY' },
  fireworks: {
    interface: 'openai',
    baseUrl: 'https://api.fireworks.ai/inference/v1',
    apiKeyEnv: 'FIREWORKS_API_KEY',
  },
  openrouter: {
    interface: 'openai',
    baseUrl: 'https://openrouter.ai/api/v1',
    apiKeyEnv: 'OPENROUTER_API_KEY',
  },
  xai: { interface: 'openai', baseUrl: 'https://api.x.ai/v1', apiKeyEnv: 'XAI_API_KEY' },
  gemini: {
    interface: 'openai',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    apiKeyEnv: 'GEMINI_API_KEY',
  },
  ollama: { interface: 'openai', baseUrl: 'http://127.0.0.1:11434/v1' },
  vllm: { interface: 'openai', baseUrl: 'http://127.0.0.1:8000/v1' },
  lmstudio: { interface: 'openai', baseUrl: 'http://127.0.0.1:1234/v1' },
});

/** The default base URL for a provider prefix, or `undefined` when the prefix is not a known one. */
export function defaultBaseUrl(provider: string): string | undefined {
  return Object.hasOwn(knownProviders, provider) ? knownProviders[provider]?.baseUrl : undefined;
}

/** Builds the adapter `settings.interface` asks for. */
export function createProvider(settings: ProviderSettings): Provider {
  return settings.interface === 'anthropic'
    ? createAnthropicProvider(settings)
    : createOpenAICompatibleProvider(settings);
}
