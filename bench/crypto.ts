/**
 * Crypto: operations per second with node:crypto (the SDK's own functions) versus node-forge
 * (the same schemes in pure JavaScript), same inputs, same process: PSS sign and verify of a
 * vault summary checkpoint, v3 envelope encrypt and decrypt of a field value, OAEP wrap and
 * unwrap of a vault key; then RSA key generation time for 2048 and 3072 bits.
 *
 *   npm run bench:crypto
 *   BENCH_RSA_BITS=2048          # key size for the RSA operations (default 3072, PROTOCOL.md's)
 *   BENCH_ROUNDS=5 BENCH_CRYPTO_MS=400   # rounds per case and time budget per round
 *   BENCH_KEYGEN_REPS=5          # node keygen samples per size
 *   BENCH_FORGE_KEYGEN_BITS=2048,3072   # forge keygen sizes (pure JS, seconds each; default 2048)
 */
import { generateKeyPair as nodeGenerateKeyPair } from "node:crypto";
import { promisify } from "node:util";
import { performance } from "node:perf_hooks";
import {
    checkpointBytes, decryptField, encryptField, generateKeyPair, loadPrivateKey, loadPublicKey, newDek, randomId, signCheckpoint, unwrapKey, verifyCheckpoint, wrapKey,
} from "../sdk/crypto";
import { forgeDecryptField, forgeEncryptField, forgeGenerateKeyPair, forgeKeys, forgeSign, forgeUnwrap, forgeVerify, forgeWrap } from "./lib/forge-schemes";
import { envInt, envInts, log, main, median, printSamples, printTable, ratio, round, runBenchmark, timed } from "./lib/report";

/** Runs `op` repeatedly for about `budgetMs` (at least 3 times); returns operations per second. */
function opsPerSecond(op: () => unknown, budgetMs: number): number {
    let count = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
        op();
        count++;
        elapsed = performance.now() - start;
    } while (elapsed < budgetMs || count < 3);
    return (count * 1000) / elapsed;
}

main(async () => {
    const bits = envInt("BENCH_RSA_BITS", 3072);
    const rounds = Math.max(1, envInt("BENCH_ROUNDS", 5));
    const budgetMs = Math.max(1, envInt("BENCH_CRYPTO_MS", 400));
    const keygenReps = Math.max(1, envInt("BENCH_KEYGEN_REPS", 5));
    const forgeKeygenBits = envInts("BENCH_FORGE_KEYGEN_BITS", [2048]);
    await runBenchmark("crypto", { bits, rounds, budgetMs, keygenReps, forgeKeygenBits }, async ({ rows, samples, notes }) => {
        const pair = await generateKeyPair(bits);
        const privateKey = loadPrivateKey(pair.privateKeyPem);
        const publicKey = loadPublicKey(pair.publicKeyPem);
        const fk = forgeKeys(pair.privateKeyPem, pair.publicKeyPem);
        const signerId = randomId();

        // A summary listing 20 items: a typical checkpoint (about 2.5 KB of canonical JSON).
        const summary = {
            vaultId: randomId(), version: 21, name: "Production", dataClassification: "CONFIDENTIAL", currentDekVersion: 1, groups: [],
            items: Array.from({ length: 20 }, (_, i) => ({ id: randomId(), name: `Service ${i}`, type: "LOGIN", websites: [`https://svc-${i}.example.com`], groupId: null })),
        };
        const bytes = checkpointBytes("vaultSummary", summary);
        const signed = signCheckpoint("vaultSummary", summary, privateKey, signerId);
        const forgeSignature = forgeSign(fk, bytes);
        const dek = newDek();
        const ctx = { vaultId: summary.vaultId, vaultItemId: randomId(), fieldId: randomId() };
        const value = "pw-0123456789abcdef-correct-horse-battery-staple"; // a typical secret
        const envelope = encryptField(dek, value, ctx);
        const wrapped = wrapKey(dek, publicKey);

        // Same inputs both ways: each side must read what the other wrote.
        if (decryptField(dek, forgeEncryptField(dek, value, ctx), ctx) !== value || forgeDecryptField(dek, envelope, ctx) !== value) throw new Error("envelopes disagree");
        if (!unwrapKey(forgeWrap(fk, dek), privateKey).equals(dek) || !forgeUnwrap(fk, wrapped).equals(dek)) throw new Error("key wrapping disagrees");
        verifyCheckpoint("vaultSummary", { ...signed, signature: forgeSignature }, publicKey);
        if (!forgeVerify(fk, bytes, signed.signature)) throw new Error("signatures disagree");
        notes.push(`RSA ${bits}-bit; sign/verify: a ${bytes.length}-byte vault summary checkpoint (both sides canonicalise the checkpoint (JCS) and sign the same bytes, as the SDK does); envelope: a ${value.length}-char field value with its AAD`);

        const cases: Array<{ op: string; node: () => unknown; forge: () => unknown }> = [
            { op: "sign (PSS-SHA256)", node: () => signCheckpoint("vaultSummary", summary, privateKey, signerId), forge: () => forgeSign(fk, checkpointBytes("vaultSummary", summary)) },
            { op: "verify (PSS-SHA256)", node: () => verifyCheckpoint("vaultSummary", signed, publicKey), forge: () => forgeVerify(fk, checkpointBytes("vaultSummary", summary), signed.signature) },
            { op: "envelope encrypt (AES-256-GCM)", node: () => encryptField(dek, value, ctx), forge: () => forgeEncryptField(dek, value, ctx) },
            { op: "envelope decrypt (AES-256-GCM)", node: () => decryptField(dek, envelope, ctx), forge: () => forgeDecryptField(dek, envelope, ctx) },
            { op: "wrap (RSA-OAEP-SHA256)", node: () => wrapKey(dek, publicKey), forge: () => forgeWrap(fk, dek) },
            { op: "unwrap (RSA-OAEP-SHA256)", node: () => unwrapKey(wrapped, privateKey), forge: () => forgeUnwrap(fk, wrapped) },
        ];
        for (const c of cases) {
            const nodeSamples: number[] = [];
            const forgeSamples: number[] = [];
            for (let r = 0; r < rounds; r++) {
                // Interleaved rounds: a noisy neighbour hits both sides alike.
                nodeSamples.push(round(opsPerSecond(c.node, budgetMs), 1));
                forgeSamples.push(round(opsPerSecond(c.forge, budgetMs), 1));
            }
            samples[`${c.op}.node`] = nodeSamples;
            samples[`${c.op}.forge`] = forgeSamples;
            const n = median(nodeSamples);
            const f = median(forgeSamples);
            rows.push({ op: c.op, bits: c.op.includes("AES") ? "-" : bits, nodeOpsPerSec: round(n, 1), forgeOpsPerSec: round(f, 1), nodeOverForge: ratio(n, f) });
            log(`${c.op}: node ${round(n, 1)}/s, forge ${round(f, 1)}/s`);
        }

        const keygen = promisify(nodeGenerateKeyPair);
        for (const size of [2048, 3072]) {
            const nodeMs: number[] = [];
            for (let r = 0; r < keygenReps; r++) nodeMs.push((await timed(() => keygen("rsa", { modulusLength: size, publicExponent: 0x10001 }))).ms);
            samples[`keygen ${size}.node`] = nodeMs;
            const forgeMs: number[] = [];
            if (forgeKeygenBits.includes(size)) {
                forgeMs.push((await timed(() => forgeGenerateKeyPair(size))).ms);
                samples[`keygen ${size}.forge`] = forgeMs;
            }
            const n = median(nodeMs);
            const f = forgeMs.length ? median(forgeMs) : undefined;
            rows.push({ op: `RSA keygen (ms per key)`, bits: size, nodeMs: n, forgeMs: f, forgeOverNode: f === undefined ? undefined : ratio(f, n) });
            log(`keygen ${size}: node median ${n} ms${f === undefined ? "" : `, forge ${f} ms`}`);
        }
        notes.push("keygen: node's generateKeyPair (OpenSSL, off the main thread) per key; forge with usePureJavaScript (one sample: its time varies with how long the prime search runs)");
        printTable("node:crypto vs node-forge", rows);
        printSamples("ops/s, keygen ms", samples);
    });
});
