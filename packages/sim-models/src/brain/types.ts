/**
 * Provider-neutral view of a conversation, shared by the OpenAI and Anthropic routes so the
 * deterministic brain is written once. Every brain function is pure: same input, same output.
 */

/** A tool call the assistant made (OpenAI `tool_calls[]`, Anthropic `tool_use` block). */
export interface BrainToolCall {
  id: string;
  name: string;
  /** Parsed arguments; the wire formats carry them as a JSON string (OpenAI) or object (Anthropic). */
  arguments: Record<string, unknown>;
}

/** One turn. Tool results (OpenAI `role: "tool"`, Anthropic `tool_result` blocks) become `role: "tool"`. */
export interface BrainMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  /** The turn's plain text (text parts joined); a tool result's content as text. */
  text: string;
  toolCalls?: BrainToolCall[];
  /** For `role: "tool"`: the id of the call this result answers. */
  toolCallId?: string;
}

/** A tool the client offers, with its JSON-schema parameters. */
export interface BrainTool {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

/** `auto` (default), `none`, `required` (Anthropic `any`), or a named tool. */
export type BrainToolChoice = 'auto' | 'none' | 'required' | { name: string };

export interface BrainRequest {
  /** The model the client asked for; echoed in every answer ("[gpt-4o] …"). */
  model: string;
  messages: BrainMessage[];
  tools?: BrainTool[];
  toolChoice?: BrainToolChoice;
  /** Tool-calling rounds before the final answer. @default 3 */
  maxToolRounds?: number;
}

/** What the simulated model says: plain text, or a plan sentence plus tool calls. */
export type BrainReply =
  | { kind: 'text'; text: string }
  | { kind: 'tool_calls'; text: string; calls: BrainToolCall[] };
