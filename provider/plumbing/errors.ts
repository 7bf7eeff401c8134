import { R4Error } from "../../sdk/errors";

export function isNotFound(err: unknown): boolean {
    return R4Error.is(err) && err.status === 404;
}
