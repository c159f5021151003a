// The setup form in the browser. Validation and the three previews use the extension's
// own pure core, so what the form shows is exactly what will be created.
//
// Buttons are @vscode-elements/elements' <vscode-button> (VS Code's look, focus ring and
// keyboard). Text fields and drop-downs are native <input>/<select>: the README says why
// (ARIA references cannot reach a field inside a web component's shadow root).

import '@vscode-elements/elements/dist/vscode-button/index.js';
import * as l10n from '@vscode/l10n';
import { defaultStageName, MAX_LOCATIONS, StageLocation } from '../src/core/locations';
import { setupDefaults, setupPreviews, SetupValues, validateSetup } from '../src/core/setupForm';
import { newExternalId } from '../src/core/validate';
import { errorFieldLabel, locationLabel, ProfileOption, setupLabels, SetupFields, SetupMessage, SetupRequest, SetupTextField } from '../src/shared/protocol';

declare function acquireVsCodeApi(): { postMessage(message: SetupRequest): void; getState(): unknown; setState(state: unknown): void };
const vscode = acquireVsCodeApi();

interface FieldSpec {
  key: SetupTextField;
  kind: 'text' | 'select';
  hint: string;
  placeholder?: string;
  /** Fields only some organizations need, in the collapsible "Organization requirements" group. */
  group?: 'organization';
}

const FIELDS: FieldSpec[] = [
  { key: 'profile', kind: 'select', hint: l10n.t('The local AWS profile that creates the role and policy.') },
  { key: 'databendRoleArn', kind: 'text', hint: l10n.t("Databend Cloud's role for your organization, from Databend support."), placeholder: 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg' },
  { key: 'bucket', kind: 'text', hint: l10n.t('The bucket Databend will read.'), placeholder: 'my-data-bucket' },
  { key: 'prefix', kind: 'text', hint: l10n.t('Optional: a folder inside the bucket; empty for the whole bucket.'), placeholder: 'data/2024' },
  { key: 'access', kind: 'select', hint: l10n.t('What Databend may do in the bucket.') },
  { key: 'roleName', kind: 'text', hint: l10n.t('The role Databend assumes; follows the bucket until you edit it.') },
  { key: 'policyName', kind: 'text', hint: l10n.t('The policy attached to the role.') },
  { key: 'externalId', kind: 'text', hint: l10n.t('Databend must present it to assume the role; generated for you.') },
  { key: 'connectionName', kind: 'text', hint: l10n.t('The Databend connection to create.') },
  { key: 'stageName', kind: 'text', hint: l10n.t('The Databend stage to create (used as @name).') },
  { key: 'kmsKeyArn', kind: 'text', hint: l10n.t('Optional: the key of a bucket encrypted with SSE-KMS; the policy then allows kms:Decrypt (and GenerateDataKey for writes).'), placeholder: 'arn:aws:kms:us-east-1:123456789012:key/…' },
  { key: 'endpointUrl', kind: 'text', hint: l10n.t('Optional, advanced: the ENDPOINT_URL of the Databend connection, for an S3-compatible store or a special endpoint. Empty for AWS S3.'), placeholder: 'https://s3.us-east-2.amazonaws.com' },
  { key: 'testFile', kind: 'text', hint: l10n.t("Optional: a file under the stage to read as the last check, like the guide's test.parquet."), placeholder: 'test.parquet' },
  { key: 'permissionsBoundary', kind: 'text', group: 'organization', hint: l10n.t('Optional: the managed policy your organization requires as the boundary of every new role (ask your AWS administrator).'), placeholder: 'arn:aws:iam::123456789012:policy/OrgBoundary' },
  { key: 'rolePath', kind: 'text', group: 'organization', hint: l10n.t('Optional: the IAM path the role is created under, such as /databend/. IAM cannot change it later.'), placeholder: '/databend/' },
  { key: 'roleTags', kind: 'text', group: 'organization', hint: l10n.t('Optional: tags for the role and the policy, key=value separated by commas. Added or updated on an existing role, never removed.'), placeholder: 'team=data, cost-center=1234' },
  { key: 'databendLogin', kind: 'select', hint: l10n.t('Optional: a saved Databend login to run the SQL on and verify.') },
];
const FOLLOWS_BUCKET: SetupTextField[] = ['roleName', 'policyName', 'connectionName', 'stageName'];
/** The fields of a more-locations row, in the order they are shown. */
const LOCATION_FIELDS: { field: keyof StageLocation; hint: string; placeholder: string }[] = [
  { field: 'bucket', hint: l10n.t('Another bucket (or the same one) the role also serves.'), placeholder: 'my-other-bucket' },
  { field: 'prefix', hint: l10n.t('Optional: a folder inside it; empty for the whole bucket.'), placeholder: 'exports' },
  { field: 'stageName', hint: l10n.t('The stage that reads this location; follows its bucket until you edit it.'), placeholder: '' },
];
type Work = 'preview' | 'create' | 'sqlOnly' | 'verify';
type Action = Work | 'exportCloudFormation' | 'exportTerraform';
const ACTIONS: Action[] = ['preview', 'create', 'sqlOnly', 'verify', 'exportCloudFormation', 'exportTerraform'];
/** The export buttons and the format each asks for. */
const EXPORTS: Partial<Record<Action, 'cloudformation' | 'terraform'>> = { exportCloudFormation: 'cloudformation', exportTerraform: 'terraform' };
// Module-level texts are read after webview/l10n.ts (esbuild's inject runs it first) has
// configured the translations. The copy button's name and message are sentences of their own.
const PREVIEWS = [
  { id: 'permission', title: l10n.t('Permission policy'), copy: l10n.t('Copy permission policy'), copied: l10n.t('Copied the permission policy.') },
  { id: 'trust', title: l10n.t('Trust policy'), copy: l10n.t('Copy trust policy'), copied: l10n.t('Copied the trust policy.') },
  { id: 'sql', title: l10n.t('Databend SQL'), copy: l10n.t('Copy databend sql'), copied: l10n.t('Copied the databend sql.') },
];

/** A field of the form: a text field's key, or a location row's (`moreLocations.<row>.<field>`). */
type FieldKey = string;

interface State {
  fields: SetupFields & { moreLocations: StageLocation[] };
  /** Names the user typed, which stop following the bucket (a row's stage name as `moreLocations.<row>.stageName`). */
  edited: FieldKey[];
  /** Fields the user has changed: only these show their message. */
  touched: FieldKey[];
}

/** A form shown again after being hidden keeps what the user typed. */
const restored = vscode.getState() !== undefined;
const EMPTY: State['fields'] = {
  profile: '',
  databendRoleArn: '',
  bucket: '',
  prefix: '',
  access: 'readwrite',
  roleName: '',
  policyName: '',
  externalId: newExternalId(),
  connectionName: '',
  stageName: '',
  kmsKeyArn: '',
  testFile: '',
  endpointUrl: '',
  permissionsBoundary: '',
  rolePath: '',
  roleTags: '',
  databendLogin: '',
  moreLocations: [],
};
const ORGANIZATION_KEYS = FIELDS.filter((f) => f.group === 'organization').map((f) => f.key);
const saved = vscode.getState() as State | undefined;
// A state saved by an older version may lack newer fields: they start empty.
const state: State = saved ? { ...saved, fields: { ...EMPTY, ...saved.fields, moreLocations: saved.fields.moreLocations ?? [] } } : { fields: EMPTY, edited: [], touched: [] };
let requestId = 0;
let busy = false;
let rememberTimer: ReturnType<typeof setTimeout> | undefined;
let roleTimer: ReturnType<typeof setTimeout> | undefined;
/**
 * The organization fields the user typed for the role named then: another role name (an
 * existing role's) refills them with that role's path and boundary, which IAM keeps.
 */
let typedForRole: { roleName: string; keys: SetupTextField[] } = { roleName: '', keys: [] };

/** The partition the chosen profile signs in to (undefined until known): a boundary must be in it. */
let profilePartition: string | undefined;

/** What IAM holds for the role in the form (undefined until read). */
let existingRole: { roleName: string; exists: boolean; externalId?: string; path?: string; permissionsBoundary?: string } | undefined;
/** Create in AWS succeeded in this form. */
let roleCreated = false;
/** Where the focus was when the running action started: the outcome takes it only from there, not from wherever the user went meanwhile. */
let focusAtStart: Element | null = null;
/** The message last announced per field: a field's message is spoken once, not on every keystroke. */
const announced = new Map<FieldKey, string>();

const app = document.getElementById('app') as HTMLElement;
// Preview plan is the form's default action (Enter in a field): it reads AWS and changes
// nothing. Create in AWS changes the account, so it is never the default.
app.innerHTML = `
  <h1>${l10n.t('Set Up S3 Access with an IAM Role')}</h1>
  <p class="intro">${l10n.t(
    'Creates the IAM policy and role that let Databend Cloud read your bucket, then the Databend connection and stage. Nothing changes until you press {0}; the export buttons write the same as a CloudFormation template or Terraform file instead. Enter in a field previews the plan.',
    `<b>${l10n.t('Create in AWS')}</b>`,
  )}</p>
  <form id="form" novalidate aria-label="${l10n.t('Setup')}">
    <div id="fields"></div>
    <details id="organization">
      <summary>${l10n.t('Organization requirements (optional)')}</summary>
      <p class="hint">${l10n.t('For organizations whose rules require a permissions boundary, a path or tags on every new role: an IAM error that mentions an explicit deny, a service control policy or a permissions boundary often means one of these is missing.')}</p>
      <div id="organization-fields"></div>
    </details>
    <div class="buttons">
      <vscode-button id="preview" aria-describedby="buttons-note">${l10n.t('Preview plan')}</vscode-button>
      <vscode-button id="create" secondary aria-describedby="buttons-note">${l10n.t('Create in AWS')}</vscode-button>
      <vscode-button id="sqlOnly" secondary aria-describedby="buttons-note">${l10n.t('Generate SQL only')}</vscode-button>
      <vscode-button id="exportCloudFormation" secondary aria-describedby="buttons-note">${l10n.t('Export as CloudFormation')}</vscode-button>
      <vscode-button id="exportTerraform" secondary aria-describedby="buttons-note">${l10n.t('Export as Terraform')}</vscode-button>
      <vscode-button id="verify" secondary hidden>${l10n.t('Run and Verify')}</vscode-button>
      <vscode-button id="cancel" secondary hidden>${l10n.t('Cancel')}</vscode-button>
    </div>
    <p class="note" id="buttons-note"></p>
  </form>
  <p id="progress" class="progress" role="status"></p>
  <section id="outcome" class="outcome" tabindex="-1" aria-labelledby="outcome-title" hidden><h2 id="outcome-title"></h2><ul id="outcome-lines"></ul></section>
  <div id="announcer" class="visually-hidden" role="status"></div>
  <div class="previews">
    ${PREVIEWS.map(
      ({ id, title, copy }) => `<div class="preview"><div class="preview-head"><h2 id="${id}-title">${title}</h2>
        <vscode-button secondary class="copy" data-copy="${id}" aria-label="${copy}">${l10n.t('Copy')}</vscode-button></div>
        <pre id="${id}-preview" tabindex="0" role="region" aria-labelledby="${id}-title"></pre></div>`,
    ).join('')}
  </div>`;

const form = document.getElementById('form') as HTMLFormElement;
const fieldsContainer = document.getElementById('fields') as HTMLElement;
const organizationContainer = document.getElementById('organization-fields') as HTMLElement;
const organizationGroup = document.getElementById('organization') as HTMLDetailsElement;
const labels = setupLabels();
for (const spec of FIELDS) {
  const id = `field-${spec.key}`;
  // The hint, the message and any live note describe the field, so a screen reader reads them on focus.
  const describedBy = [`${id}-hint`, `${id}-error`, spec.key === 'profile' ? 'identity' : '', spec.key === 'externalId' ? 'external-id-note' : ''].filter(Boolean).join(' ');
  const row = document.createElement('div');
  row.className = 'field';
  const control =
    spec.kind === 'select'
      ? `<select id="${id}" name="${spec.key}" aria-describedby="${describedBy}"></select>`
      : `<input id="${id}" name="${spec.key}" type="text" spellcheck="false" autocomplete="off" placeholder="${spec.placeholder ?? ''}" aria-describedby="${describedBy}">`;
  row.innerHTML = `<label for="${id}">${labels[spec.key]}</label>
    <div class="control">${control}${spec.key === 'externalId' ? `<vscode-button secondary id="regenerate">${l10n.t('Regenerate')}</vscode-button>` : ''}</div>
    <div class="hint" id="${id}-hint">${spec.hint}</div>
    <div class="message" id="${id}-error"></div>
    ${spec.key === 'profile' ? '<div class="identity" id="identity" aria-live="polite"></div>' : ''}
    ${spec.key === 'externalId' ? '<div class="note" id="external-id-note"></div>' : ''}`;
  (spec.group === 'organization' ? organizationContainer : fieldsContainer).appendChild(row);
}
// More locations for the same role and connection follow the first location's stage name.
const locationsSection = document.createElement('section');
locationsSection.id = 'more-locations';
locationsSection.setAttribute('aria-label', l10n.t('More locations'));
locationsSection.innerHTML = `<div id="location-rows"></div>
  <div class="add-location"><vscode-button secondary id="add-location" aria-describedby="add-location-hint">${l10n.t('Add location')}</vscode-button>
  <span class="hint" id="add-location-hint">${l10n.t('Another bucket or folder for the same role and connection, read through its own stage (up to {0} in all).', MAX_LOCATIONS)}</span></div>`;
(document.getElementById('field-stageName')?.closest('.field') as HTMLElement).after(locationsSection);
// The Databend login (what to run the SQL on) comes after the group, last before the buttons.
organizationGroup.after(document.getElementById('field-databendLogin')?.closest('.field') as HTMLElement);

const element = (id: string) => document.getElementById(id) as HTMLElement;
const input = (key: FieldKey) => element(`field-${key}`) as HTMLInputElement | HTMLSelectElement;
const rowKey = (row: number, field: keyof StageLocation): FieldKey => `moreLocations.${row}.${field}`;
/** vscode-button reflects `disabled` for its look; aria-disabled tells assistive technology. */
function setEnabled(button: HTMLElement, enabled: boolean): void {
  button.toggleAttribute('disabled', !enabled);
  button.setAttribute('aria-disabled', String(!enabled));
}

function setOptions(key: keyof SetupFields, options: { value: string; label: string }[]): void {
  const select = input(key) as HTMLSelectElement;
  select.innerHTML = '';
  for (const option of options) {
    const item = document.createElement('option');
    item.value = option.value;
    item.textContent = option.label;
    select.appendChild(item);
  }
}

setOptions('access', [
  { value: 'readwrite', label: l10n.t('Read and write') },
  { value: 'read', label: l10n.t('Read only') },
]);

function values(): SetupValues {
  const { profile: _p, databendLogin: _l, ...rest } = state.fields;
  return rest;
}

/** Every field's key, location rows included, in the order the form shows them. */
function fieldKeys(): FieldKey[] {
  const rows = state.fields.moreLocations.flatMap((_, row) => LOCATION_FIELDS.map(({ field }) => rowKey(row, field)));
  const keys: FieldKey[] = FIELDS.map((f) => f.key);
  keys.splice(keys.indexOf('stageName') + 1, 0, ...rows);
  return keys;
}

/** Draws the location rows again when their number changed (added or removed); values and messages are render's. */
function drawLocationRows(): void {
  const container = element('location-rows');
  const count = state.fields.moreLocations.length;
  if (container.childElementCount === count) return;
  container.innerHTML = state.fields.moreLocations
    .map((_, row) => {
      const fields = LOCATION_FIELDS.map(({ field, hint, placeholder }) => {
        const id = `field-${rowKey(row, field)}`;
        return `<div class="field"><label for="${id}">${locationLabel(field, row)}</label>
          <div class="control"><input id="${id}" name="${rowKey(row, field)}" type="text" spellcheck="false" autocomplete="off" placeholder="${placeholder}" aria-describedby="${id}-hint ${id}-error"></div>
          <div class="hint" id="${id}-hint">${hint}</div>
          <div class="message" id="${id}-error"></div></div>`;
      }).join('');
      return `<fieldset class="location"><legend>${l10n.t('Location {0}', row + 2)}</legend>${fields}
        <div class="remove-location"><vscode-button secondary data-remove="${row}" aria-label="${l10n.t('Remove location {0}', row + 2)}">${l10n.t('Remove')}</vscode-button></div></fieldset>`;
    })
    .join('');
  for (const button of container.querySelectorAll<HTMLElement>('[data-remove]')) {
    button.addEventListener('click', () => removeLocation(Number(button.dataset.remove)));
  }
}

function addLocation(): void {
  if (state.fields.moreLocations.length + 1 >= MAX_LOCATIONS) return;
  state.fields = { ...state.fields, moreLocations: [...state.fields.moreLocations, { bucket: '', prefix: '', stageName: '' }] };
  render();
  input(rowKey(state.fields.moreLocations.length - 1, 'bucket')).focus();
  announce(l10n.t('Location {0} added.', state.fields.moreLocations.length + 1));
  remember();
}

/** Removes a row; the rows after it move up, with what the user typed and edited in them. */
function removeLocation(row: number): void {
  const shift = (keys: FieldKey[]) =>
    keys.flatMap((key) => {
      const match = /^moreLocations\.(\d+)\.(\w+)$/.exec(key);
      if (!match) return [key];
      const at = Number(match[1]);
      return at === row ? [] : [at > row ? `moreLocations.${at - 1}.${match[2]}` : key];
    });
  state.edited = shift(state.edited);
  state.touched = shift(state.touched);
  state.fields = { ...state.fields, moreLocations: state.fields.moreLocations.filter((_, i) => i !== row) };
  element('location-rows').innerHTML = '';
  render();
  const next = state.fields.moreLocations.length > row ? input(rowKey(row, 'bucket')) : element('add-location');
  next.focus();
  announce(l10n.t('Location {0} removed.', row + 2));
  remember();
}

/** The value a field holds in the state. */
function valueOf(key: FieldKey): string {
  const match = /^moreLocations\.(\d+)\.(bucket|prefix|stageName)$/.exec(key);
  if (match) return state.fields.moreLocations[Number(match[1])]?.[match[2] as keyof StageLocation] ?? '';
  return state.fields[key as SetupTextField];
}

/** The message a field shows now (only once the user has changed it, or tried to submit). */
function messageOf(key: FieldKey, errors = validateSetup(values(), { partition: profilePartition })): string {
  return state.touched.includes(key) ? ((errors as Record<string, string | undefined>)[key] ?? '') : '';
}

/** Says `text` once through the polite live region (cleared first, so a repeat is spoken again). */
let announcedUntil: ReturnType<typeof setTimeout> | undefined;
function announce(text: string): void {
  const announcer = element('announcer');
  announcer.textContent = '';
  requestAnimationFrame(() => (announcer.textContent = text));
  // Spoken once; emptied afterwards so the page never holds a message that no longer applies.
  clearTimeout(announcedUntil);
  announcedUntil = setTimeout(() => (announcer.textContent = ''), 7000);
}

/** Messages under fields, previews, buttons: all from the current values. */
function render(): void {
  const errors = validateSetup(values(), { partition: profilePartition });
  drawLocationRows();
  for (const key of fieldKeys()) {
    const message = messageOf(key, errors);
    const control = input(key);
    if (control.value !== valueOf(key)) control.value = valueOf(key);
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
    element(`field-${key}-error`).textContent = message;
    // A fixed field may be announced again if it breaks again.
    if (!message) announced.delete(key);
  }
  const full = state.fields.moreLocations.length + 1 >= MAX_LOCATIONS;
  setEnabled(element('add-location'), !busy && !full);
  element('add-location-hint').textContent = full
    ? l10n.t('{0} locations: the most one setup holds. Make another setup (another role) for more.', MAX_LOCATIONS)
    : l10n.t('Another bucket or folder for the same role and connection, read through its own stage (up to {0} in all).', MAX_LOCATIONS);
  const invalid = Object.keys(errors).length;
  // A value or a message in the group keeps it open: nothing the form uses is hidden.
  if (ORGANIZATION_KEYS.some((key) => state.fields[key].trim() !== '' || messageOf(key, errors))) organizationGroup.open = true;
  for (const id of ACTIONS) setEnabled(element(id), invalid === 0 && !busy);
  element('buttons-note').textContent = invalid === 0 ? '' : l10n.t('The buttons need every field valid ({0} to go). Enter in a field shows what is missing.', invalid);
  // Run and Verify works for any existing role, created now or before, once a login is chosen.
  element('verify').hidden = state.fields.databendLogin === '' || !(roleCreated || existingRole?.exists);
  let previews = { permissionPolicy: '', trustPolicy: '', sql: '' };
  const fill = (pre: string, text: string, fallback: string) => (element(pre).textContent = text || fallback);
  try {
    if (invalid === 0) previews = setupPreviews(values());
  } catch {
    // The previews wait for valid values.
  }
  fill('permission-preview', previews.permissionPolicy, l10n.t('Appears when the bucket and prefix are valid.'));
  fill('trust-preview', previews.trustPolicy, l10n.t('Appears when the Databend role ARN and external ID are valid.'));
  fill('sql-preview', previews.sql, l10n.t('Appears when every field is valid.'));
  vscode.setState(state);
}

/** A location row's field changed: its stage name follows its bucket and prefix until edited. */
function changeLocation(key: FieldKey, value: string): void {
  const [, rowText, field] = key.split('.');
  const row = Number(rowText);
  const rows = state.fields.moreLocations.map((location, i) => (i === row ? { ...location, [field]: value } : location));
  const stageKey = rowKey(row, 'stageName');
  if (field === 'stageName' && !state.edited.includes(stageKey)) state.edited.push(stageKey);
  if (field !== 'stageName' && !state.edited.includes(stageKey)) rows[row] = { ...rows[row], stageName: rows[row].bucket.trim() ? defaultStageName(rows[row].bucket.trim(), rows[row].prefix.trim()) : '' };
  state.fields = { ...state.fields, moreLocations: rows };
  if (!state.touched.includes(key)) state.touched.push(key);
  remember();
  render();
}

/** Saves the inputs for the next time the form opens (debounced: values change as they are typed). */
function remember(): void {
  clearTimeout(rememberTimer);
  rememberTimer = setTimeout(() => vscode.postMessage({ type: 'remember', fields: state.fields }), 1000);
}

function change(key: FieldKey, value: string): void {
  if (key.startsWith('moreLocations.')) return changeLocation(key, value);
  state.fields = { ...state.fields, [key]: value } as State['fields'];
  if (!state.touched.includes(key)) state.touched.push(key);
  if (FOLLOWS_BUCKET.includes(key as SetupTextField) && !state.edited.includes(key)) state.edited.push(key);
  if (key === 'rolePath' || key === 'permissionsBoundary') {
    const roleName = state.fields.roleName.trim();
    if (typedForRole.roleName !== roleName) typedForRole = { roleName, keys: [] };
    if (!typedForRole.keys.includes(key)) typedForRole.keys.push(key);
  }
  if (key === 'bucket' || key === 'prefix') {
    const defaults = setupDefaults(state.fields.bucket.trim(), state.fields.prefix.trim());
    for (const follower of FOLLOWS_BUCKET) {
      if (!state.edited.includes(follower)) (state.fields as unknown as Record<string, string>)[follower] = defaults[follower as keyof typeof defaults];
    }
  }
  if (key === 'profile') {
    element('identity').textContent = l10n.t('Checking…');
    profilePartition = undefined;
    vscode.postMessage({ type: 'identity', profile: value });
  }
  if (key === 'profile' || key === 'roleName' || key === 'bucket' || key === 'prefix') lookUpRole();
  remember();
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
  const note = element('external-id-note');
  if (!existingRole?.exists) {
    note.textContent = '';
  } else if (!existingRole.externalId) {
    note.textContent = l10n.t('The existing role {0} trusts Databend without an external ID: Create in AWS adds this one.', existingRole.roleName);
  } else if (existingRole.externalId === state.fields.externalId) {
    note.textContent = l10n.t('Kept from the existing role {0}: the Databend connection presents this ID. Regenerate only to rotate it.', existingRole.roleName);
  } else {
    note.textContent = l10n.t(
      'The role {0} trusts another external ID (…{1}): Create in AWS would rotate it and asks first, since the Databend connection and its stages present the old one.',
      existingRole.roleName,
      existingRole.externalId.slice(-3),
    );
  }
}

form.addEventListener('input', (event) => {
  const target = event.target as HTMLInputElement;
  if (target.tagName === 'INPUT') change(target.name, target.value);
});
form.addEventListener('change', (event) => {
  const target = event.target as HTMLSelectElement;
  if (target.tagName === 'SELECT') change(target.name, target.value);
});
// A field's message is spoken when the user leaves the field, once per message.
form.addEventListener('focusout', (event) => {
  const target = event.target as HTMLElement;
  const key = (target as HTMLInputElement).name;
  if (!(target.tagName === 'INPUT' || target.tagName === 'SELECT') || !key) return;
  const message = messageOf(key);
  if (message && announced.get(key) !== message) {
    announced.set(key, message);
    announce(l10n.t('{0}: {1}', errorFieldLabel(key), message));
  }
});
// Enter in a text field is the form's default action: Preview plan, or what is missing.
form.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.target as HTMLElement).tagName === 'INPUT') {
    event.preventDefault();
    submit();
  }
});
form.addEventListener('submit', (event) => event.preventDefault());
// Space activates a vscode-button; the page must not scroll as well.
document.addEventListener('keydown', (event) => {
  if (event.key === ' ' && (event.target as HTMLElement).tagName === 'VSCODE-BUTTON') event.preventDefault();
});

function submit(): void {
  if (busy) return;
  state.touched = fieldKeys();
  render();
  const invalid = fieldKeys().filter((key) => messageOf(key));
  if (invalid.length === 0) {
    send('preview', element('preview'));
    return;
  }
  for (const key of invalid) announced.set(key, messageOf(key));
  const names = invalid.map(errorFieldLabel).join(', ');
  announce(invalid.length === 1 ? l10n.t('One field needs attention: {0}.', names) : l10n.t('{0} fields need attention: {1}.', invalid.length, names));
  input(invalid[0]).focus();
}

element('regenerate').addEventListener('click', () => {
  change('externalId', newExternalId());
  renderExternalIdNote();
  announce(l10n.t('A new external ID was generated.'));
});

function send(type: Action, from: HTMLElement): void {
  if (busy || from.hasAttribute('disabled')) return;
  busy = true;
  focusAtStart = document.activeElement;
  element('cancel').hidden = type !== 'verify';
  requestId += 1;
  element('outcome').hidden = true;
  element('progress').textContent = l10n.t('Working…');
  const format = EXPORTS[type];
  if (format) vscode.postMessage({ type: 'export', requestId, fields: { ...state.fields }, format });
  else vscode.postMessage({ type: type as Work, requestId, fields: { ...state.fields } });
  render();
}
for (const type of ACTIONS) {
  element(type).addEventListener('click', () => send(type, element(type)));
}
element('cancel').addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
element('add-location').addEventListener('click', addLocation);
for (const button of document.querySelectorAll<HTMLElement>('vscode-button.copy')) {
  button.addEventListener('click', () => {
    const id = button.dataset.copy ?? '';
    vscode.postMessage({ type: 'copy', text: element(`${id}-preview`).textContent ?? '' });
    announce(PREVIEWS.find((p) => p.id === id)?.copied ?? l10n.t('Copied the text.'));
  });
}

/** Shows the outcome and moves focus to it, unless the user has moved on to something else meanwhile. */
function showOutcome(title: string, lines: string[], ok: boolean): void {
  const outcome = element('outcome');
  outcome.className = `outcome ${ok ? 'ok' : 'error'}`;
  element('outcome-title').textContent = title;
  const list = element('outcome-lines');
  list.innerHTML = '';
  for (const line of lines) {
    const item = document.createElement('li');
    item.textContent = line;
    list.appendChild(item);
  }
  outcome.hidden = false;
  element('progress').textContent = '';
  const focused = document.activeElement;
  if (!focused || focused === document.body || focused === focusAtStart || focused === element('cancel')) outcome.focus();
}

window.addEventListener('message', (event: MessageEvent<SetupMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'init': {
      const profiles: ProfileOption[] = message.profiles;
      setOptions('profile', [...profiles.map((p) => ({ value: p.name, label: p.description ? `${p.name} (${p.description})` : p.name })), { value: '', label: l10n.t('Default credential chain') }]);
      setOptions('databendLogin', [{ value: '', label: l10n.t('(none: only create in AWS)') }, ...message.logins.map((c) => ({ value: c.id, label: c.name }))]);
      // The last inputs fill the form, except what the user typed before they arrived (and the names that follow it).
      if (!restored) {
        const typed = (key: string) =>
          state.touched.includes(key) ||
          (key === 'moreLocations' && state.touched.some((k) => k.startsWith('moreLocations.'))) ||
          (FOLLOWS_BUCKET.includes(key as SetupTextField) && (state.touched.includes('bucket') || state.touched.includes('prefix')));
        const remembered = Object.entries(message.fields).filter(([key, value]) => value !== undefined && !typed(key));
        state.fields = { ...state.fields, ...Object.fromEntries(remembered) };
        // A remembered row's stage name that differs from the one its bucket and prefix give was
        // the user's (it stays as typed); one that equals it follows its bucket again, as before closing.
        const own = state.fields.moreLocations.flatMap((l, row) => (l.stageName !== (l.bucket.trim() ? defaultStageName(l.bucket.trim(), l.prefix.trim()) : '') ? [rowKey(row, 'stageName')] : []));
        state.edited.push(...own.filter((key) => !state.edited.includes(key)));
      }
      render();
      change('profile', state.fields.profile);
      // A form just opened starts at its first field.
      if (document.activeElement === document.body) input('profile').focus();
      break;
    }
    case 'identity':
      if (message.profile === state.fields.profile) {
        const identity = element('identity');
        identity.textContent = message.text ?? message.error ?? '';
        identity.className = message.error ? 'identity error' : 'identity';
        // Known now: a boundary from another partition is flagged as it is typed.
        profilePartition = message.partition;
        render();
      }
      break;
    case 'role':
      if (message.profile !== state.fields.profile || message.roleName !== state.fields.roleName.trim()) break;
      existingRole = { roleName: message.roleName, exists: message.exists, externalId: message.externalId, path: message.path, permissionsBoundary: message.permissionsBoundary };
      // The role's own ID is kept unless the user typed or regenerated one.
      if (message.externalId && !state.touched.includes('externalId') && state.fields.externalId !== message.externalId) {
        state.fields = { ...state.fields, externalId: message.externalId };
      }
      // So are its path (IAM cannot move a role) and its boundary (an empty field would remove
      // it), also over what was typed for another role, unless typed for this one.
      if (message.exists) {
        const typedHere = (key: SetupTextField) => typedForRole.roleName === message.roleName && typedForRole.keys.includes(key);
        if (!typedHere('rolePath')) state.fields = { ...state.fields, rolePath: !message.path || message.path === '/' ? '' : message.path };
        if (!typedHere('permissionsBoundary')) state.fields = { ...state.fields, permissionsBoundary: message.permissionsBoundary ?? '' };
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
      if (message.requestId === requestId) element('progress').textContent = message.text;
      break;
    case 'result':
      if (message.requestId !== requestId) break;
      busy = false;
      element('cancel').hidden = true;
      if (message.canVerify) roleCreated = true;
      render();
      showOutcome(message.title, message.lines, message.ok);
      focusAtStart = null;
      break;
  }
});

render();
vscode.postMessage({ type: 'ready' });
