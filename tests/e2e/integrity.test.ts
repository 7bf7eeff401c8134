/**
 * What the provider does when the server lies: a corrupted checkpoint signature, a ciphertext
 * swapped between two fields, or a rolled-back version fails `pulumi refresh` with an integrity
 * error that names the vault and item, and the item's state stays exactly as it was.
 */
import * as assert from "node:assert/strict";
import type { TestStack } from "../harness/pulumi";
import { R4World } from "../harness/r4-world";

const PROGRAM = `
import * as r4 from "pulumi-r4";
const vault = new r4.Vault("vault", { name: "Guarded" });
const item = new r4.VaultItem("item", { vaultId: vault.id, name: "Keys", type: "API_KEY", fields: [
    { name: "Primary", type: "SECRET", value: "primary-value" },
    { name: "Secondary", type: "SECRET", value: "secondary-value" },
] });
export const vaultId = vault.id;
export const itemId = item.id;
`;

describe("integrity: refresh refuses what the server tampered with", function () {
    let world: R4World;
    let stack: TestStack;
    let ids: Record<string, unknown>;

    before(async () => {
        world = await R4World.start();
        stack = await world.stack({ program: PROGRAM });
        await stack.up();
        // The engine rewrites dependency bookkeeping on the first refresh after an up; start from there.
        await stack.refresh({ expectNoChanges: true });
        ids = await stack.outputs();
    });

    after(async () => {
        await stack?.cleanup();
        await world?.stop();
    });

    afterEach(() => world.emulator.admin.setFaults({ rules: [] }));

    for (const mode of ["corruptSignature", "swapCiphertext", "rollbackVersion"] as const) {
        it(`${mode}: refresh fails with an integrity error and leaves state untouched`, async () => {
            if (mode === "rollbackVersion") {
                // A rollback needs history: one more signed version of the item to roll back from.
                stack.writeProgram(PROGRAM.replace("primary-value", "primary-value-2"));
                await stack.up();
                await stack.refresh({ expectNoChanges: true });
            }
            const itemState = async () => (await stack.exportState({ showSecrets: true })).json.deployment.resources.find((r: any) => r.urn.endsWith("::item"));
            const before = await itemState();
            world.emulator.admin.setFaults({ rules: [{ route: "GET /vault/*/items/*", tamper: { [mode]: 1 } }] });
            const result = await stack.pulumi(["refresh", "--yes", "--skip-preview"], { allowFailure: true });
            assert.notEqual(result.code, 0, "refresh accepted tampered data");
            const text = result.stdout + result.stderr;
            assert.match(text, /integrity/i);
            assert.ok(text.includes(String(ids.itemId)), "the error does not name the item");
            assert.ok(text.includes(String(ids.vaultId)), "the error does not name the vault");
            assert.deepEqual(await itemState(), before);
        });
    }

    it("refresh is clean again once the server answers honestly", async () => {
        await stack.refresh({ expectNoChanges: true });
        await stack.destroy();
    });
});
