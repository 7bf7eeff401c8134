import * as pulumi from "@pulumi/pulumi";
import { AdoptArgs, R4Resource, readOnly } from "./base";

export type DnsRecordType = "A" | "AAAA" | "CNAME" | "MX" | "TXT" | "NS" | "SRV" | "CAA";

export interface DnsRecordArgs extends AdoptArgs {
    /** A domain managed through R4 (bought through the platform). */
    domain: pulumi.Input<string>;
    type: pulumi.Input<DnsRecordType>;
    /** "@" for the root, or a host such as "www". */
    name: pulumi.Input<string>;
    value: pulumi.Input<string>;
    /** Seconds; 300 by default. */
    ttl?: pulumi.Input<number>;
    /** MX priority (MX records only; required there). */
    mxPref?: pulumi.Input<number>;
}

/**
 * A DNS record on an R4-managed domain. Domain, type and name identify it (changing them
 * replaces it); value, ttl and mxPref change in place. Its id is DOMAIN/TYPE/NAME/VALUE.
 */
export class DnsRecord extends R4Resource {
    declare readonly domain: pulumi.Output<string>;
    declare readonly type: pulumi.Output<DnsRecordType>;
    declare readonly name: pulumi.Output<string>;
    declare readonly value: pulumi.Output<string>;
    declare readonly ttl: pulumi.Output<number | undefined>;
    declare readonly mxPref: pulumi.Output<number | undefined>;

    constructor(name: string, args: DnsRecordArgs, opts?: pulumi.CustomResourceOptions) {
        super("DnsRecord", name, { ...args }, opts);
    }

    static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): DnsRecord {
        return new DnsRecord(name, readOnly<DnsRecordArgs>(["domain", "type", "name", "value", "ttl", "mxPref"]), { ...opts, id });
    }
}
