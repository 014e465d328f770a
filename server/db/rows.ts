import { Column, getTableName, is, SQL } from 'drizzle-orm';

/**
 * Drizzle's row mapping, worked out once per statement instead of for every value of every row.
 *
 * For each value drizzle's `mapResultRow` asks what kind of field it is (`is()`, which walks
 * prototype chains), then walks the field's path; a near-me page of twenty posts with their
 * groups and memberships is a thousand values, and that mapping was a fifth of the server's time
 * on the route. Here the decoder, the path and the table of each column are found when the
 * statement is prepared; each row is then a plain loop. The result is the same as drizzle's
 * (`rows.test.ts` compares them on real statements), including its rule for a left-joined table
 * with no row: the object is `null` when its first column is `null` and all its columns come
 * from that one table.
 */
type Slot = {
  /** Where the value goes: `[key]`, `[object, key]`… */
  path: string[];
  decode: ((value: unknown) => unknown) | null;
  /** For a table column read into an object: its table (a left join may null the object). */
  table: string | null;
};

type DrizzleField = { path: string[]; field: unknown };

/** What drizzle's prepared statements hold that this needs (node-postgres driver). */
type Prepared = {
  fields?: DrizzleField[];
  joinsNotNullableMap?: Record<string, boolean>;
  customResultMapper?: (rows: unknown[][]) => unknown;
};

const identity = Column.prototype.mapFromDriverValue;

type Decoder = { mapFromDriverValue(value: unknown): unknown };

/** As `mapResultRow` picks it: the column, or the SQL's decoder (internal to drizzle's SQL). */
function decoderOf(field: unknown): Slot['decode'] {
  let decoder: Decoder;
  if (is(field, Column)) decoder = field;
  else if (is(field, SQL)) decoder = (field as unknown as { decoder: Decoder }).decoder;
  else decoder = (field as { sql: { decoder: Decoder } }).sql.decoder;
  if (decoder.mapFromDriverValue === identity) return null;
  return (value) => decoder.mapFromDriverValue(value);
}

function compile(fields: DrizzleField[], joinsNotNullableMap: Record<string, boolean> | undefined) {
  const slots: Slot[] = fields.map(({ path, field }) => ({
    path,
    decode: decoderOf(field),
    table:
      joinsNotNullableMap && path.length === 2 && is(field, Column)
        ? getTableName(field.table)
        : null,
  }));
  // Objects that may come out null: their first table column, and whether all their table
  // columns are of one table (other fields do not count, as in drizzle).
  const objects = new Map<string, { first: number; table: string | null }>();
  slots.forEach((slot, index) => {
    if (slot.table === null) return;
    const name = slot.path[0]!;
    const known = objects.get(name);
    if (!known) objects.set(name, { first: index, table: slot.table });
    else if (known.table !== slot.table) known.table = null;
  });
  const nullable = [...objects.entries()]
    .filter(([, o]) => o.table !== null && joinsNotNullableMap && !joinsNotNullableMap[o.table])
    .map(([name, o]) => ({ name, first: o.first }));

  return (row: unknown[]) => {
    const result: Record<string, unknown> = {};
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const raw = row[i];
      const value = raw === null ? null : slot.decode ? slot.decode(raw) : raw;
      if (slot.path.length === 1) {
        result[slot.path[0]!] = value;
      } else {
        let node = result;
        for (let depth = 0; depth < slot.path.length - 1; depth++) {
          const key = slot.path[depth]!;
          let inner = node[key] as Record<string, unknown> | undefined;
          if (!inner) {
            inner = {};
            node[key] = inner;
          }
          node = inner;
        }
        node[slot.path[slot.path.length - 1]!] = value;
      }
    }
    for (const { name, first } of nullable) {
      if (row[first] === null) result[name] = null;
    }
    return result;
  };
}

/**
 * A drizzle prepared statement whose rows are mapped by a mapper compiled once (see above). For
 * the busiest reads; the statement's result type is unchanged.
 */
export function withCompiledMapper<T>(prepared: T): T {
  const statement = prepared as Prepared;
  if (!statement.fields || statement.customResultMapper) {
    throw new Error('withCompiledMapper: expected a drizzle node-postgres prepared select');
  }
  const map = compile(statement.fields, statement.joinsNotNullableMap);
  statement.customResultMapper = (rows) => rows.map(map);
  return prepared;
}
