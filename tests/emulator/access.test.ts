import { strict as assert } from "node:assert";
import { startWorld, World } from "./world";

describe("emulator: auth, permissions, DNS, projects, agents", () => {
    let w: World;
    beforeEach(async () => (w = await startWorld()));
    afterEach(() => w.close());

    it("401 without or with a wrong key; /me tells the truth about a minted key", async () => {
        assert.equal((await w.call("GET", "/me", undefined, null)).body.error.code, "unauthorized");
        assert.equal((await w.call("GET", "/me", undefined, w.creds.apiKey + "x")).status, 401);
        const k = w.emu.admin.mintKey({ scope: "USER", permissions: ["machine.me.read", "machine.vault.all"] });
        const me = await w.call("GET", "/me", undefined, k.apiKey);
        assert.equal(me.body.apiKey.scope, "USER");
        assert.deepEqual(me.body.apiKey.permissions, ["machine.me.read", "machine.vault.read", "machine.vault.secret.read", "machine.vault.sync.read", "machine.vault.write"]);
    });

    it("refuses per key scope and atomic permission", async () => {
        const user = w.emu.admin.mintKey({ scope: "USER", permissions: ["machine.all"] });
        assert.equal(user.permissions.includes("machine.agent.public_key.write"), false);
        const pk = await w.call("POST", "/vault/public-key", { publicKey: "-----BEGIN PUBLIC KEY-----\nAA\n-----END PUBLIC KEY-----" }, user.apiKey);
        assert.deepEqual([pk.status, pk.body.error.code], [403, "missing_permission"]);
        const dnsOnly = w.emu.admin.mintKey({ scope: "AGENT", permissions: ["machine.dns.read"] });
        assert.equal((await w.call("GET", "/vault", undefined, dnsOnly.apiKey)).status, 403);
        assert.equal((await w.call("GET", `/domain-manager/dns-records?domain=${w.creds.managedDomain}`, undefined, dnsOnly.apiKey)).status, 200);
        assert.equal((await w.call("POST", "/domain-manager/dns-records", { domain: w.creds.managedDomain, record: { type: "TXT", name: "@", value: "x" } }, dnsOnly.apiKey)).status, 403);
    });

    it("an agent without access to a vault gets 404; set-permissions needs ADMIN and a permission checkpoint", async () => {
        const vaultId = await w.vault();
        const other = w.emu.admin.mintKey({ scope: "AGENT", permissions: ["machine.all"] });
        assert.equal((await w.call("GET", `/vault/${vaultId}`, undefined, other.apiKey)).status, 404);
        const perms = [
            { id: w.creds.agentId, name: "Master", type: "agent", avatar: null, isDefault: null, access: "ADMIN" },
            { id: other.agentId, name: "Child", type: "agent", avatar: null, isDefault: null, access: "READ" },
        ];
        const cp = (version: number, list = perms) => w.sign("permission", { assetId: vaultId, assetType: "VAULT", version, permissions: list.map((p) => ({ entityId: p.id, entityType: p.type, access: p.access })) });
        assert.equal((await w.call("POST", `/permissions/VAULT/${vaultId}/set-permissions`, { permissions: perms })).body.error.code, "validation_error");
        assert.equal((await w.call("POST", `/permissions/VAULT/${vaultId}/set-permissions`, { permissions: perms, permissionCheckpoint: cp(1, perms.slice(0, 1)) })).body.error.code, "checkpoint_mismatch");
        const ok = await w.call("POST", `/permissions/VAULT/${vaultId}/set-permissions`, { permissions: perms, permissionCheckpoint: cp(1) });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        assert.equal((await w.call("GET", `/vault/${vaultId}`, undefined, other.apiKey)).status, 200);
        const refused = await w.call("POST", `/permissions/VAULT/${vaultId}/set-permissions`, { permissions: perms, permissionCheckpoint: cp(2) }, other.apiKey);
        assert.deepEqual([refused.status, refused.body.error.code], [403, "admin_required"]);
        // Whole-list replace: dropping the child removes its access.
        assert.equal((await w.call("POST", `/permissions/VAULT/${vaultId}/set-permissions`, { permissions: perms.slice(0, 1), permissionCheckpoint: cp(2, perms.slice(0, 1)) })).status, 200);
        assert.equal((await w.call("GET", `/vault/${vaultId}`, undefined, other.apiKey)).status, 404);
        assert.equal((await w.call("GET", `/permissions/VAULT/${vaultId}/permissions`)).body.permissionCheckpoint.checkpoint.version, 2);
    });

    it("DNS: add, edit, delete on a managed domain; 403 unmanaged; 404 unknown; IP and MX validation", async () => {
        const d = w.creds.managedDomain;
        const add = await w.call("POST", "/domain-manager/dns-records", { domain: d, record: { type: "A", name: "www", value: "192.0.2.1" } });
        assert.deepEqual(add.body.records.at(-1), { type: "A", name: "www", value: "192.0.2.1", ttl: 300 });
        const edit = await w.call("PATCH", "/domain-manager/dns-records", { domain: d, match: { type: "A", name: "www", value: "192.0.2.1" }, record: { type: "A", name: "www", value: "192.0.2.2", ttl: 60 } });
        assert.equal(edit.body.records.at(-1).value, "192.0.2.2");
        const del = await w.call("DELETE", "/domain-manager/dns-records", { domain: d, record: { type: "A", name: "www", value: "192.0.2.2" } });
        assert.equal(del.body.records.length, 1);
        assert.equal((await w.call("GET", `/domain-manager/dns-records?domain=${w.creds.unmanagedDomain}`)).body.error.code, "domain_not_managed");
        assert.equal((await w.call("POST", "/domain-manager/dns-records", { domain: "nowhere.example", record: { type: "TXT", name: "@", value: "x" } })).body.error.code, "domain_not_found");
        assert.equal((await w.call("POST", "/domain-manager/dns-records", { domain: d, record: { type: "A", name: "@", value: "::1" } })).body.error.code, "validation_error");
        const mx = await w.call("POST", "/domain-manager/dns-records", { domain: d, record: { type: "MX", name: "@", value: "mail.example.com." } });
        assert.match(mx.body.error.message, /mxPref/);
    });

    it("projects: create, list, detail, update, archive (404) and restore", async () => {
        const p = await w.call("POST", "/project", { name: "P", externalId: "EXT" });
        assert.equal(p.status, 201);
        assert.equal((await w.call("GET", "/project")).body.projects[0].externalId, "EXT");
        assert.equal((await w.call("PATCH", "/project/update", { id: p.body.id, description: "d" })).status, 200);
        assert.equal((await w.call("GET", `/project/${p.body.id}`)).body.description, "d");
        await w.call("POST", "/project/archive", { id: p.body.id });
        assert.equal((await w.call("GET", `/project/${p.body.id}`)).body.error.code, "project_not_found");
        assert.equal((await w.call("GET", "/project")).body.projects.length, 0);
        await w.call("POST", "/project/restore", { id: p.body.id });
        assert.equal((await w.call("GET", `/project/${p.body.id}`)).status, 200);
        assert.equal((await w.call("POST", "/project", { name: "" })).body.error.code, "validation_error");
    });

    it("agents: TENANT_AGENT_MANAGER required; create, roles, regenerate key, archive", async () => {
        const created = await w.call("POST", "/agent", { name: "Child", domainTenantId: w.creds.domainTenantId, permissions: ["machine.agent.all", "machine.me.read"] });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const childKey = `${created.body.accessKey}.${created.body.accessSecret}`;
        assert.equal((await w.call("GET", "/agent", undefined, childKey)).body.error.code, "agent_manager_required");
        await w.call("PATCH", `/agent/${created.body.id}/tenant-roles`, { roles: ["TENANT_AGENT_MANAGER"] });
        assert.equal((await w.call("GET", "/agent", undefined, childKey)).status, 200);
        assert.deepEqual((await w.call("GET", `/agent/${created.body.id}/tenant-roles`)).body.roles, ["TENANT_AGENT_MANAGER"]);
        assert.equal((await w.call("PATCH", `/agent/${created.body.id}`, { name: "Child v2" })).body.name, "Child v2");
        const regen = await w.call("POST", `/agent/${created.body.id}/regenerate-api-key`);
        assert.equal((await w.call("GET", "/me", undefined, childKey)).status, 401, "the old key stops working");
        const newKey = `${regen.body.accessKey}.${regen.body.accessSecret}`;
        assert.equal((await w.call("GET", "/me", undefined, newKey)).status, 200);
        assert.equal((await w.call("PATCH", `/agent/${created.body.id}/archive`)).status, 200);
        assert.equal((await w.call("GET", `/agent/${created.body.id}`)).status, 404);
        assert.equal((await w.call("GET", "/me", undefined, newKey)).status, 401, "an archived agent's key stops working");
    });

    it("413 over 1 MiB, 400 on malformed JSON, 501 for routes the emulator lacks", async () => {
        const big = await w.call("POST", "/project", { name: "x", description: "y".repeat(1024 * 1024 + 10) });
        assert.deepEqual([big.status, big.body.error.code], [413, "payload_too_large"]);
        assert.equal((await w.call("GET", "/webhook")).status, 501);
    });
});
