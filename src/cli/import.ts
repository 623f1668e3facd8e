import { runAsMain } from './cli.js';
import { importCommand } from './importCommand.js';

await runAsMain(importCommand);
