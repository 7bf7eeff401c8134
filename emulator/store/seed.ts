/**
 * First start of a data directory: an org, a tenant bound to a domain, a managed and an unmanaged
 * domain, and an AGENT key with machine.all whose RSA key pair is generated here, as a client
 * would, and registered as the agent's active encryption key. The catalog is code
 * (purchases/catalog.ts) and is mirrored into the table for inspection.
 */
import { fingerprint, generateKeyPair } from "../../sdk/crypto";
import { mintKey } from "../auth";
import { newId } from "../ids";
import { CATALOG } from "../purchases/catalog";
import { Db, inTransaction, one, run } from "./db";

export const MANAGED_DOMAIN = "example-r4.dev";
export const UNMANAGED_DOMAIN = "registered-elsewhere.example";

export interface SeedResult {
    apiKey: string; privateKeyPem: string; orgId: string; tenantId: string; domainTenantId: string; agentId: string;
    encryptionKeyId: string; managedDomain: string; unmanagedDomain: string;
}

export function isSeeded(db: Db): boolean {
    return !!one(db, "SELECT 1 FROM meta WHERE key = 'seeded'");
}

export async function seed(db: Db, now: string, rsaBits: number): Promise<SeedResult> {
    const { publicKeyPem, privateKeyPem } = await generateKeyPair(rsaBits);
    return inTransaction(db, () => {
        const orgId = newId(), tenantId = newId(), domainId = newId(), domainTenantId = newId(), agentId = newId(), encryptionKeyId = newId();
        run(db, "INSERT INTO orgs(id, name, created_at) VALUES (?,?,?)", orgId, "Emulator Org", now);
        run(db, "INSERT INTO tenants(id, org_id, name, created_at) VALUES (?,?,?,?)", tenantId, orgId, "Emulator Tenant", now);
        run(db, "INSERT INTO domains(id, org_id, tenant_id, name, internal_purchase, created_at) VALUES (?,?,?,?,1,?)", domainId, orgId, tenantId, MANAGED_DOMAIN, now);
        run(db, "INSERT INTO domains(id, org_id, tenant_id, name, internal_purchase, created_at) VALUES (?,?,?,?,0,?)", newId(), orgId, tenantId, UNMANAGED_DOMAIN, now);
        run(db, "INSERT INTO domain_tenants(id, domain_id, tenant_id, created_at) VALUES (?,?,?,?)", domainTenantId, domainId, tenantId, now);
        run(db, "INSERT INTO dns_records(domain_id, type, name, value, ttl) VALUES (?, 'A', '@', '192.0.2.10', 300)", domainId);
        run(db, `INSERT INTO agents(id, org_id, tenant_id, domain_tenant_id, name, roles, created_at) VALUES (?,?,?,?,?,?,?)`,
            agentId, orgId, tenantId, domainTenantId, "Emulator Agent", JSON.stringify(["TENANT_AGENT_MANAGER"]), now);
        const key = mintKey(db, { scope: "AGENT", grants: ["machine.all"], orgId, tenantId, principalId: agentId, agentId, now });
        run(db, `INSERT INTO encryption_keys(id, owner_type, owner_id, public_key, fingerprint, status, created_at) VALUES (?, 'AGENT', ?, ?, ?, 'ACTIVE', ?)`,
            encryptionKeyId, agentId, publicKeyPem, fingerprint(publicKeyPem), now);
        for (const p of CATALOG) run(db, "INSERT INTO license_catalog(slug, id, product) VALUES (?,?,?)", p.slug, p.id, JSON.stringify({ ...p, fields: p.fields.map(({ generate: _g, ...f }) => f) }));
        run(db, "INSERT INTO meta(key, value) VALUES ('seeded', ?)", now);
        return { apiKey: key.apiKey, privateKeyPem, orgId, tenantId, domainTenantId, agentId, encryptionKeyId, managedDomain: MANAGED_DOMAIN, unmanagedDomain: UNMANAGED_DOMAIN };
    });
}
