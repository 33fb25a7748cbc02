import { ComposeError } from '../compose/errors.ts';
import { ArgumentError, ExitCode, UsageError, processIO, type CliIO, type Command } from './io.ts';
import { commands } from './commands/index.ts';
import { VERSION } from './version.ts';

const USAGE = `Usage: cdk8s-compose <command> [options] | --version

Turns Docker Compose projects into Kubernetes manifests.

Commands:
${commands.map((c) => `  ${c.name.padEnd(16)}${c.summary}`).join('\n')}

Run 'cdk8s-compose <command> --help' for a command's options.
Exit codes: 0 ok, 1 bad input, 2 bad usage.
`;

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(USAGE);
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout(`cdk8s-compose ${VERSION}\n`);
    return ExitCode.ok;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`cdk8s-compose: unknown command '${name}'; see 'cdk8s-compose --help'\n`);
    return ExitCode.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage);
    return ExitCode.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportFailure(error, command, io);
  }
}

function reportFailure(error: unknown, command: Command, io: CliIO): number {
  if (error instanceof UsageError) {
    io.stderr(`cdk8s-compose ${command.name}: ${error.message}; see 'cdk8s-compose ${command.name} --help'\n`);
    return ExitCode.usage;
  }
  if (error instanceof ComposeError) {
    io.stderr(`error: ${error.format()}\n`);
    return ExitCode.badInput;
  }
  if (error instanceof ArgumentError) {
    io.stderr(`error: ${error.message}\n`);
    return ExitCode.badInput;
  }
  // Anything else is our bug, but users still get one line, not a stack trace.
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`error: ${message}\n`);
  return ExitCode.badInput;
}

/** Runs the CLI on `argv` (the arguments after the script's name) as this process's work. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await runCli(argv, processIO());
}
