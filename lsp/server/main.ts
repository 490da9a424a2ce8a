/**
 * The server process: `node server.mjs --stdio` or `--node-ipc` (vscode-languageserver reads the transport from
 * the command line). An exception nothing caught is logged, never fatal.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from './server.js';

const connection = createConnection(ProposedFeatures.all);
const log = (what: string) => (error: unknown) => {
  try {
    connection.console.error(`rubric: ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } catch {
    process.stderr.write(`rubric: ${what}: ${String(error)}\n`);
  }
};
process.on('uncaughtException', log('uncaught exception'));
process.on('unhandledRejection', log('unhandled rejection'));
createServer(connection);
connection.listen();
