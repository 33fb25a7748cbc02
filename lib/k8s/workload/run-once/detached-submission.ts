/**
 * A command that hands a job to a cluster and returns once it is submitted: Flink's client in
 * detached mode (`flink run -d …`, `--detached`) and spark-submit in cluster deploy mode (its
 * standalone master then runs the driver, and the client does not wait for the application). It
 * finishes by itself, whatever the service's name. apache/flink-playgrounds' operations-playground
 * has `client` run `flink run -d /opt/ClickCountJob.jar …` with no restart: compose submits the job
 * once; as a Deployment Kubernetes ran the client again after every exit, each run submitting one
 * more copy of the job until the task slots ran out (until 2026-12-07). Without `-d`, Flink's client
 * waits for the job, which a streaming job never ends: that stays a server's shape.
 */

const PROGRAM = /^(?:[\w.-]*\/)*(flink|spark-submit)$/;

/** What submits the job, read from the last statement's words, or undefined. */
export function detachedSubmission(words: readonly string[]): string | undefined {
  const at = words.findIndex((word) => PROGRAM.test(word));
  if (at < 0) return undefined;
  const program = PROGRAM.exec(words[at]!)![1]!;
  const rest = words.slice(at + 1);
  if (program === 'flink') {
    return rest[0] === 'run' && rest.some((word) => word === '-d' || word === '--detached') ? 'flink run -d' : undefined;
  }
  const mode = rest.findIndex((word) => word === '--deploy-mode' || word.startsWith('--deploy-mode='));
  const value = mode < 0 ? undefined : rest[mode]!.includes('=') ? rest[mode]!.slice(rest[mode]!.indexOf('=') + 1) : rest[mode + 1];
  return value === 'cluster' ? 'spark-submit --deploy-mode cluster' : undefined;
}
