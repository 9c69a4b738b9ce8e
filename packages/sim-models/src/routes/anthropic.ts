import { shortHash } from '../brain/text.ts';
import { think } from '../brain/think.ts';
import type { RouteContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { cutBody } from '../faults.ts';
import { json, jsonBytes, sse } from '../http.ts';
import { ANTHROPIC_MAX_BREAKPOINTS } from '../prompt-cache/prompt-cache.ts';
import { anthropicSegments, type Segment } from '../prompt-cache/segments.ts';
import { eventFrame, frameBody } from '../sse.ts';
import { TINY_TEXT } from '../tiny.ts';
import { type AnthropicReplyInput, anthropicFrames, anthropicMessage } from './anthropic-body.ts';
import { anthropicToBrain, type MessagesRequest, messagesRequestSchema } from './anthropic-schema.ts';
import { describeIssues, limitTokens, prelude, readJson } from './common.ts';
import { completionTokens, promptTokens } from './usage.ts';

/** Events a cut or failing stream sends first: message_start, a block start, a ping and one delta. */
const CUT_AFTER = 4;

/** The event a failing stream (`x-sim-fail: stream-error`) ends with. */
const STREAM_ERROR_EVENT = {
  type: 'error',
  error: {
    type: 'overloaded_error',
    message: 'Simulated failure in the middle of the stream (x-sim-fail: stream-error).',
  },
};

function brainReply(
  raw: unknown,
  body: MessagesRequest,
  segments: readonly Segment[],
  ctx: RouteContext,
): AnthropicReplyInput {
  const brainReq = anthropicToBrain(body, ctx.options.maxToolRounds);
  const inputTokens = promptTokens(brainReq);
  const reply = think(brainReq);
  const calls = reply.kind === 'tool_calls' ? reply.calls : [];
  const limited =
    reply.kind === 'text' ? limitTokens(reply.text, body.max_tokens) : { text: reply.text, cut: false };
  return {
    id: `msg_sim_${shortHash(JSON.stringify(raw), 20)}`,
    model: body.model,
    text: limited.text,
    calls,
    stopReason: calls.length ? 'tool_use' : limited.cut ? 'max_tokens' : 'end_turn',
    inputTokens,
    usage: { completion_tokens: completionTokens(limited.text, calls) },
    cache: ctx.promptCache.anthropic(body.model, segments, inputTokens),
  };
}

/** `POST /v1/messages`: an Anthropic message, or its SSE event stream, with tool use. */
export async function messages(req: Request, ctx: RouteContext): Promise<Response> {
  const raw = await readJson(req);
  if (raw === undefined)
    return badRequest('anthropic', 'There was an issue with the request body: invalid JSON.');
  const parsed = messagesRequestSchema.safeParse(raw);
  if (!parsed.success) return badRequest('anthropic', describeIssues(parsed.error.issues));
  const body = parsed.data;
  const segments = anthropicSegments(body);
  const marked = segments.filter((s) => s.breakpoint).length;
  if (marked > ANTHROPIC_MAX_BREAKPOINTS)
    return badRequest(
      'anthropic',
      `A maximum of ${ANTHROPIC_MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${marked}.`,
    );
  const stream = body.stream === true;
  const { knobs, response } = await prelude(req, ctx, 'anthropic', body.model, stream);
  if (response) return response;
  const cut = knobs.fault === 'cut-stream';
  const fail = knobs.fault === 'stream-error';

  if (knobs.tiny && !cut && !fail && (!stream || (knobs.ttftMs <= 0 && knobs.chunkDelayMs <= 0))) {
    return stream
      ? sse(ctx.tiny.get('anthropic-stream', body.model))
      : jsonBytes(ctx.tiny.get('anthropic', body.model));
  }
  const reply: AnthropicReplyInput = knobs.tiny
    ? {
        id: 'msg_sim_tiny',
        model: body.model,
        text: TINY_TEXT,
        calls: [],
        stopReason: 'end_turn',
        inputTokens: 1,
        usage: { completion_tokens: 1 },
      }
    : brainReply(raw, body, segments, ctx);
  if (!stream) {
    const message = anthropicMessage(reply);
    return cut ? cutBody(JSON.stringify(message), ctx.stopping) : json(message);
  }
  let frames = anthropicFrames(reply);
  // An in-band failure, as the real API reports overloads mid-stream: a few events, then `error`.
  if (fail) frames = [...frames.slice(0, CUT_AFTER), eventFrame('error', STREAM_ERROR_EVENT)];
  return sse(
    frameBody(frames, {
      ...knobs,
      signal: ctx.stopping,
      cutAfter: cut ? CUT_AFTER : undefined,
    }),
  );
}
