/**
 * `npm run communes -- --from <list.csv>` — writes the commune names documents print
 * (`functions/domain/data/communes.json`: code → [name, province code]) from the official list of
 * administrative units in force since 1 July 2025, as the statistics office's catalogue exports
 * it (a CSV with the columns "Mã", "Tên" and "Mã TP"; `code,name,provinceCode` also reads).
 * Every row is checked: a five-digit code, a name, one of the 34 provinces; nothing is written
 * unless all are right. `--keep` adds to the names already there instead of replacing them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { PROVINCE_NAMES } from '../functions/domain/provinces.ts';

export const COMMUNES_PATH = fileURLToPath(
  new URL('../functions/domain/data/communes.json', import.meta.url),
);

/** More than the 3,321 communes of the reform, with room; a file beyond this is not the list. */
export const MAX_COMMUNES = 5_000;

const COLUMNS = {
  code: ['mã', 'ma', 'code', 'communecode', 'mã xã'],
  name: ['tên', 'ten', 'name', 'tên xã'],
  province: ['mã tp', 'ma tp', 'provincecode', 'mã tỉnh'],
} as const;

type CommuneList = Record<string, [name: string, provinceCode: string]>;

/** The communes of a CSV list, checked; throws naming every bad row. */
export function parseCommuneList(csv: string): CommuneList {
  const rows = parse(csv.replace(/^\uFEFF/, ''), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
  if (rows.length > MAX_COMMUNES)
    throw new RangeError(`${rows.length} rows: more than ${MAX_COMMUNES} communes`);
  const header = Object.keys(rows[0] ?? {});
  const column = (names: readonly string[]) => header.find((key) => names.includes(key.toLowerCase()));
  const [code, name, province] = [column(COLUMNS.code), column(COLUMNS.name), column(COLUMNS.province)];
  if (!code || !name || !province)
    throw new Error(`The list needs a code, a name and a province code column; it has: ${header.join(', ')}`);
  const list: CommuneList = {};
  const problems: string[] = [];
  rows.forEach((row, index) => {
    const entry = {
      code: row[code] ?? '',
      name: row[name] ?? '',
      province: (row[province] ?? '').padStart(2, '0'),
    };
    if (!/^\d{5}$/.test(entry.code)) problems.push(`row ${index + 2}: "${entry.code}" is not a commune code`);
    else if (entry.name === '') problems.push(`row ${index + 2}: commune ${entry.code} has no name`);
    else if (PROVINCE_NAMES[entry.province] === undefined)
      problems.push(`row ${index + 2}: "${entry.province}" is not one of the 34 provinces`);
    else if (list[entry.code]) problems.push(`row ${index + 2}: commune ${entry.code} appears twice`);
    else list[entry.code] = [entry.name, entry.province];
  });
  if (problems.length > 0) throw new Error(problems.slice(0, 20).join('\n'));
  return list;
}

/** The JSON as kept: one commune a line, in code order. */
export function communesJson(list: CommuneList): string {
  const lines = Object.keys(list)
    .sort()
    .map((code) => {
      const [name, provinceCode] = list[code] as [string, string];
      return `  ${JSON.stringify(code)}: [${JSON.stringify(name)}, ${JSON.stringify(provinceCode)}]`;
    });
  return `{\n${lines.join(',\n')}\n}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const from = process.argv[process.argv.indexOf('--from') + 1];
  if (!process.argv.includes('--from') || !from) {
    process.stderr.write('usage: npm run communes -- --from <list.csv> [--keep]\n');
    process.exit(2);
  }
  const loaded = parseCommuneList(readFileSync(from, 'utf8'));
  const kept = process.argv.includes('--keep')
    ? (JSON.parse(readFileSync(COMMUNES_PATH, 'utf8')) as CommuneList)
    : {};
  const list = { ...kept, ...loaded };
  writeFileSync(COMMUNES_PATH, communesJson(list));
  process.stdout.write(`communes: wrote ${Object.keys(list).length} communes to ${COMMUNES_PATH}\n`);
}
