// The activation baseline: an extension that registers one command and nothing else.
'use strict';
const vscode = require('vscode');

exports.activate = function activate(context) {
  context.subscriptions.push(vscode.commands.registerCommand('minimalBench.hello', () => 'hello'));
};

exports.deactivate = function deactivate() {};
