// VS Code activation into a running rulescore language server: starts the configured
// command over stdio through vscode-languageclient for documents of language "rules".
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const { resolveServerCommand, notFoundMessage } = require('./server_command');

const SETTINGS = 'Instellingen openen';
let client = null;

function workspaceFolder() {
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length > 0 ? folders[0].uri.fsPath : undefined;
}

async function showError(message) {
  const choice = await vscode.window.showErrorMessage(message, SETTINGS);
  if (choice === SETTINGS) {
    await vscode.commands.executeCommand('workbench.action.openSettings',
      'rulescore.server.command');
  }
}

async function start() {
  const setting = vscode.workspace.getConfiguration('rulescore').get('server.command');
  const resolved = resolveServerCommand(setting, process.env, process.platform,
    workspaceFolder());
  if (resolved.error) {
    await showError(resolved.error);
    return;
  }
  const executable = {
    command: resolved.command,
    args: resolved.args,
    transport: TransportKind.stdio,
    options: { cwd: workspaceFolder() },
  };
  client = new LanguageClient('rulescore', 'rulescore', { run: executable, debug: executable }, {
    documentSelector: [{ language: 'rules' }],
    outputChannelName: 'rulescore',
  });
  try {
    await client.start();
  } catch (err) {
    client = null;
    const code = err && err.code;
    await showError(code === 'ENOENT' ? notFoundMessage(resolved.command)
      : `rulescore: de taalserver kon niet starten (${err && err.message ? err.message : err}). ` +
        'Zie het uitvoervenster "rulescore".');
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = null;
    await running.stop();
  }
}

async function restart() {
  await stop();
  await start();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('rulescore.herstartServer', restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('rulescore.server.command')) {
        restart();
      }
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
