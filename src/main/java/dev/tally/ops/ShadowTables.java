package dev.tally.ops;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Copies of read model tables in a schema of their own ({@value #SCHEMA}), where a read model is
 * rebuilt while its tables keep answering. A transaction that {@link #enter}s the copies finds
 * them first under the tables' own names, and every other table where it always is: the
 * projection's handlers, its JPA rows and its SQL run unchanged, and the token store and the
 * dead-letter queue, written in the same transaction, stay where they are.
 *
 * <p>PostgreSQL (production) and H2 (the embedded default) name and copy tables differently;
 * this class is the one place that knows how.
 */
abstract sealed class ShadowTables {

    static final String SCHEMA = "tally_rebuild";
    private static final Pattern TABLE_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    protected final JdbcTemplate jdbc;

    private ShadowTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    static ShadowTables of(JdbcTemplate jdbc) {
        String product = jdbc.execute((ConnectionCallback<String>) connection -> {
            DatabaseMetaData metaData = connection.getMetaData();
            return metaData.getDatabaseProductName();
        });
        return product != null && product.toLowerCase(Locale.ROOT).contains("postgres")
                ? new PostgreSql(jdbc) : new H2(jdbc);
    }

    /**
     * Empty copies of the tables (columns, keys and indexes; no foreign keys), made anew. Each copy
     * is checked: without it, a name would find the old table and the rebuild would write there.
     */
    void recreate(List<String> tables) {
        // unquoted, as every database folds it: tally_rebuild on PostgreSQL, TALLY_REBUILD on H2
        jdbc.execute("create schema if not exists " + SCHEMA);
        for (String table : reversed(tables)) {
            jdbc.execute("drop table if exists " + copy(table) + " cascade");
        }
        copyDefinitions(tables);
        for (String table : tables) {
            Integer rows = jdbc.queryForObject("select count(*) from " + copy(table), Integer.class);
            if (rows == null || rows != 0) {
                throw new IllegalStateException("the copy of " + table + " is not empty");
            }
        }
    }

    /** Creates the copies, in the schema that is there and empty of them. */
    protected abstract void copyDefinitions(List<String> tables);

    /** From here to the end of the current transaction, the tables' names find their copies. */
    abstract void enter();

    /** Before the transaction that {@link #enter}ed ends: names find the tables again. */
    abstract void leave();

    /**
     * In the current transaction: the tables' rows become their copies' rows. Readers see the old
     * rows until it commits, and the new ones from then on.
     */
    void moveIntoPlace(List<String> tables) {
        for (String table : reversed(tables)) {
            jdbc.update("delete from " + live(table));
        }
        for (String table : tables) {
            jdbc.update("insert into " + live(table) + " select * from " + copy(table));
        }
    }

    /** The copies go (after the move has committed: on H2 a drop would commit the move halfway). */
    void drop(List<String> tables) {
        for (String table : reversed(tables)) {
            jdbc.execute("drop table if exists " + copy(table));
        }
    }

    protected abstract String live(String table);

    /** Children before parents. */
    protected static List<String> reversed(List<String> tables) {
        List<String> reversed = new ArrayList<>(tables);
        Collections.reverse(reversed);
        return reversed;
    }

    protected abstract String copy(String table);

    protected static String checked(String table) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        return table;
    }

    /** Schemas and a search path: {@code SET LOCAL} ends with the transaction by itself. */
    private static final class PostgreSql extends ShadowTables {

        private final String liveSchema;

        private PostgreSql(JdbcTemplate jdbc) {
            super(jdbc);
            this.liveSchema = jdbc.queryForObject("select current_schema()", String.class);
        }

        @Override
        protected void copyDefinitions(List<String> tables) {
            for (String table : tables) {
                // LIKE ... INCLUDING ALL: columns in order, defaults, checks, keys and indexes, no foreign keys
                jdbc.execute("create table " + copy(table) + " (like " + live(table) + " including all)");
            }
        }

        @Override
        void enter() {
            jdbc.execute("set local search_path to " + SCHEMA + ", \"" + liveSchema + "\"");
        }

        @Override
        void leave() {
            // SET LOCAL is undone by the commit or rollback
        }

        @Override
        protected String live(String table) {
            return "\"" + liveSchema + "\"." + checked(table);
        }

        @Override
        protected String copy(String table) {
            return SCHEMA + "." + checked(table);
        }
    }

    /**
     * H2 has a default schema and a search path per session, not per transaction, so they are set
     * back before the transaction ends. Its {@code SCRIPT} statement writes a table's definition,
     * which, pointed at the other schema, makes the copy.
     */
    private static final class H2 extends ShadowTables {

        private static final String SHADOW = SCHEMA.toUpperCase(Locale.ROOT);
        private static final Pattern TABLE_DEFINITION =
                Pattern.compile("CREATE (MEMORY |CACHED )?TABLE |CREATE (UNIQUE )?INDEX ");

        private final String liveSchema;

        private H2(JdbcTemplate jdbc) {
            super(jdbc);
            this.liveSchema = jdbc.queryForObject("select current_schema", String.class);
        }

        @Override
        protected void copyDefinitions(List<String> tables) {
            List<String> definitions = new ArrayList<>();
            String scripted = String.join(", ", tables.stream().map(this::live).toList());
            jdbc.query("script nodata nopasswords nosettings table " + scripted,
                    row -> {
                        definitions.add(row.getString(1));
                    });
            String liveQualifier = "\"" + liveSchema + "\".";
            for (String statement : definitions) {
                String upper = statement.toUpperCase(Locale.ROOT);
                // the tables, their keys and indexes; not the users, sequences or foreign keys it also writes
                boolean definesTable = TABLE_DEFINITION.matcher(upper).lookingAt()
                        || upper.startsWith("ALTER TABLE") && !upper.contains("FOREIGN KEY");
                if (definesTable) {
                    jdbc.execute(statement.replace(liveQualifier, "\"" + SHADOW + "\".").replaceAll(";\\s*$", ""));
                }
            }
        }

        @Override
        void enter() {
            jdbc.execute((ConnectionCallback<Void>) connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("set schema " + SHADOW);
                    statement.execute("set schema_search_path " + SHADOW + ", \"" + liveSchema + "\"");
                }
                return null;
            });
        }

        @Override
        void leave() {
            // an interrupted thread would fail H2's statements: the names are set back all the same
            boolean interrupted = Thread.interrupted();
            try {
                jdbc.execute("set schema \"" + liveSchema + "\"");
                jdbc.execute("set schema_search_path \"" + liveSchema + "\"");
            } catch (RuntimeException stillOnTheCopies) {
                // this session would read the copies in whichever request borrowed it next: it must not
                // go back to the pool
                closeWhenReturned();
                throw stillOnTheCopies;
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /**
         * Hikari closes a session in use at once when asked to evict that one, in the middle of its
         * transaction; a soft eviction of them all closes the idle ones now and those in use (this
         * one) when they come back.
         */
        private void closeWhenReturned() {
            DataSource dataSource = jdbc.getDataSource();
            try {
                if (dataSource != null && dataSource.isWrapperFor(HikariDataSource.class)) {
                    HikariPoolMXBean pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
                    if (pool != null) {
                        pool.softEvictConnections();
                    }
                }
            } catch (SQLException cannotTell) {
                throw new IllegalStateException("cannot keep a session on the copies out of the pool", cannotTell);
            }
        }

        @Override
        protected String live(String table) {
            return "\"" + liveSchema + "\"." + checked(table).toUpperCase(Locale.ROOT);
        }

        @Override
        protected String copy(String table) {
            return SHADOW + "." + checked(table).toUpperCase(Locale.ROOT);
        }
    }
}
