/** A failure the developer can act on, told in one line without a stack trace. */
export class LocalRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalRuntimeError';
  }
}

/** The HTTP port is taken by another process. */
export class PortInUseError extends LocalRuntimeError {
  readonly port: number;

  constructor(port: number) {
    super(`Port ${port} is in use: stop the other process or set PORT=${port + 1}`);
    this.name = 'PortInUseError';
    this.port = port;
  }
}

/** The one-line text of any error, for a terminal. */
export const oneLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
