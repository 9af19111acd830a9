/**
 * Architecture rules read from the source itself: which module imports which, and how long
 * each function is. Parsed with @babel/parser (pure JavaScript, reads TypeScript syntax), so
 * the check needs no compiler API. Run as `tsx scripts/architecture.ts` (part of `npm run lint`)
 * and from the unit tests.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@babel/parser';

/** Folders whose modules take part in the import graph. */
export const GRAPH_FOLDERS = ['functions', 'infra', 'schemas', 'scripts', 'bench'] as const;
/** Folders whose functions are held to the length limit. */
export const LENGTH_FOLDERS = ['functions', 'infra/local'] as const;
export const MAX_FUNCTION_LINES = 70;
/** The comment that lets a function be longer, written on the line directly above it. */
export const LONG_REASON = /^\s*\/\/ Long because: \S/;

/** Packages the domain may use: pure computation, no I/O, no cloud. */
const DOMAIN_PACKAGES = new Set([
  'node:crypto',
  'node:net',
  'csv-parse/sync',
  'read-vietnamese-number',
  'vietnam-qr-pay',
  // The Vietnamese lunar calendar (UTC+7), for Tết and Giỗ Tổ Hùng Vương: tables and arithmetic only.
  '@dqcai/vn-lunar',
  'zod',
]);
/** What a use case may reach: the domain, the use cases, zod (the message schemas) and Node's built-ins. */
const APP_FOLDERS = ['functions/domain/', 'functions/app/'];
const isAppPackage = (name: string): boolean => name === 'zod' || name.startsWith('node:');
const HANDLER = /^functions\/(http|events)\/[^/]+\.ts$/;

export interface Module {
  /** Path from the root, with forward slashes. */
  readonly path: string;
  readonly source: string;
}

type Node = {
  type: string;
  start?: number | null;
  loc?: { start: { line: number }; end: { line: number } } | null;
};

const posix = (path: string): string => path.split(sep).join('/');

/** Every .ts file under the given folders of root (missing folders are skipped). */
export function readModules(root: string, folders: readonly string[]): Module[] {
  const modules: Module[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts'))
        modules.push({ path: posix(relative(root, path)), source: readFileSync(path, 'utf8') });
    }
  };
  for (const folder of folders) {
    const path = join(root, folder);
    try {
      if (statSync(path).isDirectory()) walk(path);
    } catch {
      // A folder that does not exist holds no modules.
    }
  }
  return modules;
}

function syntaxTree(module: Module) {
  return parse(module.source, {
    sourceType: 'module',
    plugins: ['typescript'],
    errorRecovery: false,
  });
}

/** Visits every node of a tree, depth first. */
function visit(node: unknown, onNode: (node: Node) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) visit(child, onNode);
    return;
  }
  const record = node as Record<string, unknown>;
  if (typeof record.type === 'string') onNode(record as unknown as Node);
  for (const [key, value] of Object.entries(record)) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments')
      continue;
    if (value && typeof value === 'object') visit(value, onNode);
  }
}

/** The specifiers a module imports: static, re-exports, dynamic with a literal, `import()` types. */
export function specifiersOf(module: Module): string[] {
  const specifiers: string[] = [];
  const literal = (value: unknown): void => {
    const node = value as { type?: string; value?: unknown } | null;
    if (node?.type === 'StringLiteral' && typeof node.value === 'string') specifiers.push(node.value);
  };
  visit(syntaxTree(module).program, (node) => {
    const record = node as unknown as Record<string, unknown>;
    if (
      node.type === 'ImportDeclaration' ||
      node.type === 'ExportAllDeclaration' ||
      node.type === 'ExportNamedDeclaration'
    )
      literal(record.source);
    else if (node.type === 'ImportExpression') literal(record.source);
    else if (node.type === 'TSImportType') literal(record.argument);
    else if (node.type === 'CallExpression' && (record.callee as Node | undefined)?.type === 'Import')
      literal((record.arguments as unknown[])[0]);
  });
  return specifiers;
}

/** What a module imports: a module of the tree (path from the root) or a package. */
export interface Import {
  readonly to: string;
  readonly local: boolean;
}

/** A relative specifier as a path from the root; a package specifier as it is written. */
export function target(from: string, specifier: string): Import {
  if (!specifier.startsWith('.')) return { to: specifier, local: false };
  return { to: posix(join(dirname(from), specifier)), local: true };
}

export type ImportGraph = ReadonlyMap<string, readonly Import[]>;

export function importGraph(modules: readonly Module[]): ImportGraph {
  return new Map(
    modules.map((module) => [module.path, specifiersOf(module).map((s) => target(module.path, s))]),
  );
}

/** Groups of modules that import each other (strongly connected components), by Tarjan. */
export function cycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const { to: next, local } of graph.get(node) ?? []) {
      if (!local || !graph.has(next)) continue;
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next))
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1 || (graph.get(node) ?? []).some(({ to }) => to === node)) found.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return found;
}

/** Why an import breaks a layer rule, or null when it is allowed. */
export function layerProblem(from: string, { to, local: relativeImport }: Import): string | null {
  if (from.startsWith('functions/domain/')) {
    if (relativeImport && !to.startsWith('functions/domain/')) return 'the domain imports only the domain';
    if (!relativeImport && !DOMAIN_PACKAGES.has(to)) return `the domain does not use the package ${to}`;
  }
  if (from.startsWith('functions/app/')) {
    if (relativeImport && !APP_FOLDERS.some((folder) => to.startsWith(folder)))
      return 'a use case imports the domain and its own ports, not adapters, handlers or infrastructure';
    if (!relativeImport && !isAppPackage(to)) return `a use case does not use the package ${to}`;
  }
  if (relativeImport && HANDLER.test(from) && HANDLER.test(to))
    return 'a handler does not import another handler';
  return null;
}

/** Every broken rule of the import graph of these modules, one line each. */
export function importViolations(modules: readonly Module[]): string[] {
  const graph = importGraph(modules);
  const violations: string[] = [];
  for (const group of cycles(graph)) violations.push(`import cycle: ${group.join(' ↔ ')}`);
  for (const [from, targets] of graph)
    for (const edge of targets) {
      const problem = layerProblem(from, edge);
      if (problem) violations.push(`${from} → ${edge.to}: ${problem}`);
    }
  return violations;
}

const FUNCTION_NODES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
]);

/** Functions longer than the limit, without a `// Long because:` line directly above them. */
export function longFunctions(modules: readonly Module[], maxLines = MAX_FUNCTION_LINES): string[] {
  const offenders: string[] = [];
  for (const module of modules) {
    const lines = module.source.split('\n');
    // A function's reason may sit above its statement (`export const x = () => …`), so any
    // line between the statement's start and the function's start counts as well.
    const starts: number[] = [];
    visit(syntaxTree(module).program, (node) => {
      if (node.loc && /Declaration$|^VariableDeclaration$|Property$|^ClassMethod$/.test(node.type))
        starts.push(node.loc.start.line);
      if (!FUNCTION_NODES.has(node.type) || !node.loc) return;
      const first = node.loc.start.line;
      const length = node.loc.end.line - first + 1;
      if (length <= maxLines) return;
      const statement = Math.min(first, ...starts.filter((line) => line <= first && first - line <= 2));
      if (LONG_REASON.test(lines[statement - 2] ?? '')) return;
      offenders.push(`${module.path}:${first} — ${length} lines`);
    });
  }
  return offenders;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problems = [
    ...importViolations(readModules(root, GRAPH_FOLDERS)),
    ...longFunctions(readModules(root, LENGTH_FOLDERS)).map(
      (line) => `function over ${MAX_FUNCTION_LINES} lines: ${line}`,
    ),
  ];
  for (const problem of problems) console.error(problem);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
