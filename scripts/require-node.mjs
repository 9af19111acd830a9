// Runs before `npm start`, `npm test` and the other scripts, on whatever Node is first on PATH,
// so that an older Node stops with one line instead of a stack trace from `node:sqlite`.
// Plain JavaScript that Node 18 can parse: it must run where the project itself cannot.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REQUIRED_NODE_MAJOR = 24;

/** The one line to print when `version` (as in `process.versions.node`) is too old, else undefined. */
export function nodeVersionProblem(version) {
  const major = Number.parseInt(String(version).replace(/^v/, '').split('.')[0] ?? '', 10);
  if (Number.isInteger(major) && major >= REQUIRED_NODE_MAJOR) return undefined;
  return (
    `bcci-bridge needs Node ${REQUIRED_NODE_MAJOR} or newer, but this is Node ${version}: ` +
    `install Node ${REQUIRED_NODE_MAJOR} (https://nodejs.org/en/download, or \`nvm install ${REQUIRED_NODE_MAJOR}\`) ` +
    'and put it first on PATH.'
  );
}

const isEntryPoint = () => {
  const script = process.argv[1];
  return script !== undefined && realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
};

if (isEntryPoint()) {
  const problem = nodeVersionProblem(process.versions.node);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
}
