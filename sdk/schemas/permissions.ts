/** Permission management: `GET|POST /permissions/:assetType/:id/(set-)permissions`. */
import { z } from "zod";
import { AccessLevel, Id, PermissionAssetType, SignedPermission } from "./common";

/** One row of a permission list, as the pages' set-permissions examples send it. */
export const PermissionEntry = z.looseObject({
    id: Id,
    name: z.string().nullish(),
    type: z.string().min(1),
    avatar: z.string().nullish(),
    isDefault: z.boolean().nullish(),
    access: AccessLevel,
});
export type PermissionEntry = z.infer<typeof PermissionEntry>;

/**
 * `POST /permissions/:assetType/:id/set-permissions` replaces the whole list (keep your own ADMIN
 * row). VAULT and VAULT_ITEM writes need a `permissionCheckpoint` matching the list exactly.
 */
export const SetPermissionsRequest = z.strictObject({
    permissions: z.array(PermissionEntry),
    permissionCheckpoint: SignedPermission.optional(),
});
export type SetPermissionsRequest = z.infer<typeof SetPermissionsRequest>;

/**
 * `GET /permissions/:assetType/:id/permissions`. Undocumented answer; decided: the direct list,
 * plus the current signed checkpoint for checkpoint-backed assets (null until one exists).
 */
export const GetPermissionsResponse = z.looseObject({
    assetId: Id,
    assetType: PermissionAssetType,
    permissions: z.array(PermissionEntry),
    permissionCheckpoint: SignedPermission.nullish(),
});
export type GetPermissionsResponse = z.infer<typeof GetPermissionsResponse>;

/** Decided: set-permissions answers with the list as stored, like the GET. */
export const SetPermissionsResponse = GetPermissionsResponse;
export type SetPermissionsResponse = z.infer<typeof SetPermissionsResponse>;
