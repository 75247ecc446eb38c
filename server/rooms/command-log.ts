import type { ClockState } from '../protocol';

/** What a retried command is answered with: the clock its first run produced. */
export interface RememberedCommand {
  readonly clock: ClockState;
}

/** Results of recent presenter commands by id, so a retried command is answered, not applied again. */
export const REMEMBERED_COMMANDS = 256;

export class CommandLog {
  private readonly results = new Map<string, RememberedCommand>();

  get(commandId: string): RememberedCommand | undefined {
    return this.results.get(commandId);
  }

  remember(commandId: string, result: RememberedCommand): void {
    this.results.set(commandId, result);
    if (this.results.size > REMEMBERED_COMMANDS) {
      const oldest = this.results.keys().next().value;
      if (oldest !== undefined) this.results.delete(oldest);
    }
  }
}
