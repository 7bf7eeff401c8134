/**
 * The provider's own record of an object in state: one output value, `__r4`, because the engine
 * and the dynamic provider host handle every output value of every resource several times in a
 * refresh (the Read request and answer, and the Diff the engine asks for after each Read), and
 * that work grows with the number of values (docs/performance.md).
 *
 * It holds the tag of the API key that last saw the object, the read receipt of what that key
 * saw when the resource issues one, and the resource's URN when it was given one, as
 * "<tag>[.<receipt>][ <urn>]". A tag is hex and a receipt base64url, neither with a dot or a
 * space, so the URN is the rest after the first space, whatever its name holds.
 *
 * Everything else reads the record unfolded, in the shape state had before the record: the three
 * as the separate keys below. State written then is read as it is, and the next write folds it.
 */
import { URN } from "./create-journal";

export const RECORD = "__r4";
/** Which API key last saw the object (see settings' keyTag). */
export const SEEN_BY = "__seenBy";
/** The read receipt of what it saw (sdk/crypto/read-receipts.ts). */
export const RECEIPT = "__readReceipt";

/** `state` with its receipt and URN, and the tag of the key that saw it, folded into the record. */
export function folded(state: Record<string, unknown>, seenBy: string): Record<string, unknown> {
    const { [RECEIPT]: receipt, [URN]: urn, ...rest } = state;
    const sight = typeof receipt === "string" ? `${seenBy}.${receipt}` : seenBy;
    return { ...rest, [RECORD]: typeof urn === "string" ? `${sight} ${urn}` : sight };
}

/** `props` with the record, if any, in its separate keys. */
export function unfolded(props: Record<string, unknown>): Record<string, unknown> {
    const record = props[RECORD];
    if (typeof record !== "string") return props;
    const { [RECORD]: _record, ...rest } = props;
    const space = record.indexOf(" ");
    const sight = space < 0 ? record : record.slice(0, space);
    const dot = sight.indexOf(".");
    return {
        ...rest,
        [SEEN_BY]: dot < 0 ? sight : sight.slice(0, dot),
        ...(dot < 0 ? {} : { [RECEIPT]: sight.slice(dot + 1) }),
        ...(space < 0 ? {} : { [URN]: record.slice(space + 1) }),
    };
}
