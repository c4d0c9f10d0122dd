// A rules file into the TextMate scopes of its tokens, with the engine VS Code uses
// (vscode-textmate + vscode-oniguruma). Usage: node tokenize.js GRAMMAR FILE...; prints one
// JSON object a token: {"file": f, "line": n, "start": column, "text": "...",
// "scopes": ["source.rules", ...]} (line from 1, column from 0 in UTF-16 units).
'use strict';

const fs = require('fs');
const path = require('path');
const oniguruma = require('vscode-oniguruma');
const textmate = require('vscode-textmate');

async function main() {
  const [grammarPath, ...filePaths] = process.argv.slice(2);
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')),
    'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.length));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => textmate.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'),
      grammarPath),
  });
  const grammar = await registry.loadGrammar('source.rules');
  const out = [];
  for (const filePath of filePaths) {
    let state = textmate.INITIAL;
    fs.readFileSync(filePath, 'utf8').split(/\r?\n/).forEach((line, index) => {
      const result = grammar.tokenizeLine(line, state);
      for (const token of result.tokens) {
        out.push(JSON.stringify({
          file: filePath,
          line: index + 1,
          start: token.startIndex,
          text: line.slice(token.startIndex, token.endIndex),
          scopes: token.scopes,
        }));
      }
      state = result.ruleStack;
    });
  }
  process.stdout.write(out.join('\n') + '\n');
}

main().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
