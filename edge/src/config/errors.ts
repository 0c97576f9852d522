import type { z } from 'zod';

/** A config the station cannot run with. The message names key, value and expectation per problem. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Path = readonly PropertyKey[];

export const formatPath = (path: Path): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') ||
  '(top level)';

const valueAt = (root: unknown, path: Path): unknown => {
  let v: unknown = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
};

const show = (v: unknown): string => {
  if (v === undefined) return 'missing';
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const listOf = (values: readonly unknown[]): string => values.map((v) => String(v)).join(', ');

const expectation = (issue: z.core.$ZodIssue): string => {
  switch (issue.code) {
    case 'invalid_value':
      return `is not one of ${listOf(issue.values)}`;
    case 'invalid_union':
      return 'options' in issue && Array.isArray(issue.options)
        ? `is not one of ${listOf(issue.options)}`
        : 'matches none of the allowed forms';
    case 'invalid_type':
      return `is not ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `needs at least ${issue.minimum} entries`
        : `is below the minimum ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `has more than ${issue.maximum} entries`
        : `is above the maximum ${issue.maximum}`;
    case 'invalid_format':
      return `is not ${issue.message}`;
    default:
      return issue.message;
  }
};

/** One line per issue: `compartments[3].zone: "freezer" is not one of ambient, chilled, cold, frozen`. */
export const describeIssues = (
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  sources: ReadonlyMap<string, string>,
): string[] =>
  issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((k) => `${formatPath([...issue.path, k])}: unknown key (typo?)`);
    const path = issue.path;
    const value = issue.code === 'custom' && 'input' in issue ? issue.input : valueAt(input, path);
    const from = sources.get(path.map(String).join('.'));
    const origin = from ? ` (from ${from})` : '';
    return [`${formatPath(path)}: ${show(value)}${origin} ${expectation(issue)}`];
  });
