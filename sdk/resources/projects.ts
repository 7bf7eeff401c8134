import { path } from "../path";
import {
    ArchiveProjectRequest, ArchiveProjectResponse, CreateProjectRequest, CreateProjectResponse, GetProjectResponse, ListProjectsResponse,
    RestoreProjectRequest, RestoreProjectResponse, UpdateProjectRequest, UpdateProjectResponse,
} from "../schemas/projects";
import type { Transport } from "./transport";

/** Project Manager. Create is NOT idempotent (server-chosen id): recover a lost answer by externalId. */
export class ProjectsApi {
    constructor(private readonly http: Transport) {}

    list() { return this.http.request({ method: "GET", path: path`/project`, schema: ListProjectsResponse, route: "GET /project" }); }
    get(id: string) { return this.http.request({ method: "GET", path: path`/project/${id}`, schema: GetProjectResponse, route: "GET /project/:id" }); }
    create(body: CreateProjectRequest) { return this.http.request({ method: "POST", path: path`/project`, body, schema: CreateProjectResponse, route: "POST /project" }); }
    update(body: UpdateProjectRequest) { return this.http.request({ method: "PATCH", path: path`/project/update`, body, schema: UpdateProjectResponse, route: "PATCH /project/update", idempotent: true }); }
    archive(body: ArchiveProjectRequest) { return this.http.request({ method: "POST", path: path`/project/archive`, body, schema: ArchiveProjectResponse, route: "POST /project/archive", idempotent: true }); }
    restore(body: RestoreProjectRequest) { return this.http.request({ method: "POST", path: path`/project/restore`, body, schema: RestoreProjectResponse, route: "POST /project/restore", idempotent: true }); }
}
