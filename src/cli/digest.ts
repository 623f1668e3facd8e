import { systemClock } from '../clock.js';
import { loadDotEnv } from '../dotenv.js';
import { runDigestCli } from './digestCli.js';

loadDotEnv();
runDigestCli(
  process.argv.slice(2),
  process.env,
  { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
  systemClock,
).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('npm run digest failed:', error);
    process.exit(1);
  },
);
