import { path } from "../path";
import {
    ArchiveAgentResponse, CreateAgentRequest, CreateAgentResponse, GetAgentResponse, GetAgentTenantRolesResponse, LinkAgentVaultItemRequest, LinkAgentVaultItemResponse,
    ListAgentsResponse, RegenerateAgentKeyResponse, SetAgentTenantRolesRequest, SetAgentTenantRolesResponse, UpdateAgentRequest, UpdateAgentResponse,
} from "../schemas/agents";
import type { Transport } from "./transport";

/**
 * Agent orchestration. Create and regenerate-key are NOT idempotent: each answer carries a
 * one-time secret, and a resend would mint another agent or invalidate the key just issued.
 */
export class AgentsApi {
    constructor(private readonly http: Transport) {}

    list() { return this.http.request({ method: "GET", path: path`/agent`, schema: ListAgentsResponse, route: "GET /agent" }); }
    create(body: CreateAgentRequest) { return this.http.request({ method: "POST", path: path`/agent`, body, schema: CreateAgentResponse, route: "POST /agent" }); }
    get(id: string) { return this.http.request({ method: "GET", path: path`/agent/${id}`, schema: GetAgentResponse, route: "GET /agent/:id" }); }
    update(id: string, body: UpdateAgentRequest) { return this.http.request({ method: "PATCH", path: path`/agent/${id}`, body, schema: UpdateAgentResponse, route: "PATCH /agent/:id", idempotent: true }); }
    archive(id: string) { return this.http.request({ method: "PATCH", path: path`/agent/${id}/archive`, schema: ArchiveAgentResponse, route: "PATCH /agent/:id/archive", idempotent: true }); }
    regenerateApiKey(id: string) { return this.http.request({ method: "POST", path: path`/agent/${id}/regenerate-api-key`, schema: RegenerateAgentKeyResponse, route: "POST /agent/:id/regenerate-api-key" }); }
    linkVaultItem(id: string, body: LinkAgentVaultItemRequest) { return this.http.request({ method: "PATCH", path: path`/agent/${id}/vault-item`, body, schema: LinkAgentVaultItemResponse, route: "PATCH /agent/:id/vault-item", idempotent: true }); }
    getTenantRoles(id: string) { return this.http.request({ method: "GET", path: path`/agent/${id}/tenant-roles`, schema: GetAgentTenantRolesResponse, route: "GET /agent/:id/tenant-roles" }); }
    setTenantRoles(id: string, body: SetAgentTenantRolesRequest) { return this.http.request({ method: "PATCH", path: path`/agent/${id}/tenant-roles`, body, schema: SetAgentTenantRolesResponse, route: "PATCH /agent/:id/tenant-roles", idempotent: true }); }
}
