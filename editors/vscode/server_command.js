// The rulescore.server.command setting into the program and arguments to start, or a Dutch
// message saying why it cannot start. No dependency on the vscode module, so it is tested
// with plain node (test/server_command.test.js).
'use strict';

const fs = require('fs');
const path = require('path');

const DEFAULT_COMMAND = ['rulescore', 'lsp'];

function isExecutable(file, platform) {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    if (platform === 'win32') {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch (err) {
    return false;
  }
}

// The file a program name stands for: itself when it holds a directory part (relative to
// the workspace folder), else the first match on PATH (with PATHEXT on Windows); or null.
function findProgram(program, env, platform, workspaceFolder) {
  const sep = platform === 'win32' ? /[\\/]/ : /\//;
  const pathApi = platform === 'win32' ? path.win32 : path.posix;
  if (sep.test(program)) {
    const file = pathApi.isAbsolute(program) || !workspaceFolder
      ? program : pathApi.join(workspaceFolder, program);
    return isExecutable(file, platform) ? file : null;
  }
  const dirs = (env.PATH || env.Path || '').split(platform === 'win32' ? ';' : ':');
  const exts = platform === 'win32'
    ? ['', ...(env.PATHEXT || '.EXE;.CMD;.BAT;.COM').split(';').map((e) => e.toLowerCase())]
    : [''];
  for (const dir of dirs) {
    if (!dir) {
      continue;
    }
    for (const ext of exts) {
      const file = pathApi.join(dir, program + ext);
      if (isExecutable(file, platform)) {
        return file;
      }
    }
  }
  return null;
}

function notFoundMessage(program) {
  return `rulescore: de taalserver kan niet starten: het programma "${program}" is niet ` +
    'gevonden. Installeer rulescore met de taalserver ("pip install \'rulescore[lsp]\'"), ' +
    'of zet in de instelling rulescore.server.command ' +
    'het pad naar rulescore in uw virtuele omgeving, bijvoorbeeld ' +
    '["/pad/naar/.venv/bin/rulescore", "lsp"].';
}

// setting: the configured value; returns {command, args} or {error}.
function resolveServerCommand(setting, env, platform, workspaceFolder) {
  const value = setting === undefined || setting === null ? DEFAULT_COMMAND : setting;
  if (!Array.isArray(value) || value.length === 0 ||
      !value.every((part) => typeof part === 'string' && part.length > 0)) {
    return {
      error: 'rulescore: de instelling rulescore.server.command moet een lijst van ' +
        'woorden zijn, het programma eerst, bijvoorbeeld ["rulescore", "lsp"].',
    };
  }
  const expand = (part) => (workspaceFolder
    ? part.split('${workspaceFolder}').join(workspaceFolder) : part);
  const [program, ...args] = value.map(expand);
  const file = findProgram(program, env, platform, workspaceFolder);
  if (file === null) {
    return { error: notFoundMessage(program) };
  }
  return { command: file, args };
}

module.exports = { DEFAULT_COMMAND, resolveServerCommand, findProgram, notFoundMessage };
