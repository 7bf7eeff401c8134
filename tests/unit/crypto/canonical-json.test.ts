import { strict as assert } from "node:assert";
import { canonicalize } from "../../../sdk/crypto";
import { R4Error } from "../../../sdk/errors";

function fromBits(hex: string): number {
    return Buffer.from(hex, "hex").readDoubleBE(0);
}

describe("canonicalize (RFC 8785 JCS)", () => {
    it("reproduces the RFC 8785 §3.2.2 main example", () => {
        // The input text of the RFC's example, parsed as any JSON reader would.
        const input = String.raw`{
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }`;
        const expected = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;
        assert.equal(canonicalize(JSON.parse(input)), expected);
    });

    it("sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)", () => {
        const input = String.raw`{
          "\u20ac": "Euro Sign",
          "\r": "Carriage Return",
          "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\ud83d\ude00": "Emoji: Grinning Face",
          "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"
        }`;
        const out = canonicalize(JSON.parse(input));
        // Read values in text order (Object.values would hoist the integer-like key "1").
        const values = [...out.matchAll(/:"([^"]*)"/g)].map((m) => m[1]);
        // The emoji (U+1F600, UTF-16 D83D DE00) sorts before U+FB33: code units, not code points.
        assert.deepEqual(values, [
            "Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign",
            "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh",
        ]);
        assert.equal(out, '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}');
    });

    // RFC 8785 Appendix B: IEEE 754 bit patterns and their required serialisation.
    const appendixB: [string, string][] = [
        ["0000000000000000", "0"],
        ["8000000000000000", "0"],
        ["0000000000000001", "5e-324"],
        ["8000000000000001", "-5e-324"],
        ["7fefffffffffffff", "1.7976931348623157e+308"],
        ["ffefffffffffffff", "-1.7976931348623157e+308"],
        ["4340000000000000", "9007199254740992"],
        ["c340000000000000", "-9007199254740992"],
        ["4430000000000000", "295147905179352830000"],
        ["44b52d02c7e14af5", "9.999999999999997e+22"],
        ["44b52d02c7e14af6", "1e+23"],
        ["44b52d02c7e14af7", "1.0000000000000001e+23"],
        ["444b1ae4d6e2ef4e", "999999999999999700000"],
        ["444b1ae4d6e2ef4f", "999999999999999900000"],
        ["444b1ae4d6e2ef50", "1e+21"],
        ["3eb0c6f7a0b5ed8c", "9.999999999999997e-7"],
        ["3eb0c6f7a0b5ed8d", "0.000001"],
        ["41b3de4355555553", "333333333.3333332"],
        ["41b3de4355555554", "333333333.33333325"],
        ["41b3de4355555555", "333333333.3333333"],
        ["41b3de4355555556", "333333333.3333334"],
        ["41b3de4355555557", "333333333.33333343"],
        ["becbf647612f3696", "-0.0000033333333333333333"],
        ["43143ff3c1cb0959", "1424953923781206.2"],
    ];
    for (const [bits, expected] of appendixB) {
        it(`serialises the double 0x${bits} as ${expected}`, () => {
            assert.equal(canonicalize(fromBits(bits)), expected);
        });
    }

    it("serialises numbers written in other spellings the ECMAScript way", () => {
        const cases: [string, string][] = [
            ["1e21", "1e+21"], ["1e20", "100000000000000000000"], ["1e-7", "1e-7"], ["1e-6", "0.000001"],
            ["-0", "0"], ["-0.0", "0"], ["4.50", "4.5"], ["2e-3", "0.002"], ["0.000001", "0.000001"],
            ["333333333.33333329", "333333333.3333333"], ["1E30", "1e+30"], ["1e-27", "1e-27"],
            ["100", "100"], ["-1.5E+2", "-150"], ["123456789012345678901234567890", "1.2345678901234568e+29"],
        ];
        for (const [text, expected] of cases) {
            assert.equal(canonicalize(JSON.parse(`[${text}]`)), `[${expected}]`, text);
        }
    });

    it("rejects NaN and ±Infinity (RFC 8785 Appendix B: error)", () => {
        for (const bits of ["7fffffffffffffff", "7ff0000000000000", "fff0000000000000"]) {
            assert.throws(() => canonicalize({ n: fromBits(bits) }), (e: unknown) => R4Error.is(e) && e.code === "invalid_canonical_json" && /\$\.n/.test(e.message));
        }
    });

    it("rejects undefined anywhere, naming the path", () => {
        assert.throws(() => canonicalize(undefined), /value at \$ is undefined/);
        assert.throws(() => canonicalize({ a: { b: undefined } }), /value at \$\.a\.b is undefined/);
        assert.throws(() => canonicalize([1, undefined]), /value at \$\[1\] is undefined/);
        // eslint-disable-next-line no-sparse-arrays
        assert.throws(() => canonicalize([1, , 3]), /\$\[1\] is undefined/);
    });

    it("rejects values JSON cannot carry losslessly", () => {
        assert.throws(() => canonicalize({ d: new Date(0) }), /Date/);
        assert.throws(() => canonicalize({ b: Buffer.from("x") }), /Buffer/);
        assert.throws(() => canonicalize(10n), /bigint/);
        assert.throws(() => canonicalize({ f: () => 1 }), /function/);
        assert.throws(() => canonicalize({ s: Symbol("x") }), /symbol/);
        assert.throws(() => canonicalize("\ud800"), /unpaired UTF-16 surrogate/);
        assert.throws(() => canonicalize({ ["\udc00"]: 1 }), /unpaired UTF-16 surrogate/);
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        assert.throws(() => canonicalize(cyclic), /circular/);
    });

    it("escapes exactly what RFC 8785 §3.2.2.2 says and nothing more", () => {
        assert.equal(canonicalize("\b\t\n\f\r\"\\"), String.raw`"\b\t\n\f\r\"\\"`);
        assert.equal(canonicalize("\u0000\u001f\u000b"), String.raw`"\u0000\u001f\u000b"`);
        assert.equal(canonicalize("/<>&\u007f\u2028é😀"), '"/<>&\u007f\u2028é😀"');
        for (let c = 0; c < 0x80; c++) {
            // For ASCII the RFC's rules coincide with ECMAScript JSON.stringify.
            const s = String.fromCharCode(c);
            assert.equal(canonicalize(s), JSON.stringify(s), `U+${c.toString(16)}`);
        }
    });

    it("handles nesting, empty containers and null-prototype objects; shares repeated (non-cyclic) references", () => {
        const shared = { z: 1, a: [] };
        const bare = Object.assign(Object.create(null), { b: 2, a: 1 });
        assert.equal(canonicalize({ y: shared, x: shared, n: bare, e: {}, l: [[], {}] }), '{"e":{},"l":[[],{}],"n":{"a":1,"b":2},"x":{"a":[],"z":1},"y":{"a":[],"z":1}}');
        assert.equal(canonicalize([true, false, null, "a", 1]), '[true,false,null,"a",1]');
    });

    it("is stable under key insertion order", () => {
        assert.equal(canonicalize({ b: 1, a: { d: 2, c: 3 } }), canonicalize({ a: { c: 3, d: 2 }, b: 1 }));
    });
});
