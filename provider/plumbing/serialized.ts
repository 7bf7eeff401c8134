/**
 * The provider object each resource hands to Pulumi, which serialises it into state as
 * `__provider`. It captures only the resource kind: every method loads the implementation by
 * package name inside the provider process, so state stays a few hundred bytes, serialising
 * hundreds of resources is cheap, nothing secret or native (node:crypto, undici sockets) is
 * captured, and upgrading the package changes behaviour without state surgery.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../dispatch";

export function serializedProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
    return {
        configure: (req) => require("pulumi-r4/provider-runtime").configure(req),
        check: (olds, news) => require("pulumi-r4/provider-runtime").handler(kind).check(olds, news),
        diff: (id, olds, news) => require("pulumi-r4/provider-runtime").handler(kind).diff(id, olds, news),
        create: (inputs) => require("pulumi-r4/provider-runtime").handler(kind).create(inputs),
        read: (id, props) => require("pulumi-r4/provider-runtime").handler(kind).read(id, props),
        update: (id, olds, news) => require("pulumi-r4/provider-runtime").handler(kind).update(id, olds, news),
        delete: (id, props) => require("pulumi-r4/provider-runtime").handler(kind).delete(id, props),
    };
}
