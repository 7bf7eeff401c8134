/**
 * DnsRecord: R4 gives records no id; one is identified by (domain, type, name, value), plus
 * mxPref for MX. Domain, type and name are the record's identity, so changing them makes a new
 * record; value, ttl and mxPref change in place through the edit route. Delete removes it.
 */
import { isIPv4, isIPv6 } from "node:net";
import { z } from "zod";
import { DnsHostName, DnsRecordType, DnsValue, DomainName, MxPref, Ttl } from "../../sdk/schemas/dns";
import type { DnsRecord } from "../../sdk/schemas";
import { R4Error } from "../../sdk/errors";
import { createOnce } from "../plumbing/create-once";
import { client } from "../plumbing/settings";
import { defineHandler } from "./handler";

const DEFAULT_TTL = 300;

export const DnsRecordInputs = z
    .object({
        domain: DomainName,
        type: DnsRecordType,
        name: DnsHostName,
        value: DnsValue,
        ttl: Ttl.optional(),
        mxPref: MxPref.optional(),
    })
    .superRefine((r, ctx) => {
        if (r.type === "A" && !isIPv4(r.value)) {
            ctx.addIssue({ code: "custom", path: ["value"], message: `an A record needs an IPv4 address such as 192.0.2.10, not "${r.value}"` });
        }
        if (r.type === "AAAA" && !isIPv6(r.value)) {
            ctx.addIssue({ code: "custom", path: ["value"], message: `an AAAA record needs an IPv6 address such as 2001:db8::10, not "${r.value}"` });
        }
        if (r.type === "MX" && r.mxPref === undefined) {
            ctx.addIssue({ code: "custom", path: ["mxPref"], message: "an MX record needs mxPref (its priority, lower is preferred), e.g. mxPref: 10" });
        }
        if (r.type !== "MX" && r.mxPref !== undefined) {
            ctx.addIssue({ code: "custom", path: ["mxPref"], message: `mxPref applies to MX records only; remove it from this ${r.type} record` });
        }
    });
export type DnsRecordInputs = z.infer<typeof DnsRecordInputs>;

function matchOf(r: Pick<DnsRecordInputs, "type" | "name" | "value" | "mxPref">) {
    return { type: r.type, name: r.name, value: r.value, ...(r.type === "MX" && r.mxPref !== undefined ? { mxPref: r.mxPref } : {}) };
}

function recordOf(r: DnsRecordInputs) {
    return { ...matchOf(r), ttl: r.ttl ?? DEFAULT_TTL };
}

function sameRecord(a: DnsRecord, b: Pick<DnsRecordInputs, "type" | "name" | "value" | "mxPref">): boolean {
    return a.type === b.type && a.name === b.name && a.value === b.value && (b.type !== "MX" || (a.mxPref ?? undefined) === b.mxPref);
}

/** The id names the record, so `DnsRecord.get` can find it: DOMAIN/TYPE/NAME/VALUE. */
function idOf(r: DnsRecordInputs): string {
    return [r.domain, r.type, r.name, r.value].join("/");
}

function parseId(id: string): Pick<DnsRecordInputs, "domain" | "type" | "name" | "value"> | undefined {
    const [domain, type, name, ...value] = id.split("/");
    const parsed = DnsRecordType.safeParse(type);
    if (!domain || !parsed.success || !name || value.length === 0) return undefined;
    return { domain, type: parsed.data, name, value: value.join("/") };
}

/** The declared record, if the domain holds it (its id is its identity). */
async function matching(inputs: DnsRecordInputs): Promise<string[]> {
    return (await client().dns.list(inputs.domain)).records.some((r) => sameRecord(r, inputs)) ? [idOf(inputs)] : [];
}

export const dnsRecordHandler = defineHandler<DnsRecordInputs>({
    noun: "DNS record",
    schema: DnsRecordInputs,
    diff: { properties: ["domain", "type", "name", "value", "ttl", "mxPref"], replaceOn: ["domain", "type", "name"], defaults: { ttl: DEFAULT_TTL } },

    matching,

    async create(inputs, intend) {
        const r4 = client();
        const id = idOf(inputs);
        // R4 refuses a second identical record with 409, so after a lost answer a resend could
        // never succeed: look for the record instead (see createOnce).
        await createOnce({
            noun: "DNS record",
            matching: () => matching(inputs),
            noteBefore: (before) => intend({ before }),
            create: async () => {
                try {
                    await r4.dns.add({ domain: inputs.domain, record: recordOf(inputs) });
                } catch (err) {
                    if (R4Error.is(err) && err.status === 409) {
                        throw new Error(`${err.message} To manage that record with this resource, set adoptId: "${id}"; or remove the record first.`);
                    }
                    throw err;
                }
            },
            recover: async () => undefined,
        });
        return { id, outputs: {} };
    },

    async read(id, props) {
        const identity = props.domain ? (props as DnsRecordInputs) : parseId(id);
        if (!identity) {
            throw new Error(`"${id}" is not a DNS record id: expected DOMAIN/TYPE/NAME/VALUE, e.g. example.com/A/www/192.0.2.10`);
        }
        const { records } = await client().dns.list(identity.domain);
        const found = records.find((r) => sameRecord(r, identity as DnsRecordInputs))
            // The value may have been edited out of band: the only record of this type and name is the same record.
            ?? singleByName(records, identity);
        if (!found) return null;
        return {
            inputs: {
                domain: identity.domain,
                type: found.type,
                name: found.name,
                value: found.value,
                ...(props.ttl !== undefined || found.ttl !== DEFAULT_TTL ? { ttl: found.ttl } : {}),
                ...(found.type === "MX" && found.mxPref != null ? { mxPref: found.mxPref } : {}),
            },
            outputs: {},
        };
    },

    async update(_id, olds, news) {
        await client().dns.edit({ domain: news.domain, match: matchOf(olds), record: recordOf(news) });
        return {};
    },

    async delete(_id, props) {
        await client().dns.delete({ domain: props.domain, record: matchOf(props as DnsRecordInputs) });
    },
});

function singleByName(records: DnsRecord[], identity: Pick<DnsRecordInputs, "type" | "name">): DnsRecord | undefined {
    const candidates = records.filter((r) => r.type === identity.type && r.name === identity.name);
    return candidates.length === 1 ? candidates[0] : undefined;
}
