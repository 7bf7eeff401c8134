/**
 * Provider settings, read inside the provider process: stack config first (`r4:baseUrl`,
 * `r4:apiKey`, `r4:privateKey`, delivered to the dynamic provider's `configure`), then the
 * environment (`R4_BASE_URL`, `R4_API_KEY`, `R4_PRIVATE_KEY`). Nothing here is ever captured in
 * the serialised provider, logged, or echoed in an error.
 */
import { createHash } from "node:crypto";
import { R4Client } from "../../sdk/client";
import { loadPrivateKey } from "../../sdk/crypto";
import { CreateJournal, journalDir } from "./create-journal";

export interface ProviderSettings {
    baseUrl: string;
    apiKey: string;
    privateKeyPem: string;
}

interface ConfigSource {
    get(key: string): string | undefined;
}

const SETTINGS = [
    { key: "baseUrl", config: "r4:baseUrl", env: "R4_BASE_URL", secret: false },
    { key: "apiKey", config: "r4:apiKey", env: "R4_API_KEY", secret: true },
    { key: "privateKey", config: "r4:privateKey", env: "R4_PRIVATE_KEY", secret: true },
] as const;

let configured: ConfigSource | undefined;

/** Called from the dynamic provider's `configure` with the stack's config. */
export function configure(config: ConfigSource): void {
    configured = config;
}

export class SettingsError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "SettingsError";
    }
}

function howToSet(setting: (typeof SETTINGS)[number]): string {
    const cli = setting.secret ? `pulumi config set --secret ${setting.config} <value>` : `pulumi config set ${setting.config} <value>`;
    return `set it with \`${cli}\` or the ${setting.env} environment variable`;
}

// The settings last validated: every provider call resolves them, and validating parses the key.
let validated: { values: Record<string, string | undefined>; settings: ProviderSettings } | undefined;

/** Resolves and validates every setting; throws a SettingsError naming each one that is wrong. */
export function resolveSettings(): ProviderSettings {
    const values: Record<string, string | undefined> = {};
    for (const s of SETTINGS) {
        values[s.key] = nonEmpty(configured?.get(s.config)) ?? nonEmpty(process.env[s.env]);
    }
    // Compared one by one: the same config strings come back on every call, so this is an identity
    // check, where joining them (the PEM is kilobytes) copied them all on every provider call.
    if (validated && SETTINGS.every((s) => values[s.key] === validated!.values[s.key])) return validated.settings;
    const problems: string[] = [];
    for (const s of SETTINGS) {
        if (!values[s.key]) problems.push(`${s.config} is not set: ${howToSet(s)}`);
    }
    if (values.baseUrl && !isHttpUrl(values.baseUrl)) {
        problems.push(`r4:baseUrl must be an http(s) URL such as https://r4.dev: ${howToSet(SETTINGS[0])}`);
    }
    if (values.apiKey && !/^[^.\s]+\.[^.\s]+$/.test(values.apiKey)) {
        problems.push(`r4:apiKey must have the form ACCESS_KEY.SECRET (the two parts joined by one dot): ${howToSet(SETTINGS[1])}`);
    }
    if (values.privateKey) {
        try {
            loadPrivateKey(values.privateKey);
        } catch (err) {
            // The SDK's message says what is wrong with the key without echoing it.
            problems.push(`r4:privateKey is not usable (${(err as Error).message}): ${howToSet(SETTINGS[2])}`);
        }
    }
    if (problems.length > 0) {
        throw new SettingsError(`the R4 provider is not configured:\n  - ${problems.join("\n  - ")}`);
    }
    validated = { values, settings: { baseUrl: values.baseUrl!, apiKey: values.apiKey!, privateKeyPem: values.privateKey! } };
    return validated.settings;
}

// A test for one non-space character, not trim(), which would copy the PEM on every call.
const NOT_BLANK = /\S/;

function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || !NOT_BLANK.test(value) ? undefined : value;
}

function isHttpUrl(value: string): boolean {
    try {
        const url = new URL(value);
        return url.protocol === "http:" || url.protocol === "https:";
    } catch {
        return false;
    }
}

// One client per process and settings: its caches (registered key, vault keys, checkpoint
// chains, write queues) are what make a refresh cost one request per item.
// What hangs off the settings, made once per settings (a change of key makes them anew).
let derived: { settings: ProviderSettings; client: R4Client; journal: CreateJournal; keyTag: string } | undefined;

function forSettings(): NonNullable<typeof derived> {
    const settings = resolveSettings();
    if (derived?.settings !== settings) {
        // Only the access key id: the secret half has no business in a file scope or in state.
        const accessKeyId = settings.apiKey.split(".")[0];
        derived = {
            settings,
            client: new R4Client(settings),
            journal: new CreateJournal(journalDir(), `${settings.baseUrl}\n${accessKeyId}`),
            keyTag: createHash("sha256").update(`r4 key tag\n${settings.baseUrl}\n${accessKeyId}`).digest("hex").slice(0, 16),
        };
    }
    return derived;
}

export function client(): R4Client {
    return forSettings().client;
}

/** The create journal of these settings' R4 endpoint and key (see create-journal.ts). */
export function journal(): CreateJournal {
    return forSettings().journal;
}

/**
 * Names the API key in use without revealing it: a hash of the endpoint and the access key id.
 * Kept in state beside each object, so a "not found" is only believed from the key that saw it.
 */
export function keyTag(): string {
    return forSettings().keyTag;
}
