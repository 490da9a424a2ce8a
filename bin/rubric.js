#!/usr/bin/env node
// The `rubric` command. Sources are TypeScript; tsx loads them without a separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../compiler/cli.ts');
process.exitCode = await main(process.argv.slice(2));
