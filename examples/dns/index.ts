/**
 * One DNS record of every type R4 supports (A, AAAA, CNAME, MX, TXT, NS, SRV, CAA) on a domain
 * managed through R4 (bought through the platform).
 *
 *   r4:baseUrl, r4:apiKey (secret), r4:privateKey (secret)
 *   domain    an R4-managed domain (default: the emulator's example-r4.dev)
 */
import * as pulumi from "@pulumi/pulumi";
import * as r4 from "pulumi-r4";

const config = new pulumi.Config();
const domain = config.get("domain") ?? "example-r4.dev";

const records = {
    web: new r4.DnsRecord("web", { domain, type: "A", name: "www", value: "192.0.2.20" }),
    web6: new r4.DnsRecord("web6", { domain, type: "AAAA", name: "www", value: "2001:db8::20" }),
    docs: new r4.DnsRecord("docs", { domain, type: "CNAME", name: "docs", value: "www.example-r4.dev.", ttl: 3600 }),
    mail: new r4.DnsRecord("mail", { domain, type: "MX", name: "@", value: "mx1.mail.example.", mxPref: 10 }),
    mailBackup: new r4.DnsRecord("mail-backup", { domain, type: "MX", name: "@", value: "mx2.mail.example.", mxPref: 20 }),
    spf: new r4.DnsRecord("spf", { domain, type: "TXT", name: "@", value: "v=spf1 mx -all" }),
    delegation: new r4.DnsRecord("delegation", { domain, type: "NS", name: "lab", value: "ns1.lab-dns.example." }),
    sip: new r4.DnsRecord("sip", { domain, type: "SRV", name: "_sip._tcp", value: "10 60 5060 sip.example-r4.dev." }),
    caa: new r4.DnsRecord("caa", { domain, type: "CAA", name: "@", value: "0 issue \"letsencrypt.org\"" }),
};

// Ids have the form DOMAIN/TYPE/NAME/VALUE (R4 gives records no id of their own).
export const recordIds = Object.fromEntries(Object.entries(records).map(([key, record]) => [key, record.id]));
