// The setup form as people who use no mouse, or a high-contrast theme, use it: axe-core
// audits the page in VS Code's dark, light and high-contrast themes (with a field message
// and an outcome on screen, so their colours are audited too), and a user fills and
// submits it with the keyboard alone.

import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { MOTO_CREDENTIALS } from '../support/moto';
import { audit, describeFindings } from './axe';
import { localServices, ui, UI_DATABEND_PASSWORD } from './fixtures';

const DATABEND_ROLE = 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg';
const BUCKET = 'a11y-bucket';

/** VS Code's own themes (ids of the theme-defaults extension): today's defaults, the 1.90 floor's, both high-contrast ones. */
const THEMES = [
  { name: 'dark', label: 'Dark 2026', id: 'Dark 2026' },
  { name: 'light', label: 'Light 2026', id: 'Light 2026' },
  { name: 'dark-modern', label: 'Dark Modern', id: 'Dark Modern' },
  { name: 'light-modern', label: 'Light Modern', id: 'Light Modern' },
  { name: 'high-contrast', label: 'Dark High Contrast', id: 'Default High Contrast' },
  { name: 'high-contrast-light', label: 'Light High Contrast', id: 'Default High Contrast Light' },
];

describe('Set Up S3 Access form, accessible', () => {
  let iam: IAMClient;
  let frame: Frame;

  beforeEach(async () => {
    const { moto, databend } = localServices();
    await moto.reset();
    iam = new IAMClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS });
    const s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    s3.destroy();
    await ui().ensureLogin('local', databend.port, UI_DATABEND_PASSWORD);
  });

  afterEach(async () => {
    iam.destroy();
    await ui().closeAllEditorsWithoutSaving();
  });

  const focusedId = () => frame.evaluate(() => document.activeElement?.id ?? '');

  it('has no serious or critical axe finding in dark, light and high-contrast themes, with a screenshot of each', async () => {
    const wb = ui();
    await wb.runCommand('Databend: Set Up S3 Access with an IAM Role');
    frame = await wb.webviewFrame('#field-bucket');
    await frame.locator('#identity', { hasText: 'Account 123456789012' }).waitFor({ timeout: 30_000 });
    const fill = (label: string, value: string) => frame.getByLabel(label, { exact: true }).fill(value);
    await fill('Databend role ARN', DATABEND_ROLE);
    await fill('S3 bucket', BUCKET);
    await fill('Path prefix', '');
    await fill('KMS key ARN', '');
    await fill('Test file', '');
    await frame.getByRole('button', { name: 'Preview plan' }).click();
    await frame.locator('#outcome.ok', { hasText: 'change(s)' }).waitFor({ timeout: 30_000 });
    // A field message and disabled buttons on screen too.
    await fill('Path prefix', 'data//2024');
    await frame.locator('#field-prefix-error', { hasText: /./ }).waitFor();

    const blocking: string[] = [];
    // The theme the other specs run in, chosen again at the end.
    const before = await frame.evaluate(() => ({ label: document.body.dataset.vscodeThemeName ?? '', id: document.body.dataset.vscodeThemeId ?? '' }));
    try {
      for (const theme of THEMES) {
        await wb.colorTheme(theme.label, theme.id, frame);
        await frame.locator('h1').scrollIntoViewIfNeeded();
        await wb.screenshot(`form-${theme.name}`);
        await frame.locator('#outcome').scrollIntoViewIfNeeded();
        await wb.screenshot(`form-${theme.name}-outcome`);
        const report = await audit(frame, `setup-form-${theme.name}`);
        console.log(`      axe, ${theme.id}: ${report.findings.length === 0 ? 'no findings' : `\n${describeFindings(report.findings).replace(/^/gm, '        ')}`}`);
        if (report.blocking.length > 0) blocking.push(`${theme.id}:\n${describeFindings(report.blocking)}`);
      }
    } finally {
      await wb.colorTheme(before.label, before.id, frame);
    }
    assert.deepEqual(blocking, [], 'serious or critical axe findings');
  });

  it('is filled and submitted with the keyboard alone: Tab, typing, Enter and Space', async () => {
    const wb = ui();
    const keys = wb.page.keyboard;
    await wb.runCommandByKeyboard('Databend: Set Up S3 Access with an IAM Role');
    frame = await wb.webviewFrame('#field-bucket');
    await frame.waitForFunction(() => document.activeElement?.id === 'field-profile', undefined, { timeout: 30_000 });
    await wb.screenshot('opened-focus-on-first-field');

    /** Tab (or Shift+Tab) until the element `id` has the focus, as a user moves through the form. */
    const tabTo = async (id: string, back = false) => {
      for (let i = 0; i < 40 && (await focusedId()) !== id; i++) await keys.press(back ? 'Shift+Tab' : 'Tab');
      assert.equal(await focusedId(), id, `Tab reaches #${id}`);
    };
    // Home, Shift+End selects the field's text in the page itself (VS Code answers Ctrl+A in a webview a moment later).
    const replace = async (text: string) => {
      await keys.press('End');
      await keys.press('Shift+Home');
      if (text === '') await keys.press('Delete');
      else await keys.type(text);
    };

    await keys.type('moto');
    await tabTo('field-databendRoleArn');
    await replace(DATABEND_ROLE);
    await tabTo('field-bucket');
    // What the form speaks (its polite live region), recorded in the page as a screen reader would hear it.
    await frame.evaluate(() => {
      const heard: string[] = ((window as unknown as { heard: string[] }).heard = []);
      const announcer = document.getElementById('announcer') as HTMLElement;
      new MutationObserver(() => announcer.textContent && heard.push(announcer.textContent)).observe(announcer, { childList: true, characterData: true, subtree: true });
    });
    const heard = () => frame.evaluate(() => (window as unknown as { heard: string[] }).heard);
    // Typing into a field in error says nothing; leaving it says its message, once.
    await replace('Bad_Bucket');
    await tabTo('field-prefix');
    await frame.waitForFunction(() => (window as unknown as { heard: string[] }).heard.length > 0);
    await tabTo('field-bucket', true);
    await keys.press('End');
    await keys.type('X');
    await tabTo('field-prefix');
    // Enter with a field in error says which and puts the focus on it.
    await tabTo('field-bucket', true);
    await keys.press('Enter');
    await frame.waitForFunction(() => (window as unknown as { heard: string[] }).heard.length > 1);
    const spoken = await heard();
    assert.equal(spoken.length, 2, spoken.join(' / '));
    assert.match(spoken[0], /^S3 bucket: .*lower case/);
    assert.match(spoken[1], /needs? attention: .*S3 bucket/);
    assert.equal(await focusedId(), 'field-bucket');
    const bucket = frame.locator('#field-bucket');
    assert.equal(await bucket.getAttribute('aria-invalid'), 'true');
    assert.match((await bucket.getAttribute('aria-describedby')) ?? '', /\bfield-bucket-error\b/);
    assert.equal(await frame.locator('#field-bucket-error').getAttribute('role'), null, 'a field message is no alert');
    await wb.screenshot('bucket-refused');
    await replace(BUCKET);
    await tabTo('field-prefix');
    await replace('');
    await tabTo('field-externalId');
    await replace('a11y-external-id-1');
    await tabTo('field-kmsKeyArn');
    await replace('');
    await tabTo('field-testFile');
    await replace('');
    await tabTo('field-databendLogin');
    await keys.type('local');
    assert.equal(await frame.locator('#field-databendLogin option:checked').innerText(), 'local');

    // Enter in a field is Preview plan, which changes nothing; the focus moves to its outcome.
    await tabTo('field-testFile', true);
    await keys.press('Enter');
    await frame.locator('#outcome.ok', { hasText: '3 change(s)' }).waitFor({ timeout: 30_000 });
    assert.equal(await focusedId(), 'outcome');
    await wb.screenshot('previewed-focus-on-outcome');

    await tabTo('create', true);
    await wb.screenshot('focus-on-create-in-aws');
    await keys.press('Space');
    await frame.locator('#outcome.ok', { hasText: 'Created in account 123456789012' }).waitFor({ timeout: 30_000 });
    assert.equal(await focusedId(), 'outcome');
    await wb.screenshot('created-focus-on-outcome');
    assert.ok((await iam.send(new GetRoleCommand({ RoleName: `databend-${BUCKET}` }))).Role);
    assert.deepEqual(await wb.tabsByGroup(), [['Set Up S3 Access'], ['setup-a11y_bucket.sql']], 'the SQL opens named, in one column beside the form');
  });
});
