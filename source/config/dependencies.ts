import type { ApiConfig } from './types.js';

/** resolve.ts's issue shape, restated: that module imports this one. */
interface ResolveIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Every `dependsOn` names a known API, and the dependencies have no cycle: in a cycle each API would
 * suppress the next, and a shared outage would page nobody. A cycle is reported once, at the edge that
 * closes it, naming its whole path.
 */
export function checkDependencies(apis: readonly ApiConfig[], issues: ResolveIssue[]): void {
  const ids = new Set(apis.map((api) => api.id));
  const edges = new Map(apis.map((api) => [api.id, api.dependsOn.filter((parent) => ids.has(parent))]));
  for (const api of apis) {
    api.dependsOn.forEach((parent, index) => {
      if (!ids.has(parent)) issues.push({ path: ['apis', api.id, 'dependsOn', index], message: `unknown API "${parent}" in dependsOn` });
      else if (parent === api.id) issues.push({ path: ['apis', api.id, 'dependsOn', index], message: `API "${api.id}" cannot depend on itself` });
    });
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    stack.push(id);
    (edges.get(id) ?? []).forEach((parent) => {
      if (parent === id) return;
      if (state.get(parent) === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(parent)), parent];
        const index = apis.find((a) => a.id === id)!.dependsOn.indexOf(parent);
        issues.push({ path: ['apis', id, 'dependsOn', index], message: `dependency cycle: ${cycle.join(' -> ')}` });
      } else if (!state.has(parent)) visit(parent);
    });
    stack.pop();
    state.set(id, 'done');
  };
  for (const api of apis) if (!state.has(api.id)) visit(api.id);
}
