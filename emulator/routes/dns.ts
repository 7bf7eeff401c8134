/**
 * Domain Manager DNS records, for domains bought through R4 only (`internal_purchase`). Records
 * have no id: they are matched by (type, name, value[, mxPref]) (PROTOCOL.md).
 */
import { AddDnsRecordRequest, DeleteDnsRecordRequest, EditDnsRecordRequest, ListDnsRecordsQuery } from "../../sdk/schemas/dns";
import type { Caller } from "../auth";
import { route, RouteSpec } from "../context";
import { ApiError } from "../errors";
import { DEFAULT_DNS_TTL } from "../limits";
import { all, Db, one, run } from "../store/db";
import { inCallerTenant } from "../store/vaults";
import { parse, validateDnsRecord } from "../validate";

interface RecordRow { seq: number; type: string; name: string; value: string; ttl: number; mx_pref: number | null }

/** The pages' two refusals: 404 for a domain the caller cannot see, 403 for one registered elsewhere. */
function managedDomain(db: Db, caller: Caller, name: string, verb: "retrieved" | "modified"): string {
    const d = one<{ id: string; tenant_id: string; internal_purchase: number }>(db, "SELECT * FROM domains WHERE name = ?", name.toLowerCase().replace(/\.$/, ""));
    if (!d || !inCallerTenant(db, caller, d.tenant_id)) {
        throw new ApiError("domain_not_found", `The domain "${name}" was not found in your organization or you do not have access to it.`);
    }
    if (!d.internal_purchase) {
        throw new ApiError("domain_not_managed", `The domain "${name}" is not managed through R4. DNS records can only be ${verb} for domains purchased through the R4 platform.`);
    }
    return d.id;
}

function records(db: Db, domainId: string, domain: string) {
    const rows = all<RecordRow>(db, "SELECT * FROM dns_records WHERE domain_id = ? ORDER BY seq", domainId);
    return { domain, records: rows.map((r) => ({ type: r.type, name: r.name, value: r.value, ttl: r.ttl, ...(r.mx_pref === null ? {} : { mxPref: r.mx_pref }) })) };
}

function findRecord(db: Db, domainId: string, m: { type: string; name: string; value: string; mxPref?: number }): RecordRow {
    const r = all<RecordRow>(db, "SELECT * FROM dns_records WHERE domain_id = ? AND type = ? AND name = ? AND value = ? ORDER BY seq", domainId, m.type, m.name, m.value)
        .find((x) => m.mxPref === undefined || x.mx_pref === m.mxPref);
    if (!r) throw new ApiError("dns_record_not_found", `No ${m.type} record "${m.name}" with value "${m.value}".`);
    return r;
}

function assertUnique(db: Db, domainId: string, rec: { type: string; name: string; value: string }, exceptSeq?: number): void {
    const dup = one<{ seq: number }>(db, "SELECT seq FROM dns_records WHERE domain_id = ? AND type = ? AND name = ? AND value = ?", domainId, rec.type, rec.name, rec.value);
    if (dup && dup.seq !== exceptSeq) throw new ApiError("conflict", `A ${rec.type} record "${rec.name}" with value "${rec.value}" already exists.`);
}

export const dnsRoutes: RouteSpec[] = [
    route("GET", "/domain-manager/dns-records", "machine.dns.read", ({ caller, query, svc: { db } }) => {
        const q = parse(ListDnsRecordsQuery, query, "query");
        return { body: records(db, managedDomain(db, caller, q.domain, "retrieved"), q.domain) };
    }),

    route("POST", "/domain-manager/dns-records", "machine.dns.write", ({ caller, body, svc: { db } }) => {
        const req = parse(AddDnsRecordRequest, body);
        validateDnsRecord(req.record);
        const id = managedDomain(db, caller, req.domain, "modified");
        assertUnique(db, id, req.record);
        run(db, "INSERT INTO dns_records(domain_id, type, name, value, ttl, mx_pref) VALUES (?,?,?,?,?,?)", id, req.record.type, req.record.name, req.record.value, req.record.ttl ?? DEFAULT_DNS_TTL, req.record.mxPref ?? null);
        return { body: records(db, id, req.domain) };
    }),

    route("PATCH", "/domain-manager/dns-records", "machine.dns.write", ({ caller, body, svc: { db } }) => {
        const req = parse(EditDnsRecordRequest, body);
        validateDnsRecord(req.record);
        const id = managedDomain(db, caller, req.domain, "modified");
        const r = findRecord(db, id, req.match);
        assertUnique(db, id, req.record, r.seq);
        run(db, "UPDATE dns_records SET type = ?, name = ?, value = ?, ttl = ?, mx_pref = ? WHERE seq = ?", req.record.type, req.record.name, req.record.value, req.record.ttl ?? DEFAULT_DNS_TTL, req.record.mxPref ?? null, r.seq);
        return { body: records(db, id, req.domain) };
    }),

    route("DELETE", "/domain-manager/dns-records", "machine.dns.write", ({ caller, body, svc: { db } }) => {
        const req = parse(DeleteDnsRecordRequest, body);
        const id = managedDomain(db, caller, req.domain, "modified");
        run(db, "DELETE FROM dns_records WHERE seq = ?", findRecord(db, id, req.record).seq);
        return { body: records(db, id, req.domain) };
    }),
];
