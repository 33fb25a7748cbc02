/**
 * Bad input to the team dashboard manager or CLI: the message is complete on its own and names the
 * offending field, so the CLI prints it as one line and exits 1.
 */
export class TeamDashboardInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'TeamDashboardInputError';
  }
}
