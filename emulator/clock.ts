/**
 * Time is injected (as Miniflare does) so purchase jobs can be driven by a test without sleeping.
 * `now()` is epoch milliseconds.
 */
export interface Clock {
    now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock a test moves by hand. */
export class ManualClock implements Clock {
    constructor(private t = Date.parse("2026-05-28T08:30:00.000Z")) {}
    now(): number {
        return this.t;
    }
    advance(ms: number): void {
        this.t += ms;
    }
}

export const iso = (ms: number): string => new Date(ms).toISOString();
