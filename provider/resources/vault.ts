import * as pulumi from "@pulumi/pulumi";
import { AdoptArgs, R4Resource, readOnly } from "./base";

export interface VaultArgs extends AdoptArgs {
    name: pulumi.Input<string>;
    /** PUBLIC, INTERNAL, CONFIDENTIAL (default) or CUI. */
    dataClassification?: pulumi.Input<"PUBLIC" | "INTERNAL" | "CONFIDENTIAL" | "CUI">;
    /** A project granted WRITE access to the vault; changing it never replaces the vault. */
    projectId?: pulumi.Input<string>;
}

/** An end-to-end encrypted R4 vault, created with a fresh data key wrapped to the provider's key. */
export class Vault extends R4Resource {
    declare readonly name: pulumi.Output<string>;
    declare readonly dataClassification: pulumi.Output<string | undefined>;
    declare readonly projectId: pulumi.Output<string | undefined>;
    /** The key the vault's data key is wrapped to and its checkpoints are signed with. */
    declare readonly encryptionKeyId: pulumi.Output<string>;
    declare readonly currentDekVersion: pulumi.Output<number>;
    /** The vault's summary checkpoint version. */
    declare readonly version: pulumi.Output<number>;

    constructor(name: string, args: VaultArgs, opts?: pulumi.CustomResourceOptions) {
        super("Vault", name, { ...args, encryptionKeyId: undefined, currentDekVersion: undefined, version: undefined }, opts);
    }

    /** Reads an existing vault by id. */
    static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Vault {
        return new Vault(name, readOnly<VaultArgs>(["name", "dataClassification", "projectId"]), { ...opts, id });
    }
}
