/**
 * `GET /me` (identity and context discovery) and `POST /feedback`. The pages name the areas of
 * the /me answer, not their fields, so only what a client acts on is required: the key's scope.
 */
import { z } from "zod";
import { Id, KeyScope } from "./common";

const Principal = z.looseObject({ id: Id, name: z.string().nullish() });

export const GetMeResponse = z.looseObject({
    apiKey: z.looseObject({
        scope: KeyScope,
        summary: z.unknown().optional(),
        permissions: z.array(z.string()).optional(),
    }),
    org: Principal.nullish(),
    tenant: Principal.nullish(),
    agent: Principal.extend({ encryptionKeyId: Id.nullish() }).nullish(),
    session: z.looseObject({}).nullish(),
    capabilities: z
        .looseObject({
            vaultWriteConstraint: z.unknown().optional(),
        })
        .nullish(),
    warnings: z.array(z.union([z.string(), z.looseObject({ code: z.string().optional(), message: z.string() })])).default([]),
});
export type GetMeResponse = z.infer<typeof GetMeResponse>;

export const FeedbackSurface = z.enum(["CLI", "SDK", "MCP", "API"]);

/** Never put secret values in feedback: R4 emails it internally. */
export const SubmitFeedbackRequest = z.strictObject({
    surface: FeedbackSurface,
    summary: z.string().min(1).max(255),
    details: z.string().max(10_000).optional(),
    desiredOutcome: z.string().max(10_000).optional(),
});
export type SubmitFeedbackRequest = z.infer<typeof SubmitFeedbackRequest>;

export const SubmitFeedbackResponse = z.looseObject({ id: Id });
export type SubmitFeedbackResponse = z.infer<typeof SubmitFeedbackResponse>;
