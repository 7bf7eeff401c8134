/**
 * Agent orchestration. The pages give the request bodies; the answers beyond "id plus a one-time
 * accessKey and accessSecret" are decided here: every agent write answers with the agent.
 */
import { z } from "zod";
import { Id, Name, Timestamp } from "./common";
import { PermissionGrant } from "./grants";

export const TenantRole = z.string().regex(/^[A-Z][A-Z0-9_]*$/, "must be an upper-case role name such as TENANT_AGENT_MANAGER");

export const Agent = z.looseObject({
    id: Id,
    name: z.string(),
    domainTenantId: Id,
    securityGroupIds: z.array(Id).default([]),
    permissions: z.array(z.string()).default([]),
    encryptionKeyId: Id.nullish(),
    vaultItemId: Id.nullish(),
    createdAt: Timestamp.optional(),
    archivedAt: Timestamp.nullish(),
});
export type Agent = z.infer<typeof Agent>;

/** `GET /agent`: each agent's domainTenantId can be reused to create siblings. */
export const ListAgentsResponse = z.looseObject({ agents: z.array(Agent) });
export type ListAgentsResponse = z.infer<typeof ListAgentsResponse>;

/** `POST /agent`. `permissions` may hold grouped grants; the key stores them expanded. */
export const CreateAgentRequest = z.strictObject({
    name: Name,
    domainTenantId: Id,
    securityGroupIds: z.array(Id).optional(),
    permissions: z.array(PermissionGrant).optional(),
});
export type CreateAgentRequest = z.infer<typeof CreateAgentRequest>;

/** The credential is `accessKey + "." + accessSecret`, shown once. Treat `accessSecret` as a secret. */
export const AgentCredentials = z.looseObject({
    id: Id,
    accessKey: z.string().min(1),
    accessSecret: z.string().min(1),
});
export const CreateAgentResponse = AgentCredentials;
export type CreateAgentResponse = z.infer<typeof CreateAgentResponse>;

/** `GET /agent/:id`. */
export const GetAgentResponse = Agent;
export type GetAgentResponse = z.infer<typeof GetAgentResponse>;

/** `PATCH /agent/:id`. */
export const UpdateAgentRequest = z.strictObject({
    name: Name.optional(),
    securityGroupIds: z.array(Id).optional(),
    permissions: z.array(PermissionGrant).optional(),
});
export type UpdateAgentRequest = z.infer<typeof UpdateAgentRequest>;
export const UpdateAgentResponse = Agent;
export type UpdateAgentResponse = z.infer<typeof UpdateAgentResponse>;

/** `PATCH /agent/:id/archive` (no body). */
export const ArchiveAgentResponse = Agent;
export type ArchiveAgentResponse = z.infer<typeof ArchiveAgentResponse>;

/** `POST /agent/:id/regenerate-api-key`: a new one-time credential; the old one stops working. */
export const RegenerateAgentKeyResponse = AgentCredentials;
export type RegenerateAgentKeyResponse = z.infer<typeof RegenerateAgentKeyResponse>;

/** `PATCH /agent/:id/vault-item`: link the vault item that holds the agent's credential. */
export const LinkAgentVaultItemRequest = z.strictObject({ vaultItemId: Id });
export type LinkAgentVaultItemRequest = z.infer<typeof LinkAgentVaultItemRequest>;
export const LinkAgentVaultItemResponse = Agent;
export type LinkAgentVaultItemResponse = z.infer<typeof LinkAgentVaultItemResponse>;

/** `PATCH /agent/:id/tenant-roles`: replaces the agent's direct roles. */
export const SetAgentTenantRolesRequest = z.strictObject({ roles: z.array(TenantRole) });
export type SetAgentTenantRolesRequest = z.infer<typeof SetAgentTenantRolesRequest>;

/** `GET /agent/:id/tenant-roles` (and the PATCH's answer): direct roles and inherited ones. */
export const GetAgentTenantRolesResponse = z.looseObject({
    agentId: Id,
    roles: z.array(z.string()),
    inheritedRoles: z.array(z.looseObject({ role: z.string(), source: z.string().optional() })).default([]),
});
export type GetAgentTenantRolesResponse = z.infer<typeof GetAgentTenantRolesResponse>;
export const SetAgentTenantRolesResponse = GetAgentTenantRolesResponse;
export type SetAgentTenantRolesResponse = z.infer<typeof SetAgentTenantRolesResponse>;
