/** Packages the VS Code extension (see package-vscode.mjs); resolves to the .vsix path. */
export function packageVscode(): Promise<string>;
