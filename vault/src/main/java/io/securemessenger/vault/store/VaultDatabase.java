package io.securemessenger.vault.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.DataSourceConnectionFactory;
import org.apache.commons.dbcp2.PoolableConnection;
import org.apache.commons.dbcp2.PoolableConnectionFactory;
import org.apache.commons.dbcp2.PoolingDataSource;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The vault's database: embedded Derby under the data directory by default, or PostgreSQL for
 * several nodes. The schema is versioned (Flyway, table {@code vault_schema_history}) and
 * migrated when the database is opened. Data sources are created directly rather than through
 * {@code DriverManager}, which does not see drivers inside a James extension class loader.
 */
public final class VaultDatabase {
    /** The database products the vault runs on. */
    public enum Kind { DERBY, POSTGRESQL }

    /** The SQL state of a duplicate key, in Derby and PostgreSQL alike. */
    public static final String UNIQUE_VIOLATION = "23505";

    /** Connections kept open for reuse; more are opened when this many are busy, up to {@value #MAX_CONNECTIONS}. */
    static final int IDLE_CONNECTIONS = 8;
    static final int MAX_CONNECTIONS = 32;
    /** Prepared statements kept per pooled connection (the stores use some 50; the oldest idle one goes first). */
    static final int MAX_STATEMENTS = 128;

    /** The database itself: what Flyway migrates and what the pool opens connections to. */
    private final DataSource direct;
    /** Pooled connections over {@link #direct}, for the stores. */
    private final PoolingDataSource<PoolableConnection> dataSource;
    private final GenericObjectPool<PoolableConnection> pool;
    private final Kind kind;

    private VaultDatabase(DataSource direct, Kind kind) {
        this.direct = direct;
        this.kind = kind;
        // Each store's query opened a connection of its own: a new embedded Derby connection, or for
        // PostgreSQL a new TCP connection, TLS handshake and authentication per query.
        PoolableConnectionFactory connections = new PoolableConnectionFactory(new DataSourceConnectionFactory(direct), null);
        connections.setDefaultAutoCommit(true);
        connections.setRollbackOnReturn(true);
        connections.setValidationQueryTimeout(5);
        // Each statement is prepared once per pooled connection and kept: preparing one again (a
        // Derby activation, a PostgreSQL parse) was a good part of a portal view's queries.
        connections.setPoolStatements(true);
        connections.setMaxOpenPreparedStatements(MAX_STATEMENTS);
        // A connection the database dropped (restart, failover) is found out before it is handed over.
        GenericObjectPoolConfig<PoolableConnection> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(MAX_CONNECTIONS);
        config.setMaxIdle(IDLE_CONNECTIONS);
        config.setMinIdle(0);
        config.setTestOnBorrow(true);
        config.setMaxWait(java.time.Duration.ofSeconds(30));
        config.setJmxEnabled(false);
        this.pool = new GenericObjectPool<>(connections, config);
        connections.setPool(pool);
        this.dataSource = new PoolingDataSource<>(pool);
    }

    /**
     * Embedded Derby in {@code directory} (created if absent). Refuses to start when Derby's
     * durability is relaxed ({@code derby.system.durability=test}), since commits could then be
     * lost in a crash.
     */
    public static VaultDatabase derby(Path directory) throws VaultException {
        String durability = System.getProperty("derby.system.durability");
        if (durability != null && durability.trim().toLowerCase(Locale.ROOT).equals("test")) {
            throw new VaultException("Derby durability is set to 'test' (derby.system.durability): commits would not survive "
                + "a crash. Remove that setting to run the vault.");
        }
        if (System.getProperty("derby.stream.error.file") == null) {
            // Derby's own log goes beside the database, not into whatever the working directory is.
            System.setProperty("derby.stream.error.file", directory.toAbsolutePath().resolveSibling("derby.log").toString());
        }
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(directory.toAbsolutePath().toString());
        dataSource.setCreateDatabase("create");
        return migrated(new VaultDatabase(dataSource, Kind.DERBY));
    }

    /** PostgreSQL at {@code jdbc:postgresql://host:port/database}, with the given credentials. */
    public static VaultDatabase postgresql(String url, String user, String password) throws VaultException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(Objects.requireNonNull(url));
        if (user != null) {
            dataSource.setUser(user);
        }
        if (password != null) {
            dataSource.setPassword(password);
        }
        return migrated(new VaultDatabase(dataSource, Kind.POSTGRESQL));
    }

    private static VaultDatabase migrated(VaultDatabase database) throws VaultException {
        try {
            Flyway.configure(VaultDatabase.class.getClassLoader())
                .dataSource(database.direct)
                .locations("classpath:db/vault/" + database.kind.name().toLowerCase(Locale.ROOT))
                .table("vault_schema_history")
                // The vault may share its database with James' own tables (--database-url): a schema
                // that holds tables but no vault history yet gets every vault migration from V1 on.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
            return database;
        } catch (RuntimeException e) {
            throw new VaultException("The vault database cannot be opened or migrated: " + rootMessage(e), e);
        }
    }

    public Kind kind() {
        return kind;
    }

    /** A connection for the vault's stores; the caller closes it. */
    public Connection connection() throws SQLException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            // The pool wraps the database's own error (and its SQL state, which callers go by).
            if (e.getCause() instanceof SQLException) {
                throw (SQLException) e.getCause();
            }
            if (e.getCause() instanceof java.util.NoSuchElementException) {
                throw new SQLException("No vault database connection was free within 30 s", "08004", e);
            }
            throw e;
        }
    }

    /** Runs one update statement with its values, in a connection of its own; returns the rows it changed. */
    public int update(String sql, Object... values) throws VaultException {
        try (Connection connection = connection(); java.sql.PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                update.setObject(i + 1, values[i]);
            }
            return update.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The error for a database that does not answer as expected: the SQL state, never data. */
    public static VaultException unavailable(SQLException e) {
        return new VaultUnavailableException("The vault database is unavailable: SQL state " + e.getSQLState(), e);
    }

    /** Work on connections of its own, which {@link #retryingConflicts} may run more than once. */
    public interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work}, and again (up to five times, after a short random pause) when the database
     * rolled it back over a conflict with concurrent work: deadlock, lock timeout, serialisation
     * failure (SQL state class 40). Each run must open its own connection and transaction.
     */
    public static <T> T retryingConflicts(Work<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (SQLException e) {
                String state = e.getSQLState();
                if (attempt >= 5 || state == null || !state.startsWith("40")) {
                    throw e;
                }
                try {
                    Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 10L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Whether the database answers now, within {@code timeoutSeconds}. */
    public boolean isAvailable(int timeoutSeconds) {
        try (Connection connection = connection()) {
            return connection.isValid(timeoutSeconds);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Closes the pooled connections, and shuts an embedded Derby database down cleanly. */
    public void close() {
        pool.close();
        if (kind == Kind.DERBY) {
            EmbeddedDataSource derby = (EmbeddedDataSource) direct;
            EmbeddedDataSource shutdown = new EmbeddedDataSource();
            shutdown.setDatabaseName(derby.getDatabaseName());
            shutdown.setShutdownDatabase("shutdown");
            try (Connection ignored = shutdown.getConnection()) {
                // Derby reports a successful shutdown as an exception.
            } catch (SQLException expected) {
                // 08006: database shut down.
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
