#!/usr/bin/env node
import { runAsMain } from './cli.js';
import { reauthCommand } from './reauthCommand.js';

await runAsMain(reauthCommand);
