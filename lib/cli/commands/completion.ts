import { ExitCode, UsageError, type CliIO, type Command } from '../io.ts';
import { commands } from './index.ts';

const USAGE = `Usage: cdk8s-compose completion bash|zsh|fish

Prints a shell completion script for the subcommands and their options, e.g.
  source <(cdk8s-compose completion bash)        # bash, or zsh
  cdk8s-compose completion fish | source          # fish

Exit codes: 0 ok, 2 bad usage.
`;

/** A command's long options, as its usage lists them: the usage is the one place they are written. */
function optionsOf(command: Command): string[] {
  return [...new Set(command.usage.match(/--[a-z][a-z-]*/g) ?? [])].filter((option) => option !== '--help').sort();
}

function bash(): string {
  const names = commands.map((command) => command.name).join(' ');
  const cases = commands.map((command) => `    ${command.name}) options="${optionsOf(command).join(' ')} --help" ;;`).join('\n');
  return `# cdk8s-compose completion for bash (and zsh through bashcompinit)
_cdk8s_compose() {
  local current="\${COMP_WORDS[COMP_CWORD]}" options=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${names} --help --version" -- "$current"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  if [[ "$current" == -* ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$current"))
  else
    COMPREPLY=($(compgen -f -- "$current"))
  fi
}
complete -o filenames -F _cdk8s_compose cdk8s-compose
`;
}

function zsh(): string {
  return `autoload -U +X bashcompinit && bashcompinit\n${bash()}`;
}

function fish(): string {
  const lines = ['# cdk8s-compose completion for fish', 'complete -c cdk8s-compose -f -n __fish_use_subcommand -l version'];
  for (const command of commands) {
    lines.push(`complete -c cdk8s-compose -f -n __fish_use_subcommand -a ${command.name} -d '${command.summary.replace(/'/g, "\\'")}'`);
    for (const option of optionsOf(command)) lines.push(`complete -c cdk8s-compose -n '__fish_seen_subcommand_from ${command.name}' -l ${option.slice(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

const SHELLS: Readonly<Record<string, () => string>> = { bash, zsh, fish };

function run(args: readonly string[], io: CliIO): number {
  const [shell, ...rest] = args;
  const script = shell === undefined ? undefined : SHELLS[shell.toLowerCase()];
  if (!script || rest.length > 0) throw new UsageError(`give one shell: bash, zsh or fish${shell === undefined ? '' : `, not '${[shell, ...rest].join(' ')}'`}`);
  io.stdout(script());
  return ExitCode.ok;
}

export const completionCommand: Command = {
  name: 'completion',
  summary: 'Print a shell completion script (bash, zsh, fish)',
  usage: USAGE,
  run,
};
