import * as l10n from '@vscode/l10n';
// IAM Access Analyzer's ValidatePolicy findings on the generated documents, read for the
// plan: grouped by severity, each with its issue code, details and document, and whether
// they block Create. Pure: the call itself is src/aws/accessAnalyzer.ts.
//
// Source: IAM Access Analyzer API reference, ValidatePolicy (findingType ERROR |
// SECURITY_WARNING | WARNING | SUGGESTION; locations as a path of index / key / value /
// substring elements) and "IAM Access Analyzer policy check reference" (an ERROR is a
// policy IAM would reject or that does not work; a SECURITY_WARNING grants access AWS
// considers overly permissive). Both block here; warnings and suggestions are shown only.

export type FindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

/** The two documents the setup generates. */
export type AnalyzedDocument = 'permissionPolicy' | 'trustPolicy';

/** One element of a finding's location path, as ValidatePolicy returns it. */
export interface FindingPathElement {
  index?: number;
  key?: string;
  value?: string;
  substring?: { start?: number; length?: number };
}

export interface AnalyzerFinding {
  document: AnalyzedDocument;
  /** As AWS sent it; an unknown type counts as a WARNING. */
  findingType: string;
  issueCode: string;
  details: string;
  learnMoreLink?: string;
  /** Each location's path in the document (the first few are shown). */
  locations: FindingPathElement[][];
}

/**
 * What Access Analyzer said: `checked` with every finding of both documents, or
 * `notChecked` with the reason (no permission, not available, unreachable): never a block.
 */
export type AnalyzerReport = { status: 'checked'; region: string; findings: AnalyzerFinding[] } | { status: 'notChecked'; reason: string };

/** Severity order, most severe first. */
export const FINDING_TYPES: readonly FindingType[] = ['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION'];

const GROUP_TITLES: Record<FindingType, string> = {
  ERROR: 'Errors (block Create)',
  SECURITY_WARNING: 'Security warnings (block Create)',
  WARNING: 'Warnings',
  SUGGESTION: 'Suggestions',
};

const DOCUMENT_NAMES: Record<AnalyzedDocument, string> = { permissionPolicy: 'the permission policy', trustPolicy: 'the trust policy' };

/** The finding's severity; a type this version does not know counts as a WARNING (shown, not blocking). */
export function severityOf(finding: AnalyzerFinding): FindingType {
  return (FINDING_TYPES as readonly string[]).includes(finding.findingType) ? (finding.findingType as FindingType) : 'WARNING';
}

/** Whether a finding of this severity blocks Create in AWS and the exports. */
export function blocks(type: FindingType): boolean {
  return type === 'ERROR' || type === 'SECURITY_WARNING';
}

/**
 * A location path as a reader finds it in the JSON, e.g. `Statement[0].Condition.StringEquals`.
 * AWS's own examples name object keys with `value` elements too (`{"value":"Statement"}`):
 * a `value` reads as the value of a key only right after a `key` element.
 */
export function pathText(path: readonly FindingPathElement[]): string {
  let text = '';
  path.forEach((element, i) => {
    if (element.index !== undefined) text += `[${element.index}]`;
    else if (element.key !== undefined) text += `${text ? '.' : ''}${element.key}`;
    else if (element.value !== undefined) text += path[i - 1]?.key !== undefined ? ` = ${JSON.stringify(element.value)}` : `${text ? '.' : ''}${element.value}`;
    else if (element.substring) text += ` (characters ${element.substring.start ?? 0}–${(element.substring.start ?? 0) + (element.substring.length ?? 0)})`;
  });
  return text;
}

/** One finding on one line: the document, the issue code, the details, where, and the link. */
export function findingLine(finding: AnalyzerFinding): string {
  const where = finding.locations
    .map(pathText)
    .filter((p) => p !== '')
    .slice(0, 2);
  return (
    `${DOCUMENT_NAMES[finding.document]}: ${finding.issueCode}: ${finding.details.trim()}` +
    `${where.length > 0 ? ` (at ${where.join(', ')})` : ''}${finding.learnMoreLink ? ` See ${finding.learnMoreLink}` : ''}`
  );
}

/** Findings grouped by severity, most severe first, each group in the order AWS gave them; empty groups left out. */
export function groupFindings(findings: readonly AnalyzerFinding[]): { type: FindingType; findings: AnalyzerFinding[] }[] {
  return FINDING_TYPES.map((type) => ({ type, findings: findings.filter((f) => severityOf(f) === type) })).filter((g) => g.findings.length > 0);
}

/** The plan's Access Analyzer section: a heading, then each severity group with its findings indented. */
export function describeAnalyzer(report: AnalyzerReport): string[] {
  if (report.status === 'notChecked') {
    return ['Access Analyzer (ValidatePolicy): not checked', `   ${report.reason}`];
  }
  const heading = `Access Analyzer (ValidatePolicy, ${report.region}):`;
  if (report.findings.length === 0) return [heading, '✓ No findings in the permission policy or the trust policy'];
  return [heading, ...groupFindings(report.findings).flatMap((g) => [`${blocks(g.type) ? '✗' : '·'} ${GROUP_TITLES[g.type]}: ${g.findings.length}`, ...g.findings.map((f) => `   ${findingLine(f)}`)])];
}

/** One sentence for a notification: "IAM Access Analyzer: no findings." / "…: 1 warning, 2 suggestions." / "…: not checked (why)." */
export function analyzerSummary(report: AnalyzerReport): string {
  if (report.status === 'notChecked') return `IAM Access Analyzer: not checked (${report.reason.replace(/\.$/, '')}).`;
  if (report.findings.length === 0) return 'IAM Access Analyzer: no findings.';
  const names: Record<FindingType, string> = { ERROR: 'error', SECURITY_WARNING: 'security warning', WARNING: 'warning', SUGGESTION: 'suggestion' };
  return `IAM Access Analyzer: ${groupFindings(report.findings)
    .map((g) => `${g.findings.length} ${names[g.type]}${g.findings.length > 1 ? 's' : ''}`)
    .join(', ')}.`;
}

/** Whether the report holds a finding that blocks Create. */
export function analyzerBlocks(report: AnalyzerReport | undefined): boolean {
  return report?.status === 'checked' && report.findings.some((f) => blocks(severityOf(f)));
}

/**
 * Why Create (and an export) must not run, or undefined when nothing blocks: a report that
 * is `notChecked` never blocks. The message names the first blocking findings and what to do.
 */
export function analyzerBlocksCreate(report: AnalyzerReport | undefined): string | undefined {
  if (!report || report.status !== 'checked') return undefined;
  const blocking = report.findings.filter((f) => blocks(severityOf(f)));
  if (blocking.length === 0) return undefined;
  const errors = blocking.filter((f) => severityOf(f) === 'ERROR').length;
  const warnings = blocking.length - errors;
  const counted = [errors && `${errors} error${errors > 1 ? 's' : ''}`, warnings && `${warnings} security warning${warnings > 1 ? 's' : ''}`].filter(Boolean).join(' and ');
  const shown = blocking.slice(0, 2).map((f) => `${severityOf(f)} in ${findingLine(f)}`);
  const more = blocking.length > 2 ? ` (and ${blocking.length - 2} more)` : '';
  const documents = new Set(blocking.map((f) => f.document));
  const fix = [
    documents.has('trustPolicy') ? 'the Databend role ARN or the external ID (trust policy)' : '',
    documents.has('permissionPolicy') ? 'the bucket, the path prefix or the KMS key ARN (permission policy)' : '',
  ]
    .filter(Boolean)
    .join(', or ');
  return (
    l10n.t('Nothing was changed: IAM Access Analyzer reported {0} in the generated documents. {1}{2}. ', counted, shown.join('. '), more) +
    l10n.t('Correct {0} and preview the plan again; if the values are right, report the finding as a problem of this extension.', fix)
  );
}
