#!/usr/bin/env node
// The `rubric` command: the built JavaScript in dist/ (`npm run build`; `npm ci`, `npm install` and `npm pack` build it).
import { main } from '../dist/compiler/cli.js';

process.exitCode = await main(process.argv.slice(2));
