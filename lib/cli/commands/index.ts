import type { Command } from '../io.ts';
import { completionCommand } from './completion.ts';
import { configCommand } from './config.ts';
import { convertCommand } from './convert.ts';
import { imagesCommand } from './images.ts';
import { secretsCommand } from './secrets.ts';
import { teamDashboardCommand } from './team-dashboard.ts';

/** Every subcommand, in the order `--help` lists them. Each lives in its own module. */
export const commands: readonly Command[] = [configCommand, convertCommand, imagesCommand, secretsCommand, teamDashboardCommand, completionCommand];
