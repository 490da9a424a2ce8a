import { Lexer } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { RubricParser } from './parser.js';
import { allTokens, lexerTokens } from './tokens.js';

describe('grammar', () => {
  it('passes Chevrotain grammar validation (validations are skipped at run time)', () => {
    expect(() => new RubricParser({ skipValidations: false })).not.toThrow();
  });

  it('has a lexer definition Chevrotain accepts with validations and optimizations on', () => {
    expect(() => new Lexer(lexerTokens, { ensureOptimizations: true, skipValidations: false, positionTracking: 'onlyOffset' })).not.toThrow();
    // The whole vocabulary too (keywords and unit words with their own patterns): lexer.test.ts lexes with it as the reference.
    expect(() => new Lexer(allTokens, { ensureOptimizations: true, skipValidations: false, positionTracking: 'onlyOffset' })).not.toThrow();
  });
});
