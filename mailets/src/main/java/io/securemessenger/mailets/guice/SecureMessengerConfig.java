package io.securemessenger.mailets.guice;

import io.securemessenger.vault.Vault;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.configuration2.Configuration;

/**
 * {@code conf/secure-messenger.properties}, validated once: a bad value stops James at start-up
 * with a message naming the key. Passwords come from the environment or files, never from here.
 */
public final class SecureMessengerConfig {
    private final URI portalUrl;
    private final Vault.Config vault;
    private final Duration retention;
    private final String organisation;
    private final Optional<String> notifierAddress;
    private final String colour;

    private SecureMessengerConfig(URI portalUrl, Vault.Config vault, Duration retention, String organisation,
                                  Optional<String> notifierAddress, String colour) {
        this.portalUrl = portalUrl;
        this.vault = vault;
        this.retention = retention;
        this.organisation = organisation;
        this.notifierAddress = notifierAddress;
        this.colour = colour;
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
                nonBlank(System.getenv("SM_VAULT_DB_PASSWORD")));
        }
        Optional<String> keyPassword = nonBlank(System.getenv("SM_VAULT_KEY_PASSWORD"));
        String keyFile = properties.getString("vault.key.password.file", "").strip();
        if (keyPassword.isPresent()) {
            vault = vault.withKeyPassword(keyPassword.get().toCharArray());
        } else if (!keyFile.isEmpty()) {
            vault = vault.withKeyPassword(Files.readString(workingDirectory.resolve(keyFile), StandardCharsets.UTF_8).strip().toCharArray());
        }
        int days;
        try {
            days = Integer.parseInt(properties.getString("retention.days", "30").strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("secure-messenger.properties: retention.days is not a whole number");
        }
        if (days < 1) {
            throw new IllegalArgumentException("secure-messenger.properties: retention.days must be at least 1");
        }
        return new SecureMessengerConfig(portalUrl, vault, Duration.ofDays(days),
            properties.getString("organisation", "Secure Messenger").strip(),
            nonBlank(properties.getString("notifier.address", "")),
            properties.getString("colour", "#0b5394").strip().toLowerCase(Locale.ROOT));
    }

    /** The VIEW MESSAGE link of a delivery. */
    public String messageLink(String token) {
        return portalUrl + "/m/" + token;
    }

    public String sentItemsLink() {
        return portalUrl + "/sent";
    }

    /** The portal as a person types it: host and path, no scheme. */
    public String portalAddress() {
        return portalUrl.getHost() + (portalUrl.getPort() > 0 ? ":" + portalUrl.getPort() : "") + Optional.ofNullable(portalUrl.getPath()).orElse("");
    }

    public Vault.Config vault() {
        return vault;
    }

    public Duration retention() {
        return retention;
    }

    public String organisation() {
        return organisation;
    }

    public Optional<String> notifierAddress() {
        return notifierAddress;
    }

    public String colour() {
        return colour;
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(s -> !s.isEmpty());
    }
}
