import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { Scenario } from './schema.js';

export class ScenarioError extends Error {
  readonly code = 'SCENARIO_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** Validates a scenario object; the message names each bad key and what was expected. */
export function parseScenario(raw: unknown, origin = 'scenario'): Scenario {
  const result = Scenario.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`,
  );
  throw new ScenarioError(`${origin} is invalid:\n  ${problems.join('\n  ')}`);
}

/** Reads a scenario file (YAML). */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new ScenarioError(`${file} is not valid YAML: ${(err as Error).message}`);
  }
  return parseScenario(raw, file);
}
