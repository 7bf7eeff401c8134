import { strict as assert } from "node:assert";
import type { RequestOptions } from "../../../sdk/http";
import { AgentsApi, DnsApi, ItemsApi, KeysApi, LicensesApi, MeApi, PermissionsApi, ProjectsApi, PurchasesApi, VaultsApi, type Transport } from "../../../sdk/resources";
import * as schemas from "../../../sdk/schemas";
import { R4Error } from "../../../sdk/errors";

function recorder() {
    const calls: RequestOptions<any>[] = [];
    const http: Transport = { request: (async (o: RequestOptions<any>) => { calls.push(o); return undefined; }) as Transport["request"] };
    return { http, calls };
}

describe("sdk/resources: one method, one route", () => {
    it("vault and item creates are idempotent (client-chosen ids); purchase start is not", async () => {
        const { http, calls } = recorder();
        await new VaultsApi(http).create({} as any);
        await new ItemsApi(http).create("v1", {} as any);
        await new PurchasesApi(http).start({ licenseId: "defend" });
        await new PurchasesApi(http).resume("job_1");
        await new AgentsApi(http).create({} as any);
        assert.deepEqual(calls.map((c) => [c.method, c.path, c.route, c.idempotent]), [
            ["POST", "/vault", "POST /vault", true],
            ["POST", "/vault/v1/items", "POST /vault/:vaultId/items", true],
            ["POST", "/licenses/purchase", "POST /licenses/purchase", false],
            ["POST", "/licenses/purchases/job_1/resume", "POST /licenses/purchases/:purchaseId/resume", false],
            ["POST", "/agent", "POST /agent", undefined],
        ]);
        assert.equal(calls[0].schema, schemas.CreateVaultResponse);
        assert.equal(calls[2].schema, schemas.StartPurchaseResponse);
    });

    it("encodes ids into paths and refuses traversal", async () => {
        const { http, calls } = recorder();
        await new ItemsApi(http).get("v 1", "i?2");
        assert.equal(calls[0].path, "/vault/v%201/items/i%3F2");
        assert.throws(() => new ItemsApi(http).get("..", "x"), (e: unknown) => R4Error.is(e) && e.code === "invalid_path_param");
        assert.throws(() => new AgentsApi(http).get("a/b"), (e: unknown) => R4Error.is(e));
    });

    it("query routes pass their filters as query", async () => {
        const { http, calls } = recorder();
        await new DnsApi(http).list("example.com");
        await new PurchasesApi(http).lookup("caller_license_456");
        await new LicensesApi(http).list({ externalProjectId: "caller_project_789" });
        await new VaultsApi(http).list({ projectId: "p1" });
        assert.deepEqual(calls.map((c) => [c.path, c.query]), [
            ["/domain-manager/dns-records", { domain: "example.com" }],
            ["/licenses/purchases", { externalLicenseId: "caller_license_456" }],
            ["/license-manager/licenses", { externalProjectId: "caller_project_789" }],
            ["/vault", { projectId: "p1" }],
        ]);
    });

    it("covers every area", async () => {
        const { http, calls } = recorder();
        await new MeApi(http).get();
        await new KeysApi(http).registerPublicKey({ publicKey: "x" }, "host-1");
        await new KeysApi(http).getWrappedKey("v1");
        await new KeysApi(http).listVaultPublicKeys("v1");
        await new KeysApi(http).createWrappedKey("v1", {} as any);
        await new PermissionsApi(http).set("VAULT", "v1", { permissions: [] });
        await new ProjectsApi(http).get("p1");
        await new DnsApi(http).delete({} as any);
        await new AgentsApi(http).setTenantRoles("a1", { roles: ["TENANT_AGENT_MANAGER"] });
        await new PurchasesApi(http).status("job_1");
        await new LicensesApi(http).getEnvironment("li_1");
        assert.deepEqual(calls.map((c) => `${c.method} ${c.path}`), [
            "GET /me",
            "POST /vault/public-key",
            "GET /vault/v1/wrapped-key",
            "GET /vault/v1/public-keys",
            "POST /wrapped-key/vault/v1",
            "POST /permissions/VAULT/v1/set-permissions",
            "GET /project/p1",
            "DELETE /domain-manager/dns-records",
            "PATCH /agent/a1/tenant-roles",
            "GET /licenses/purchases/job_1/status",
            "GET /licenses/li_1/environment",
        ]);
        assert.deepEqual(calls[1].headers, { "x-r4-agent-hostname": "host-1" });
        for (const c of calls) assert.ok(c.route.startsWith(`${c.method} /`), c.route);
    });
});
