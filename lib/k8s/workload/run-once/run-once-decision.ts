/**
 * The one answer to "does this service run to completion?" for the rules that ask it of another
 * service than the one they translate (task-written-folders.ts: whether a folder is written by a
 * task for its readers). The translation decides each service's workload once, with the options
 * (x-kubernetes, ofelia's and compose's jobs, the hand-run tools) and the image facts
 * (an image script ending in `exit`, an image HEALTHCHECK), and records that decision for the
 * project its rules read, and every project built from it (translate.ts). Deciding it a second time from the compose file alone
 * disagreed with the plan: a built service whose image script renders a file and exits ran as a
 * Job, but its folder was copied into an emptyDir per pod as if no task wrote it, so the server
 * never saw the file; a task-named service whose image has a HEALTHCHECK stayed a Deployment but
 * its folder was said to be written "by a task that runs once" (until 2026-12-07).
 */
import type { ComposeProject, Service } from '../../../compose/model.ts';
import type { ImageFacts } from '../../../images/facts.ts';
import { own } from '../../plan/own.ts';
import { chooseWorkload } from '../stateful.ts';

/** What the translation decided for a project's services. */
export interface RunOnceDecision {
  /** Whether the service runs to completion: a Job or a CronJob. */
  runsOnce(service: string): boolean;
  /** The facts of the service's image (its Dockerfile's or the lock file's), undefined when unknown. */
  image(service: string): ImageFacts | undefined;
}

/**
 * Where a project carries the translation's decision: a property of its own, under a key of this
 * module, which a spread copies (`{ ...project, services }`), so a later step that builds a new
 * project object from a decided one passes the decision along. Kept in a WeakMap beside the project,
 * a step that made a new project (mounts added, files rewritten) fell back to the compose file alone
 * (until 2026-12-07). A symbol: no JSON, YAML or key listing of the project sees it.
 */
const DECISION: unique symbol = Symbol('run-once decision');
type Decided = ComposeProject & { readonly [DECISION]?: RunOnceDecision };
const composeOnly = new WeakMap<ComposeProject, RunOnceDecision>();

/** The project with the translation's decision, which the rules read and later projects built from it keep. */
export function withRunOnceDecision<P extends ComposeProject>(project: P, decision: RunOnceDecision): P {
  const known = new Map<string, boolean>();
  const recorded: RunOnceDecision = {
    runsOnce: (service) => {
      let runs = known.get(service);
      if (runs === undefined) known.set(service, (runs = decision.runsOnce(service)));
      return runs;
    },
    image: (service) => decision.image(service),
  };
  return { ...project, [DECISION]: recorded };
}

/**
 * The decision recorded for `project`; for a project no translation decided (a rule called on its
 * own, in its tests), the workload chooseWorkload gives by the compose file alone.
 */
export function runOnceDecision(project: ComposeProject): RunOnceDecision {
  const decided = (project as Decided)[DECISION] ?? composeOnly.get(project);
  if (decided) return decided;
  const tasks = new Set(
    Object.values(project.services)
      .filter((service: Service) => {
        const kind = chooseWorkload(project, service, {}, () => undefined);
        return kind === 'Job' || kind === 'CronJob';
      })
      .map((service) => service.name),
  );
  const fallback: RunOnceDecision = { runsOnce: (service) => tasks.has(service) && own(project.services, service) !== undefined, image: () => undefined };
  composeOnly.set(project, fallback);
  return fallback;
}
