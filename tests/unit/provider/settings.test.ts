import * as assert from "node:assert/strict";
import { configure, resolveSettings, SettingsError } from "../../../provider/plumbing/settings";
import { TEST_PRIVATE_PEM } from "../crypto/helpers";

/** A stack config as the dynamic provider's `configure` hands it over. */
const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("provider settings: resolved on every call, validated once per change", () => {
    const env = { ...process.env };
    beforeEach(() => {
        for (const name of ["R4_BASE_URL", "R4_API_KEY", "R4_PRIVATE_KEY"]) delete process.env[name];
    });
    after(() => {
        process.env = env;
        configure(config({}));
    });

    it("returns the same validated settings while the config is unchanged, and new ones when a value changes", () => {
        const values = { "r4:baseUrl": "http://127.0.0.1:1", "r4:apiKey": "ak.one", "r4:privateKey": TEST_PRIVATE_PEM };
        configure(config(values));
        const first = resolveSettings();
        assert.equal(resolveSettings(), first);
        // An equal string that is another object is the same setting.
        configure(config({ ...values, "r4:privateKey": TEST_PRIVATE_PEM.split("").join("") }));
        assert.equal(resolveSettings(), first);
        configure(config({ ...values, "r4:apiKey": "ak.two" }));
        const second = resolveSettings();
        assert.notEqual(second, first);
        assert.equal(second.apiKey, "ak.two");
        process.env.R4_BASE_URL = "http://127.0.0.1:2";
        configure(config({ ...values, "r4:baseUrl": "" }));
        assert.equal(resolveSettings().baseUrl, "http://127.0.0.1:2", "an empty config value falls back to the environment");
    });

    it("treats a value of only whitespace as unset, and names every setting that is wrong without echoing it", () => {
        configure(config({ "r4:baseUrl": "ftp://nope", "r4:apiKey": " \n\t ", "r4:privateKey": "not a key" }));
        assert.throws(resolveSettings, (err: Error) => {
            assert.ok(err instanceof SettingsError);
            assert.match(err.message, /r4:baseUrl must be an http\(s\) URL/);
            assert.match(err.message, /r4:apiKey is not set/);
            assert.match(err.message, /r4:privateKey is not usable/);
            assert.doesNotMatch(err.message, /not a key/);
            return true;
        });
    });
});
