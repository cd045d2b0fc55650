import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

const TIMESTAMP_TYPES = new Set(['timestamptz', 'timestamp', 'timestamp with time zone', Date]);

interface Mapping {
  column: string;
  property: string;
  time: boolean;
}

/**
 * Entities from rows that PostgreSQL built as JSON (`row_to_json`, `json_agg`): column names become
 * property names and timestamps become `Date`s, as TypeORM would load them, without its hydration (a
 * statement that gathers several tables at once returns them this way). Dates (`date`) stay
 * `YYYY-MM-DD` strings, arrays and `jsonb` arrive as they are.
 */
export class JsonRows {
  private readonly mappings = new Map<unknown, Mapping[]>();
  private readonly pickedMappings = new Map<unknown, Map<readonly string[], Mapping[]>>();

  constructor(private readonly dataSource: DataSource) {}

  entities<T extends ObjectLiteral>(target: EntityTarget<T>, rows: Record<string, unknown>[] | null): T[];
  /** Entities of only `properties`, from rows that `objectSql` built with the same properties. */
  entities<T extends ObjectLiteral, K extends keyof T & string>(
    target: EntityTarget<T>,
    rows: Record<string, unknown>[] | null,
    properties: readonly K[],
  ): Pick<T, K>[];
  entities<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    rows: Record<string, unknown>[] | null,
    properties?: readonly string[],
  ): T[] {
    const mapping = properties ? this.picked(target, properties) : this.mapping(target);
    return (rows ?? []).map((row) => {
      const entity = {} as Record<string, unknown>;
      for (const { column, property, time } of mapping) {
        const value = row[column];
        entity[property] = time && typeof value === 'string' ? new Date(value) : (value ?? null);
      }
      return entity as T;
    });
  }

  /**
   * `json_build_object(...)` of the row `alias` with only the columns of `properties`: a statement that
   * reads a few fields of wide rows sends those, not every column.
   */
  objectSql(target: EntityTarget<ObjectLiteral>, alias: string, properties: readonly string[]): string {
    const columns = this.picked(target, properties).map(({ column }) => `'${column}', ${alias}.${column}`);
    return `json_build_object(${columns.join(', ')})`;
  }

  /** The mapping of `properties` only, kept per list (the lists are constants of the code). */
  private picked(target: EntityTarget<ObjectLiteral>, properties: readonly string[]) {
    let ofTarget = this.pickedMappings.get(target);
    if (!ofTarget) this.pickedMappings.set(target, (ofTarget = new Map<readonly string[], Mapping[]>()));
    let picked = ofTarget.get(properties);
    if (!picked) {
      const mapping = this.mapping(target);
      picked = properties.map((property) => {
        const m = mapping.find((c) => c.property === property);
        if (!m)
          throw new Error(
            `${String(property)} is not a column of ${this.dataSource.getMetadata(target).name}`,
          );
        return m;
      });
      ofTarget.set(properties, picked);
    }
    return picked;
  }

  private mapping(target: EntityTarget<ObjectLiteral>) {
    let mapping = this.mappings.get(target);
    if (!mapping) {
      mapping = this.dataSource.getMetadata(target).columns.map((c) => ({
        column: c.databaseName,
        property: c.propertyName,
        time: TIMESTAMP_TYPES.has(c.type as string),
      }));
      this.mappings.set(target, mapping);
    }
    return mapping;
  }
}
