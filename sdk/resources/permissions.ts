import { path } from "../path";
import type { PermissionAssetType } from "../schemas/common";
import { GetPermissionsResponse, SetPermissionsRequest, SetPermissionsResponse } from "../schemas/permissions";
import type { Transport } from "./transport";

/** Permission management. set-permissions replaces the whole list, so resending it is harmless. */
export class PermissionsApi {
    constructor(private readonly http: Transport) {}

    get(assetType: PermissionAssetType, id: string) { return this.http.request({ method: "GET", path: path`/permissions/${assetType}/${id}/permissions`, schema: GetPermissionsResponse, route: "GET /permissions/:assetType/:id/permissions" }); }
    set(assetType: PermissionAssetType, id: string, body: SetPermissionsRequest) { return this.http.request({ method: "POST", path: path`/permissions/${assetType}/${id}/set-permissions`, body, schema: SetPermissionsResponse, route: "POST /permissions/:assetType/:id/set-permissions", idempotent: body.permissionCheckpoint === undefined }); }
}
