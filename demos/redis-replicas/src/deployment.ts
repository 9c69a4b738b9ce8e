/** Takes Redis away and brings it back, for the outage phase. */
export interface OutageControl {
  /** How the outage is made, for the progress lines, e.g. `stopping redis-server (pid 123)`. */
  readonly how: string;
  /** Makes Redis unreachable. */
  down(): Promise<void>;
  /** Makes it reachable again (resolves once it answers PING). */
  up(): Promise<void>;
}

/** Kills Redis outright and starts an empty one in its place, for the restart phase. */
export interface RestartControl {
  /** How, for the progress lines, e.g. `SIGKILL redis-server (pid 123), start it empty on port 6400`. */
  readonly how: string;
  /** SIGKILL: no shutdown, no save; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts an empty Redis on the same address; resolves once it answers PING. */
  start(): Promise<void>;
}

/** The replicas under test and what the verifier may do to them. */
export interface Deployment {
  readonly mode: 'local' | 'remote';
  /** Base URLs, e.g. `http://127.0.0.1:40001`. */
  readonly replicas: readonly string[];
  /** The Redis they share, for inspection. */
  readonly redisUrl: string;
  /** How to cause an outage, or `null` with the reason it is skipped. */
  readonly outage: OutageControl | { skip: string };
  /** Stalls Redis for `seconds` (`DEBUG SLEEP`); resolves when the stall is over. Or why it is skipped. */
  readonly stall: ((seconds: number) => Promise<void>) | { skip: string };
  /** How to kill and restart Redis empty, or `null` with the reason it is skipped. */
  readonly restart: RestartControl | { skip: string };
  /** Replicas that exited or were replaced since the start (local only; always empty remotely). */
  restarted(): string[];
  /** Human-readable identity of the replica processes, e.g. `pids 1, 2, 3` (local only). */
  identity(): string | null;
  /** Stops whatever was started; safe to call twice. */
  close(): Promise<void>;
}
