import { path } from "../path";
import { GetLicenseEnvironmentResponse, ListLicensesQuery, ListLicensesResponse } from "../schemas";
import type { Transport } from "./transport";

/** License Manager list and the license environment bundle (ciphertext; decrypt locally). */
export class LicensesApi {
    constructor(private readonly http: Transport) {}

    list(query: ListLicensesQuery = {}) { return this.http.request({ method: "GET", path: path`/license-manager/licenses`, query, schema: ListLicensesResponse, route: "GET /license-manager/licenses" }); }
    getEnvironment(licenseInstanceId: string) { return this.http.request({ method: "GET", path: path`/licenses/${licenseInstanceId}/environment`, schema: GetLicenseEnvironmentResponse, route: "GET /licenses/:licenseInstanceId/environment" }); }
}
