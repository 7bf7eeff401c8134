/** LicensePurchase check and diff rules, without the engine: mode messages, the default caller id, replacement. */
import * as assert from "node:assert/strict";
import { licensePurchaseHandler as h } from "../../../provider/handlers/license-purchase";
import { UNKNOWN } from "../../../provider/plumbing/unknowns";

const scope = "org/proj/dev/license";

describe("LicensePurchase check", () => {
    it("names the missing value of each mode", async () => {
        const cases: [Record<string, unknown>, RegExp][] = [
            [{ domain: { mode: "existing-domain" } }, /domain\.domain: mode "existing-domain" needs domain/],
            [{ domain: { mode: "existing-domain-tenant" } }, /domain\.domainTenantId: mode "existing-domain-tenant" needs domainTenantId/],
            [{ vault: { mode: "existing" } }, /vault\.vaultId: mode "existing" needs vaultId/],
            [{ vault: { mode: "new" } }, /vault\.name: mode "new" needs name/],
            [{ project: { mode: "new" } }, /project\.name: mode "new" needs name/],
            [{ project: { mode: "existing" } }, /project\.projectId: mode "existing" needs projectId/],
            [{ project: { mode: "none", name: "x" } }, /name and externalId only apply to mode "new"/],
            [{ vault: { mode: "elsewhere" } }, /mode must be one of "existing", "new"/],
        ];
        for (const [extra, message] of cases) {
            const result = await h.check!({}, { licenseId: "defend", resourceScope: scope, ...extra });
            assert.ok(result.failures?.some((f) => message.test(f.reason)), `${JSON.stringify(extra)}: ${JSON.stringify(result.failures)}`);
        }
    });

    it("defaults externalLicenseId stably, keeps it across a rename, and changes it with the purchase identity", async () => {
        const a = (await h.check!({}, { licenseId: "defend", resourceScope: scope })).inputs;
        const again = (await h.check!({}, { licenseId: "defend", resourceScope: scope, timeoutMinutes: 5 })).inputs;
        assert.equal(a.resolvedExternalLicenseId, again.resolvedExternalLicenseId);
        assert.match(a.resolvedExternalLicenseId, /^pulumi\/org\/proj\/dev\/license#[0-9a-f]{12}$/);
        const renamed = (await h.check!(a, { licenseId: "defend", resourceScope: "org/proj/dev/renamed" })).inputs;
        assert.equal(renamed.resolvedExternalLicenseId, a.resolvedExternalLicenseId);
        const more = (await h.check!(a, { licenseId: "defend", resourceScope: scope, quantity: 2 })).inputs;
        assert.notEqual(more.resolvedExternalLicenseId, a.resolvedExternalLicenseId);
        const explicit = (await h.check!(a, { licenseId: "defend", resourceScope: scope, externalLicenseId: "mine" })).inputs;
        assert.equal(explicit.resolvedExternalLicenseId, "mine");
        const unknown = (await h.check!({}, { licenseId: UNKNOWN, resourceScope: scope })).inputs;
        assert.equal(unknown.resolvedExternalLicenseId, undefined);
    });
});

describe("LicensePurchase diff", () => {
    const olds = { licenseId: "defend", status: "succeeded", licenseInstanceIds: ["l1"] };
    it("changes driving options in place and replaces for a new purchase", async () => {
        const inPlace = await h.diff!("job_1", olds, { licenseId: "defend", timeoutMinutes: 5, exposeCredentials: true, vault: { mode: "existing", vaultId: "v" } });
        assert.equal(inPlace.changes, true);
        assert.deepEqual(inPlace.replaces, []);
        assert.equal((await h.diff!("job_1", olds, { licenseId: "defend", quantity: 1, dryRun: false })).changes, false);
        const replace = await h.diff!("job_1", olds, { licenseId: "workspace" });
        assert.deepEqual(replace.replaces, ["licenseId"]);
        assert.equal(replace.deleteBeforeReplace, false);
        const sameId = await h.diff!("job_1", { ...olds, externalLicenseId: "x" }, { licenseId: "defend", quantity: 2, externalLicenseId: "x" });
        assert.equal(sameId.deleteBeforeReplace, true, "the old purchase is retired before one with the same caller id is looked up");
    });

    it("turns a license archived out of band into an announced replacement", async () => {
        const d = await h.diff!("job_1", { ...olds, licenseInstanceIds: [], archivedLicenseInstanceIds: ["l1"] }, { licenseId: "defend" });
        assert.deepEqual(d.replaces, ["licenseInstanceIds"]);
        assert.equal(d.deleteBeforeReplace, true);
    });
});
