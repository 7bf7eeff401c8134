/**
 * The provider object each resource hands to Pulumi, which serialises it into state as
 * `__provider`. It captures only the resource kind: every method loads the implementation by
 * package name inside the provider process, so state stays small (about 2 KB, nearly all of it
 * the closure serialiser's fixed wrapping of seven small functions), nothing secret or native
 * (node:crypto, undici sockets) is captured, and upgrading the package changes behaviour without
 * state surgery. One object per kind: @pulumi/pulumi caches serialisations by object identity,
 * so hundreds of resources cost one serialisation per kind.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../dispatch";

type Method = "check" | "diff" | "create" | "read" | "update" | "delete";

const byKind = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

export function serializedProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
    let provider = byKind.get(kind);
    if (!provider) {
        provider = providerFor(kind);
        byKind.set(kind, provider);
    }
    return provider;
}

function providerFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
    const run = (method: Method, args: unknown[]) => require("pulumi-r4/provider-runtime").run(kind, method, args);
    return {
        configure: (req) => require("pulumi-r4/provider-runtime").configure(req),
        check: (...args) => run("check", args),
        diff: (...args) => run("diff", args),
        create: (...args) => run("create", args),
        read: (...args) => run("read", args),
        update: (...args) => run("update", args),
        delete: (...args) => run("delete", args),
    };
}
