/** Small predicates over R4Error used by the flows to decide what an answer means. */
import { R4Error } from "../errors";

export function isStatus(err: unknown, status: number): boolean {
    return R4Error.is(err) && err.status === status;
}

/** 404: missing, archived, or not reachable by this key; flows treat all three as gone. */
export function isNotFound(err: unknown): boolean {
    return isStatus(err, 404);
}

export function invalidArgument(message: string): R4Error {
    return new R4Error({ code: "invalid_argument", message });
}
