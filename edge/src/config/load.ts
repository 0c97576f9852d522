import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { applyEnvOverrides } from './env.js';
import { ConfigError, describeIssues } from './errors.js';
import { StationConfig } from './schema.js';

const parseText = (text: string, file: string): unknown => {
  try {
    return extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(
      `${file}: not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
    );
  }
};

/** Validates an already parsed config object (plus environment overrides). */
export const parseConfig = (
  raw: unknown,
  env: Readonly<Record<string, string | undefined>> = {},
  origin = 'config',
): StationConfig => {
  const { value, sources } = applyEnvOverrides(raw, env);
  const result = StationConfig.safeParse(value);
  if (result.success) return result.data;
  const problems = describeIssues(result.error.issues, value, sources);
  throw new ConfigError(`${origin} is invalid:\n  ${problems.join('\n  ')}`, problems);
};

/** Reads a YAML or JSON config file; throws ConfigError naming each bad key, its value and what was expected. */
export const loadConfig = (
  file: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): StationConfig => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  return parseConfig(parseText(text, file), env, file);
};
