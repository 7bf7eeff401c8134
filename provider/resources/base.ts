/**
 * What every R4 resource class shares: the tiny serialised provider, the type token
 * `pulumi-nodejs:dynamic/r4:<Kind>`, and secret outputs. A dynamic provider cannot return
 * Pulumi secrets itself, so each class names its secret outputs here and the engine encrypts
 * them in state.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../dispatch";
import { serializedProvider } from "../plumbing/serialized";

export interface AdoptArgs {
    /**
     * The id of an existing R4 object to take over instead of creating one. It is verified, then
     * brought to the declared inputs. (The engine's `import` option cannot serve dynamic resources.)
     */
    adoptId?: pulumi.Input<string>;
}

export abstract class R4Resource extends pulumi.dynamic.Resource {
    protected constructor(
        kind: ResourceKind,
        name: string,
        props: Record<string, unknown>,
        opts: pulumi.CustomResourceOptions | undefined,
        secretOutputs: readonly string[] = [],
    ) {
        const merged: pulumi.CustomResourceOptions = {
            ...opts,
            additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secretOutputs],
        };
        super(serializedProvider(kind), name, props, merged, "r4", kind);
    }
}

/**
 * The args of a `Resource.get`: every named input present with no value. @pulumi/pulumi only
 * resolves the outputs whose keys were in the props a resource was constructed with, so without
 * the keys a read resource's `name`, `value`, ... would stay undefined.
 */
export function readOnly<T>(keys: readonly string[]): T {
    return Object.fromEntries(keys.map((k) => [k, undefined])) as T;
}
