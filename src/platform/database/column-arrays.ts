import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** Types PostgreSQL reads from an array parameter as they are; every other type travels as text. */
const ARRAY_TYPES = new Set([
  'uuid',
  'boolean',
  'integer',
  'bigint',
  'smallint',
  'numeric',
  'double precision',
  'real',
  'date',
  'timestamp with time zone',
  'timestamp without time zone',
]);

interface Column {
  column: string;
  property: string;
  /** The array unnested, as SQL over the parameter (`$n`). */
  parameter: (placeholder: string) => string;
  /** The value inserted, as SQL over the unnested parameter `u.<column>`. */
  value: string;
  encode: (value: unknown) => unknown;
  /** The parameter made of the encoded values, when it is not a plain array of them. */
  whole?: (values: unknown[]) => unknown;
}

/**
 * JSON columns travel as one JSON array per column: encoded once, without the escaping of every quote
 * that a `jsonb[]` literal needs, and parsed once by PostgreSQL. JSON null stands for SQL NULL.
 */
const jsonElements = (placeholder: string) =>
  `ARRAY(SELECT NULLIF(e, 'null'::jsonb) FROM jsonb_array_elements(${placeholder}::jsonb) ` +
  `WITH ORDINALITY AS j(e, n) ORDER BY n)`;

export interface InsertStatement {
  /** `INSERT … SELECT … FROM unnest($n::type[], …)`, the parameters numbered from the offset given. */
  sql: string;
  values: unknown[];
}

/**
 * Inserts of many rows as one array parameter per column (`unnest`): PostgreSQL parses each value once,
 * as its column's type, and the statement's text depends only on the columns, so that a prepared
 * statement serves every number of rows. Faster to read than the same rows as a JSON document (which
 * PostgreSQL parses whole and then converts field by field again).
 */
export class ColumnArrays {
  private readonly columns = new Map<unknown, Column[]>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The insert of `entities` into `target`'s table, of the columns any of them sets, from parameter
   * `$offset` on; `condition` (SQL) guards the insert when given: no row is inserted unless it holds.
   */
  insert(
    target: EntityTarget<ObjectLiteral>,
    entities: ObjectLiteral[],
    offset: number,
    condition?: string,
  ): InsertStatement {
    const set = this.columnsOf(target).filter(({ property }) =>
      entities.some((e) => e[property] !== undefined),
    );
    const table = this.dataSource.getMetadata(target).tableName;
    const names = set.map((c) => `"${c.column}"`).join(', ');
    const parameters = set.map((c, n) => c.parameter(`$${offset + n}`)).join(', ');
    return {
      sql:
        `INSERT INTO "${table}" (${names}) SELECT ${set.map((c) => c.value).join(', ')} ` +
        `FROM unnest(${parameters}) AS u(${names})${condition ? ` WHERE ${condition}` : ''}`,
      values: set.map(({ property, encode, whole }) => {
        const values = entities.map((e) => encode(e[property]));
        return whole ? whole(values) : values;
      }),
    };
  }

  private columnsOf(target: EntityTarget<ObjectLiteral>): Column[] {
    let columns = this.columns.get(target);
    if (!columns) {
      const metadata = this.dataSource.getMetadata(target);
      columns = metadata.columns.filter((c) => !c.generatedType).map((c) => this.describe(c));
      this.columns.set(target, columns);
    }
    return columns;
  }

  private describe(c: ColumnMetadata): Column {
    const type = this.dataSource.driver.normalizeType(c);
    const base = { column: c.databaseName, property: c.propertyName };
    const json = {
      encode: (value: unknown) => value ?? null,
      whole: (values: unknown[]) => JSON.stringify(values),
    };
    if (c.isArray) {
      return {
        ...base,
        ...json,
        parameter: jsonElements,
        value:
          `CASE WHEN u."${c.databaseName}" IS NULL THEN NULL ELSE ` +
          `ARRAY(SELECT jsonb_array_elements_text(u."${c.databaseName}"))::${type}[] END`,
      };
    }
    if (type === 'jsonb' || type === 'json') {
      return { ...base, ...json, parameter: jsonElements, value: `u."${c.databaseName}"::${type}` };
    }
    const plain = ARRAY_TYPES.has(type);
    return {
      ...base,
      parameter: (placeholder) => `${placeholder}::${plain ? type : 'text'}[]`,
      value: `u."${c.databaseName}"`,
      encode: (value) =>
        value === undefined || value === null
          ? null
          : value instanceof Date
            ? value.toISOString()
            : plain || typeof value !== 'object'
              ? value
              : JSON.stringify(value),
    };
  }
}
