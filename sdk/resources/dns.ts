import { path } from "../path";
import {
    AddDnsRecordRequest, AddDnsRecordResponse, DeleteDnsRecordRequest, DeleteDnsRecordResponse, EditDnsRecordRequest, EditDnsRecordResponse, ListDnsRecordsResponse,
} from "../schemas/dns";
import type { Transport } from "./transport";

/** Domain Manager DNS records. Add is not idempotent (a resend may add a duplicate); edit and delete are. */
export class DnsApi {
    constructor(private readonly http: Transport) {}

    list(domain: string) { return this.http.request({ method: "GET", path: path`/domain-manager/dns-records`, query: { domain }, schema: ListDnsRecordsResponse, route: "GET /domain-manager/dns-records" }); }
    add(body: AddDnsRecordRequest) { return this.http.request({ method: "POST", path: path`/domain-manager/dns-records`, body, schema: AddDnsRecordResponse, route: "POST /domain-manager/dns-records" }); }
    edit(body: EditDnsRecordRequest) { return this.http.request({ method: "PATCH", path: path`/domain-manager/dns-records`, body, schema: EditDnsRecordResponse, route: "PATCH /domain-manager/dns-records", idempotent: true }); }
    delete(body: DeleteDnsRecordRequest) { return this.http.request({ method: "DELETE", path: path`/domain-manager/dns-records`, body, schema: DeleteDnsRecordResponse, route: "DELETE /domain-manager/dns-records" }); }
}
