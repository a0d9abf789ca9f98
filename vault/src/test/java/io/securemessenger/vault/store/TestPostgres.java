package io.securemessenger.vault.store;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests: {@code SM_TEST_POSTGRES_URL} when set (e.g. a server
 * CI started), otherwise a private cluster this JVM creates with the machine's PostgreSQL
 * binaries ({@code apt-get install postgresql}) on a free loopback port, and removes at exit.
 * Each call to {@link #newDatabase()} gives an empty database.
 */
public final class TestPostgres {
    private static String adminUrl;

    private TestPostgres() {
    }

    public static synchronized String newDatabase() throws Exception {
        if (adminUrl == null) {
            adminUrl = Optional.ofNullable(System.getenv("SM_TEST_POSTGRES_URL")).orElseGet(TestPostgres::startCluster);
        }
        String name = "vault_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(adminUrl); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    }

    /**
     * A private cluster of its own that speaks TLS with the given PEM certificate (chain) and key,
     * for tests of certificate verification; its URL names {@code localhost} and asks for nothing
     * about TLS, which the caller adds ({@code sslmode=...}).
     */
    /**
     * Lets the database of {@code url} take connections again, or refuses new ones and ends those it
     * has: the vault's database going down and coming back, as an outage would.
     */
    public static void allowConnections(String url, boolean allowed) throws Exception {
        String database = url.replaceFirst(".*/([^/?]+)(\\?.*)?$", "$1");
        try (java.sql.Connection admin = java.sql.DriverManager.getConnection(url.replaceFirst("/[^/?]+(\\?|$)", "/postgres$1"));
             java.sql.Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS " + allowed);
            if (!allowed) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            }
        }
    }

    public static String newTlsCluster(String certificatePem, String keyPem) {
        return startCluster(List.of(certificatePem, keyPem));
    }

    private static String startCluster() {
        return startCluster(List.of());
    }

    private static String startCluster(List<String> tls) {
        try {
            Path bin = binaries();
            Path home = Files.createTempDirectory("vault-postgres");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "postgres:postgres", home.toString()), false);
            }
            Path data = home.resolve("data");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--no-sync"), root);
            String options = "-p " + port + " -k " + home + " -c listen_addresses=127.0.0.1 -c fsync=off";
            if (!tls.isEmpty()) {
                Path certificate = Files.writeString(home.resolve("server.crt"), tls.get(0));
                Path key = Files.writeString(home.resolve("server.key"), tls.get(1));
                Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                if (root) {
                    run(List.of("chown", "postgres:postgres", certificate.toString(), key.toString()), false);
                }
                options += " -c ssl=on -c ssl_cert_file=" + certificate + " -c ssl_key_file=" + key;
            }
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l", home.resolve("log").toString(),
                "-o", options, "start"), root);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"), root);
                } catch (Exception e) {
                    // The cluster dies with its directory anyway.
                }
                try (Stream<Path> walk = Files.walk(home)) {
                    walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                } catch (IOException ignored) {
                    // A temporary directory.
                }
            }));
            return "jdbc:postgresql://" + (tls.isEmpty() ? "127.0.0.1" : "localhost") + ":" + port + "/postgres?user=postgres";
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start a PostgreSQL server for the tests: " + e.getMessage()
                + ". Install PostgreSQL (apt-get install postgresql) or set SM_TEST_POSTGRES_URL.", e);
        }
    }

    private static Path binaries() throws IOException {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "initdb"))) {
                return Path.of(dir);
            }
        }
        throw new IOException("no initdb found in /usr/lib/postgresql/*/bin or on the PATH");
    }

    private static void run(List<String> command, boolean asPostgres) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(Arrays.asList("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command.subList(0, 1)) + " failed: " + output.strip());
        }
    }
}
