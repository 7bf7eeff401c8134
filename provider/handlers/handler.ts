/**
 * What every resource's implementation has in common: validation and diffs from declared rules,
 * adoption of an existing object, refresh results that carry the inputs, and deletes that treat
 * an object already gone as deleted. Each resource supplies only its R4 calls.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { checkInputs } from "../plumbing/check";
import { diffInputs, type DiffRules } from "../plumbing/diff";
import { isNotFound } from "../plumbing/errors";
import { resolveSettings } from "../plumbing/settings";

export type Handler<T> = pulumi.dynamic.ResourceProvider & { readonly spec: HandlerSpec<T> };

export interface ReadState<T> {
    /** The object's current state as inputs, shaped exactly as the program would declare them. */
    inputs: T;
    /** Outputs beyond the inputs (server-side ids, versions, ...). */
    outputs: Record<string, unknown>;
}

export interface HandlerSpec<T> {
    /** The resource's name in messages, e.g. "vault". */
    noun: string;
    schema: z.ZodType<T>;
    diff: DiffRules;
    create(inputs: T): Promise<{ id: string; outputs: Record<string, unknown> }>;
    /** The current state, or null when the object is archived or gone. */
    read(id: string, props: Record<string, any>): Promise<ReadState<T> | null>;
    /** Brings the object from `olds` to `news` in place; `props` are the stored outputs. */
    update(id: string, olds: T, news: T, props: Record<string, any>): Promise<Record<string, unknown>>;
    delete(id: string, props: Record<string, any>): Promise<void>;
}

const ADOPT_ID = "adoptId";

export function defineHandler<T extends object>(spec: HandlerSpec<T>): Handler<T> {
    const parse = (raw: Record<string, unknown>): T => {
        const { __provider, [ADOPT_ID]: _adopt, ...inputs } = raw;
        return spec.schema.parse(inputs);
    };
    return {
        spec,
        async check(_olds, news) {
            // A missing or malformed setting stops the preview here, before anything is written.
            resolveSettings();
            return checkInputs(spec.schema, news);
        },
        async diff(_id, olds, news) {
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
                return { id: adoptId, outs: compact({ ...inputs, ...outputs, [ADOPT_ID]: adoptId }) };
            }
            const created = await spec.create(inputs);
            return { id: created.id, outs: compact({ ...inputs, ...created.outputs }) };
        },
        async read(id, props) {
            const current = await spec.read(id, props ?? {});
            if (!current) {
                // Gone out of band: no id tells the engine to drop it from state on refresh.
                return {};
            }
            const keep = props?.[ADOPT_ID] !== undefined ? { [ADOPT_ID]: props[ADOPT_ID] } : {};
            const inputs = compact({ ...current.inputs, ...keep });
            return { id, props: compact({ ...inputs, ...current.outputs }), inputs };
        },
        async update(id, olds, news) {
            const outputs = await spec.update(id, parse(olds), parse(news), olds);
            const keep = news[ADOPT_ID] !== undefined ? { [ADOPT_ID]: news[ADOPT_ID] } : {};
            return { outs: compact({ ...parse(news), ...outputs, ...keep }) };
        },
        async delete(id, props) {
            try {
                await spec.delete(id, props);
            } catch (err) {
                // Already archived or deleted out of band: the desired end state holds.
                if (!isNotFound(err)) throw err;
            }
        },
    };
}

/** The engine's property marshalling refuses `undefined`; an absent output is simply left out. */
function compact<T extends Record<string, unknown>>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
