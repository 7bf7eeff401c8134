/**
 * What every resource's implementation has in common: validation and diffs from declared rules,
 * adoption of an existing object, creates that find what an interrupted earlier create of the
 * same resource made (create-journal.ts), refresh results that carry the inputs, and deletes
 * that treat an object already gone as deleted. Each resource supplies only its R4 calls.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { checkInputs } from "../plumbing/check";
import { diffInputs, type DiffRules } from "../plumbing/diff";
import { isNotFound } from "../plumbing/errors";
import { type JournalNote, URN } from "../plumbing/create-journal";
import { folded, SEEN_BY, unfolded } from "../plumbing/record";
import { journal, keyTag, resolveSettings } from "../plumbing/settings";

export type Handler<T> = pulumi.dynamic.ResourceProvider & { readonly spec: HandlerSpec<T> };

export interface ReadState<T> {
    /** The object's current state as inputs, shaped exactly as the program would declare them. */
    inputs: T;
    /** Outputs beyond the inputs (server-side ids, versions, ...). */
    outputs: Record<string, unknown>;
    /**
     * The object is exactly as state's last read or write of it left it (a read receipt matched),
     * so the inputs state holds stand and are not sent back: a refresh of an unchanged stack then
     * hands the engine one property map per resource instead of two.
     */
    asStateHasIt?: boolean;
}

export interface HandlerSpec<T> {
    /** The resource's name in messages, e.g. "vault". */
    noun: string;
    schema: z.ZodType<T>;
    diff: DiffRules;
    create(inputs: T, intent: CreateIntent): Promise<{ id: string; outputs: Record<string, unknown> }>;
    /** The current state, or null when the object is archived or gone. */
    read(id: string, props: Record<string, any>): Promise<ReadState<T> | null>;
    /** Brings the object from `olds` to `news` in place; `props` are the stored outputs. */
    update(id: string, olds: T, news: T, props: Record<string, any>): Promise<Record<string, unknown>>;
    delete(id: string, props: Record<string, any>): Promise<void>;
    /**
     * Ids of the live objects that match the declared inputs, for objects whose id R4 picks: an
     * interrupted create is found among the ones that were not there before it was sent.
     */
    matching?(inputs: T): Promise<string[]>;
    /** What an object found after an interrupted create still needs (an agent: a fresh key, the first one was lost). */
    recovered?(id: string, inputs: T, outputs: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** Called by a create just before it sends: what will identify the object if the answer is lost to a crash. */
export type CreateIntent = (note: Omit<JournalNote, "urn">) => void;

const ADOPT_ID = "adoptId";
/** Kept from state through refresh and update: they are not R4's to report. */
const CARRIED = [ADOPT_ID, URN] as const;

export function defineHandler<T extends object>(spec: HandlerSpec<T>): Handler<T> {
    const parse = (raw: Record<string, unknown>): T => {
        const { __provider, [ADOPT_ID]: _adopt, [URN]: _urn, ...inputs } = raw;
        return spec.schema.parse(inputs);
    };
    return {
        spec,
        async check(_olds, news) {
            // A missing or malformed setting stops the preview here, before anything is written.
            resolveSettings();
            return checkInputs(spec.schema, news);
        },
        async diff(id, olds, news) {
            // Also before a replacement, whose create must make a new object, not adopt this one.
            recorded(id, unfolded(olds));
            return diffInputs(spec.diff, olds, news);
        },
        async create(raw) {
            const inputs = parse(raw);
            const adoptId = raw[ADOPT_ID];
            if (typeof adoptId === "string" && adoptId !== "") {
                // Take over an object made outside Pulumi: verify it as a refresh would, then bring
                // it to the declared inputs, so the next preview shows no diff.
                const current = await spec.read(adoptId, inputs as Record<string, unknown>);
                if (!current) {
                    throw new Error(`cannot adopt ${spec.noun} "${adoptId}": it does not exist or is archived; check the id, or remove adoptId to create a new ${spec.noun}`);
                }
                const outputs = await spec.update(adoptId, current.inputs, inputs, current.outputs);
                return { id: adoptId, outs: stateOf(inputs, outputs, raw) };
            }
            // Resources serialised before URNs were passed have none: they create without a note.
            const made = typeof raw[URN] === "string" ? await createOrRecover(spec, inputs, raw[URN]) : await spec.create(inputs, () => {});
            return { id: made.id, outs: stateOf(inputs, made.outputs, raw) };
        },
        async read(id, stored) {
            const props = unfolded(stored ?? {});
            const current = await spec.read(id, props);
            if (!current) {
                // Gone out of band: no id tells the engine to drop it from state on refresh.
                believeNotFound(spec.noun, id, props, "refresh");
                return {};
            }
            recorded(id, props);
            const state = stateOf(current.inputs, current.outputs, props);
            // Without `inputs` the engine keeps the ones state holds.
            if (current.asStateHasIt) return { id, props: state };
            return { id, props: state, inputs: compact({ ...current.inputs, ...carried(props) }) };
        },
        async update(id, stored, news) {
            const olds = unfolded(stored);
            recorded(id, olds);
            const outputs = await spec.update(id, parse(olds), parse(news), olds);
            return { outs: stateOf(parse(news), outputs, news) };
        },
        async delete(id, stored) {
            const props = unfolded(stored ?? {});
            try {
                await spec.delete(id, props);
            } catch (err) {
                // Already archived or deleted out of band: the desired end state holds.
                if (!isNotFound(err)) throw err;
                believeNotFound(spec.noun, id, props, "delete");
            }
            recorded(id, props);
        },
    };
}

/**
 * Creates with a note in the create journal, or finds what an earlier, interrupted create of the
 * same URN made: an object that reached R4 but never the state is this resource's.
 */
async function createOrRecover<T>(spec: HandlerSpec<T>, inputs: T, urn: string): Promise<{ id: string; outputs: Record<string, unknown> }> {
    const notes = journal();
    const earlier = notes.read(urn);
    const found = earlier && (await findInterrupted(spec, earlier, inputs));
    if (found) {
        let outputs = await spec.update(found.id, found.current.inputs, inputs, found.current.outputs);
        if (spec.recovered) outputs = await spec.recovered(found.id, inputs, outputs);
        if (earlier.id !== found.id) notes.write({ urn, id: found.id });
        return { id: found.id, outputs };
    }
    let notedId: string | undefined;
    const created = await spec.create(inputs, (note) => {
        notedId = note.id;
        notes.write({ urn, ...note });
    });
    // Server-chosen ids are known only now.
    if (notedId !== created.id) notes.write({ urn, id: created.id });
    return created;
}

/**
 * What state keeps for an object: its inputs, R4's outputs, what is carried over, and the key
 * that saw it; the provider's own part of that folded into one value (plumbing/record.ts).
 */
function stateOf(inputs: object, outputs: Record<string, unknown>, from: Record<string, unknown>): Record<string, unknown> {
    return folded(compact({ ...inputs, ...outputs, ...carried(from) }), keyTag());
}

/**
 * The engine holds `id` in state (a diff, read, update or delete of it): the create note that could have led back to it has done its
 * job. Forgetting it here also keeps another stack with the same URN (another backend, a
 * re-created stack) from adopting an object this one manages.
 */
function recorded(id: string, props: Record<string, unknown>): void {
    if (typeof props[URN] === "string") journal().forget(props[URN], id);
}

/**
 * R4 answers "not found" both for an object that is gone and for one the caller may not see (another
 * tenant's key, a key without access to the vault). From the key that last saw the object it means
 * gone; from another key it proves nothing, and dropping the object from state would orphan it
 * (and the next `up` would make a second one).
 */
function believeNotFound(noun: string, id: string, props: Record<string, unknown>, operation: "refresh" | "delete"): void {
    const seenBy = props[SEEN_BY];
    if (seenBy === undefined || seenBy === keyTag()) return;
    const urn = typeof props[URN] === "string" ? props[URN] : "<URN>";
    throw new Error(
        `${noun} "${id}" was not found with the API key now in use, which is not the key that last saw it: R4 says "not found" both for an object that is gone ` +
            `and for one this key may not see, so the ${operation} stops here and state keeps it. If r4:apiKey changed by mistake, set the previous key back; ` +
            `if this key should manage the object, give it access (same tenant, access to the vault) and run the command again; if the object is really gone, ` +
            `run \`pulumi state delete '${urn}'\`.`,
    );
}

function carried(props: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(CARRIED.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}

/**
 * The object an interrupted create of this resource made, if it is live and still this resource's:
 * the same in every property whose change would need a new object. Other properties are brought
 * to the declared inputs by the caller, as for an adoption.
 */
async function findInterrupted<T>(spec: HandlerSpec<T>, note: JournalNote, inputs: T): Promise<{ id: string; current: ReadState<T> } | undefined> {
    let candidates: string[] = [];
    if (note.id !== undefined) candidates = [note.id];
    else if (note.before && spec.matching) {
        candidates = (await spec.matching(inputs)).filter((id) => !note.before!.includes(id));
        if (candidates.length > 1) {
            throw new Error(
                `an earlier create of this ${spec.noun} was interrupted, and ${candidates.length} matching ${spec.noun}s have appeared since (${candidates.join(", ")}), ` +
                    `so which one it made cannot be told. Archive the extra ones, or set adoptId to the one to keep.`,
            );
        }
    }
    for (const id of candidates) {
        const current = await spec.read(id, inputs as Record<string, unknown>);
        if (current && diffInputs(spec.diff, current.inputs as Record<string, unknown>, inputs as Record<string, unknown>).replaces?.length === 0) return { id, current };
    }
    return undefined;
}

/** The engine's property marshalling refuses `undefined`; an absent output is simply left out. */
function compact<T extends Record<string, unknown>>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
