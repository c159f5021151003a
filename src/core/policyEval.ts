// One IAM policy document evaluated for one request, by IAM's rules for a single policy:
// an explicit Deny wins, else an Allow allows, else the request is implicitly denied.
// Pure and small on purpose: it covers the grammar the extension's documents use (and the
// common mistakes a check must catch), and says so when it meets anything else instead
// of guessing. Tests compare every decision with @cloud-copilot/iam-simulate.
//
// Sources: IAM User Guide, "Policy evaluation logic" (deny > allow > implicit deny),
// "IAM JSON policy elements" (Effect, Principal, NotPrincipal, Action, NotAction,
// Resource, NotResource, Condition) and "Condition operators" (String*, Arn*, Bool, Null,
// …IfExists; a negated operator is true when the key is missing).

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface EvalRequest {
  /** e.g. s3:GetObject (matched case-insensitively, as IAM does). */
  action: string;
  /** The ARN acted on (matched case-sensitively, segment by segment). */
  resource: string;
  /**
   * The caller's ARN. Set it to evaluate a resource-based policy (a trust policy), whose
   * statements name principals; leave it out for an identity-based policy, whose don't.
   */
  principal?: string;
  /** Condition keys of the request (names case-insensitive), e.g. { 'sts:ExternalId': 'abc' }. */
  context?: Record<string, string>;
}

/** The decision, or why this evaluator cannot give one (an element it does not implement). */
export type Evaluation = { decision: Decision } | { unsupported: string };

type Values = string | string[];

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

class Unsupported extends Error {}

function list(value: unknown, what: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new Unsupported(`${what} is neither a string nor a list of strings`);
}

/** IAM's wildcards: * any run of characters, ? one character. */
function glob(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

function matchesAction(pattern: string, action: string): boolean {
  return glob(pattern, action, true);
}

/** ARNs match segment by segment (arn:partition:service:region:account:resource); "*" matches all. */
function matchesResource(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const split = (s: string) => {
    const parts = s.split(':');
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const p = split(pattern);
  const a = split(arn);
  if (!p || !a) return glob(pattern, arn, false);
  return p.every((segment, i) => glob(segment, a[i], false));
}

/** A principal element against the caller: "*", an ARN, an account ID or its root ARN. */
function matchesPrincipal(element: unknown, caller: string): boolean {
  if (element === '*') return true;
  if (!element || typeof element !== 'object' || Array.isArray(element)) throw new Unsupported('Principal is neither "*" nor an object');
  const callerAccount = caller.split(':')[4];
  for (const [kind, value] of Object.entries(element as Record<string, unknown>)) {
    if (kind !== 'AWS') continue; // Service, Federated, CanonicalUser: never a role ARN of ours.
    for (const entry of list(value, 'Principal.AWS')) {
      if (entry === '*' || entry === caller) return true;
      if (callerAccount && (entry === callerAccount || entry === `arn:${caller.split(':')[1]}:iam::${callerAccount}:root`)) return true;
    }
  }
  return false;
}

type Operator = (expected: string, actual: string) => boolean;

const OPERATORS: Record<string, { test: Operator; negated: boolean }> = {
  StringEquals: { test: (e, a) => e === a, negated: false },
  StringNotEquals: { test: (e, a) => e === a, negated: true },
  StringEqualsIgnoreCase: { test: (e, a) => e.toLowerCase() === a.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { test: (e, a) => e.toLowerCase() === a.toLowerCase(), negated: true },
  StringLike: { test: (e, a) => glob(e, a, false), negated: false },
  StringNotLike: { test: (e, a) => glob(e, a, false), negated: true },
  ArnEquals: { test: (e, a) => matchesResource(e, a), negated: false },
  ArnLike: { test: (e, a) => matchesResource(e, a), negated: false },
  ArnNotEquals: { test: (e, a) => matchesResource(e, a), negated: true },
  ArnNotLike: { test: (e, a) => matchesResource(e, a), negated: true },
  Bool: { test: (e, a) => e.toLowerCase() === a.toLowerCase(), negated: false },
};

function contextValue(context: Record<string, string>, key: string): string | undefined {
  const lower = key.toLowerCase();
  const found = Object.keys(context).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : context[found];
}

/** Every operator block must hold, every key in it must hold, any of a key's values may match. */
function conditionsHold(condition: unknown, context: Record<string, string>): boolean {
  if (condition === undefined) return true;
  if (!condition || typeof condition !== 'object') throw new Unsupported('Condition is not an object');
  for (const [name, block] of Object.entries(condition as Record<string, unknown>)) {
    if (!block || typeof block !== 'object') throw new Unsupported(`Condition ${name} is not an object`);
    if (name.includes(':')) throw new Unsupported(`the set operator ${name}`);
    const ifExists = name.endsWith('IfExists');
    const base = ifExists ? name.slice(0, -'IfExists'.length) : name;
    for (const [key, raw] of Object.entries(block as Record<string, Values>)) {
      const expected = list(raw, `Condition ${name} ${key}`);
      const actual = contextValue(context, key);
      if (base === 'Null') {
        const wantsMissing = expected.some((e) => e.toLowerCase() === 'true');
        if ((actual === undefined) !== wantsMissing) return false;
        continue;
      }
      const operator = OPERATORS[base];
      if (!operator) throw new Unsupported(`the condition operator ${name}`);
      if (actual === undefined) {
        if (ifExists || operator.negated) continue;
        return false;
      }
      const anyMatch = expected.some((e) => operator.test(e, actual));
      if (operator.negated ? anyMatch : !anyMatch) return false;
    }
  }
  return true;
}

function statementApplies(s: Statement, request: EvalRequest): boolean {
  if (request.principal !== undefined) {
    if (s.Principal !== undefined && !matchesPrincipal(s.Principal, request.principal)) return false;
    if (s.NotPrincipal !== undefined && matchesPrincipal(s.NotPrincipal, request.principal)) return false;
    if (s.Principal === undefined && s.NotPrincipal === undefined) throw new Unsupported('a statement of a resource-based policy names no principal');
  } else if (s.Principal !== undefined || s.NotPrincipal !== undefined) {
    throw new Unsupported('a statement of an identity-based policy names a principal');
  }
  if (s.Action !== undefined) {
    if (!list(s.Action, 'Action').some((a) => matchesAction(a, request.action))) return false;
  } else if (s.NotAction !== undefined) {
    if (list(s.NotAction, 'NotAction').some((a) => matchesAction(a, request.action))) return false;
  } else {
    throw new Unsupported('a statement has neither Action nor NotAction');
  }
  // A resource-based policy's statements may leave Resource out: they apply to the resource holding them.
  if (s.Resource !== undefined) {
    if (!list(s.Resource, 'Resource').some((r) => matchesResource(r, request.resource))) return false;
  } else if (s.NotResource !== undefined) {
    if (list(s.NotResource, 'NotResource').some((r) => matchesResource(r, request.resource))) return false;
  } else if (request.principal === undefined) {
    throw new Unsupported('a statement of an identity-based policy has neither Resource nor NotResource');
  }
  return conditionsHold(s.Condition, request.context ?? {});
}

/**
 * IAM's decision on `request` by this one policy document (a parsed JSON object).
 * Never throws: an element outside what it implements gives `{ unsupported }`.
 */
export function evaluatePolicy(document: unknown, request: EvalRequest): Evaluation {
  try {
    const raw = (document as { Statement?: unknown } | undefined)?.Statement;
    if (raw === undefined) throw new Unsupported('the document has no Statement');
    const statements = (Array.isArray(raw) ? raw : [raw]) as Statement[];
    let allowed = false;
    for (const s of statements) {
      if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new Unsupported(`the Effect ${JSON.stringify(s.Effect)}`);
      if (!statementApplies(s, request)) continue;
      if (s.Effect === 'Deny') return { decision: 'ExplicitlyDenied' };
      allowed = true;
    }
    return { decision: allowed ? 'Allowed' : 'ImplicitlyDenied' };
  } catch (error) {
    if (error instanceof Unsupported) return { unsupported: error.message };
    throw error;
  }
}
