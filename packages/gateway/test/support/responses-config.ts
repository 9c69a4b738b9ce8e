/**
 * `RESEARCH_CONFIG`'s two routes for `/v1/responses` tests: `native` leaves `openai/gpt-4o` on its
 * default (`responses_api: native`, sim-models' own /v1/responses), `translate` sends it through chat
 * completions. `anthropic/claude-sonnet-4` is always translated (to Anthropic messages).
 */
export function responsesConfig(mode: 'native' | 'translate') {
  return {
    model_providers: [
      {
        model: 'openai/gpt-4o',
        default: true,
        ...(mode === 'translate' ? { responses_api: 'translate' } : {}),
      },
      { model: 'anthropic/claude-sonnet-4' },
    ],
    routing_preferences: [
      {
        name: 'code_generation',
        description: 'generating new code, implementing functions, classes, SQL schemas and ORM models',
        models: ['anthropic/claude-sonnet-4'],
      },
      {
        name: 'complex_reasoning',
        description: 'deep analysis, comparing options, evaluating trade-offs and recommending a choice',
        models: ['openai/gpt-4o'],
      },
    ],
  };
}
