#!/usr/bin/env node
// Installed entry point: runs the TypeScript CLI on the project's Node 24 (type stripping).
import '../src/cli/main.ts';
