// The setup form in the browser. Validation and the three previews use the extension's
// own pure core, so what the form shows is exactly what will be created.

import { setupDefaults, setupPreviews, SetupValues, validateSetup } from '../src/core/setupForm';
import { newExternalId } from '../src/core/validate';
import { ProfileOption, SETUP_LABELS, SetupFields, SetupMessage, SetupRequest } from '../src/shared/protocol';

declare function acquireVsCodeApi(): { postMessage(message: SetupRequest): void; getState(): unknown; setState(state: unknown): void };
const vscode = acquireVsCodeApi();

interface FieldSpec {
  key: keyof SetupFields;
  kind: 'text' | 'select';
  hint: string;
  placeholder?: string;
}

const FIELDS: FieldSpec[] = [
  { key: 'profile', kind: 'select', hint: 'The local AWS profile that creates the role and policy.' },
  { key: 'databendRoleArn', kind: 'text', hint: "Databend Cloud's role for your organization, from Databend support.", placeholder: 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg' },
  { key: 'bucket', kind: 'text', hint: 'The bucket Databend will read.', placeholder: 'my-data-bucket' },
  { key: 'prefix', kind: 'text', hint: 'Optional: a folder inside the bucket; empty for the whole bucket.', placeholder: 'data/2024' },
  { key: 'access', kind: 'select', hint: 'What Databend may do in the bucket.' },
  { key: 'roleName', kind: 'text', hint: 'The role Databend assumes; follows the bucket until you edit it.' },
  { key: 'policyName', kind: 'text', hint: 'The policy attached to the role.' },
  { key: 'externalId', kind: 'text', hint: 'Databend must present it to assume the role; generated for you.' },
  { key: 'connectionName', kind: 'text', hint: 'The Databend connection to create.' },
  { key: 'stageName', kind: 'text', hint: 'The Databend stage to create (used as @name).' },
  { key: 'kmsKeyArn', kind: 'text', hint: 'Optional: the key of a bucket encrypted with SSE-KMS; the policy then allows kms:Decrypt (and GenerateDataKey for writes).', placeholder: 'arn:aws:kms:us-east-1:123456789012:key/…' },
  { key: 'endpointUrl', kind: 'text', hint: 'Optional, advanced: the ENDPOINT_URL of the Databend connection, for an S3-compatible store or a special endpoint. Empty for AWS S3.', placeholder: 'https://s3.us-east-2.amazonaws.com' },
  { key: 'testFile', kind: 'text', hint: "Optional: a file under the stage to read as the last check, like the guide's test.parquet.", placeholder: 'test.parquet' },
  { key: 'databendLogin', kind: 'select', hint: 'Optional: a saved Databend login to run the SQL on and verify.' },
];
const FOLLOWS_BUCKET: (keyof SetupFields)[] = ['roleName', 'policyName', 'connectionName', 'stageName'];

interface State {
  fields: SetupFields;
  /** Names the user typed, which stop following the bucket. */
  edited: (keyof SetupFields)[];
  /** Fields the user has changed: only these show their message. */
  touched: (keyof SetupFields)[];
}

/** A form shown again after being hidden keeps what the user typed. */
const restored = vscode.getState() !== undefined;
const EMPTY: SetupFields = { profile: '', databendRoleArn: '', bucket: '', prefix: '', access: 'readwrite', roleName: '', policyName: '', externalId: newExternalId(), connectionName: '', stageName: '', kmsKeyArn: '', testFile: '', endpointUrl: '', databendLogin: '' };
const saved = vscode.getState() as State | undefined;
// A state saved by an older version may lack newer fields: they start empty.
const state: State = saved ? { ...saved, fields: { ...EMPTY, ...saved.fields } } : { fields: EMPTY, edited: [], touched: [] };
let requestId = 0;
let busy = false;
let rememberTimer: ReturnType<typeof setTimeout> | undefined;
let roleTimer: ReturnType<typeof setTimeout> | undefined;
/** What IAM holds for the role in the form (undefined until read). */
let existingRole: { roleName: string; exists: boolean; externalId?: string } | undefined;
/** Create in AWS succeeded in this form. */
let roleCreated = false;

const app = document.getElementById('app') as HTMLElement;
app.innerHTML = `
  <h1>Set Up S3 Access with an IAM Role</h1>
  <p class="intro">Creates the IAM policy and role that let Databend Cloud read your bucket, then the Databend connection and stage. Nothing changes until you press <b>Create in AWS</b>.</p>
  <form id="form" novalidate></form>
  <div class="buttons">
    <button id="preview" type="button">Preview plan</button>
    <button id="create" type="button" class="primary">Create in AWS</button>
    <button id="sqlOnly" type="button">Generate SQL only</button>
    <button id="verify" type="button" hidden>Run and Verify</button>
    <button id="cancel" type="button" hidden>Cancel</button>
  </div>
  <section id="outcome" class="outcome" role="status" aria-live="polite" hidden><h2 id="outcome-title"></h2><ul id="outcome-lines"></ul></section>
  <section class="previews">
    ${['permission', 'trust', 'sql']
      .map(
        (id) => `<div class="preview"><div class="preview-head"><h2 id="${id}-title">${id === 'permission' ? 'Permission policy' : id === 'trust' ? 'Trust policy' : 'Databend SQL'}</h2>
        <button type="button" class="copy" data-copy="${id}" aria-describedby="${id}-title">Copy</button></div><pre id="${id}-preview" tabindex="0" aria-labelledby="${id}-title"></pre></div>`,
      )
      .join('')}
  </section>`;

const form = document.getElementById('form') as HTMLFormElement;
for (const spec of FIELDS) {
  const id = `field-${spec.key}`;
  const row = document.createElement('div');
  row.className = 'field';
  const control =
    spec.kind === 'select'
      ? `<select id="${id}" name="${spec.key}" aria-describedby="${id}-hint ${id}-error"></select>`
      : `<input id="${id}" name="${spec.key}" type="text" spellcheck="false" autocomplete="off" placeholder="${spec.placeholder ?? ''}" aria-describedby="${id}-hint ${id}-error">`;
  row.innerHTML = `<label for="${id}">${SETUP_LABELS[spec.key]}</label>
    <div class="control">${control}${spec.key === 'externalId' ? '<button type="button" id="regenerate">Regenerate</button>' : ''}</div>
    <div class="hint" id="${id}-hint">${spec.hint}</div>
    <div class="message" id="${id}-error" role="alert"></div>
    ${spec.key === 'profile' ? '<div class="identity" id="identity" aria-live="polite"></div>' : ''}
    ${spec.key === 'externalId' ? '<div class="note" id="external-id-note" aria-live="polite"></div>' : ''}`;
  form.appendChild(row);
}

const input = (key: keyof SetupFields) => document.getElementById(`field-${key}`) as HTMLInputElement | HTMLSelectElement;

function setOptions(key: keyof SetupFields, options: { value: string; label: string }[]): void {
  const select = input(key) as HTMLSelectElement;
  select.innerHTML = '';
  for (const option of options) {
    const element = document.createElement('option');
    element.value = option.value;
    element.textContent = option.label;
    select.appendChild(element);
  }
}

setOptions('access', [
  { value: 'readwrite', label: 'Read and write' },
  { value: 'read', label: 'Read only' },
]);

function values(): SetupValues {
  const { profile: _p, databendLogin: _l, ...rest } = state.fields;
  return rest;
}

/** Messages under fields, previews, buttons: all from the current values. */
function render(): void {
  const errors = validateSetup(values());
  for (const spec of FIELDS) {
    const message = state.touched.includes(spec.key) ? ((errors as Record<string, string | undefined>)[spec.key] ?? '') : '';
    const element = input(spec.key);
    if (element.value !== state.fields[spec.key]) element.value = state.fields[spec.key];
    element.setAttribute('aria-invalid', message ? 'true' : 'false');
    (document.getElementById(`field-${spec.key}-error`) as HTMLElement).textContent = message;
  }
  const valid = Object.keys(errors).length === 0;
  for (const id of ['preview', 'create', 'sqlOnly']) (document.getElementById(id) as HTMLButtonElement).disabled = !valid || busy;
  const verify = document.getElementById('verify') as HTMLButtonElement;
  verify.disabled = !valid || busy;
  // Run and Verify works for any existing role, created now or before, once a login is chosen.
  verify.hidden = state.fields.databendLogin === '' || !(roleCreated || existingRole?.exists);
  let previews = { permissionPolicy: '', trustPolicy: '', sql: '' };
  const fill = (pre: string, text: string, fallback: string) => ((document.getElementById(pre) as HTMLElement).textContent = text || fallback);
  try {
    if (valid) previews = setupPreviews(values());
  } catch {
    // The previews wait for valid values.
  }
  fill('permission-preview', previews.permissionPolicy, 'Appears when the bucket and prefix are valid.');
  fill('trust-preview', previews.trustPolicy, 'Appears when the Databend role ARN and external ID are valid.');
  fill('sql-preview', previews.sql, 'Appears when every field is valid.');
  vscode.setState(state);
}

function change(key: keyof SetupFields, value: string): void {
  state.fields = { ...state.fields, [key]: value } as SetupFields;
  if (!state.touched.includes(key)) state.touched.push(key);
  if (FOLLOWS_BUCKET.includes(key) && !state.edited.includes(key)) state.edited.push(key);
  if (key === 'bucket' || key === 'prefix') {
    const defaults = setupDefaults(state.fields.bucket.trim(), state.fields.prefix.trim());
    for (const follower of FOLLOWS_BUCKET) {
      if (!state.edited.includes(follower)) (state.fields as unknown as Record<string, string>)[follower] = defaults[follower as keyof typeof defaults];
    }
  }
  if (key === 'profile') {
    (document.getElementById('identity') as HTMLElement).textContent = 'Checking…';
    vscode.postMessage({ type: 'identity', profile: value });
  }
  if (key === 'profile' || key === 'roleName' || key === 'bucket' || key === 'prefix') lookUpRole();
  clearTimeout(rememberTimer);
  rememberTimer = setTimeout(() => vscode.postMessage({ type: 'remember', fields: state.fields }), 1000);
  render();
}

/** Asks the extension what IAM holds for the role in the form (debounced: names change as they are typed). */
function lookUpRole(): void {
  clearTimeout(roleTimer);
  existingRole = undefined;
  renderExternalIdNote();
  roleTimer = setTimeout(() => {
    if (state.fields.roleName.trim()) vscode.postMessage({ type: 'role', profile: state.fields.profile, roleName: state.fields.roleName.trim() });
  }, 400);
}

/** Says whether the external ID is the existing role's (kept) or would rotate it. */
function renderExternalIdNote(): void {
  const note = document.getElementById('external-id-note') as HTMLElement;
  if (!existingRole?.exists) {
    note.textContent = '';
  } else if (!existingRole.externalId) {
    note.textContent = `The existing role ${existingRole.roleName} trusts Databend without an external ID: Create in AWS adds this one.`;
  } else if (existingRole.externalId === state.fields.externalId) {
    note.textContent = `Kept from the existing role ${existingRole.roleName}: the Databend connection presents this ID. Regenerate only to rotate it.`;
  } else {
    note.textContent = `The role ${existingRole.roleName} trusts another external ID (…${existingRole.externalId.slice(-3)}): Create in AWS would rotate it and asks first, since the Databend connection and its stages present the old one.`;
  }
}

form.addEventListener('input', (event) => {
  const target = event.target as HTMLInputElement;
  change(target.name as keyof SetupFields, target.value);
});
form.addEventListener('change', (event) => {
  const target = event.target as HTMLSelectElement;
  if (target.tagName === 'SELECT') change(target.name as keyof SetupFields, target.value);
});
(document.getElementById('regenerate') as HTMLButtonElement).addEventListener('click', () => {
  change('externalId', newExternalId());
  renderExternalIdNote();
});

function send(type: 'preview' | 'create' | 'sqlOnly' | 'verify'): void {
  busy = true;
  (document.getElementById('cancel') as HTMLButtonElement).hidden = type !== 'verify';
  requestId += 1;
  showOutcome('Working…', [], 'busy');
  vscode.postMessage({ type, requestId, fields: { ...state.fields } });
  render();
}
for (const type of ['preview', 'create', 'sqlOnly', 'verify'] as const) {
  (document.getElementById(type) as HTMLButtonElement).addEventListener('click', () => send(type));
}
(document.getElementById('cancel') as HTMLButtonElement).addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
for (const button of document.querySelectorAll<HTMLButtonElement>('button.copy')) {
  button.addEventListener('click', () => vscode.postMessage({ type: 'copy', text: (document.getElementById(`${button.dataset.copy}-preview`) as HTMLElement).textContent ?? '' }));
}

function showOutcome(title: string, lines: string[], kind: 'ok' | 'error' | 'busy'): void {
  const outcome = document.getElementById('outcome') as HTMLElement;
  outcome.hidden = false;
  outcome.className = `outcome ${kind}`;
  (document.getElementById('outcome-title') as HTMLElement).textContent = title;
  const list = document.getElementById('outcome-lines') as HTMLElement;
  list.innerHTML = '';
  for (const line of lines) {
    const item = document.createElement('li');
    item.textContent = line;
    list.appendChild(item);
  }
}

window.addEventListener('message', (event: MessageEvent<SetupMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'init': {
      const profiles: ProfileOption[] = message.profiles;
      setOptions('profile', [...profiles.map((p) => ({ value: p.name, label: p.description ? `${p.name} (${p.description})` : p.name })), { value: '', label: 'Default credential chain' }]);
      setOptions('databendLogin', [{ value: '', label: '(none: only create in AWS)' }, ...message.logins.map((c) => ({ value: c.id, label: c.name }))]);
      // Remembered inputs fill what the user has not typed yet: init may arrive after the first keystrokes.
      if (!restored) {
        for (const [key, value] of Object.entries(message.fields) as [keyof SetupFields, string | undefined][]) {
          if (value !== undefined && !state.touched.includes(key)) state.fields = { ...state.fields, [key]: value };
        }
      }
      render();
      change('profile', state.fields.profile);
      break;
    }
    case 'identity':
      if (message.profile === state.fields.profile) {
        const element = document.getElementById('identity') as HTMLElement;
        element.textContent = message.text ?? message.error ?? '';
        element.className = message.error ? 'identity error' : 'identity';
      }
      break;
    case 'role':
      if (message.profile !== state.fields.profile || message.roleName !== state.fields.roleName.trim()) break;
      existingRole = { roleName: message.roleName, exists: message.exists, externalId: message.externalId };
      // The role's own ID is kept unless the user typed or regenerated one.
      if (message.externalId && !state.touched.includes('externalId') && state.fields.externalId !== message.externalId) {
        state.fields = { ...state.fields, externalId: message.externalId };
        render();
      }
      render();
      renderExternalIdNote();
      break;
    case 'externalId':
      state.fields = { ...state.fields, externalId: message.value };
      render();
      renderExternalIdNote();
      break;
    case 'progress':
      if (message.requestId === requestId) showOutcome(message.text, [], 'busy');
      break;
    case 'result':
      if (message.requestId !== requestId) break;
      busy = false;
      (document.getElementById('cancel') as HTMLButtonElement).hidden = true;
      showOutcome(message.title, message.lines, message.ok ? 'ok' : 'error');
      if (message.canVerify) roleCreated = true;
      render();
      break;
  }
});

render();
vscode.postMessage({ type: 'ready' });
