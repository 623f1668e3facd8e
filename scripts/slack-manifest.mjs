#!/usr/bin/env node
// The Slack CLI's get-manifest hook (slack.json): prints manifest.yml as the JSON the CLI reads.
// @slack/cli-hooks' own get-manifest reads only a manifest.json, and this project's manifest is YAML.
// The CLI's protocol (plain, or the answer between message boundaries) is @slack/cli-hooks' own.
import { readFileSync } from 'node:fs';
import { getProtocol } from '@slack/cli-hooks/src/protocols.js';
import { parse } from 'yaml';

const manifest = parse(readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8'));
getProtocol(process.argv.slice(1)).respond(JSON.stringify(manifest));
