import { path } from "../path";
import {
    CompletePurchaseVaultItemRequest, CompletePurchaseVaultItemResponse, LookupPurchasesResponse, PurchaseStatusResponse, ResumePurchaseResponse,
    StartPurchaseRequest, StartPurchaseResponse,
} from "../schemas/purchases";
import type { Transport } from "./transport";

/**
 * Pincer purchase. `start` spends money and is NEVER resent: after a lost answer, call
 * `lookup(externalLicenseId)` to find the job instead of paying twice. Resume is not resent either.
 */
export class PurchasesApi {
    constructor(private readonly http: Transport) {}

    start(body: StartPurchaseRequest) { return this.http.request({ method: "POST", path: path`/licenses/purchase`, body, schema: StartPurchaseResponse, route: "POST /licenses/purchase", idempotent: false }); }
    status(purchaseId: string) { return this.http.request({ method: "GET", path: path`/licenses/purchases/${purchaseId}/status`, schema: PurchaseStatusResponse, route: "GET /licenses/purchases/:purchaseId/status" }); }
    /** Linking the same vaultItemId twice has one effect, so this is safe to resend. */
    completeVaultItem(purchaseId: string, body: CompletePurchaseVaultItemRequest) { return this.http.request({ method: "POST", path: path`/licenses/purchases/${purchaseId}/vault-item`, body, schema: CompletePurchaseVaultItemResponse, route: "POST /licenses/purchases/:purchaseId/vault-item", idempotent: true }); }
    resume(purchaseId: string) { return this.http.request({ method: "POST", path: path`/licenses/purchases/${purchaseId}/resume`, schema: ResumePurchaseResponse, route: "POST /licenses/purchases/:purchaseId/resume", idempotent: false }); }
    lookup(externalLicenseId: string) { return this.http.request({ method: "GET", path: path`/licenses/purchases`, query: { externalLicenseId }, schema: LookupPurchasesResponse, route: "GET /licenses/purchases" }); }
}
