import type { DashboardConfig, DashboardLanguage, OperatorRole } from './config.js';

/** What one operator may see and do: the role and the station groups of the dashboard config. */
export interface Access {
  readonly operator: string;
  readonly role: OperatorRole;
  /** viewers only look; the server refuses their actions whatever the page shows */
  readonly canAct: boolean;
  readonly language: DashboardLanguage | null;
  /** the groups' names, or null for every station */
  readonly groups: readonly string[] | null;
  sees(stationId: string): boolean;
}

export const accessFor = (config: DashboardConfig, operator: string): Access => {
  const credential = config.operators.find((o) => o.name === operator);
  const role = credential?.role ?? 'viewer';
  // an admin is never scoped; an operator without groups sees the whole fleet, as before roles
  const groups = role === 'admin' ? null : (credential?.groups ?? null);
  const stations = groups ? new Set(groups.flatMap((g) => config.stationGroups[g] ?? [])) : null;
  return {
    operator,
    role,
    canAct: credential !== undefined && role !== 'viewer',
    language: credential?.language ?? null,
    groups,
    sees: (stationId) => stations === null || stations.has(stationId),
  };
};
