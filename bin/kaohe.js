#!/usr/bin/env node
'use strict';
// The CLI is compiled by `npm install` (the prepare script) into build/.
let main;
try {
  main = require('../build/scripts/cli/main.js').main;
} catch (err) {
  process.stderr.write('kaohe 尚未编译：请先在项目根目录运行 npm install（或 npm run build:cli）。\n');
  process.exit(2);
}
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
