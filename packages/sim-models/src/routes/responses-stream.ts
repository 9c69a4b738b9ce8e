import { eventFrame, splitJson, splitText } from '../sse.ts';
import {
  finalResponse,
  functionCallId,
  functionCallItem,
  messageId,
  messageItem,
  outputItems,
  outputTextPart,
  type ResponsesReply,
  responseObject,
} from './responses-body.ts';

// The events of a Responses API stream, in the documented order, each an `event: <type>` frame
// whose data carries the same `type` and a `sequence_number` counting from 0. No `[DONE]`: the
// stream ends after `response.completed` (or `response.incomplete` / `response.failed`).

/** Where a failing stream (`x-sim-fail: stream-error`) stops: after this many events. */
export const STREAM_ERROR_AFTER = 5;

/** The error a failing stream reports. */
export const STREAM_ERROR = {
  type: 'server_error',
  code: 'server_error',
  message: 'Simulated failure in the middle of the stream (x-sim-fail: stream-error).',
};

/**
 * The frames of a Responses stream: `response.created`, `response.in_progress`; for the text
 * `response.output_item.added`, `response.content_part.added`, several `response.output_text.delta`,
 * `response.output_text.done`, `response.content_part.done`, `response.output_item.done`; for each
 * call `response.output_item.added`, several `response.function_call_arguments.delta`,
 * `response.function_call_arguments.done`, `response.output_item.done`; then `response.completed`
 * with `usage`. With `fail`, after `STREAM_ERROR_AFTER` events come an `error` event and
 * `response.failed`, and nothing more.
 */
export function responsesFrames(reply: ResponsesReply, fail = false): string[] {
  const frames: string[] = [];
  const emit = (type: string, data: Record<string, unknown>) => {
    frames.push(eventFrame(type, { type, sequence_number: frames.length, ...data }));
  };
  emit('response.created', { response: responseObject(reply, 'in_progress', []) });
  emit('response.in_progress', { response: responseObject(reply, 'in_progress', []) });
  let outputIndex = 0;
  if (reply.text !== '') {
    const item_id = messageId(reply);
    const at = { item_id, output_index: outputIndex, content_index: 0 };
    emit('response.output_item.added', {
      output_index: outputIndex,
      item: messageItem(reply, 'in_progress'),
    });
    emit('response.content_part.added', { ...at, part: outputTextPart('') });
    for (const delta of splitText(reply.text))
      emit('response.output_text.delta', { ...at, delta, logprobs: [] });
    emit('response.output_text.done', { ...at, text: reply.text, logprobs: [] });
    emit('response.content_part.done', { ...at, part: outputTextPart(reply.text) });
    emit('response.output_item.done', { output_index: outputIndex, item: outputItems(reply)[0] });
    outputIndex++;
  }
  reply.calls.forEach((call, i) => {
    const args = JSON.stringify(call.arguments);
    const at = { item_id: functionCallId(reply, i), output_index: outputIndex };
    emit('response.output_item.added', {
      output_index: outputIndex,
      item: functionCallItem(reply, i, 'in_progress', ''),
    });
    for (const delta of splitJson(args)) emit('response.function_call_arguments.delta', { ...at, delta });
    emit('response.function_call_arguments.done', { ...at, arguments: args });
    emit('response.output_item.done', {
      output_index: outputIndex,
      item: functionCallItem(reply, i, 'completed', args),
    });
    outputIndex++;
  });
  const final = finalResponse(reply);
  emit(`response.${String(final.status)}`, { response: final });
  if (!fail) return frames;

  const partial = frames.slice(0, STREAM_ERROR_AFTER);
  frames.length = 0;
  frames.push(...partial);
  // The documented `error` event is flat; the live API nests the same fields under `error`.
  // Both are sent, so clients reading either shape find the message.
  emit('error', {
    code: STREAM_ERROR.code,
    message: STREAM_ERROR.message,
    param: null,
    error: { ...STREAM_ERROR, param: null },
  });
  emit('response.failed', {
    response: responseObject(reply, 'failed', [], { code: STREAM_ERROR.code, message: STREAM_ERROR.message }),
  });
  return frames;
}
