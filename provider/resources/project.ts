import * as pulumi from "@pulumi/pulumi";
import { AdoptArgs, R4Resource, readOnly } from "./base";

export interface ProjectArgs extends AdoptArgs {
    name: pulumi.Input<string>;
    externalId?: pulumi.Input<string>;
    description?: pulumi.Input<string>;
    /** The domain-tenant binding; fixed at creation (changing it makes a new project). */
    domainTenantId?: pulumi.Input<string>;
}

/** An R4 project: an organisational unit for vaults and licenses. Delete archives it. */
export class Project extends R4Resource {
    declare readonly name: pulumi.Output<string>;
    declare readonly externalId: pulumi.Output<string | undefined>;
    declare readonly description: pulumi.Output<string | undefined>;
    declare readonly domainTenantId: pulumi.Output<string | undefined>;

    constructor(name: string, args: ProjectArgs, opts?: pulumi.CustomResourceOptions) {
        super("Project", name, { ...args }, opts);
    }

    static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Project {
        return new Project(name, readOnly<ProjectArgs>(["name", "externalId", "description", "domainTenantId"]), { ...opts, id });
    }
}
