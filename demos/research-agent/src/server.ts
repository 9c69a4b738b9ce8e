import { Elysia, t } from 'elysia';
import OpenAI from 'openai';
import { type ResearchRun, runResearchAgent } from './agent.ts';

/** One row of `routing_trace`: which model served which step, and whether it came from a pin. */
export interface RoutingTraceEntry {
  step: number;
  task: string;
  model: string;
  pinned: boolean;
}

/** The agent server's answer: an OpenAI chat completion plus the routing trace. */
export interface AgentResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: 'assistant'; content: string };
    finish_reason: 'stop';
  }>;
  usage: ResearchRun['usage'];
  routing_trace: RoutingTraceEntry[];
  /** The `X-Model-Affinity` value the request carried, `null` without one. */
  session_id: string | null;
  /** Each step's full answer, for clients that show excerpts. */
  step_outputs: Array<{ step: number; task: string; content: string }>;
}

export interface AgentServerOptions {
  /** Tether's base URL, e.g. `http://127.0.0.1:12000`. */
  gatewayUrl: string;
  /** Bearer token sent to the gateway. @default 'tether' */
  apiKey?: string;
}

const messageSchema = t.Object(
  { role: t.String(), content: t.Union([t.String(), t.Null(), t.Array(t.Unknown())]) },
  { additionalProperties: true },
);
const bodySchema = t.Object(
  { model: t.Optional(t.String()), messages: t.Array(messageSchema) },
  { additionalProperties: true },
);

const errorBody = (message: string, type: string, code: string) => ({ error: { message, type, code } });

/** The research question: the latest user message with text, if any. */
function questionOf(messages: Array<{ role: string; content: unknown }>): string | undefined {
  const last = messages.findLast(
    (m) => m.role === 'user' && typeof m.content === 'string' && m.content.trim(),
  );
  return typeof last?.content === 'string' ? last.content.trim() : undefined;
}

/**
 * The research agent as an OpenAI-compatible server (the counterpart of the original FastAPI
 * agent). `POST /v1/chat/completions` runs the five research steps through Tether, forwarding the
 * caller's `X-Model-Affinity` unchanged on every outbound call; `GET /health` answers `ok`.
 * Nothing listens until the caller calls `.listen()`.
 *
 * @example
 * const app = createAgentServer({ gatewayUrl: 'http://127.0.0.1:12000' }).listen(8000);
 */
export function createAgentServer(options: AgentServerOptions) {
  return new Elysia({ name: 'research-agent' })
    .onError(({ code, error, set }) => {
      if (code === 'VALIDATION') {
        set.status = 400;
        return errorBody(
          'body must be a chat completion request with `messages`',
          'invalid_request_error',
          'invalid_request',
        );
      }
      if (code === 'NOT_FOUND') {
        set.status = 404;
        return errorBody('not found', 'invalid_request_error', 'not_found');
      }
      // The gateway's own error message is safe to relay (it never carries keys); anything else
      // is reduced to a generic line so no stack trace reaches the client.
      if (error instanceof OpenAI.APIConnectionError) {
        set.status = 502;
        return errorBody(
          `Tether gateway unreachable at ${options.gatewayUrl}`,
          'api_error',
          'gateway_unreachable',
        );
      }
      if (error instanceof OpenAI.APIError) {
        set.status = 502;
        return errorBody(
          `Tether gateway answered ${error.status}: ${error.message}`,
          'api_error',
          'upstream_error',
        );
      }
      set.status = 500;
      return errorBody('research agent failed', 'api_error', 'internal_error');
    })
    .get('/health', () => ({ status: 'ok' }))
    .post(
      '/v1/chat/completions',
      async ({ body, headers }): Promise<AgentResponse> => {
        const affinityId = headers['x-model-affinity'];
        const run = await runResearchAgent({
          gatewayUrl: options.gatewayUrl,
          apiKey: options.apiKey,
          affinityId,
          question: questionOf(body.messages),
        });
        return {
          id: `research-${crypto.randomUUID()}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: run.steps.at(-1)?.model ?? 'unknown',
          choices: [{ index: 0, message: { role: 'assistant', content: run.report }, finish_reason: 'stop' }],
          usage: run.usage,
          routing_trace: run.steps.map(({ step, task, model, pinned }) => ({ step, task, model, pinned })),
          session_id: affinityId ?? null,
          step_outputs: run.steps.map(({ step, task, content }) => ({ step, task, content })),
        };
      },
      { body: bodySchema },
    );
}

if (import.meta.main) {
  const { values } = (await import('node:util')).parseArgs({
    options: { port: { type: 'string', default: '8000' }, gateway: { type: 'string' } },
  });
  const gatewayUrl = values.gateway ?? process.env.TETHER_URL ?? 'http://127.0.0.1:12000';
  const app = createAgentServer({ gatewayUrl }).listen({ port: Number(values.port), hostname: '127.0.0.1' });
  console.log(`research agent on http://127.0.0.1:${app.server?.port} → Tether at ${gatewayUrl}`);
}
