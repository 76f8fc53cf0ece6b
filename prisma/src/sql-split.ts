// Splits a migration file into statements, so each runs with the driver's single-statement call.
//
// Why not the drivers' multi-statement paths: libsql's executeMultiple rolls back any transaction
// open on its connection (it would end the BEGIN IMMEDIATE that serialises runners), and mariadb's
// needs `multipleStatements`, which widens what an injected string could do on that connection.
// Understands '…' and "…" and `…` quoting (doubled quotes; backslash escapes only where the
// dialect has them, i.e. MySQL), -- and /* */ comments, and CREATE TRIGGER … BEGIN …; END (its
// inner semicolons do not end it; the statement ends at the `;` after END).

export interface SplitOptions {
  /** MySQL's default: a backslash escapes the next character inside '…' and "…". */
  backslashEscapes?: boolean;
}

export function splitSqlStatements(sql: string, options: SplitOptions = {}): string[] {
  const backslashEscapes = options.backslashEscapes ?? false;
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const n = sql.length;
  const push = (end: number): void => {
    // Sent as written (comments included); skipped only when nothing but comments.
    const statement = sql.slice(start, end).trim();
    if (stripLineComments(statement).trim() !== '') statements.push(statement);
  };
  while (i < n) {
    const ch = sql[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      i = skipQuoted(sql, i, ch, backslashEscapes);
    } else if (ch === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? n : eol + 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? n : close + 2;
    } else if (ch === ';') {
      if (insideTrigger(sql.slice(start, i))) {
        i += 1;
        continue;
      }
      push(i);
      i += 1;
      start = i;
    } else {
      i += 1;
    }
  }
  push(n);
  return statements;
}

/** Index just past the quoted run opening at `open`. */
function skipQuoted(sql: string, open: number, quote: string, backslashEscapes: boolean): number {
  let i = open + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === '\\' && backslashEscapes && quote !== '`') {
      i += 2;
    } else if (ch === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  return i;
}

/** A trigger body's statements end in `;` too: until the text so far ends with END, a `;` in a
 *  CREATE TRIGGER statement belongs to its body. */
function insideTrigger(statement: string): boolean {
  const text = stripLineComments(statement)
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .trim();
  return /^CREATE\s+(TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(text) && !/\bEND$/i.test(text);
}

/** Removes whole-line `--` comments, to tell a comment-only chunk from a statement. */
function stripLineComments(statement: string): string {
  return statement
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
}
