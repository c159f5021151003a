// Finds the sentences a user reads that do not go through l10n.t (issue #19, item 5): a
// syntax-tree scan of one source file, used by test/unit/l10n.test.ts.
import * as ts from 'typescript';

/** Generated SQL (a function returning `string | undefined` may build a query): never user text. */
const SQL = /^\s*(SELECT|WITH|CREATE|DROP|LIST|COPY|REMOVE|SHOW|DESC|ALTER)\s/;

/** Text a user reads: a string with a letter in it (not '', ', ' or '\n'), and not SQL. */
function sentence(node: ts.Node): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return /[A-Za-z]/.test(node.text) && !SQL.test(node.text);
  if (ts.isTemplateExpression(node)) return !SQL.test(node.head.text) && [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].some((t) => /[A-Za-z]/.test(t));
  if (ts.isParenthesizedExpression(node)) return sentence(node.expression);
  if (ts.isConditionalExpression(node)) return sentence(node.whenTrue) || sentence(node.whenFalse);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return sentence(node.left) || sentence(node.right);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) return sentence(node.right);
  return false;
}

/** Options whose value VS Code shows: titles, prompts, items of quick picks, tooltips. */
const SHOWN_PROPERTIES = new Set(['title', 'prompt', 'profilePrompt', 'placeHolder', 'label', 'description', 'detail', 'tooltip']);
/** Errors whose message reaches the user (the command registry shows what a command throws). */
const SHOWN_ERRORS = new Set(['Error', 'UserError', 'ShownError', 'DriverUnavailableError']);

/**
 * Where `text` hands a user-facing string literal, not l10n.t's result, to the user: the
 * Dialogs port, confirm(), a Wizard's pick, progress titles and other shown options (src/ui),
 * a thrown error's message, a tree item's label, a validator's answer.
 */
export function literalsShown(file: string, text: string): string[] {
  return scan(file, text).map(({ node, what }) => {
    const { line } = node.getSourceFile().getLineAndCharacterOfPosition(node.getStart());
    return `${file}:${line + 1} ${what}: ${node.getText().slice(0, 80)}`;
  });
}

export function scan(file: string, text: string): { node: ts.Node; what: string }[] {
  const found: { node: ts.Node; what: string }[] = [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const ui = !file.includes('src/core/');
  const report = (node: ts.Node, what: string) => found.push({ node, what });
  const check = (node: ts.Node | undefined, what: string) => {
    if (node && sentence(node)) report(node, what);
  };
  /** The enclosing function's declared return type is `string | undefined`: a validator. */
  const inValidator = (node: ts.Node): boolean => {
    for (let at = node.parent; at; at = at.parent) {
      if (ts.isFunctionDeclaration(at) || ts.isMethodDeclaration(at) || ts.isArrowFunction(at) || ts.isFunctionExpression(at)) {
        return at.type?.getText().replace(/\s/g, '') === 'string|undefined';
      }
    }
    return false;
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText();
      if (/dialogs\.message$/.test(callee)) node.arguments.slice(1).forEach((a, i) => i !== 1 && check(a, 'a message of the Dialogs port'));
      if (/dialogs\.(inputBox|quickPick|saveDialog)$/.test(callee)) node.arguments.forEach((a) => check(a, 'a question of the Dialogs port'));
      if (callee === 'confirm') node.arguments.slice(2).forEach((a) => check(a, 'a confirmation'));
      if (/\.pick$/.test(callee) && ui) node.arguments.forEach((a) => check(a, 'a quick pick placeholder'));
      if (/setStatusBarMessage$/.test(callee)) check(node.arguments[0], 'a status bar message');
    }
    if (ts.isNewExpression(node)) {
      const name = node.expression.getText().replace(/^vscode\./, '');
      if (SHOWN_ERRORS.has(name)) check(node.arguments?.[0], `the message of a ${name}`);
      if (name === 'InvalidInputError') check(node.arguments?.[1], 'an InvalidInputError message');
      if (name === 'TreeItem' && ui) check(node.arguments?.[0], 'a tree item label');
      if (name === 'Wizard') check(node.arguments?.[1], "a wizard's title");
    }
    if (ui && ts.isPropertyAssignment(node) && SHOWN_PROPERTIES.has(node.name.getText())) check(node.initializer, `the ${node.name.getText()} shown`);
    // An input box's validator answers with a sentence (or undefined).
    if (ts.isPropertyAssignment(node) && /^validate(Input)?$/.test(node.name.getText()) && ts.isArrowFunction(node.initializer) && !ts.isBlock(node.initializer.body)) {
      check(node.initializer.body, "a validator's answer");
    }
    if (ts.isReturnStatement(node) && node.expression && inValidator(node)) check(node.expression, "a validator's answer");
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
