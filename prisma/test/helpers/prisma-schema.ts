// A small reader for the model blocks of schema.prisma, enough for the drift test: tables,
// columns (type, optional, native type, default, autoincrement), primary key, unique and plain
// indexes. It handles what our schema uses; extend `parseField` / `parseBlockAttribute` if the
// schema starts using more (relations, @map on fields, named constraints).

export interface SchemaField {
  name: string;
  /** Column name (@map), or the field name. */
  column: string;
  /** Prisma scalar type: Int, BigInt, String, DateTime, … */
  type: string;
  optional: boolean;
  /** e.g. 'MediumText' from @db.MediumText, or undefined. */
  nativeType: string | undefined;
  autoincrement: boolean;
  /** The @default argument as written (`""`, `0`, `now()`), except autoincrement(). */
  defaultValue: string | undefined;
  updatedAt: boolean;
}

export interface SchemaModel {
  name: string;
  table: string;
  fields: SchemaField[];
  primaryKey: string[];
  /** Column lists of unique indexes (excluding the primary key). */
  uniques: string[][];
  indexes: string[][];
}

export function parseModels(schema: string): SchemaModel[] {
  const models: SchemaModel[] = [];
  for (const match of schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const [, name, body] = match;
    if (name === undefined || body === undefined) continue;
    const model: SchemaModel = {
      name,
      table: name,
      fields: [],
      primaryKey: [],
      uniques: [],
      indexes: [],
    };
    for (const raw of body.split('\n')) {
      const line = raw.replace(/\/\/.*$/, '').trim();
      if (line === '') continue;
      if (line.startsWith('@@')) parseBlockAttribute(model, line);
      else model.fields.push(parseField(model, line));
    }
    // Block attributes name fields; the database sees columns.
    const columnOf = (field: string) => model.fields.find((f) => f.name === field)?.column ?? field;
    model.primaryKey = model.primaryKey.map(columnOf);
    model.uniques = model.uniques.map((cols) => cols.map(columnOf));
    model.indexes = model.indexes.map((cols) => cols.map(columnOf));
    models.push(model);
  }
  return models;
}

function parseField(model: SchemaModel, line: string): SchemaField {
  const match = /^(\w+)\s+(\w+)(\?|\[\])?\s*(.*)$/.exec(line);
  if (!match?.[1] || !match[2]) throw new Error(`cannot read field line in ${model.name}: ${line}`);
  const [, name, type, modifier, attrs = ''] = match;
  if (modifier === '[]')
    throw new Error(`${model.name}.${name}: lists/relations are not supported here`);
  const defaultArg = argumentOf(attrs, '@default');
  const field: SchemaField = {
    name,
    column: stringArg(argumentOf(attrs, '@map')) ?? name,
    type,
    optional: modifier === '?',
    nativeType: /@db\.(\w+)/.exec(attrs)?.[1],
    autoincrement: defaultArg === 'autoincrement()',
    defaultValue: defaultArg === 'autoincrement()' ? undefined : defaultArg,
    updatedAt: /@updatedAt\b/.test(attrs),
  };
  if (/@id\b/.test(attrs)) model.primaryKey = [name];
  if (/@unique\b/.test(attrs)) model.uniques.push([name]);
  return field;
}

function parseBlockAttribute(model: SchemaModel, line: string): void {
  const list = () =>
    (/\[([^\]]*)\]/.exec(line)?.[1] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (line.startsWith('@@map(')) model.table = stringArg(argumentOf(line, '@@map')) ?? model.table;
  else if (line.startsWith('@@id(')) model.primaryKey = list();
  else if (line.startsWith('@@unique(')) model.uniques.push(list());
  else if (line.startsWith('@@index(')) model.indexes.push(list());
  else throw new Error(`unknown block attribute in ${model.name}: ${line}`);
}

/** The text inside `name(...)`, balancing parentheses (for `@default(now())`). */
function argumentOf(text: string, name: string): string | undefined {
  const start = text.search(new RegExp(`${name.replace(/[@]/g, '\\$&')}\\(`));
  if (start === -1) return undefined;
  let depth = 0;
  const open = start + name.length;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error(`unbalanced ${name}( in ${text}`);
}

function stringArg(arg: string | undefined): string | undefined {
  return arg === undefined ? undefined : /^"(.*)"$/.exec(arg.trim())?.[1];
}
