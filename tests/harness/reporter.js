// Mocha's spec reporter, plus the closing line CI reads ("tests: N passed, M failed") and a
// JSON summary for .ci/run. Plain JS because mocha loads reporters before ts-node registers.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const Mocha = require("mocha");

class R4Reporter extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            const { passes, failures, pending } = runner.stats;
            const out = process.env.R4_TEST_SUMMARY;
            if (out) {
                fs.mkdirSync(path.dirname(out), { recursive: true });
                fs.writeFileSync(out, JSON.stringify({ passed: passes, failed: failures, pending }));
            }
            process.stdout.write(`\ntests: ${passes} passed, ${failures} failed\n`);
        });
    }
}

module.exports = R4Reporter;
