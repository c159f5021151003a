// Where a results panel opens: beside the editor the user works in, in a column that is
// open already, so that a form, its SQL and the results share two columns instead of
// spreading over three (which clip each other on a laptop screen).

import * as vscode from 'vscode';

/**
 * The column beside the active one: the next open column to its right, else the nearest
 * to its left; a new column (ViewColumn.Beside) only when the active column is the only one.
 */
export function sideColumn(): vscode.ViewColumn {
  const active = vscode.window.tabGroups.activeTabGroup.viewColumn;
  const others = vscode.window.tabGroups.all.map((g) => g.viewColumn).filter((c) => c !== active);
  if (others.length === 0) return vscode.ViewColumn.Beside;
  return others.find((c) => c > active) ?? others[others.length - 1];
}
