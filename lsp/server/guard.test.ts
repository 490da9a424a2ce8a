/** guard(): a handler's exception is an InternalError response and one log line; a cancelled request is not run. */
import { describe, expect, test } from 'vitest';
import { CancellationTokenSource, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { guard, guardNotification } from './guard.js';

describe('guard', () => {
  test('an exception becomes an error response and exactly one log line', async () => {
    const lines: string[] = [];
    const handler = guard({ error: (m) => lines.push(m) }, 'hover', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'span')");
    });
    const answer = await handler({}, new CancellationTokenSource().token);
    expect(answer).toBeInstanceOf(ResponseError);
    expect((answer as ResponseError<void>).code).toBe(ErrorCodes.InternalError);
    expect((answer as ResponseError<void>).message).toBe("Rubric could not answer hover: Cannot read properties of undefined (reading 'span')");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^rubric: hover failed: TypeError: Cannot read properties of undefined/);
  });

  test('a request cancelled before it runs is answered RequestCancelled without running it', async () => {
    let ran = false;
    const source = new CancellationTokenSource();
    source.cancel();
    const answer = await guard({ error: () => undefined }, 'completion', () => (ran = true))({}, source.token);
    expect(ran).toBe(false);
    expect((answer as ResponseError<void>).code).toBe(LSPErrorCodes.RequestCancelled);
  });

  test('a notification handler that throws is logged once and dropped', async () => {
    const lines: string[] = [];
    await guardNotification({ error: (m) => lines.push(m) }, 'didChange', () => {
      throw new Error('boom');
    })({});
    expect(lines).toEqual([expect.stringMatching(/^rubric: didChange failed: Error: boom/)]);
  });
});
