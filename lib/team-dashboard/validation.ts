import { CSS_NAMED_COLORS } from './css-colors.ts';
import { TeamDashboardInputError } from './errors.ts';

/** What a team dashboard shows: the team's display name and color, and optionally its own resources. */
export interface TeamDashboardConfig {
  /** Display name, 1–64 letters, digits, spaces and `-_.,'&()+`. */
  readonly name: string;
  /** `#rgb`, `#rrggbb` or a CSS named color. */
  readonly color: string;
  /** Memory request and limit as a Kubernetes quantity (`256Mi`). @default the template's */
  readonly memoryLimit?: string;
  /** CPU request and limit as a Kubernetes quantity (`250m`, `0.5`). @default the template's */
  readonly cpu?: string;
}

const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const MAX_LABEL_VALUE = 63;
const TEAM_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.,'&()+-]*$/u;
const MAX_TEAM_NAME = 64;
const HEX_COLOR = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const MEMORY = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const CPU = /^([0-9]+(?:\.[0-9]{1,3})?)(m?)$/;
const MEMORY_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
/** Kubernetes keeps resource quantities as 64-bit integers (bytes, millicores); larger ones cannot be a limit. */
const MAX_QUANTITY = 2 ** 63 - 1;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_NAMESPACE = 63;

/** A namespace is a DNS label: lowercase letters, digits and '-', at most 63 characters. */
export function validateNamespace(namespace: string): string {
  if (namespace.length === 0) throw new TeamDashboardInputError('namespace', 'must not be empty');
  if (namespace.length > MAX_NAMESPACE || !NAMESPACE.test(namespace)) {
    throw new TeamDashboardInputError(
      'namespace',
      `'${namespace}' is not a valid namespace: at most ${MAX_NAMESPACE} lowercase letters, digits and '-', starting and ending with a letter or digit`,
    );
  }
  return namespace;
}

/**
 * Exercise and team ids become label values (`scip.exercise`, `scip.team`) and select the objects
 * `cleanup` deletes, so they must be valid label values; they are not lowercased or rewritten.
 */
export function validateId(field: string, id: string): string {
  if (id.length === 0) throw new TeamDashboardInputError(field, 'must not be empty');
  if (id.length > MAX_LABEL_VALUE) {
    throw new TeamDashboardInputError(field, `'${id}' is ${id.length} characters, at most ${MAX_LABEL_VALUE} are allowed`);
  }
  if (!LABEL_VALUE.test(id)) {
    throw new TeamDashboardInputError(
      field,
      `'${id}' is not a valid Kubernetes label value: use letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
    );
  }
  return id;
}

export function validateConfig(config: TeamDashboardConfig): TeamDashboardConfig {
  validateTeamName(config.name);
  validateColor(config.color);
  if (config.memoryLimit !== undefined) validateMemory(config.memoryLimit);
  if (config.cpu !== undefined) validateCpu(config.cpu);
  return config;
}

function validateTeamName(name: string): void {
  const length = [...name].length;
  if (length === 0 || length > MAX_TEAM_NAME) {
    throw new TeamDashboardInputError('name', `must be 1 to ${MAX_TEAM_NAME} characters, got ${length}`);
  }
  if (!TEAM_NAME.test(name) || name.endsWith(' ')) {
    throw new TeamDashboardInputError(
      'name',
      `'${name}' may contain only letters, digits, spaces and -_.,'&()+, starting with a letter or digit and not ending with a space`,
    );
  }
}

function validateColor(color: string): void {
  if (HEX_COLOR.test(color) || CSS_NAMED_COLORS.has(color.toLowerCase())) return;
  throw new TeamDashboardInputError('color', `'${color}' is not #rgb, #rrggbb or a CSS named color`);
}

function validateMemory(memory: string): void {
  if (/^[0-9.]+m$/.test(memory)) {
    // Docker's `256m` is mebibytes; to Kubernetes it means 0.256 bytes.
    throw new TeamDashboardInputError('memoryLimit', `'${memory}' means millibytes in Kubernetes; write ${memory.slice(0, -1)}Mi`);
  }
  const match = MEMORY.exec(memory);
  const bytes = match ? Number(match[1]) * (MEMORY_UNITS[match[2] ?? ''] ?? 1) : 0;
  if (!(bytes > 0)) {
    throw new TeamDashboardInputError('memoryLimit', `'${memory}' is not a positive Kubernetes memory quantity such as 256Mi or 1Gi`);
  }
  if (bytes > MAX_QUANTITY) throw new TeamDashboardInputError('memoryLimit', `'${memory}' is larger than Kubernetes can represent (8Ei)`);
}

function validateCpu(cpu: string): void {
  const match = CPU.exec(cpu);
  const millicores = match ? Number(match[1]) * (match[2] === 'm' ? 1 : 1000) : 0;
  if (!(millicores > 0) || (match?.[2] === 'm' && match[1]?.includes('.'))) {
    throw new TeamDashboardInputError('cpu', `'${cpu}' is not a positive Kubernetes CPU quantity such as 250m or 0.5`);
  }
  if (millicores > MAX_QUANTITY) throw new TeamDashboardInputError('cpu', `'${cpu}' is larger than Kubernetes can represent`);
}
