/** A transient status line on stderr while a model is thinking. */
export interface Progress {
  /** Shows (or replaces) the status text. */
  update(text: string): void;
  /** Clears the line; safe to call repeatedly. */
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** The stream a progress line writes to (`process.stderr` fits). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(chunk: string): boolean;
}

/**
 * A spinner on an interactive stderr; a no-op when stderr is piped or `enabled` is false, so logs
 * and captured output never contain carriage returns.
 *
 * @example
 * const progress = createProgress();
 * progress.update('step 2/5: thinking…');
 * progress.stop();
 */
export function createProgress(
  stream: ProgressStream = process.stderr,
  enabled = stream.isTTY === true,
): Progress {
  if (!enabled) return { update() {}, stop() {} };
  let text = '';
  let frame = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const draw = () => {
    stream.write(`\r\u001b[2K${FRAMES[frame % FRAMES.length]} ${text}`);
    frame++;
  };
  return {
    update(next) {
      text = next;
      if (!timer) {
        timer = setInterval(draw, 80);
        // A forgotten spinner must never keep the process alive.
        timer.unref();
      }
      draw();
    },
    stop() {
      if (!timer) return;
      clearInterval(timer);
      timer = undefined;
      stream.write('\r\u001b[2K');
    },
  };
}
