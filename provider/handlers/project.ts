/**
 * Project: name, externalId and description change in place; the domain-tenant binding is fixed
 * at creation, so changing it makes a new project. Delete archives.
 */
import { z } from "zod";
import { Description, ExternalId, Name } from "../../sdk/schemas/common";
import { createOnce } from "../plumbing/create-once";
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

/** Live projects that match the declared inputs. */
async function matching(inputs: ProjectInputs): Promise<string[]> {
    return (await client().projects.list()).projects
        .filter((p) => p.name === inputs.name && (p.externalId ?? undefined) === inputs.externalId && (p.description ?? undefined) === inputs.description)
        .map((p) => p.id);
}

export const projectHandler = defineHandler<ProjectInputs>({
    noun: "project",
    schema: ProjectInputs,
    diff: { properties: ["name", "externalId", "description", "domainTenantId"], replaceOn: ["domainTenantId"] },

    matching,

    async create(inputs, intend) {
        // R4 picks a project's id, so a resend after a lost answer would make a second project:
        // look for it instead (see createOnce).
        const id = await createOnce({
            noun: "project",
            matching: () => matching(inputs),
            noteBefore: (before) => intend({ before }),
            create: async () => (await client().projects.create(inputs)).id,
            recover: async (found) => found,
        });
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
