import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const READ_PATHS =
  'Read through ReadDatabase (.source, or .snapshot for reads that must agree) and write through the manager of TransactionService.run; only src/database/ touches the TypeORM connection (docs/architecture.md, "Reading").';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'web/src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  { files: ['bench/**/*.ts', 'src/cli/**/*.ts', 'src/**/*.cli.ts'], rules: { 'no-console': 'off' } },
  // The web app: the same rules, plus React's rules of hooks.
  { files: ['web/**/*.{ts,tsx}'], ...reactHooks.configs.flat['recommended-latest'] },
  // One way to read (docs/architecture.md, "Reading"): outside src/database nothing gets the
  // TypeORM connection from Nest. An injected repository, data source or entity manager reads on
  // the writer's connection, which on SQLite sits inside the open group commit and sees other
  // units' uncommitted rows. src/database/read-rules.spec.ts checks that these rules fire.
  {
    ignores: ['src/database/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/typeorm',
              message: READ_PATHS,
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Decorator Identifier[name=/^Inject(Repository|DataSource|EntityManager|Connection)$/]',
          message: READ_PATHS,
        },
        {
          // Nest also injects the data source and its manager by type alone.
          selector:
            "MethodDefinition[kind='constructor'] > FunctionExpression > :matches(Identifier, TSParameterProperty) TSTypeReference > Identifier.typeName[name=/^(DataSource|EntityManager|Repository)$/]",
          message: READ_PATHS,
        },
      ],
    },
  },
);
