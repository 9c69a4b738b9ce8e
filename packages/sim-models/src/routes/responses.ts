import { think } from '../brain/think.ts';
import type { RouteContext } from '../context.ts';
import { badRequest, errorResponse } from '../errors.ts';
import { cutBody } from '../faults.ts';
import { json, jsonBytes, sse } from '../http.ts';
import { brainSegments } from '../prompt-cache/segments.ts';
import { frameBody } from '../sse.ts';
import { tinyResponsesReply } from '../tiny.ts';
import { limitTokens, prelude, readJson } from './common.ts';
import {
  finalResponse,
  newResponseId,
  type ResponsesEcho,
  type ResponsesReply,
  responsesUsage,
} from './responses-body.ts';
import { functionTools, parseInputItems, responsesToBrain } from './responses-items.ts';
import { type ResponsesItem, type ResponsesRequest, responsesRequestSchema } from './responses-schema.ts';
import { responsesFrames } from './responses-stream.ts';
import { completionTokens, promptTokens } from './usage.ts';

/** Events a cut stream sends before dropping: created, in_progress, the item and part, one delta. */
const CUT_AFTER = 5;

function echo(body: ResponsesRequest): ResponsesEcho {
  return {
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    metadata: body.metadata ?? {},
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    top_p: body.top_p ?? 1,
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
  };
}

/**
 * `POST /v1/responses`: the OpenAI Responses API over the same brain, knobs and faults as chat
 * completions. `previous_response_id` continues a stored chain (its inputs and outputs come first);
 * an unknown or expired id is a 400 naming `previous_response_id`.
 */
export async function createResponse(req: Request, ctx: RouteContext): Promise<Response> {
  const raw = await readJson(req);
  if (raw === undefined) return badRequest('openai', 'We could not parse the JSON body of your request.');
  const parsed = responsesRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const param = issue.path.map(String).join('.') || 'body';
    return badRequest('openai', `Invalid value for '${param}': ${issue.message}`, { param });
  }
  const body = parsed.data;
  const input = parseInputItems(body.input);
  if ('param' in input) return badRequest('openai', input.message, { param: input.param });
  const tools = functionTools(body.tools);
  if ('param' in tools) return badRequest('openai', tools.message, { param: tools.param });
  let context: ResponsesItem[] = input.items;
  if (body.previous_response_id) {
    const previous = ctx.responses.get(body.previous_response_id);
    if (previous === undefined) {
      return badRequest('openai', `Previous response with id '${body.previous_response_id}' not found.`, {
        param: 'previous_response_id',
        code: 'previous_response_not_found',
      });
    }
    const output = parseInputItems(previous.response.output as unknown[]);
    context = [...previous.context, ...('items' in output ? output.items : []), ...input.items];
  }

  const stream = body.stream === true;
  const { knobs, response } = await prelude(req, ctx, 'openai', body.model, stream);
  if (response) return response;
  const cut = knobs.fault === 'cut-stream';
  const fail = knobs.fault === 'stream-error';

  if (knobs.tiny && !cut && !fail && (!stream || (knobs.ttftMs <= 0 && knobs.chunkDelayMs <= 0))) {
    if (!stream) return jsonBytes(ctx.tiny.get('responses', body.model));
    return sse(ctx.tiny.get('responses-stream', body.model));
  }

  let reply: ResponsesReply;
  if (knobs.tiny) reply = tinyResponsesReply(body.model, ctx.created);
  else {
    const brainReq = responsesToBrain(body, context, tools.tools, ctx.options.maxToolRounds);
    const thought = think(brainReq);
    const calls = thought.kind === 'tool_calls' ? thought.calls : [];
    const limited =
      thought.kind === 'text'
        ? limitTokens(thought.text, body.max_output_tokens)
        : { text: thought.text, cut: false };
    const prompt = promptTokens(brainReq);
    const cache = ctx.promptCache.openai(body.model, brainSegments(brainReq), prompt);
    reply = {
      id: newResponseId(),
      model: body.model,
      createdAt: ctx.created,
      text: limited.text,
      calls,
      incomplete: limited.cut,
      usage: responsesUsage(prompt, completionTokens(limited.text, calls), cache.cached, cache.written),
      echo: echo(body),
    };
  }
  const final = finalResponse(reply);
  // Stored before it is sent, as upstream does: a client that drops the stream can still chain on it.
  if (reply.echo.store && !fail) ctx.responses.set(reply.id, { response: final, context });
  if (!stream) return cut ? cutBody(JSON.stringify(final), ctx.stopping) : json(final);
  const frames = responsesFrames(reply, fail);
  return sse(frameBody(frames, { ...knobs, signal: ctx.stopping, cutAfter: cut ? CUT_AFTER : undefined }));
}

function notFound(id: string): Response {
  return errorResponse('openai', 404, `Response with id '${id}' not found.`);
}

/** `GET /v1/responses/{id}`: a stored response, or 404. */
export function getResponse(id: string, ctx: RouteContext): Response {
  const stored = ctx.responses.get(id);
  return stored ? json(stored.response) : notFound(id);
}

/** `DELETE /v1/responses/{id}`: forgets a stored response (`{id, object, deleted: true}`), or 404. */
export function deleteResponse(id: string, ctx: RouteContext): Response {
  return ctx.responses.delete(id) ? json({ id, object: 'response', deleted: true }) : notFound(id);
}
