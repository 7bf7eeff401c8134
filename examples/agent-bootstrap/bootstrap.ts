/**
 * Three small dynamic resources this example needs and the package does not (yet) provide. Each
 * provider function loads what it uses by name inside the provider process, so nothing secret
 * is captured when Pulumi serialises it into the state.
 *
 * - AgentKeyPair: an RSA-3072 key pair generated once, in the provider process; the private key
 *   is a secret output, so it is encrypted in state and never printed.
 * - AgentKeyRegistration: registers the public half as the agent's encryption key, calling R4 *as
 *   the agent* (its API key) - `R4Client.ensureRegistered()`, idempotent.
 * - ProjectAccessGrant: lets the agent read the vaults of a project: a READ grant on the project
 *   (its other grants kept) plus the vault's data key wrapped to the agent's registered key, done
 *   with the stack's own R4 credentials (`r4:*` config), which never enter the state.
 */
import * as pulumi from "@pulumi/pulumi";

// ---------------------------------------------------------------------------------------------
const keyPairProvider: pulumi.dynamic.ResourceProvider = {
    async create() {
        const { generateKeyPairSync, randomUUID } = require("node:crypto");
        const { publicKey, privateKey } = generateKeyPairSync("rsa", {
            modulusLength: 3072,
            publicKeyEncoding: { type: "spki", format: "pem" },
            privateKeyEncoding: { type: "pkcs8", format: "pem" },
        });
        return { id: randomUUID(), outs: { publicKeyPem: publicKey, privateKeyPem: privateKey } };
    },
};

export class AgentKeyPair extends pulumi.dynamic.Resource {
    declare readonly publicKeyPem: pulumi.Output<string>;
    declare readonly privateKeyPem: pulumi.Output<string>;
    constructor(name: string, opts?: pulumi.CustomResourceOptions) {
        super(keyPairProvider, name, { publicKeyPem: undefined, privateKeyPem: undefined }, {
            ...opts, additionalSecretOutputs: ["privateKeyPem"],
        }, "r4-example", "AgentKeyPair");
    }
}

// ---------------------------------------------------------------------------------------------
// The stack's r4:* settings reach a dynamic provider through `configure`; kept on globalThis
// (not in a captured variable) so no serialised closure ever holds them.
const configureFromStack = async (req: pulumi.dynamic.ConfigureRequest) => {
    const get = (key: string, env: string) => req.config.get(key) || process.env[env];
    (globalThis as any).__r4ExampleSettings = {
        baseUrl: get("r4:baseUrl", "R4_BASE_URL"), apiKey: get("r4:apiKey", "R4_API_KEY"), privateKeyPem: get("r4:privateKey", "R4_PRIVATE_KEY"),
    };
};

const registrationProvider: pulumi.dynamic.ResourceProvider = {
    configure: configureFromStack,
    async create(inputs) {
        const { R4Client } = require("pulumi-r4/sdk");
        const { baseUrl } = (globalThis as any).__r4ExampleSettings;
        const agent = new R4Client({ baseUrl, apiKey: inputs.agentApiKey, privateKeyPem: inputs.privateKeyPem });
        const encryptionKeyId: string = await agent.ensureRegistered();
        return { id: encryptionKeyId, outs: { ...inputs, encryptionKeyId } };
    },
    // Registering a different key for the same agent is a key rotation; this example does not do it.
    async diff(_id, olds, news) {
        const replace = olds.agentApiKey !== news.agentApiKey || olds.privateKeyPem !== news.privateKeyPem;
        return { changes: replace, replaces: replace ? ["privateKeyPem"] : [] };
    },
    // R4 keeps registered keys; archiving the agent retires them.
    async delete() {},
};

export class AgentKeyRegistration extends pulumi.dynamic.Resource {
    declare readonly encryptionKeyId: pulumi.Output<string>;
    constructor(name: string, args: { agentApiKey: pulumi.Input<string>; privateKeyPem: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
        super(registrationProvider, name, { ...args, encryptionKeyId: undefined }, {
            ...opts, additionalSecretOutputs: ["agentApiKey", "privateKeyPem"],
        }, "r4-example", "AgentKeyRegistration");
    }
}

// ---------------------------------------------------------------------------------------------
const grantProvider: pulumi.dynamic.ResourceProvider = {
    configure: configureFromStack,
    async create(inputs) {
        const { R4Client, crypto } = require("pulumi-r4/sdk");
        const settings = (globalThis as any).__r4ExampleSettings;
        const r4 = new R4Client(settings);
        const current = await r4.permissions.get("PROJECT", inputs.projectId);
        const others = current.permissions.filter((p: { id: string }) => p.id !== inputs.agentId);
        await r4.permissions.set("PROJECT", inputs.projectId, {
            permissions: [...others, { id: inputs.agentId, type: "agent", access: inputs.access }],
        });
        for (const vaultId of inputs.vaultIds as string[]) {
            // Our own copy of the vault's data key, unwrapped here and wrapped again to the agent's key.
            const own = await r4.keys.getWrappedKey(vaultId);
            const dek = crypto.unwrapKey(own.wrappedKey, settings.privateKeyPem);
            await r4.keys.createWrappedKey(vaultId, {
                encryptionKeyId: inputs.encryptionKeyId, dekVersion: own.dekVersion, wrappedKey: crypto.wrapKey(dek, inputs.publicKeyPem),
            });
        }
        return { id: `${inputs.projectId}/${inputs.agentId}`, outs: inputs };
    },
    async diff(_id, olds, news) {
        const changed = JSON.stringify(olds) !== JSON.stringify(news);
        return { changes: changed, replaces: changed ? ["vaultIds"] : [], deleteBeforeReplace: true };
    },
    async delete(_id, props) {
        const { R4Client } = require("pulumi-r4/sdk");
        const r4 = new R4Client((globalThis as any).__r4ExampleSettings);
        try {
            const current = await r4.permissions.get("PROJECT", props.projectId);
            await r4.permissions.set("PROJECT", props.projectId, { permissions: current.permissions.filter((p: { id: string }) => p.id !== props.agentId) });
        } catch (err: any) {
            if (err?.status !== 404) throw err; // the project is gone already
        }
        // A wrapped data key cannot be withdrawn; without the grant it opens nothing. Rotate the
        // vault's data key if the agent must lose what it could already read.
    },
};

export class ProjectAccessGrant extends pulumi.dynamic.Resource {
    constructor(
        name: string,
        args: {
            projectId: pulumi.Input<string>; vaultIds: pulumi.Input<pulumi.Input<string>[]>; agentId: pulumi.Input<string>;
            encryptionKeyId: pulumi.Input<string>; publicKeyPem: pulumi.Input<string>; access: "READ" | "WRITE";
        },
        opts?: pulumi.CustomResourceOptions,
    ) {
        super(grantProvider, name, args, opts, "r4-example", "ProjectAccessGrant");
    }
}
