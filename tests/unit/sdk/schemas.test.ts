import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import * as schemas from "../../../sdk/schemas";
import { describeZodError } from "../../../sdk/http";

const dir = join(__dirname, "../../fixtures/page-examples");
const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as {
    examples: { file: string; schema: string; source: string; at?: string }[];
};

function schemaNamed(name: string): z.ZodType {
    const s = (schemas as Record<string, unknown>)[name];
    assert.ok(s && typeof (s as z.ZodType).safeParse === "function", `index names ${name}, which sdk/schemas does not export`);
    return s as z.ZodType;
}

function load(file: string): unknown {
    return JSON.parse(readFileSync(join(dir, file), "utf8"));
}

describe("sdk/schemas: every JSON example of the published pages parses", () => {
    it("indexes every fixture file once", () => {
        const files = index.examples.map((e) => e.file).sort();
        assert.equal(new Set(files).size, files.length);
        assert.ok(files.length >= 45);
        for (const f of files) assert.match(f, /^[a-z0-9-]+\.(request|response)\.json$/);
    });

    for (const ex of index.examples) {
        it(`${ex.file} → ${ex.schema} (${ex.source})`, () => {
            let value = load(ex.file);
            if (ex.at) value = (value as Record<string, unknown>)[ex.at];
            const result = schemaNamed(ex.schema).safeParse(value);
            assert.ok(result.success, result.success ? "" : describeZodError(result.error));
        });
    }
});

function issuePaths(schema: z.ZodType, value: unknown): string[] {
    const result = schema.safeParse(value);
    assert.equal(result.success, false, "expected a failure");
    return result.error!.issues.map((i) => i.path.join("."));
}

describe("sdk/schemas: wrong input names the field", () => {
    it("a wrong type deep inside a checkpoint names its path", () => {
        const body = load("vault-item-create.request.json") as any;
        body.detailCheckpoint.checkpoint.fields[0].order = "zero";
        assert.deepEqual(issuePaths(schemas.CreateVaultItemRequest, body), ["detailCheckpoint.checkpoint.fields.0.order"]);
    });

    it("describeZodError renders the path readably", () => {
        const body = load("vault-items-list.response.json") as any;
        body.items[0].websites = "https://db.example.com";
        const r = schemas.ListVaultItemsResponse.safeParse(body);
        assert.ok(!r.success);
        assert.match(describeZodError(r.error), /^items\[0\]\.websites: .*expected array/);
    });

    it("an unknown request property is refused, not dropped", () => {
        const body = { ...(load("project-create.request.json") as object), nmae: "typo" };
        const r = schemas.CreateProjectRequest.safeParse(body);
        assert.ok(!r.success);
        assert.equal(r.error.issues[0].code, "unrecognized_keys");
    });

    it("unknown response properties are kept (loose responses)", () => {
        const body = { ...(load("vault-detail.response.json") as object), futureField: 1 };
        const r = schemas.GetVaultResponse.parse(body) as Record<string, unknown>;
        assert.equal(r.futureField, 1);
    });

    it("unknown checkpoint properties survive, so signatures verify over what was sent", () => {
        const body = load("vault-create.request.json") as any;
        body.summaryCheckpoint.checkpoint.extra = "signed-too";
        const r = schemas.CreateVaultRequest.parse(body);
        assert.equal((r.summaryCheckpoint.checkpoint as Record<string, unknown>).extra, "signed-too");
    });

    it("enforces the documented limits", () => {
        assert.deepEqual(issuePaths(schemas.CreateProjectRequest, { name: "x".repeat(256) }), ["name"]);
        assert.deepEqual(issuePaths(schemas.CreateProjectRequest, { name: "p", description: "d".repeat(1001) }), ["description"]);
        assert.ok(schemas.CreateProjectRequest.safeParse({ name: "x".repeat(255), description: "d".repeat(1000) }).success);
        const item = load("vault-item-create.request.json") as any;
        item.websites = Array.from({ length: 101 }, (_, i) => `https://s${i}.example.com`);
        assert.deepEqual(issuePaths(schemas.CreateVaultItemRequest, item), ["websites"]);
    });

    it("client-chosen ids must be ObjectIds", () => {
        const body = load("vault-create.request.json") as any;
        body.id = "507F1F77BCF86CD799439016";
        assert.deepEqual(issuePaths(schemas.CreateVaultRequest, body), ["id"]);
    });

    it("enums: data classification, DNS type, purchase status", () => {
        const vault = load("vault-create.request.json") as any;
        vault.dataClassification = "SECRET";
        assert.deepEqual(issuePaths(schemas.CreateVaultRequest, vault), ["dataClassification"]);
        assert.deepEqual(issuePaths(schemas.AddDnsRecordRequest, { domain: "example.com", record: { type: "PTR", name: "@", value: "x" } }), ["record.type"]);
        assert.deepEqual(issuePaths(schemas.PurchaseStatusResponse, { purchaseId: "job_1", status: "done" }), ["status"]);
        assert.deepEqual(schemas.DnsRecordType.options, ["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA"]);
    });

    it("purchase modes require their value", () => {
        const base = { licenseId: "defend" };
        assert.deepEqual(issuePaths(schemas.StartPurchaseRequest, { ...base, vault: { mode: "existing" } }), ["vault.vaultId"]);
        assert.deepEqual(issuePaths(schemas.StartPurchaseRequest, { ...base, domain: { mode: "existing-domain-tenant" } }), ["domain.domainTenantId"]);
        assert.deepEqual(issuePaths(schemas.StartPurchaseRequest, { ...base, project: { mode: "new" } }), ["project.name"]);
        for (const ok of [
            { domain: { mode: "automatic" } },
            { domain: { mode: "automatic", domain: "example.com" } },
            { domain: { mode: "existing-domain", domain: "example.com" } },
            { vault: { mode: "new", name: "Licenses" } },
            { project: { mode: "none" } },
            { project: { mode: "existing", projectId: "p1" } },
            { project: { mode: "new", name: "P", externalId: "caller_project_789" } },
            { quantity: 2, dryRun: true, externalLicenseId: "caller_license_456", configuration: { seats: 5 } },
        ]) {
            assert.ok(schemas.StartPurchaseRequest.safeParse({ ...base, ...ok }).success, JSON.stringify(ok));
        }
    });

    it("DNS edit and delete shapes (PROTOCOL.md)", () => {
        assert.ok(
            schemas.EditDnsRecordRequest.safeParse({
                domain: "example.com",
                match: { type: "A", name: "www", value: "192.168.1.1" },
                record: { type: "A", name: "www", value: "192.168.1.2", ttl: 600 },
            }).success,
        );
        assert.ok(schemas.DeleteDnsRecordRequest.safeParse({ domain: "example.com", record: { type: "MX", name: "@", value: "mail.example.com.", mxPref: 10 } }).success);
        assert.deepEqual(issuePaths(schemas.DeleteDnsRecordRequest, { domain: "not a domain", record: { type: "A", name: "@", value: "1.1.1.1" } }), ["domain"]);
    });

    it("key rotation needs both the previous key id and the signature", () => {
        const pem = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----";
        assert.ok(schemas.RegisterPublicKeyRequest.safeParse({ publicKey: pem }).success);
        assert.deepEqual(issuePaths(schemas.RegisterPublicKeyRequest, { publicKey: pem, previousEncryptionKeyId: "k1" }), ["rotationSignature"]);
        assert.deepEqual(issuePaths(schemas.RegisterPublicKeyRequest, { publicKey: "ssh-rsa AAAA" }), ["publicKey"]);
    });

    it("field updates are a union on action", () => {
        const ok = [
            { action: "add", id: "507f1f77bcf86cd799439021", fieldInstanceId: "507f1f77bcf86cd799439053", name: "Token", type: "SECRET", encryptedValue: "{}" },
            { action: "update", id: "507f1f77bcf86cd799439020", fieldInstanceId: "507f1f77bcf86cd799439054", encryptedValue: "{}" },
            { action: "delete", id: "507f1f77bcf86cd799439019" },
        ];
        for (const u of ok) assert.ok(schemas.FieldUpdate.safeParse(u).success, JSON.stringify(u));
        assert.deepEqual(issuePaths(schemas.FieldUpdate, { action: "rename", id: "x" }), ["action"]);
    });
});

describe("sdk/schemas: grants", () => {
    it("every grouped grant expands to known atomic permissions", () => {
        const atomic = new Set<string>(schemas.MACHINE_PERMISSIONS);
        for (const [grant, perms] of Object.entries(schemas.GROUPED_GRANTS)) {
            assert.match(grant, /\.all$/);
            assert.ok(perms.length > 0, grant);
            for (const p of perms) assert.ok(atomic.has(p), `${grant} → ${p}`);
        }
    });

    it("machine.all is every atomic permission; domain.all includes DNS", () => {
        assert.deepEqual([...schemas.GROUPED_GRANTS["machine.all"]].sort(), [...schemas.MACHINE_PERMISSIONS].sort());
        assert.deepEqual(schemas.expandGrants(["machine.domain.all"]), ["machine.dns.read", "machine.dns.write", "machine.domain.read", "machine.domain.write"]);
        assert.deepEqual(schemas.expandGrants(["machine.vault.all", "machine.vault.read"]), ["machine.vault.read", "machine.vault.secret.read", "machine.vault.sync.read", "machine.vault.write"]);
    });

    it("agent permissions accept grants and atomics, refuse unknown names", () => {
        assert.ok(schemas.CreateAgentRequest.safeParse({ name: "a", domainTenantId: "t", permissions: ["machine.agent.all", "machine.me.read"] }).success);
        assert.deepEqual(issuePaths(schemas.CreateAgentRequest, { name: "a", domainTenantId: "t", permissions: ["machine.vault.delete"] }), ["permissions.0"]);
    });
});
