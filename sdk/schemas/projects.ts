/** Project Manager. */
import { z } from "zod";
import { Description, ExternalId, Id, IdResponse, Name, Timestamp } from "./common";

/** `POST /project` (201). `domainTenantId` targets a tenant explicitly (ORG keys, multiple bindings). */
export const CreateProjectRequest = z.strictObject({
    name: Name,
    externalId: ExternalId.optional(),
    description: Description.optional(),
    domainTenantId: Id.optional(),
});
export type CreateProjectRequest = z.infer<typeof CreateProjectRequest>;

export const CreateProjectResponse = IdResponse;
export type CreateProjectResponse = z.infer<typeof CreateProjectResponse>;

export const ProjectSummary = z.looseObject({
    id: Id,
    name: z.string(),
    externalId: z.string().nullable(),
    description: z.string().nullable(),
    vaultsCount: z.number().int().nonnegative(),
    licensesCount: z.number().int().nonnegative(),
    licenseGroupsCount: z.number().int().nonnegative(),
    archivedAt: Timestamp.nullable(),
});
export type ProjectSummary = z.infer<typeof ProjectSummary>;

/** `GET /project`: non-archived projects. */
export const ListProjectsResponse = z.looseObject({ projects: z.array(ProjectSummary) });
export type ListProjectsResponse = z.infer<typeof ListProjectsResponse>;

/** `GET /project/:id`. */
export const GetProjectResponse = ProjectSummary.extend({
    domainTenantId: Id.nullable(),
    createdAt: Timestamp,
    createdBy: Id.nullish(),
    vaults: z.array(z.looseObject({ id: Id, name: z.string(), isEncrypted: z.boolean().nullable() })),
    licenses: z.array(z.looseObject({ id: Id, name: z.string().nullable(), type: z.enum(["internal", "manual"]) })),
    licenseGroups: z.array(z.looseObject({ id: Id, name: z.string() })),
});
export type GetProjectResponse = z.infer<typeof GetProjectResponse>;

/**
 * `PATCH /project/update`. The pages name the route only; decided: the id in the body, and each
 * present field replaces the stored one (`null` clears externalId / description).
 */
export const UpdateProjectRequest = z.strictObject({
    id: Id,
    name: Name.optional(),
    externalId: ExternalId.nullable().optional(),
    description: Description.nullable().optional(),
});
export type UpdateProjectRequest = z.infer<typeof UpdateProjectRequest>;
export const UpdateProjectResponse = IdResponse;
export type UpdateProjectResponse = z.infer<typeof UpdateProjectResponse>;

/** `POST /project/archive` and `POST /project/restore`. Decided: `{ id }` in, `{ id }` out. */
export const ArchiveProjectRequest = z.strictObject({ id: Id });
export type ArchiveProjectRequest = z.infer<typeof ArchiveProjectRequest>;
export const ArchiveProjectResponse = IdResponse;
export type ArchiveProjectResponse = z.infer<typeof ArchiveProjectResponse>;
export const RestoreProjectRequest = ArchiveProjectRequest;
export type RestoreProjectRequest = z.infer<typeof RestoreProjectRequest>;
export const RestoreProjectResponse = IdResponse;
export type RestoreProjectResponse = z.infer<typeof RestoreProjectResponse>;
