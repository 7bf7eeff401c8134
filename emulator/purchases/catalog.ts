/**
 * The seeded license catalog. Chosen to exercise every branch of the purchase job: a product that
 * needs a domain, one with browser activation, and one whose handoff has several secret fields.
 */
import { randomBytes } from "node:crypto";
export interface HandoffFieldSpec { id: string; name: string; type: string; isSecret: boolean; generate: (ctx: { domain: string | null; jobId: string }) => string }
export interface Product {
    slug: string;
    id: string;
    name: string;
    itemType: string;
    websites: string[];
    needsDomain: boolean;
    browserActivation: boolean;
    fields: HandoffFieldSpec[];
}

const secret = (n: number): string => randomBytes(n).toString("base64url");

export const CATALOG: Product[] = [
    {
        slug: "defend", id: "6650a1b2c3d4e5f601234501", name: "Falcon Defend", itemType: "SOFTWARE_LICENSE",
        websites: ["https://falcon.crowdstrike.com"], needsDomain: false, browserActivation: true,
        fields: [
            { id: "field_username", name: "Username", type: "TEXT", isSecret: false, generate: ({ jobId }) => `agent+${jobId}@example-r4.dev` },
            { id: "field_password", name: "Password", type: "PASSWORD", isSecret: true, generate: () => secret(18) },
        ],
    },
    {
        slug: "workspace", id: "6650a1b2c3d4e5f601234502", name: "Workspace Business", itemType: "SOFTWARE_LICENSE",
        websites: ["https://admin.workspace.example"], needsDomain: true, browserActivation: false,
        fields: [
            { id: "field_admin_email", name: "Admin email", type: "EMAIL", isSecret: false, generate: ({ domain }) => `admin@${domain}` },
            { id: "field_admin_password", name: "Admin password", type: "PASSWORD", isSecret: true, generate: () => secret(18) },
        ],
    },
    {
        slug: "cloud-api", id: "6650a1b2c3d4e5f601234503", name: "Cloud API Platform", itemType: "API_CREDENTIALS",
        websites: ["https://console.cloud-api.example"], needsDomain: false, browserActivation: false,
        fields: [
            { id: "field_tenant_id", name: "Tenant ID", type: "TEXT", isSecret: false, generate: ({ jobId }) => `tenant-${jobId}` },
            { id: "field_client_id", name: "Client ID", type: "TEXT", isSecret: false, generate: () => secret(12) },
            { id: "field_client_secret", name: "Client secret", type: "SECRET", isSecret: true, generate: () => secret(32) },
            { id: "field_api_token", name: "API token", type: "SECRET", isSecret: true, generate: () => secret(40) },
            { id: "field_webhook_secret", name: "Webhook signing secret", type: "SECRET", isSecret: true, generate: () => secret(24) },
        ],
    },
];

export const findProduct = (slugOrId: string): Product | undefined => CATALOG.find((p) => p.slug === slugOrId || p.id === slugOrId);
