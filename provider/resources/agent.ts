import * as pulumi from "@pulumi/pulumi";
import { AdoptArgs, R4Resource, readOnly } from "./base";

export interface AgentArgs extends AdoptArgs {
    name: pulumi.Input<string>;
    domainTenantId: pulumi.Input<string>;
    securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Machine permissions or grouped grants (e.g. machine.vault.all); changing them makes a new agent. */
    permissions: pulumi.Input<pulumi.Input<string>[]>;
    /** Direct tenant roles, e.g. TENANT_AGENT_MANAGER. */
    tenantRoles?: pulumi.Input<pulumi.Input<string>[]>;
    /** The vault item that holds this agent's credentials. */
    vaultItemId?: pulumi.Input<string>;
    /** Any value; changing it regenerates the agent's API key. */
    keyRotation?: pulumi.Input<unknown>;
}

/** A subordinate R4 agent. Its one-time credentials are secret outputs. */
export class Agent extends R4Resource {
    declare readonly name: pulumi.Output<string>;
    declare readonly domainTenantId: pulumi.Output<string>;
    declare readonly permissions: pulumi.Output<string[]>;
    declare readonly tenantRoles: pulumi.Output<string[] | undefined>;
    declare readonly accessKey: pulumi.Output<string>;
    declare readonly accessSecret: pulumi.Output<string>;
    /** `accessKey.accessSecret`, ready for the X-API-Key header. */
    declare readonly apiKey: pulumi.Output<string>;

    constructor(name: string, args: AgentArgs, opts?: pulumi.CustomResourceOptions) {
        super("Agent", name, { ...args, accessKey: undefined, accessSecret: undefined, apiKey: undefined }, opts, ["accessKey", "accessSecret", "apiKey"]);
    }

    static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Agent {
        return new Agent(name, readOnly<AgentArgs>(["name", "domainTenantId", "securityGroupIds", "permissions", "tenantRoles", "vaultItemId"]), { ...opts, id });
    }
}
