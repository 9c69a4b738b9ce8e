import { DEFAULT_EMBEDDING_DIMENSIONS, embeddingToBase64, embedText } from '../brain/embed.ts';
import { estimateTokens } from '../brain/text.ts';
import type { RouteContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { json } from '../http.ts';
import { describeIssues, prelude, readJson } from './common.ts';
import { embeddingsRequestSchema } from './openai-schema.ts';

/**
 * `POST /v1/embeddings`: one deterministic hashed bag-of-words vector per input (a string, an
 * array of strings, or token arrays, whose ids are embedded as words), 256 dimensions unless
 * `dimensions` says otherwise; `encoding_format: "base64"` (the openai SDK's default) supported.
 */
export async function embeddings(req: Request, ctx: RouteContext): Promise<Response> {
  const raw = await readJson(req);
  if (raw === undefined) return badRequest('openai', 'We could not parse the JSON body of your request.');
  const parsed = embeddingsRequestSchema.safeParse(raw);
  if (!parsed.success) return badRequest('openai', `Invalid request: ${describeIssues(parsed.error.issues)}`);
  const body = parsed.data;
  const { response } = await prelude(req, ctx, 'openai', body.model, false);
  if (response) return response;
  const input = body.input;
  const texts: string[] =
    typeof input === 'string'
      ? [input]
      : input.length > 0 && typeof input[0] === 'number'
        ? [(input as number[]).join(' ')]
        : (input as Array<string | number[]>).map((x) => (typeof x === 'string' ? x : x.join(' ')));
  const dims = body.dimensions ?? DEFAULT_EMBEDDING_DIMENSIONS;
  let tokens = 0;
  const data = texts.map((text, index) => {
    tokens += estimateTokens(text);
    const vector = embedText(text, dims);
    return {
      object: 'embedding',
      index,
      embedding: body.encoding_format === 'base64' ? embeddingToBase64(vector) : vector,
    };
  });
  return json({
    object: 'list',
    data,
    model: body.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
