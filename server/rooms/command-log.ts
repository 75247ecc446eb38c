import type { CommandResult } from '../protocol';

/** Results of recent presenter commands by id, so a retried command is answered, not applied again. */
export const REMEMBERED_COMMANDS = 256;

export class CommandLog {
  private readonly results = new Map<string, CommandResult>();

  get(commandId: string): CommandResult | undefined {
    return this.results.get(commandId);
  }

  remember(commandId: string, result: CommandResult): void {
    this.results.set(commandId, result);
    if (this.results.size > REMEMBERED_COMMANDS) {
      const oldest = this.results.keys().next().value;
      if (oldest !== undefined) this.results.delete(oldest);
    }
  }
}
