/** Shared pieces of the LicensePurchase end-to-end suites. */
import * as fs from "node:fs";
import * as path from "node:path";
import type { R4World } from "../harness/r4-world";

export const purchaseProgram = (args: string, extra = "") => `
import * as r4 from "pulumi-r4";
${extra}
const license = new r4.LicensePurchase("license", ${args});
export const purchaseId = license.purchaseId;
export const status = license.status;
export const licenseInstanceIds = license.licenseInstanceIds;
export const vaultItemId = license.vaultItemId;
export const vaultId = license.vaultId;
export const attempts = license.attempts;
export const externalLicenseId = license.resolvedExternalLicenseId;
`;

export const vaultProgram = (extra = "") => `
import * as r4 from "pulumi-r4";
const vault = new r4.Vault("vault", { name: "Licenses" });
${extra}
`;

/** The emulator's store counters (purchases, ordersPlaced, domainsBought, ...). */
export function store(world: R4World): Record<string, number> {
    return world.emulator.admin.counters().store;
}

/** The decrypted handoff values of a license (what must never rest in plaintext anywhere). */
export async function handoffValues(world: R4World, licenseInstanceId: string): Promise<string[]> {
    const env = await world.client.getLicenseEnvironment(licenseInstanceId);
    return Object.values(env.env).filter((v) => v.length >= 8);
}

/** Every byte of the emulator's storage (database, WAL), as latin1 text for substring search. */
export function storageText(world: R4World): string {
    return fs
        .readdirSync(world.dataDir)
        .filter((f) => f.includes("sqlite"))
        .map((f) => fs.readFileSync(path.join(world.dataDir, f)).toString("latin1"))
        .join("\n");
}

/** How much a store counter grew between two snapshots. */
export function delta(after: Record<string, number>, before: Record<string, number>, counter: string): number {
    return (after[counter] ?? 0) - (before[counter] ?? 0);
}
