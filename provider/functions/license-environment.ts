/**
 * `getLicenseEnvironment`: a license's decrypted environment as a secret output. It runs in the
 * program process through the SDK (dynamic providers cannot serve invokes), with the same
 * settings as the provider: stack config `r4:baseUrl`, `r4:apiKey`, `r4:privateKey`, else the
 * R4_* environment variables.
 */
import * as pulumi from "@pulumi/pulumi";

export interface GetLicenseEnvironmentArgs {
    licenseInstanceId: pulumi.Input<string>;
}

export interface GetLicenseEnvironmentResult {
    licenseInstanceId: string;
    /** Every field as an environment variable name ("API token" → API_TOKEN). */
    env: Record<string, string>;
    items: Array<{ vaultId: string; vaultItemId: string; fields: Record<string, string> }>;
}

/**
 * @example
 * const env = r4.getLicenseEnvironment({ licenseInstanceId: license.licenseInstanceIds[0] });
 * export const password = env.env["PASSWORD"]; // secret
 */
export function getLicenseEnvironment(args: GetLicenseEnvironmentArgs): pulumi.Output<GetLicenseEnvironmentResult> {
    const result = pulumi.output(args.licenseInstanceId).apply(async (licenseInstanceId) => {
        // Loaded on first use: importing pulumi-r4 must not pay for the SDK (zod, undici) in
        // every program that never calls this function.
        const { client, configure } = require("../plumbing/settings") as typeof import("../plumbing/settings");
        configure({ get: (key) => new pulumi.Config(key.slice(0, key.indexOf(":"))).get(key.slice(key.indexOf(":") + 1)) });
        const env = await client().getLicenseEnvironment(licenseInstanceId);
        return { licenseInstanceId: env.licenseInstanceId, env: env.env, items: env.items };
    });
    return pulumi.secret(result);
}
