#!/usr/bin/env node
// The published binary runs the compiled CLI (npm run build, done by `npm ci` through `prepare`).
import "../dist/src/cli/bin.js";
