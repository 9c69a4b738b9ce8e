import { shortHash } from '../brain/text.ts';
import { think } from '../brain/think.ts';
import type { RouteContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { cutBody } from '../faults.ts';
import { json, jsonBytes, sse } from '../http.ts';
import { brainSegments } from '../prompt-cache/segments.ts';
import { dataFrame, frameBody } from '../sse.ts';
import { TINY_TEXT, TINY_USAGE } from '../tiny.ts';
import { describeIssues, limitTokens, prelude, readJson } from './common.ts';
import { openaiCompletion } from './openai-body.ts';
import { type ChatRequest, chatRequestSchema, openaiToBrain } from './openai-schema.ts';
import { openaiFrames } from './openai-stream.ts';
import { completionTokens, openaiUsage, promptTokens } from './usage.ts';

/** Frames a cut or failing stream sends before dropping: the role chunk and a couple of deltas. */
const CUT_AFTER = 3;

/** What a failing stream (`x-sim-fail: stream-error`) sends in place of the next chunk. */
const STREAM_ERROR_BODY = {
  message: 'Simulated failure in the middle of the stream (x-sim-fail: stream-error).',
  type: 'server_error',
  param: null,
  code: 'server_error',
};

function brainReply(raw: unknown, body: ChatRequest, ctx: RouteContext) {
  const brainReq = openaiToBrain(body, ctx.options.maxToolRounds);
  const reply = think(brainReq);
  const calls = reply.kind === 'tool_calls' ? reply.calls : [];
  const limited =
    reply.kind === 'text'
      ? limitTokens(reply.text, body.max_completion_tokens ?? body.max_tokens)
      : { text: reply.text, cut: false };
  const prompt = promptTokens(brainReq);
  const completion = completionTokens(limited.text, calls);
  const cache = ctx.promptCache.openai(body.model, brainSegments(brainReq), prompt);
  return {
    id: `chatcmpl-sim-${shortHash(JSON.stringify(raw), 20)}`,
    text: limited.text,
    calls,
    finishReason: calls.length
      ? ('tool_calls' as const)
      : limited.cut
        ? ('length' as const)
        : ('stop' as const),
    usage: openaiUsage(prompt, completion, cache.cached),
  };
}

const TINY_REPLY = {
  id: 'chatcmpl-sim-tiny',
  text: TINY_TEXT,
  calls: [],
  finishReason: 'stop' as const,
  usage: TINY_USAGE,
};

/** `POST /v1/chat/completions`: non-streaming JSON or an SSE stream, with tools. */
export async function chatCompletions(req: Request, ctx: RouteContext): Promise<Response> {
  const raw = await readJson(req);
  if (raw === undefined) return badRequest('openai', 'We could not parse the JSON body of your request.');
  const parsed = chatRequestSchema.safeParse(raw);
  if (!parsed.success) return badRequest('openai', `Invalid request: ${describeIssues(parsed.error.issues)}`);
  const body = parsed.data;
  const stream = body.stream === true;
  const includeUsage = body.stream_options?.include_usage === true;
  const { knobs, response } = await prelude(req, ctx, 'openai', body.model, stream);
  if (response) return response;
  const cut = knobs.fault === 'cut-stream';
  const fail = knobs.fault === 'stream-error';

  // The benchmark path: precomputed bytes, nothing built per request.
  if (knobs.tiny && !cut && !fail && (!stream || (knobs.ttftMs <= 0 && knobs.chunkDelayMs <= 0))) {
    if (!stream) return jsonBytes(ctx.tiny.get('openai', body.model));
    return sse(ctx.tiny.get(includeUsage ? 'openai-stream-usage' : 'openai-stream', body.model));
  }

  const reply = {
    model: body.model,
    created: ctx.created,
    ...(knobs.tiny ? TINY_REPLY : brainReply(raw, body, ctx)),
  };
  if (!stream) {
    const completion = openaiCompletion(reply);
    return cut ? cutBody(JSON.stringify(completion), ctx.stopping) : json(completion);
  }
  let frames = openaiFrames({ ...reply, includeUsage });
  // An in-band failure: a few chunks, then an error object where a chunk would be, and no [DONE].
  if (fail) frames = [...frames.slice(0, CUT_AFTER), dataFrame({ error: STREAM_ERROR_BODY })];
  return sse(frameBody(frames, { ...knobs, signal: ctx.stopping, cutAfter: cut ? CUT_AFTER : undefined }));
}
