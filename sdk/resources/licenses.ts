import { path } from "../path";
import { GetLicenseEnvironmentResponse, ListLicensesQuery, ListLicensesResponse, ManagedLicense } from "../schemas/licenses";
import type { Transport } from "./transport";

/** License Manager list and the license environment bundle (ciphertext; decrypt locally). */
export class LicensesApi {
    constructor(private readonly http: Transport) {}

    list(query: ListLicensesQuery = {}) { return this.http.request({ method: "GET", path: path`/license-manager/licenses`, query, schema: ListLicensesResponse, route: "GET /license-manager/licenses" }); }
    /** Archiving an archived license answers 404: the end state holds, so callers treat it as done. Safe to resend. */
    archive(id: string) { return this.http.request({ method: "PATCH", path: path`/license-manager/licenses/${id}/archive`, schema: ManagedLicense, route: "PATCH /license-manager/licenses/:id/archive", idempotent: true }); }
    getEnvironment(licenseInstanceId: string) { return this.http.request({ method: "GET", path: path`/licenses/${licenseInstanceId}/environment`, schema: GetLicenseEnvironmentResponse, route: "GET /licenses/:licenseInstanceId/environment" }); }
}
