/**
 * Turns on one connection, first come first served: a holder (a transaction, or one statement outside any) has
 * it until it lets go. Taking a free gate is synchronous, so the common case costs no extra tick.
 */
export class ConnectionGate {
  private holder: object | null = null;
  private readonly waiting: { owner: object; admit: () => void }[] = [];

  isHeldBy(owner: object): boolean {
    return this.holder === owner;
  }

  /** Undefined when `owner` now holds the gate; otherwise a promise that resolves once it does. */
  enter(owner: object): Promise<void> | undefined {
    if (this.holder === null) {
      this.holder = owner;
      return undefined;
    }
    return new Promise((admit) => this.waiting.push({ owner, admit }));
  }

  leave(owner: object): void {
    if (this.holder !== owner) return;
    const next = this.waiting.shift();
    this.holder = next?.owner ?? null;
    next?.admit();
  }
}
