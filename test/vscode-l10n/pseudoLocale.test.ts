// A translation reaches the user by each of the extension's paths: the window runs in the
// pseudo-locale (`runVscodeSuite.ts --pseudo-locale`), whose bundle the launcher generated
// into the installed copy of the extension only; every message it holds is wrapped in ⟦ ⟧.
// What stays English here is what the bundle does not hold (VS Code's own words, values).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ENTER } from '../build/scriptedDialogs';
import { Commands } from '../../src/ui/ids';
import { PSEUDO_LOCALE, pseudo } from '../support/pseudoLocale';
import { answer, api, cleanSlate, emptyMotoWithBucket, expectScriptUsed, roleAnswers } from '../vscode/helpers';

/** A message of the bundle with its {0}, {1}… filled in, as the pseudo-locale says it. */
function localised(message: string, ...args: (string | number)[]): string {
  return pseudo(message).replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
}

describe(`in the pseudo-locale ${PSEUDO_LOCALE}`, function () {
  this.timeout(60_000);

  beforeEach(cleanSlate);
  afterEach(async () => {
    await expectScriptUsed();
    await cleanSlate();
  });

  it('VS Code runs in that display language', () => {
    assert.equal(vscode.env.language, PSEUDO_LOCALE, 'the launcher starts code-server with --locale and a language pack for it');
  });

  it("the UI's own words (vscode.l10n.t) and a core validator's message shown by the UI (@vscode/l10n in extension.js) are translated", async () => {
    await answer(
      { question: /ARN of the IAM role/, answer: 'arn:aws:iam::987654321987:role/databend-test' },
      { question: /External ID/, answer: 'my-external-id-123' },
      { question: /S3 bucket/, answer: 'ab' },
    );
    assert.equal(await vscode.commands.executeCommand(Commands.generateSql), undefined);
    const shown = (await api()).dialogs.shown;
    assert.equal(
      shown[0]?.text,
      `${pseudo('Generate Databend SQL')} (1/6) | ${pseudo('ARN of the IAM role in your AWS account that Databend will assume')} | arn:aws:iam::123456789012:role/databend-my-bucket`,
    );
    const bucket = shown.find((s) => /S3 bucket/.test(s.text));
    assert.equal(bucket?.refused, localised('A bucket name has 3 to 63 characters; this one has {0}.', 2), 'validateBucketName (src/core) answers in the pseudo-locale, its {0} filled in');
  });

  it("an AWS adapter's error (@vscode/l10n in dist/aws.js) is translated, in the message the command shows", async () => {
    await emptyMotoWithBucket();
    const boundary = 'arn:aws:iam::123456789012:policy/NoSuchBoundary';
    const setting = 'databendIam.setup.askOrganizationRequirements';
    await vscode.workspace.getConfiguration().update(setting, true, vscode.ConfigurationTarget.Global);
    try {
      // The quick pick's items are translated: the access is picked by its translated label.
      const access = roleAnswers().map((a) => (a.answer === 'Read only' ? { ...a, answer: pseudo('Read only') } : a));
      await answer(
        ...access,
        { question: /Permissions boundary/, answer: boundary },
        { question: /Role path/, answer: ENTER },
        { question: /Tags for the role/, answer: ENTER },
      );
      assert.equal(await vscode.commands.executeCommand(Commands.createRole), undefined);
    } finally {
      await vscode.workspace.getConfiguration().update(setting, undefined, vscode.ConfigurationTarget.Global);
    }
    const error = (await api()).dialogs.shown.find((s) => s.kind === 'message' && s.severity === 'error');
    const expected = localised('The permissions boundary {0} does not exist (IAM GetPolicy: NoSuchEntity). Check the ARN with your AWS administrator (account, path and name); nothing was changed.', boundary);
    assert.ok(error?.text.includes(expected), `the error shown holds the adapter's translated message:\n${error?.text}\nexpected within it:\n${expected}`);
    assert.ok(error?.actions?.includes(pseudo('Show Logs')), `its button is translated too: ${error?.actions?.join(', ')}`);
  });
});
