/**
 * Project: name, externalId and description change in place; the domain-tenant binding is fixed
 * at creation, so changing it makes a new project. Delete archives.
 */
import { z } from "zod";
import { Description, ExternalId, Name } from "../../sdk/schemas";
import { isNotFound } from "../plumbing/errors";
import { client } from "../plumbing/settings";
import { defineHandler } from "./handler";

export const ProjectInputs = z.object({
    name: Name,
    externalId: ExternalId.optional(),
    description: Description.optional(),
    domainTenantId: z.string().min(1).optional(),
});
export type ProjectInputs = z.infer<typeof ProjectInputs>;

export const projectHandler = defineHandler<ProjectInputs>({
    noun: "project",
    schema: ProjectInputs,
    diff: { properties: ["name", "externalId", "description", "domainTenantId"], replaceOn: ["domainTenantId"] },

    async create(inputs) {
        const { id } = await client().projects.create(inputs);
        return { id, outputs: {} };
    },

    async read(id, props) {
        let project;
        try {
            project = await client().projects.get(id);
        } catch (err) {
            if (isNotFound(err)) return null;
            throw err;
        }
        if (project.archivedAt) return null;
        return {
            inputs: {
                name: project.name,
                ...(project.externalId !== null ? { externalId: project.externalId } : {}),
                ...(project.description !== null ? { description: project.description } : {}),
                // The server fills in the default binding; only report it where the program named one.
                ...(props.domainTenantId !== undefined && project.domainTenantId ? { domainTenantId: project.domainTenantId } : {}),
            },
            outputs: {},
        };
    },

    async update(id, _olds, news) {
        await client().projects.update({ id, name: news.name, externalId: news.externalId ?? null, description: news.description ?? null });
        return {};
    },

    async delete(id) {
        await client().projects.archive({ id });
    },
});
