// What every extension-host test uses: the test build's handle (services and scripted
// dialogs), logins added and removed through the commands as a user would, and editors
// closed without a save prompt.

import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../build/extension';
import type { StatementResult } from '../../src/ui/results/resultsView';
import type { ScriptedAnswer } from '../build/scriptedDialogs';
import { Commands, EXTENSION_ID } from '../../src/ui/ids';
import type { Login } from '../../src/ui/loginStore';
import type { ExplorerNode } from '../../src/ui/explorer/explorerTree';

export const LOCAL_DSN = process.env.DATABEND_IAM_TEST_DSN ?? '';
export const MOTO_ENDPOINT = process.env.DATABEND_IAM_TEST_MOTO ?? '';

const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** moto emptied, with one bucket: what the AWS tests start from. */
export async function emptyMotoWithBucket(bucket = 'vscode-bucket'): Promise<void> {
  assert.ok(MOTO_ENDPOINT, 'the launcher passes the moto endpoint');
  await fetch(`${MOTO_ENDPOINT}/moto-api/reset`, { method: 'POST' });
  const s3 = new S3Client({ endpoint: MOTO_ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    s3.destroy();
  }
}

/** A moto S3 client for one test's setup or cleanup (destroyed after `use`). */
async function withS3<T>(use: (s3: S3Client) => Promise<T>): Promise<T> {
  assert.ok(MOTO_ENDPOINT, 'the launcher passes the moto endpoint');
  const s3 = new S3Client({ endpoint: MOTO_ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
  try {
    return await use(s3);
  } finally {
    s3.destroy();
  }
}

/** A moto bucket holding `keys`, each with `body` (put 15 at a time), beside whatever else moto holds. */
export async function motoBucketWithFiles(bucket: string, keys: readonly string[], body: string): Promise<void> {
  await withS3(async (s3) => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (let i = 0; i < keys.length; i += 15) {
      await Promise.all(keys.slice(i, i + 15).map((Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: body }))));
    }
  });
}

/** Removes what motoBucketWithFiles made: one DeleteObjects (~90 DeleteObject calls in a row stall against moto), then the bucket. */
export async function removeMotoBucket(bucket: string, keys: readonly string[]): Promise<void> {
  await withS3(async (s3) => {
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  });
}

export async function api(): Promise<TestApi> {
  return (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as TestApi;
}

/** Queues answers for the next questions the extension asks. */
export async function answer(...answers: ScriptedAnswer[]): Promise<void> {
  (await api()).dialogs.answer(...answers);
}

/**
 * Starts a test from a clean slate: no script, no record of shown messages, no login,
 * no editor. Call in beforeEach; `expectScriptUsed` in afterEach.
 */
export async function cleanSlate(): Promise<void> {
  const { dialogs, services } = await api();
  dialogs.reset();
  for (const login of services.store.list()) {
    await services.databend.close(login.id);
    await services.store.remove(login.id);
  }
  await closeAllEditorsWithoutSaving();
}

/** Every queued answer was asked for, and nothing was asked that the test did not expect. */
export async function expectScriptUsed(): Promise<void> {
  const { dialogs } = await api();
  assert.deepEqual({ unexpected: dialogs.unexpected, leftover: dialogs.leftover() }, { unexpected: [], leftover: [] });
}

/** The last statement result of the results view a run began in last. */
export async function lastResult(): Promise<StatementResult> {
  const view = (await api()).services.results.last;
  const result = view?.shown.results.at(-1);
  assert.ok(result, 'a statement ran');
  return result;
}

/** Adds a login through "Add Login…" with a pasted DSN, as a user would. */
export async function addLoginFromDsn(name: string, dsn = LOCAL_DSN): Promise<Login> {
  await answer(
    { question: /How do you want to enter the login/, answer: 'Paste a DSN' },
    { question: /Databend DSN/, answer: dsn },
    { question: /A name for this login/, answer: name },
  );
  const login = await vscode.commands.executeCommand<Login>(Commands.addLogin);
  assert.ok(login, `the login ${name} was added`);
  return login;
}

/** Closes every editor, discarding unsaved text, and waits until VS Code has let go of them. */
export async function closeAllEditorsWithoutSaving(): Promise<void> {
  for (let i = 0; i < 50 && vscode.window.tabGroups.all.some((g) => g.tabs.length > 0); i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  // Closing is asynchronous in the workbench: a test must not meet the last one's untitled documents.
  const untitledShown = () => vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'untitled');
  for (let i = 0; i < 100 && untitledShown(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Opens SQL in a new untitled editor and waits until it is the active one. */
export async function openSql(content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'sql', content });
  const editor = await vscode.window.showTextDocument(document);
  assert.equal(editor.document, document);
  return editor;
}

export const ROLE = 'databend-vscode-bucket';

/** The eight answers of "Create IAM Role for Databend…" on moto, in the order it asks. */
export const roleAnswers = (externalId = 'vscode-external-id-1', overrides: Record<string, string> = {}): ScriptedAnswer[] => {
  const v = { bucket: 'vscode-bucket', prefix: 'data', databendRoleArn: 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg', roleName: ROLE, policyName: `${ROLE}-access`, externalId, ...overrides };
  return [
    { question: /AWS profile to create the role with/, answer: 'moto' },
    { question: /S3 bucket for Databend/, answer: v.bucket },
    { question: /Path prefix/, answer: v.prefix },
    { question: /What may Databend do/, answer: 'Read only' },
    { question: /Databend's role ARN/, answer: v.databendRoleArn },
    { question: /Name of the IAM role/, answer: v.roleName },
    { question: /Name of the IAM policy/, answer: v.policyName },
    { question: /External ID/, answer: v.externalId },
  ];
};


/**
 * A tree node's children once loaded: while the node shows "Loading…", waits until the
 * tree says the node changed (as VS Code does) and asks again.
 */
export async function loadedChildren(node: ExplorerNode): Promise<ExplorerNode[]> {
  const { tree } = (await api()).services;
  for (;;) {
    let subscription: vscode.Disposable | undefined;
    const changed = new Promise<void>((resolve) => {
      subscription = tree.onDidChangeTreeData((n) => {
        if (n === node || n === undefined) resolve();
      });
    });
    try {
      const children = await tree.getChildren(node);
      if (!children.some((c) => c.kind === 'loading')) return children;
      await changed;
    } finally {
      subscription?.dispose();
    }
  }
}
