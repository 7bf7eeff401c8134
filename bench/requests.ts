/**
 * Requests per operation, counted by the emulator (its per-route counters), with the minimum the
 * API allows beside each. Two views:
 *   - SDK: one flow call at a time on one client (cold = a client that has not touched the vault);
 *   - provider: each engine operation on a stack of 1 vault + N−1 items, per resource.
 * Besides the per-route counts it times nothing: the ratio is ours / minimum.
 *
 *   npm run bench:requests
 *   BENCH_N=11   # stack size for the provider view (default 6: 1 vault + 5 items)
 */
import { R4Client } from "../sdk/client";
import { closeAllPools } from "../sdk/http";
import { countsSince, type EmulatorProcess, spawnEmulator } from "./lib/emulator";
import { envInt, log, main, printTable, ratio, runBenchmark } from "./lib/report";
import { benchStack, changeSecrets, renameVault, runOp } from "./lib/stacks";

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const isItemRoute = (route: string) => /items\/|vault-item|\/items$/.test(route) && !/^GET \/vault\/:vaultId\/items$/.test(route);

/** The fewest requests the API allows for each operation, and why. */
const MINIMUM: Record<string, { min: number; why: string }> = {
    "create vault (first write of the process)": { min: 3, why: "POST /vault/public-key (once per process: our signer id) + POST /vault (signed summary v1) + POST /wrapped-key (our wrapped DEK)" },
    "create item": { min: 1, why: "POST /vault/:id/items carries both checkpoints; the summary it extends is cached after the vault's first read or write in the process" },
    "read item (warm)": { min: 1, why: "GET the item; DEK and signer keys cached per vault" },
    "read item (cold vault)": { min: 3, why: "GET the item + once per vault per process: GET wrapped-key (DEK) and GET public-keys (signer directory)" },
    "update item fields": { min: 1, why: "PATCH /vault-item/:id/update with the next detail checkpoint; it needs the current signed detail (version, field instance ids), which costs a GET unless the client already holds it" },
    "update item name": { min: 1, why: "as above, with the next summary checkpoint (cached chain)" },
    "archive item": { min: 1, why: "DELETE with the next summary (cached chain)" },
    "read vault": { min: 2, why: "GET /vault/:id (detail) + GET /vault/:id/items (the signed summary listing)" },
    "rename vault": { min: 2, why: "GET /vault/:id (latest directory checkpoint) + PATCH /vault/:id/update" },
    "archive vault": { min: 1, why: "DELETE /vault/:id with the next summary (cached chain)" },
};

async function sdkView(emulator: EmulatorProcess, rows: Array<Record<string, unknown>>): Promise<void> {
    const { baseUrl, apiKey, privateKeyPem } = emulator.credentials;
    const client = new R4Client({ baseUrl, apiKey, privateKeyPem });
    const count = async (op: string, fn: () => Promise<unknown>) => {
        const before = await emulator.requests();
        await fn();
        const counts = countsSince(before, await emulator.requests());
        const m = MINIMUM[op];
        rows.push({ view: "sdk", op, requests: sum(counts), minimum: m?.min, oursOverMin: m ? ratio(sum(counts), m.min) : undefined, routes: JSON.stringify(counts) });
    };
    const fields = (v: string) => [
        { name: "Username", type: "TEXT", value: "svc" },
        { name: "Password", type: "PASSWORD", value: v },
        { name: "Url", type: "URL", value: "https://svc.example.com" },
    ];
    let vaultId = "";
    await count("create vault (first write of the process)", async () => void (vaultId = (await client.createVault({ name: "Requests" })).id));
    let itemId = "";
    await count("create item", async () => void (itemId = (await client.createItem({ vaultId, name: "First", type: "LOGIN", fields: fields("a") })).id));
    await count("create item", () => client.createItem({ vaultId, name: "Second", type: "LOGIN", fields: fields("b") }));
    await count("read item (warm)", () => client.readItem(vaultId, itemId));
    const cold = new R4Client({ baseUrl, apiKey, privateKeyPem });
    await count("read item (cold vault)", () => cold.readItem(vaultId, itemId));
    await count("read item (warm)", () => cold.readItem(vaultId, itemId));
    await count("update item fields", () => client.updateItem(vaultId, itemId, { fields: fields("changed") }));
    await count("update item name", () => client.updateItem(vaultId, itemId, { name: "Renamed" }));
    await count("archive item", () => client.archiveItem(vaultId, itemId));
    await count("read vault", () => client.readVault(vaultId));
    await count("rename vault", () => client.updateVault(vaultId, { name: "Requests renamed" }));
    await count("archive vault", () => client.archiveVault(vaultId));
}

async function providerView(emulator: EmulatorProcess, n: number, rows: Array<Record<string, unknown>>): Promise<void> {
    const stack = await benchStack("ours", n, emulator);
    const items = n - 1;
    // Per item: the minimum for the item's own operation; once per run (per vault/process): the rest.
    const phases: Array<{ op: "up" | "preview" | "refresh" | "update" | "destroy"; label: string; perItemMin: number; why: string }> = [
        { op: "up", label: "create (up)", perItemMin: 1, why: "1 POST per item; once: register key, create vault, wrapped key" },
        { op: "preview", label: "preview (no changes)", perItemMin: 0, why: "diff is local" },
        { op: "refresh", label: "read (refresh)", perItemMin: 1, why: "1 GET per item; once per vault: signer directory, vault detail + summary listing (no wrapped key: every answer matches the read receipt its create kept, so nothing is decrypted)" },
        { op: "refresh", label: "read (refresh again, nothing changed)", perItemMin: 1, why: "as the first refresh: every answer matches its read receipt" },
        { op: "update", label: "update fields (up)", perItemMin: 1, why: "1 PATCH per item (+1 GET for the current signed detail, which state does not hold)" },
        { op: "update", label: "rename vault (up)", perItemMin: 0, why: "items untouched; the vault: GET /vault/:id (directory checkpoint) + PATCH, on the cached or one-time-read summary" },
        { op: "destroy", label: "delete (destroy)", perItemMin: 1, why: "1 DELETE per item; once: the summary listing, the vault's DELETE" },
    ];
    try {
        for (const phase of phases) {
            if (phase.label.startsWith("update fields")) await changeSecrets(stack, "-changed");
            if (phase.label.startsWith("rename vault")) await renameVault(stack, " (renamed)");
            const before = await emulator.requests();
            await runOp(stack, phase.op);
            const counts = countsSince(before, await emulator.requests());
            const perItem = Object.entries(counts).filter(([r]) => isItemRoute(r)).reduce((a, [, c]) => a + c, 0) / items;
            const once = Object.fromEntries(Object.entries(counts).filter(([r]) => !isItemRoute(r)));
            rows.push({
                view: `provider N=${n}`, op: phase.label, requests: sum(counts), perItem, perItemMin: phase.perItemMin,
                oursOverMin: phase.perItemMin ? ratio(perItem, phase.perItemMin) : perItem === 0 ? 1 : undefined,
                oncePerRun: sum(once), routes: JSON.stringify(counts), minimumNote: phase.why,
            });
            log(`provider ${phase.label}: ${JSON.stringify(counts)}`);
        }
    } finally {
        await stack.cleanup();
    }
}

main(async () => {
    const n = Math.max(2, envInt("BENCH_N", 6));
    await runBenchmark("requests", { n }, async ({ rows, notes }) => {
        const emulator = await spawnEmulator();
        try {
            await sdkView(emulator, rows);
            await providerView(emulator, n, rows);
        } finally {
            await closeAllPools();
            await emulator.stop();
        }
        for (const [op, m] of Object.entries(MINIMUM)) notes.push(`minimum for ${op}: ${m.min} (${m.why})`);
        printTable("requests per operation (emulator counters)", rows.map(({ routes, minimumNote, ...r }) => r));
        process.stdout.write("\nroutes:\n" + rows.map((r) => `  ${r.view} ${r.op}: ${r.routes}`).join("\n") + "\n");
    });
});
