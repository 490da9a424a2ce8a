/**
 * Every handler goes through here (Langium's `createRequestHandler`): a bug in Rubric becomes an error response and
 * one log line, never a dead server (VS Code stops restarting a server after five crashes in three minutes); a request
 * the client cancelled is answered `RequestCancelled` without doing the work, or once the work is done, without its
 * result.
 */
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

export interface Log {
  error(message: string): void;
}

const describe = (error: unknown): string => {
  if (error instanceof Error) return `${error.name}: ${error.message}${error.stack ? ` (${error.stack.split('\n')[1]?.trim() ?? ''})` : ''}`;
  return String(error);
};

const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');

export type Guarded<P, R> = (params: P, token: CancellationToken) => Promise<R | ResponseError<void>>;

/** Wraps a request handler `(params, token) → result`. */
export function guard<P, R>(log: Log, name: string, handler: (params: P, token: CancellationToken) => R | Promise<R>): Guarded<P, R> {
  return async (params, token) => {
    if (token?.isCancellationRequested) return cancelled();
    try {
      const result = await handler(params, token);
      if (token?.isCancellationRequested) return cancelled();
      return result;
    } catch (error) {
      log.error(`rubric: ${name} failed: ${describe(error)}`);
      return new ResponseError(ErrorCodes.InternalError, `Rubric could not answer ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

/** Wraps a notification handler: an exception is logged once and the notification dropped. */
export function guardNotification<P>(log: Log, name: string, handler: (params: P) => void | Promise<void>): (params: P) => Promise<void> {
  return async (params) => {
    try {
      await handler(params);
    } catch (error) {
      log.error(`rubric: ${name} failed: ${describe(error)}`);
    }
  };
}
