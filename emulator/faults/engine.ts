/**
 * Decides, per request, which faults fire. Every matching rule draws from the one seeded PRNG in a
 * fixed order, whatever it decides, so a schedule depends only on the seed and the request order.
 */
import { Prng } from "./prng";
import { FaultConfig, FaultRule, parseFaultConfig, PurchaseFailure, ruleMatches, TAMPER_MODES, TamperMode } from "./rules";

export interface FaultDecision {
    status?: 429 | 500 | 503;
    delayMs: number;
    dropBeforeCommit: boolean;
    dropAfterCommit: boolean;
    tamper: TamperMode[];
}

export class FaultEngine {
    private config: FaultConfig;
    private prng: Prng;
    readonly injected: Record<string, number> = {};

    constructor(config: unknown, private readonly defaultSeed: number) {
        this.config = parseFaultConfig(config);
        this.prng = new Prng(this.config.seed ?? defaultSeed);
    }

    /** Replaces the rules and restarts the PRNG, so a test can replay a schedule exactly. */
    configure(config: unknown): FaultConfig {
        this.config = parseFaultConfig(config);
        this.prng = new Prng(this.config.seed ?? this.defaultSeed);
        return this.config;
    }

    current(): FaultConfig {
        return this.config;
    }

    decide(method: string, path: string): FaultDecision {
        const d: FaultDecision = { delayMs: 0, dropBeforeCommit: false, dropAfterCommit: false, tamper: [] };
        for (const rule of this.config.rules) {
            if (!ruleMatches(rule, method, path)) continue;
            this.apply(rule, d);
        }
        if (d.status) this.count(`status${d.status}`);
        if (d.delayMs) this.count("latency");
        if (d.dropBeforeCommit) this.count("dropBeforeCommit");
        if (d.dropAfterCommit) this.count("dropAfterCommit");
        d.tamper.forEach((t) => this.count(`tamper.${t}`));
        return d;
    }

    /** Consumes one forced purchase failure for `step`, if a rule asks for it. */
    takePurchaseFailure(step: string, licenseSlug: string): PurchaseFailure | undefined {
        const hit = this.config.purchaseFailures.find((f) => f.step === step && f.times > 0 && (!f.licenseId || f.licenseId === licenseSlug));
        if (!hit) return undefined;
        hit.times -= 1;
        this.count(`purchaseFailure.${step}`);
        return hit;
    }

    private apply(rule: FaultRule, d: FaultDecision): void {
        const draw = (p: number | undefined): boolean => this.prng.next() < (p ?? 0);
        const r429 = draw(rule.status429), r500 = draw(rule.status500), r503 = draw(rule.status503);
        const jitter = this.prng.next();
        const before = draw(rule.dropBeforeCommit), after = draw(rule.dropAfterCommit);
        const tampers = TAMPER_MODES.filter((m) => draw(rule.tamper?.[m]));
        if (!d.status) d.status = r429 ? 429 : r500 ? 500 : r503 ? 503 : undefined;
        d.delayMs += (rule.latencyMs ?? 0) + Math.floor(jitter * (rule.jitterMs ?? 0));
        d.dropBeforeCommit ||= before;
        d.dropAfterCommit ||= after;
        for (const t of tampers) if (!d.tamper.includes(t)) d.tamper.push(t);
    }

    private count(name: string): void {
        this.injected[name] = (this.injected[name] ?? 0) + 1;
    }
}
