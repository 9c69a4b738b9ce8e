import { anthropicFrames, anthropicMessage } from './routes/anthropic-body.ts';
import { openaiCompletion } from './routes/openai-body.ts';
import { openaiFrames } from './routes/openai-stream.ts';
import { finalResponse, type ResponsesReply, responsesUsage } from './routes/responses-body.ts';
import { responsesFrames } from './routes/responses-stream.ts';

// The fixed one-token answer (`x-sim-fixed: tiny` or model `sim-tiny`) for pure-overhead
// benchmarks: bytes built once per model and shape, then served from a map.

/** The text of the tiny answer. */
export const TINY_TEXT = 'ok';
/** Usage of the tiny answer: fixed, whatever the prompt. */
export const TINY_USAGE = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
const encoder = new TextEncoder();

export type TinyShape =
  | 'openai'
  | 'openai-stream'
  | 'openai-stream-usage'
  | 'anthropic'
  | 'anthropic-stream'
  | 'responses'
  | 'responses-stream';

/** The tiny Responses answer: a fixed id (`resp_sim_tiny`), never stored. */
export function tinyResponsesReply(model: string, created: number): ResponsesReply {
  return {
    id: 'resp_sim_tiny',
    model,
    createdAt: created,
    text: TINY_TEXT,
    calls: [],
    incomplete: false,
    usage: responsesUsage(1, 1),
    echo: {
      instructions: null,
      max_output_tokens: null,
      metadata: {},
      parallel_tool_calls: true,
      previous_response_id: null,
      store: false,
      temperature: 1,
      top_p: 1,
      tool_choice: 'auto',
      tools: [],
    },
  };
}

/** A per-server cache of precomputed tiny bodies. */
export class TinyCache {
  private readonly bodies = new Map<string, Uint8Array<ArrayBuffer>>();
  constructor(private readonly created: number) {}

  /** The bytes for a model and shape, built on first use (bounded: the cache resets at 1,000 entries). */
  get(shape: TinyShape, model: string): Uint8Array<ArrayBuffer> {
    const key = `${shape}\u0000${model}`;
    let body = this.bodies.get(key);
    if (body === undefined) {
      if (this.bodies.size >= 1_000) this.bodies.clear();
      body = encoder.encode(this.build(shape, model));
      this.bodies.set(key, body);
    }
    return body;
  }

  private build(shape: TinyShape, model: string): string {
    const base = { model, created: this.created, text: TINY_TEXT, calls: [], usage: TINY_USAGE };
    switch (shape) {
      case 'openai':
        return JSON.stringify(openaiCompletion({ ...base, id: 'chatcmpl-sim-tiny', finishReason: 'stop' }));
      case 'openai-stream':
      case 'openai-stream-usage':
        return openaiFrames({
          ...base,
          id: 'chatcmpl-sim-tiny',
          finishReason: 'stop',
          includeUsage: shape === 'openai-stream-usage',
        }).join('');
      case 'anthropic':
        return JSON.stringify(
          anthropicMessage({ ...base, id: 'msg_sim_tiny', stopReason: 'end_turn', inputTokens: 1 }),
        );
      case 'responses':
        return JSON.stringify(finalResponse(tinyResponsesReply(model, this.created)));
      case 'responses-stream':
        return responsesFrames(tinyResponsesReply(model, this.created)).join('');
      case 'anthropic-stream':
        return anthropicFrames({ ...base, id: 'msg_sim_tiny', stopReason: 'end_turn', inputTokens: 1 }).join(
          '',
        );
    }
  }
}
