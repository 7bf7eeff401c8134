/**
 * What every R4 resource class shares: the type token `pulumi-nodejs:dynamic/r4:<Kind>` (served
 * by the engine's Node.js dynamic provider), the `__provider` it runs, and secret outputs. A
 * dynamic provider cannot return Pulumi secrets itself, so each class names its secret outputs
 * here and the engine encrypts them in state.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../dispatch";
import { URN } from "../plumbing/create-journal";
import { providerSource } from "../plumbing/provider-source";

export interface AdoptArgs {
    /**
     * The id of an existing R4 object to take over instead of creating one. It is verified, then
     * brought to the declared inputs. (The engine's `import` option cannot serve dynamic resources.)
     */
    adoptId?: pulumi.Input<string>;
}

// A CustomResource with the dynamic type token rather than a pulumi.dynamic.Resource: the latter
// serialises a provider object with @pulumi/pulumi's closure serialiser (about 2 KB of wrapping
// for seven methods); ours is a one-line source that loads the implementation by package name.
export abstract class R4Resource extends pulumi.CustomResource {
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
        const type = `pulumi-nodejs:dynamic/r4:${kind}`;
        super(type, name, { ...props, [URN]: urnOf(type, name, opts?.parent), __provider: providerSource(kind) }, merged);
    }
}

/**
 * The URN the engine will give this resource, as an input: the provider keys its create journal
 * by it (handlers/handler.ts). Known before registration, which the resource's own `urn` is not.
 */
function urnOf(type: string, name: string, parent: pulumi.Resource | undefined): pulumi.Input<string> {
    const root = `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}`;
    if (!parent) return `${root}::${type}::${name}`;
    return parent.urn.apply((parentUrn) => {
        // urn:pulumi:STACK::PROJECT::QUALIFIED$TYPE::NAME; children of the stack itself are not qualified by it.
        const qualified = parentUrn.split("::")[2];
        return qualified === "pulumi:pulumi:Stack" ? `${root}::${type}::${name}` : `${root}::${qualified}$${type}::${name}`;
    });
}

/**
 * The args of a `Resource.get`: every named input present with no value. @pulumi/pulumi only
 * resolves the outputs whose keys were in the props a resource was constructed with, so without
 * the keys a read resource's `name`, `value`, ... would stay undefined.
 */
export function readOnly<T>(keys: readonly string[]): T {
    return Object.fromEntries(keys.map((k) => [k, undefined])) as T;
}
