import * as pulumi from "@pulumi/pulumi";
import { AdoptArgs, R4Resource, readOnly } from "./base";

export interface VaultItemField {
    /** Unique within the item; fields are matched by name across edits, so their ids stay stable. */
    name: pulumi.Input<string>;
    /** TEXT, PASSWORD, SECRET, URL, ... (masking only: every value is encrypted). */
    type: pulumi.Input<string>;
    value: pulumi.Input<string>;
}

export interface VaultItemArgs extends AdoptArgs {
    vaultId: pulumi.Input<string>;
    name: pulumi.Input<string>;
    /** LOGIN, SOFTWARE_LICENSE, ... */
    type: pulumi.Input<string>;
    websites?: pulumi.Input<pulumi.Input<string>[]>;
    /** In order. Every value is encrypted before it leaves the machine and is a secret in state. */
    fields: pulumi.Input<pulumi.Input<VaultItemField>[]>;
}

/** An item in an R4 vault; its field values are encrypted client-side with the vault's key. */
export class VaultItem extends R4Resource {
    declare readonly vaultId: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    declare readonly type: pulumi.Output<string>;
    declare readonly websites: pulumi.Output<string[] | undefined>;
    declare readonly fields: pulumi.Output<{ name: string; type: string; value: string }[]>;
    /** Field ids by field name. */
    declare readonly fieldIds: pulumi.Output<Record<string, string>>;
    /** The item's detail checkpoint version. */
    declare readonly version: pulumi.Output<number>;

    constructor(name: string, args: VaultItemArgs, opts?: pulumi.CustomResourceOptions) {
        // The values are secret in the inputs as well as the outputs of state.
        const fields = args.fields === undefined ? undefined : pulumi.secret(args.fields);
        super("VaultItem", name, { ...args, fields, fieldIds: undefined, version: undefined }, opts, ["fields"]);
    }

    /** Reads an existing item; R4 reads items through their vault, so the vault id is needed too. */
    static get(name: string, id: pulumi.Input<pulumi.ID>, state: { vaultId: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions): VaultItem {
        return new VaultItem(name, { ...readOnly<VaultItemArgs>(["name", "type", "websites"]), vaultId: state.vaultId }, { ...opts, id });
    }
}
