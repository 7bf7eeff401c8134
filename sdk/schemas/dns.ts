/**
 * Domain Manager DNS records. A record has no server id: it is identified by
 * `(domain, type, name, value)` plus `mxPref` for MX. Add, edit and delete all answer with the
 * domain's full record list (PROTOCOL.md, DNS records).
 */
import { z } from "zod";

export const DnsRecordType = z.enum(["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA"]);
export type DnsRecordType = z.infer<typeof DnsRecordType>;

export const DomainName = z
    .string()
    .min(1)
    .max(253)
    .regex(/^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))+\.?$/, "must be a domain name such as example.com");

/** "@" for the root or a host label such as "www". */
export const DnsHostName = z.string().min(1).max(253);
export const DnsValue = z.string().min(1).max(4096);
export const Ttl = z.number().int().min(1).max(2_147_483_647);
export const MxPref = z.number().int().min(0).max(65_535);

/** A record as R4 returns it. */
export const DnsRecord = z.looseObject({
    type: DnsRecordType,
    name: z.string(),
    value: z.string(),
    ttl: z.number().int(),
    mxPref: z.number().int().nullish(),
});
export type DnsRecord = z.infer<typeof DnsRecord>;

/** A record as a caller sends it; ttl defaults to 300 on the server. */
export const DnsRecordInput = z.strictObject({
    type: DnsRecordType,
    name: DnsHostName,
    value: DnsValue,
    ttl: Ttl.optional(),
    mxPref: MxPref.optional(),
});
export type DnsRecordInput = z.infer<typeof DnsRecordInput>;

/** What identifies a record in edit and delete. */
export const DnsRecordMatch = z.strictObject({
    type: DnsRecordType,
    name: DnsHostName,
    value: DnsValue,
    mxPref: MxPref.optional(),
});
export type DnsRecordMatch = z.infer<typeof DnsRecordMatch>;

export const ListDnsRecordsQuery = z.strictObject({ domain: DomainName });
export type ListDnsRecordsQuery = z.infer<typeof ListDnsRecordsQuery>;

/** `GET /domain-manager/dns-records?domain=`; also the answer of add, edit and delete. */
export const ListDnsRecordsResponse = z.looseObject({
    domain: z.string(),
    records: z.array(DnsRecord),
});
export type ListDnsRecordsResponse = z.infer<typeof ListDnsRecordsResponse>;

/** `POST /domain-manager/dns-records`. */
export const AddDnsRecordRequest = z.strictObject({ domain: DomainName, record: DnsRecordInput });
export type AddDnsRecordRequest = z.infer<typeof AddDnsRecordRequest>;
export const AddDnsRecordResponse = ListDnsRecordsResponse;
export type AddDnsRecordResponse = z.infer<typeof AddDnsRecordResponse>;

/** `PATCH /domain-manager/dns-records`: replace the record matching `match` with `record`. */
export const EditDnsRecordRequest = z.strictObject({ domain: DomainName, match: DnsRecordMatch, record: DnsRecordInput });
export type EditDnsRecordRequest = z.infer<typeof EditDnsRecordRequest>;
export const EditDnsRecordResponse = ListDnsRecordsResponse;
export type EditDnsRecordResponse = z.infer<typeof EditDnsRecordResponse>;

/** `DELETE /domain-manager/dns-records` (body-carrying DELETE). */
export const DeleteDnsRecordRequest = z.strictObject({ domain: DomainName, record: DnsRecordMatch });
export type DeleteDnsRecordRequest = z.infer<typeof DeleteDnsRecordRequest>;
export const DeleteDnsRecordResponse = ListDnsRecordsResponse;
export type DeleteDnsRecordResponse = z.infer<typeof DeleteDnsRecordResponse>;
