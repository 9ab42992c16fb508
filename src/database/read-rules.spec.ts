import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface LintMessage {
  ruleId: string | null;
  line: number;
}

/**
 * Lints snippets as if they were files at the given paths, with the project's eslint.config.mjs.
 * ESLint loads its config with import(), which jest's CommonJS runtime cannot do: it runs in node.
 */
function lint(snippets: { path: string; code: string }[]): LintMessage[][] {
  const script = `
    const { ESLint } = require('eslint');
    const snippets = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = [];
      for (const s of snippets) {
        const [result] = await eslint.lintText(s.code, { filePath: s.path });
        out.push(result.messages.map((m) => ({ ruleId: m.ruleId, line: m.line })));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script, JSON.stringify(snippets)], { cwd: ROOT, encoding: 'utf8' }),
  ) as LintMessage[][];
}

const RESTRICTED = ['no-restricted-imports', 'no-restricted-syntax'];
const restrictedLines = (messages: LintMessage[]) =>
  messages.filter((m) => RESTRICTED.includes(m.ruleId ?? '')).map((m) => m.line);

const INJECTED = `import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Case } from '../cases/case.entity';

export class Probe {
  constructor(
    @InjectRepository(Case) readonly cases: Repository<Case>,
    @InjectDataSource() readonly dataSource: DataSource,
    readonly manager: EntityManager,
  ) {}
}
`;

const UNIT_OF_WORK = `import { EntityManager } from 'typeorm';
import { Case } from '../cases/case.entity';

export function countCases(m: EntityManager): Promise<number> {
  return m.getRepository(Case).count();
}
`;

describe('the one-way-to-read lint rules', () => {
  let results: LintMessage[][];
  beforeAll(() => {
    results = lint([
      { path: 'src/cases/probe.ts', code: INJECTED },
      { path: 'src/database/probe.ts', code: INJECTED },
      { path: 'src/cases/probe.ts', code: UNIT_OF_WORK },
    ]);
  }, 60_000);

  it('refuses @nestjs/typeorm, @InjectRepository, @InjectDataSource and injection by type in a feature', () => {
    // the import (line 1), then each constructor parameter: two decorated, one injected by type alone
    expect(new Set(restrictedLines(results[0]))).toEqual(new Set([1, 7, 8, 9]));
  });

  it('allows them in src/database, which owns the connection', () => {
    expect(restrictedLines(results[1])).toEqual([]);
  });

  it('allows a unit of work to take its manager as a parameter', () => {
    expect(restrictedLines(results[2])).toEqual([]);
  });
});
