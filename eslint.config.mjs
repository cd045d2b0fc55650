// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const RAW = 'Raw data access outside src/platform: go through a TenantRepository, or the owning service.';

/** Raw repository, query-builder, entity-manager and SQL access. */
const RAW_ACCESS_SELECTORS = [
  // manager.getRepository(X), dataSource.createQueryBuilder(), @InjectRepository(X)
  `CallExpression[callee.property.name=/^(getRepository|getTreeRepository|createQueryBuilder|createQueryRunner)$/]`,
  `Decorator[expression.callee.name=/^(InjectRepository|InjectEntityManager)$/]`,
  // SQL strings: manager.query('…'), this.dataSource.query(`…`), run.manager.query(sql)
  `CallExpression[callee.property.name='query'][arguments.0.type=/^(Literal|TemplateLiteral)$/]`,
  `CallExpression[callee.property.name='query'][callee.object.name=/^(manager|m|em|tx|dataSource|queryRunner)$/]`,
  `CallExpression[callee.property.name='query'][callee.object.property.name=/^(manager|dataSource|prepared)$/]`,
  // Entity-manager calls on an entity class: manager.findOne(User, …), dataSource.manager.update(Session, …)
  `CallExpression[callee.property.name=/^(find|findBy|findOne|findOneBy|findOneOrFail|findAndCount|count|exists|existsBy|insert|update|upsert|delete|save|create|increment|decrement|remove|softDelete|preload|merge)$/][arguments.0.type='Identifier'][arguments.0.name=/^[A-Z]/]`,
].map((selector) => ({ selector, message: RAW }));

/**
 * Files that read or write raw on purpose, each for its reason; the rest of src may not (a single
 * deliberate statement elsewhere carries an eslint-disable-next-line comment with its reason).
 */
const RAW_DATA_ACCESS = [
  // Sweep steps: set-based statements over every organisation at once.
  'src/*/*.sweep.ts',
  // The sweep itself: its advisory lock, its run log, the reminders the steps insert and the digests,
  // across organisations.
  'src/sweep/**',
  // The gate: its single prepared facts statement (from the services' *Sql() fragments), its decisions
  // written through the audit group commit, and its chart's day-by-day tallies.
  'src/transfers/transfer-checks.service.ts',
  // The record's history (record_version): set-based "as of" reads and each change's close-and-open.
  'src/platform/history/record-history.service.ts',
  // Authentication and organisation setup: they find users, sessions and organisations before a tenant
  // scope exists, or create the organisation.
  'src/identity/auth.service.ts',
  'src/identity/sessions.service.ts',
  'src/identity/mfa.service.ts',
  'src/identity/organizations.service.ts',
  'src/identity/unknown-email-lockout.ts',
  // The portal finds a link by its token, before the organisation is known (any folder: it may move).
  'src/**/portal-links.service.ts',
  // The profile's first write locks the organisation row (any folder: it may move).
  'src/**/records-profile.service.ts',
];

/** A feature's own problem codes come from its `<feature>.errors.ts` (typed, and listed in the OpenAPI document). */
const FEATURE_ERROR_SELECTORS = [
  {
    selector: "NewExpression[callee.name='Conflict'] > Literal.arguments:first-child",
    message: "Throw the feature's own code through its <feature>.errors.ts (e.g. AgreementErrors.conflict(…)).",
  },
  {
    selector: "NewExpression[callee.name='DomainError'] > MemberExpression.arguments:first-child[property.name='Forbidden']",
    message: "Throw the feature's own code through its <feature>.errors.ts (e.g. AssessmentErrors.forbidden(…)).",
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'var/**',
      'eslint.config.mjs',
      'web/src/shared/api/schema.d.ts',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The tenant repository is the only door to tenant data: features read and write through it (or
    // through the owning feature's service), never through a raw TypeORM repository, query builder,
    // entity manager call or SQL string. The platform builds the door; the exceptions below are named.
    files: ['src/**/*.ts'],
    ignores: ['src/platform/**', 'src/**/*.spec.ts', ...RAW_DATA_ACCESS],
    rules: {
      'no-restricted-syntax': ['error', ...RAW_ACCESS_SELECTORS, ...FEATURE_ERROR_SELECTORS],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'typeorm',
              importNames: ['Repository', 'SelectQueryBuilder', 'QueryBuilder', 'QueryRunner'],
              message: 'Read and write tenant data through a TenantRepository (src/platform/tenancy).',
            },
            {
              name: '@nestjs/typeorm',
              importNames: ['InjectRepository', 'InjectEntityManager', 'InjectDataSource'],
              message: 'Read and write tenant data through a TenantRepository (src/platform/tenancy).',
            },
          ],
        },
      ],
    },
  },
  {
    // The named exceptions read raw on purpose, but throw their feature's codes like every feature.
    files: RAW_DATA_ACCESS,
    rules: { 'no-restricted-syntax': ['error', ...FEATURE_ERROR_SELECTORS] },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'playwright.config.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
