/**
 * `npm run token -- <role> [--agency CODE] [--office CODE] [--province CODE] [--subject ID] [--lifetime SECONDS] [--data-dir DIR]`
 *
 * Prints a dev token for the embedded runtime, signed with the same key as a running
 * `npm start` on the same data folder (`.data` by default). Postal roles speak for the demo
 * post office and the agency role for the demo agency unless told otherwise.
 */
import { parseArgs } from 'node:util';
import { openDevIssuer } from '../functions/commons/auth/dev-issuer.ts';
import { DEFAULT_DATA_DIR } from '../infra/local/constants.ts';
import { demoTokenRequest } from '../infra/local/demo.ts';
import { ROLES, type Role } from '../infra/manifest.ts';

const USAGE = `Usage: npm run token -- <role> [--agency CODE] [--office CODE] [--province CODE] [--subject ID] [--lifetime SECONDS] [--data-dir DIR]
Roles: ${ROLES.join(', ')}`;
/** Cognito's longest ID token lifetime is a day; the dev issuer allows no more. */
const MAX_LIFETIME_SECONDS = 24 * 60 * 60;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      agency: { type: 'string' },
      office: { type: 'string' },
      province: { type: 'string' },
      subject: { type: 'string' },
      lifetime: { type: 'string' },
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
}
try {
  parsed = parse();
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length !== 1) fail(USAGE);
const role = positionals[0]!;
const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
if (!isRole(role)) fail(`Unknown role '${role}': use one of ${ROLES.join(', ')}`);

let lifetimeSeconds: number | undefined;
if (values.lifetime !== undefined) {
  lifetimeSeconds = Number(values.lifetime);
  if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds < 1 || lifetimeSeconds > MAX_LIFETIME_SECONDS) {
    fail(`--lifetime must be a whole number of seconds from 1 to ${MAX_LIFETIME_SECONDS}`);
  }
}

const issuer = await openDevIssuer(values['data-dir']);
const token = await issuer.sign(
  demoTokenRequest(role, {
    ...(values.agency ? { agencyCode: values.agency } : {}),
    ...(values.office ? { postOfficeCode: values.office } : {}),
    ...(values.province ? { provinceCode: values.province } : {}),
    ...(values.subject ? { subject: values.subject } : {}),
    ...(lifetimeSeconds ? { lifetimeSeconds } : {}),
  }),
);
console.log(token);
