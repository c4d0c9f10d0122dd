// server_command.js under node's test runner: which program the setting starts, and the
// Dutch message when it cannot be found. Run: node --test test/
'use strict';

const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const test = require('node:test');
const { resolveServerCommand } = require('../server_command');

function fakeProgram(dir, name) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\n');
  fs.chmodSync(file, 0o755);
  return file;
}

test('the default command is found on PATH', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-'));
  const file = fakeProgram(dir, 'rulescore');
  const got = resolveServerCommand(undefined, { PATH: `/nonexistent:${dir}` }, 'linux');
  assert.deepStrictEqual(got, { command: file, args: ['lsp'] });
});

test('a venv path relative to the workspace folder, and ${workspaceFolder}', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  const file = fakeProgram(path.join(dir, 'bin'), 'rulescore');
  assert.deepStrictEqual(resolveServerCommand(['bin/rulescore', 'lsp'], {}, 'linux', dir),
    { command: file, args: ['lsp'] });
  assert.deepStrictEqual(
    resolveServerCommand(['${workspaceFolder}/bin/rulescore', 'lsp'], {}, 'linux', dir),
    { command: file, args: ['lsp'] });
});

test('a missing program says to install rulescore or set the setting, in Dutch', () => {
  const got = resolveServerCommand(['rulescore', 'lsp'], { PATH: '/nonexistent' }, 'linux');
  assert.match(got.error, /niet gevonden/);
  assert.match(got.error, /pip install 'rulescore\[lsp\]'/);
  assert.match(got.error, /rulescore\.server\.command/);
});

test('a file that is not executable is not taken', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-'));
  fs.writeFileSync(path.join(dir, 'rulescore'), '');
  const got = resolveServerCommand(undefined, { PATH: dir }, 'linux');
  assert.ok(got.error);
});

test('a setting that is no list of words is refused', () => {
  for (const bad of [[], 'rulescore lsp', [''], [3]]) {
    assert.match(resolveServerCommand(bad, {}, 'linux').error, /lijst van woorden/);
  }
});
