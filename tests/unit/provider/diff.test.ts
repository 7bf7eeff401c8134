import * as assert from "node:assert/strict";
import { diffInputs, type DiffRules } from "../../../provider/plumbing/diff";
import { UNKNOWN } from "../../../provider/plumbing/unknowns";

const rules: DiffRules = { properties: ["vaultId", "name", "websites", "fields"], replaceOn: ["vaultId"], defaults: { websites: [] } };
const item = {
    vaultId: "v1",
    name: "Service",
    fields: [
        { name: "Username", type: "TEXT", value: "admin" },
        { name: "Password", type: "PASSWORD", value: "s3cret" },
    ],
};
const changedOf = (olds: Record<string, unknown>, news: Record<string, unknown>) => diffInputs(rules, olds, news);

describe("provider diffs: which declared properties changed", () => {
    it("finds nothing between equal inputs, whatever the key order of nested objects", () => {
        const reordered = { fields: item.fields.map((f) => ({ value: f.value, type: f.type, name: f.name })), name: item.name, vaultId: item.vaultId };
        const diff = changedOf(item, reordered);
        assert.equal(diff.changes, false);
        assert.deepEqual(diff.stables, rules.properties);
        assert.deepEqual(diff.replaces, []);
    });

    it("counts array order, a changed nested value, an added or a removed key", () => {
        assert.deepEqual(changedOf(item, { ...item, fields: [...item.fields].reverse() }).stables, ["vaultId", "name", "websites"]);
        const edited = { ...item, fields: [item.fields[0], { ...item.fields[1], value: "n3w" }] };
        assert.equal(changedOf(item, edited).changes, true);
        const extraKey = { ...item, fields: [item.fields[0], { ...item.fields[1], note: "x" }] };
        assert.equal(changedOf(item, extraKey).changes, true);
        assert.equal(changedOf(extraKey, item).changes, true);
        assert.equal(changedOf(item, { ...item, fields: item.fields.slice(1) }).changes, true);
    });

    it("treats a property set to undefined as left out, and undefined in an array as null", () => {
        const withUndefined = { ...item, fields: [item.fields[0], { ...item.fields[1], note: undefined }] };
        assert.equal(changedOf(item, withUndefined).changes, false);
        assert.equal(changedOf(withUndefined, item).changes, false);
        assert.equal(changedOf({ ...item, websites: ["a", undefined] }, { ...item, websites: ["a", null] }).changes, false);
        // null is a value: a key holding it is not one left out.
        assert.equal(changedOf(item, { ...item, fields: [item.fields[0], { ...item.fields[1], note: null }] }).changes, true);
    });

    it("compares an omitted property as its default, and a type change as a change", () => {
        assert.equal(changedOf(item, { ...item, websites: [] }).changes, false);
        assert.deepEqual(changedOf(item, { ...item, websites: ["https://example.com"] }).stables, ["vaultId", "name", "fields"]);
        assert.equal(changedOf({ ...item, name: "1" }, { ...item, name: 1 }).changes, true);
        assert.equal(changedOf({ ...item, websites: {} }, { ...item, websites: [] }).changes, true);
    });

    it("counts a value not known yet as a change, and asks for a replacement only where the rules say", () => {
        const unknownName = changedOf(item, { ...item, name: UNKNOWN });
        assert.deepEqual(unknownName.stables, ["vaultId", "websites", "fields"]);
        assert.deepEqual(unknownName.replaces, []);
        assert.deepEqual(changedOf(item, { ...item, vaultId: "v2" }).replaces, ["vaultId"]);
    });
});
