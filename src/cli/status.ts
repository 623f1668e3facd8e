import { runAsMain } from './cli.js';
import { statusCommand } from './statusCommand.js';

await runAsMain(statusCommand);
