/**
 * The VS Code extension: starts the Rubric language server (the bundled server.mjs, on VS Code's own Node, over
 * node-ipc) for `.rubric` files, watches the library files guidelines `use`, and shows what "Evaluate example case"
 * answers in a Markdown preview beside the guideline.
 */
import * as path from 'node:path';
import { commands, window, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('out', 'server.mjs'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const configuration = workspace.getConfiguration('rubric');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'rubric' }, { scheme: 'untitled', language: 'rubric' }],
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/*.{rubric,case.json}'), configurationSection: 'rubric' },
    initializationOptions: { exampleCase: configuration.get<string>('exampleCase') },
  };
  client = new LanguageClient('rubric', 'Rubric', serverOptions, clientOptions);

  context.subscriptions.push(
    commands.registerCommand('rubric.evaluateExampleCase', async (uri?: string) => {
      const target = uri ?? window.activeTextEditor?.document.uri.toString();
      if (!client || target === undefined) return;
      const answer = await client.sendRequest<string | null>('workspace/executeCommand', { command: 'rubric.evaluate', arguments: [target] });
      if (typeof answer !== 'string') return;
      const document = await workspace.openTextDocument({ language: 'markdown', content: answer });
      await window.showTextDocument(document, { preview: true, viewColumn: -2 /* ViewColumn.Beside */ });
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
