-- SPDX-License-Identifier: MIT
-- Text is ordered byte by byte, as SQLite's BINARY collation orders it, whatever collation the
-- council's database was created with: in an en-GB database "B" sorted after "b" and "_z"
-- before "a", so lists, reports and exports came out in another order than on SQLite. Every
-- text column of the schema gets COLLATE "C" (its indexes are rebuilt, the rows are not
-- rewritten). A later migration that adds a text column writes COLLATE "C" itself:
-- tests/cli/test_postgresql.sh checks every text column of a database made in an en-GB locale.
-- Left as it is: bank_holiday.day, which the generated column `year` reads (PostgreSQL cannot
-- change a column a generated one uses); it holds dates written one way (YYYY-MM-DD), which
-- every collation orders alike.
DO $$
DECLARE
  col record;
  trigger_sql text[];
  one text;
BEGIN
  -- PostgreSQL cannot change a column that a trigger's WHEN names: the schema's triggers are
  -- taken off for the change and put back as they were, in this step's transaction.
  SELECT coalesce(array_agg(pg_get_triggerdef(g.oid) ORDER BY g.oid), '{}') INTO trigger_sql
  FROM pg_trigger g JOIN pg_class r ON r.oid = g.tgrelid
  WHERE r.relnamespace = current_schema()::regnamespace AND NOT g.tgisinternal;
  FOR col IN
    SELECT g.tgname, r.relname FROM pg_trigger g JOIN pg_class r ON r.oid = g.tgrelid
    WHERE r.relnamespace = current_schema()::regnamespace AND NOT g.tgisinternal
  LOOP
    EXECUTE format('DROP TRIGGER %I ON %I', col.tgname, col.relname);
  END LOOP;
  -- One ALTER TABLE a table: its indexes are rebuilt once.
  FOR col IN
    SELECT c.table_name,
           string_agg(format('ALTER COLUMN %I TYPE text COLLATE "C"', c.column_name), ', '
                      ORDER BY c.ordinal_position) AS changes
    FROM information_schema.columns c
    JOIN information_schema.tables t
      ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      AND c.data_type = 'text' AND c.collation_name IS DISTINCT FROM 'C'
      AND (c.table_name, c.column_name) <> ('bank_holiday', 'day')
    GROUP BY c.table_name
    ORDER BY c.table_name
  LOOP
    EXECUTE format('ALTER TABLE %I %s', col.table_name, col.changes);
  END LOOP;
  FOREACH one IN ARRAY trigger_sql LOOP
    EXECUTE one;
  END LOOP;
END
$$;
