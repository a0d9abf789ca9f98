package io.securemessenger.wiring;

import io.securemessenger.mailets.SecurePathSettings;
import io.securemessenger.smtp.StorageLimits;
import io.securemessenger.portal.PortalConfig;
import io.securemessenger.vault.Vault;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.configuration2.Configuration;
import org.apache.james.util.DurationParser;

/**
 * {@code conf/secure-messenger.properties}, validated once: a bad value stops James at start-up
 * with a message naming the key. Passwords come from the environment or files, never from here.
 */
public final class SecureMessengerConfig {
    private final URI portalUrl;
    private final java.util.concurrent.Callable<PortalConfig> portal;
    private final Vault.Config vault;
    private final Duration retention;
    private final Duration expiryWarning;
    private final Duration sweepInterval;
    private final String organisation;
    private final Optional<String> notifierAddress;
    private final String colour;
    private final Path dataDirectory;
    private final long minimumFreeSpace;
    private final Optional<String> officersGroup;
    private final Optional<String> auditSyslog;

    private SecureMessengerConfig(URI portalUrl, java.util.concurrent.Callable<PortalConfig> portal, Vault.Config vault, Duration retention, Duration expiryWarning, Duration sweepInterval,
                                  String organisation, Optional<String> notifierAddress, String colour, Path dataDirectory, long minimumFreeSpace,
                                  Optional<String> officersGroup, Optional<String> auditSyslog) {
        this.portalUrl = portalUrl;
        this.portal = portal;
        this.vault = vault;
        this.retention = retention;
        this.expiryWarning = expiryWarning;
        this.sweepInterval = sweepInterval;
        this.organisation = organisation;
        this.notifierAddress = notifierAddress;
        this.colour = colour;
        this.dataDirectory = dataDirectory;
        this.minimumFreeSpace = minimumFreeSpace;
        this.officersGroup = officersGroup;
        this.auditSyslog = auditSyslog;
    }

    /** Reads the properties; relative paths are resolved against James' working directory. */
    public static SecureMessengerConfig from(Configuration properties, Path workingDirectory) throws IOException {
        String portal = properties.getString("portal.url", "").strip();
        URI portalUrl;
        try {
            portalUrl = URI.create(portal.endsWith("/") ? portal.substring(0, portal.length() - 1) : portal);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secure-messenger.properties: portal.url=" + portal + " is not a URL");
        }
        if (!"https".equals(portalUrl.getScheme()) || portalUrl.getHost() == null) {
            throw new IllegalArgumentException("secure-messenger.properties: portal.url=" + portal + " must be an https:// URL");
        }
        Path directory = workingDirectory.resolve(properties.getString("vault.directory", "var/secure-messenger/vault").strip());
        Vault.Config vault = Vault.Config.embedded(directory);
        String dbUrl = properties.getString("vault.db.url", "").strip();
        if (!dbUrl.isEmpty()) {
            if (!dbUrl.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("secure-messenger.properties: vault.db.url must start with jdbc:postgresql://");
            }
            vault = vault.withPostgresql(dbUrl, nonBlank(properties.getString("vault.db.user", "")),
                nonBlank(System.getenv("SM_VAULT_DB_PASSWORD")).or(() -> nonBlank(System.getenv("SM_DATABASE_PASSWORD"))));
        }
        Optional<String> keyPassword = nonBlank(System.getenv("SM_VAULT_KEY_PASSWORD"));
        String keyFile = properties.getString("vault.key.password.file", "").strip();
        if (keyPassword.isPresent()) {
            vault = vault.withKeyPassword(keyPassword.get().toCharArray());
        } else if (!keyFile.isEmpty()) {
            vault = vault.withKeyPassword(Files.readString(workingDirectory.resolve(keyFile), StandardCharsets.UTF_8).strip().toCharArray());
        }
        Duration retention = duration(properties, "retention.period", "30 days");
        if (retention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("secure-messenger.properties: retention.period must be at least one minute");
        }
        Duration warning = duration(properties, "retention.warning", "3 days");
        if (warning.compareTo(retention) >= 0) {
            throw new IllegalArgumentException("secure-messenger.properties: retention.warning must be shorter than retention.period");
        }
        Duration sweep = duration(properties, "retention.sweep", "15 minutes");
        if (sweep.isZero()) {
            throw new IllegalArgumentException("secure-messenger.properties: retention.sweep must be longer than zero");
        }
        String minimumFree = properties.getString("storage.minimum.free", "512M").strip();
        long minimumFreeSpace;
        try {
            minimumFreeSpace = org.apache.james.util.Size.parse(minimumFree).asBytes();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("secure-messenger.properties: storage.minimum.free=" + minimumFree
                + " is not a size such as 512M or 2G");
        }
        // Durations and the port are checked now; the key store is read when the portal starts.
        portalSettings(properties, workingDirectory, false);
        Configuration portalProperties = new org.apache.commons.configuration2.BaseConfiguration();
        properties.getKeys().forEachRemaining(key -> portalProperties.setProperty(key, properties.getProperty(key)));
        return new SecureMessengerConfig(portalUrl, () -> portalSettings(portalProperties, workingDirectory, true), vault, retention, warning, sweep,
            properties.getString("organisation", "Secure Messenger").strip(),
            nonBlank(properties.getString("notifier.address", "")),
            properties.getString("colour", "#0b5394").strip().toLowerCase(Locale.ROOT),
            workingDirectory, minimumFreeSpace, nonBlank(String.join(",", properties.getStringArray("officers.group"))),
            syslog(properties.getString("audit.syslog", "")));
    }

    private static Optional<String> syslog(String value) {
        Optional<String> given = nonBlank(value);
        given.filter(v -> !v.matches("[A-Za-z0-9.-]+:[0-9]{1,5}")).ifPresent(v -> {
            throw new IllegalArgumentException("secure-messenger.properties: audit.syslog=" + v + " is not host:port");
        });
        return given;
    }

    /** The SIEM's syslog receiver ({@code host:port}, TLS) the audit trail is forwarded to; empty: none. */
    public Optional<String> auditSyslog() {
        return auditSyslog;
    }

    /**
     * The DN of the directory group whose members are compliance officers ({@code officers.group});
     * empty: none. Read whole: James' properties split values at commas, which a DN is made of.
     */
    public Optional<String> officersGroup() {
        return officersGroup;
    }

    /** What the mailets of the secure path need of these settings. */
    public SecurePathSettings securePath() {
        return SecurePathSettings.of(portalUrl, retention, expiryWarning, notifierAddress);
    }

    /** What SMTP's storage guard checks. */
    public StorageLimits storageLimits() {
        return StorageLimits.of(dataDirectory, minimumFreeSpace);
    }

    /** The portal as a person types it: host and path, no scheme. */
    public String portalAddress() {
        return portalUrl.getHost() + (portalUrl.getPort() > 0 ? ":" + portalUrl.getPort() : "") + Optional.ofNullable(portalUrl.getPath()).orElse("");
    }

    /**
     * How the portal runs, with its key store's password read now: an unreadable key store or
     * password file is an {@link IllegalArgumentException} naming it.
     */
    public PortalConfig portal() throws IOException {
        try {
            return portal.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    public Vault.Config vault() {
        return vault;
    }

    public Duration retention() {
        return retention;
    }

    /** How long before an unread message expires its sender is warned; zero: never. */
    public Duration expiryWarning() {
        return expiryWarning;
    }

    /** How often expired messages are destroyed and due warnings sent. */
    public Duration sweepInterval() {
        return sweepInterval;
    }

    public String organisation() {
        return organisation;
    }

    public Optional<String> notifierAddress() {
        return notifierAddress;
    }

    /** James' working directory: queues, James' database and (by default) the vault lie under it. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Below this many free bytes in the data directory, SMTP asks senders to try again later. */
    public long minimumFreeSpace() {
        return minimumFreeSpace;
    }

    public String colour() {
        return colour;
    }

    private static PortalConfig portalSettings(Configuration properties, Path workingDirectory, boolean withKeys) throws IOException {
        String portText = properties.getString("portal.port", "8443").strip();
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("secure-messenger.properties: portal.port=" + portText + " is not a port number");
        }
        Path keystore = workingDirectory.resolve(properties.getString("portal.keystore", "tls/keystore.p12").strip());
        Optional<String> password = withKeys ? nonBlank(System.getenv("SM_PORTAL_KEYSTORE_PASSWORD")) : Optional.of("not read yet");
        if (password.isEmpty()) {
            Path file = workingDirectory.resolve(properties.getString("portal.keystore.password.file", "tls/keystore.password").strip());
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("secure-messenger.properties: portal.keystore.password.file " + file
                    + " cannot be read (or set SM_PORTAL_KEYSTORE_PASSWORD)");
            }
            password = Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        }
        if (withKeys && !Files.isReadable(keystore)) {
            throw new IllegalArgumentException("secure-messenger.properties: portal.keystore " + keystore + " cannot be read");
        }
        String inactivity = properties.getString("portal.account.inactivity", "").strip();
        String logo = properties.getString("portal.logo", "").strip();
        try {
            return PortalConfig.builder()
                .host(properties.getString("portal.bind", "0.0.0.0").strip())
                .port(port)
                .keystore(keystore, password.get().toCharArray())
                .idleTimeout(duration(properties, "portal.idle", "15 minutes"))
                .sessionLifetime(duration(properties, "portal.session.lifetime", "12 hours"))
                .accountInactivity(inactivity.isEmpty() ? Optional.empty() : Optional.of(duration(properties, "portal.account.inactivity", "")))
                .organisation(properties.getString("organisation", "Secure Messenger").strip())
                .colour(properties.getString("colour", "#0b5394").strip())
                .logo(logo.isEmpty() ? Optional.empty() : Optional.of(workingDirectory.resolve(logo)))
                .retention(duration(properties, "retention.period", "30 days"))
                .publicUrl(properties.getString("portal.url", "https://localhost:8443").strip())
                .officers(list(properties, "officers"))
                .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secure-messenger.properties: " + e.getMessage(), e);
        }
    }

    private static Duration duration(Configuration properties, String key, String fallback) {
        String value = properties.getString(key, fallback).strip();
        try {
            return DurationParser.parse(value, ChronoUnit.DAYS);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("secure-messenger.properties: " + key + "=" + value
                + " is not a duration such as '30 days', '12 hours' or '15 minutes'");
        }
    }

    /** A comma-separated list, whether or not the configuration already split it. */
    private static java.util.List<String> list(Configuration properties, String key) {
        java.util.List<String> items = new java.util.ArrayList<>();
        for (String value : properties.getStringArray(key)) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return items;
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(s -> !s.isEmpty());
    }
}
