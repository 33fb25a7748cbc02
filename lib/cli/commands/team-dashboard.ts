import { parseArgs } from 'node:util';
import { manifestsToYaml } from '../../k8s/output/synth.ts';
import { dashboardManifests } from '../../team-dashboard/manifests.ts';
import { dashboardIngress, validateRoute } from '../../team-dashboard/route.ts';
import { validateNamespace } from '../../team-dashboard/validation.ts';
import { DEFAULT_DASHBOARD_IMAGE, DEFAULT_MAX_EXERCISE_SECONDS } from '../../team-dashboard/names.ts';
import { ExitCode, UsageError, type CliIO, type Command } from '../io.ts';

const USAGE = `Usage: cdk8s-compose team-dashboard --exercise E --team T --name N --color C [options]

Prints the Job and Service (and, with --route-domain, the Ingress) that SCIP's orchestration service
creates for one team's dashboard, as YAML for 'kubectl apply -f -'. Built from the default
team-dashboard template; no cluster needed.

Options:
  --exercise ID       exercise id (a Kubernetes label value)
  --team ID           team id (a Kubernetes label value)
  --name NAME         team display name
  --color COLOR       #rgb, #rrggbb or a CSS color name
  -n, --namespace NS  namespace of the objects (default: kubectl's current namespace)
  --image IMAGE       dashboard image (default: ${DEFAULT_DASHBOARD_IMAGE}, as the template's)
  --image-registry R  registry the image is pulled from (R/IMAGE), as the chart's imageRegistry
  --max-seconds N     activeDeadlineSeconds: longest the dashboard runs (default: ${DEFAULT_MAX_EXERCISE_SECONDS})
  --memory QUANTITY   memory request and limit (default: 256Mi)
  --cpu QUANTITY      CPU request and limit (default: 250m)
  --route-domain D    also the team's Ingress, host <dashboard name>.D, as the manager's route
  --route-class C     its IngressClass (default: the cluster's default class)
  --route-tls-secret S  its TLS Secret for *.D (the URL is then https)

Exit codes: 0 ok, 1 bad input, 2 bad usage.
`;

const OPTIONS = {
  exercise: { type: 'string' },
  team: { type: 'string' },
  name: { type: 'string' },
  color: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  image: { type: 'string' },
  'image-registry': { type: 'string' },
  'max-seconds': { type: 'string' },
  memory: { type: 'string' },
  cpu: { type: 'string' },
  'route-domain': { type: 'string' },
  'route-class': { type: 'string' },
  'route-tls-secret': { type: 'string' },
} as const;

function parse(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function required(values: ReturnType<typeof parse>, option: 'exercise' | 'team' | 'name' | 'color'): string {
  const value = values[option];
  if (value === undefined) throw new UsageError(`--${option} is required`);
  return value;
}

function positiveInteger(option: string, text: string): number {
  const value = Number(text);
  if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(value)) throw new UsageError(`${option} must be a positive whole number of seconds`);
  return value;
}

function run(args: readonly string[], io: CliIO): number {
  const values = parse(args);
  const image = values.image ?? DEFAULT_DASHBOARD_IMAGE;
  // Checked before anything is built: `-n ''` must not fall back to the current namespace.
  if (values.namespace !== undefined) validateNamespace(values.namespace);
  const manifests = dashboardManifests(
    {
      exerciseId: required(values, 'exercise'),
      teamId: required(values, 'team'),
      config: {
        name: required(values, 'name'),
        color: required(values, 'color'),
        ...(values.memory === undefined ? {} : { memoryLimit: values.memory }),
        ...(values.cpu === undefined ? {} : { cpu: values.cpu }),
      },
      ...(values.namespace === undefined ? {} : { namespace: values.namespace }),
    },
    {
      // The template's namespace does not reach the printed objects; only `-n` does.
      namespace: values.namespace ?? 'default',
      image: values['image-registry'] === undefined ? image : `${values['image-registry']}/${image}`,
      ...(values['max-seconds'] === undefined ? {} : { maxExerciseSeconds: positiveInteger('--max-seconds', values['max-seconds']) }),
    },
  );
  const domain = values['route-domain'];
  if (domain === undefined && (values['route-class'] !== undefined || values['route-tls-secret'] !== undefined)) {
    throw new UsageError('--route-class and --route-tls-secret need --route-domain');
  }
  const route = domain === undefined ? undefined : validateRoute({
    domain,
    ...(values['route-class'] === undefined ? {} : { className: values['route-class'] }),
    ...(values['route-tls-secret'] === undefined ? {} : { tlsSecretName: values['route-tls-secret'] }),
  });
  const [job] = manifests;
  // Quoted for YAML 1.1 readers too, so a team called `on` stays a string for kubectl.
  io.stdout(manifestsToYaml(route === undefined ? manifests : [...manifests, dashboardIngress(job, route)]));
  return ExitCode.ok;
}

export const teamDashboardCommand: Command = {
  name: 'team-dashboard',
  summary: 'Print the Job, Service (and Ingress) of one SCIP team dashboard',
  usage: USAGE,
  run,
};
