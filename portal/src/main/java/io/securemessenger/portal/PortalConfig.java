package io.securemessenger.portal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the portal runs: where it listens (HTTPS only), its certificate, how sessions and accounts
 * age, and how it presents the organisation. Built once and validated by its builder.
 */
public final class PortalConfig {
    private final String host;
    private final int port;
    private final Path keystore;
    private final char[] keystorePassword;
    private final Duration idleTimeout;
    private final Duration sessionLifetime;
    private final Optional<Duration> accountInactivity;
    private final String organisation;
    private final String colour;
    private final Optional<Path> logo;
    private final Duration retention;
    private final long maxReplyBytes;
    private final String publicUrl;
    private final java.util.Set<String> officers;
    private final PolicyInForce policy;

    private PortalConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.keystore = Objects.requireNonNull(b.keystore, "keystore");
        this.keystorePassword = Objects.requireNonNull(b.keystorePassword, "keystore password").clone();
        this.idleTimeout = b.idleTimeout;
        this.sessionLifetime = b.sessionLifetime;
        this.accountInactivity = b.accountInactivity;
        this.organisation = b.organisation;
        this.colour = b.colour;
        this.logo = b.logo;
        this.retention = b.retention;
        this.maxReplyBytes = b.maxReplyBytes;
        this.officers = java.util.Set.copyOf(b.officers);
        this.policy = b.policy;
        this.publicUrl = b.publicUrl.endsWith("/") ? b.publicUrl.substring(0, b.publicUrl.length() - 1) : b.publicUrl;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to change some of it (e.g. add the policy read at start-up). */
    public Builder toBuilder() {
        return builder().host(host).port(port).keystore(keystore, keystorePassword).idleTimeout(idleTimeout).sessionLifetime(sessionLifetime)
            .accountInactivity(accountInactivity).organisation(organisation).colour(colour).logo(logo).retention(retention)
            .maxReplyBytes(maxReplyBytes).publicUrl(publicUrl).officers(officers).policy(policy);
    }

    /** Builds a validated configuration; a bad value is an {@link IllegalArgumentException} naming it. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8443;
        private Path keystore;
        private char[] keystorePassword;
        private Duration idleTimeout = Duration.ofMinutes(15);
        private Duration sessionLifetime = Duration.ofHours(12);
        private Optional<Duration> accountInactivity = Optional.empty();
        private String organisation = "Secure Messenger";
        private String colour = "#0b5394";
        private Optional<Path> logo = Optional.empty();
        private Duration retention = Duration.ofDays(30);
        private long maxReplyBytes = 25L * 1024 * 1024;
        private String publicUrl = "https://localhost:8443";
        private java.util.Set<String> officers = java.util.Set.of();
        private PolicyInForce policy = PolicyInForce.none();

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder keystore(Path keystore, char[] password) {
            this.keystore = keystore;
            this.keystorePassword = password.clone();
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder sessionLifetime(Duration sessionLifetime) {
            this.sessionLifetime = sessionLifetime;
            return this;
        }

        /** Accounts unused this long are removed; empty (the default): accounts stay active indefinitely. */
        public Builder accountInactivity(Optional<Duration> accountInactivity) {
            this.accountInactivity = accountInactivity;
            return this;
        }

        public Builder organisation(String organisation) {
            this.organisation = organisation;
            return this;
        }

        public Builder colour(String colour) {
            this.colour = colour;
            return this;
        }

        public Builder logo(Optional<Path> logo) {
            this.logo = logo;
            return this;
        }

        /** How long a reply written on the portal is kept (as sealed mail is: {@code retention.period}). */
        public Builder retention(Duration retention) {
            this.retention = retention;
            return this;
        }

        /** The portal's public address, for the links it mails (password resets). */
        public Builder publicUrl(String publicUrl) {
            this.publicUrl = publicUrl;
            return this;
        }

        /**
         * The compliance officers: organisation users who, after their password, give a second factor
         * (TOTP) and reach the officer's console. Addresses, compared in any case.
         */
        public Builder officers(java.util.Collection<String> officers) {
            java.util.Set<String> normalised = new java.util.TreeSet<>();
            for (String officer : officers) {
                String address = officer.strip().toLowerCase(java.util.Locale.ROOT);
                if (!address.matches("[^@\\s]+@[^@\\s]+")) {
                    throw new IllegalArgumentException("officer '" + officer + "' is not a mail address");
                }
                normalised.add(address);
            }
            this.officers = normalised;
            return this;
        }

        /** The security policy the server started with, for the officer's console to print and certify. */
        public Builder policy(PolicyInForce policy) {
            this.policy = java.util.Objects.requireNonNull(policy);
            return this;
        }

        /** The largest reply, attachments included, that the portal accepts. */
        public Builder maxReplyBytes(long maxReplyBytes) {
            this.maxReplyBytes = maxReplyBytes;
            return this;
        }

        public PortalConfig build() {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("portal port " + port + " is not between 0 and 65535");
            }
            if (idleTimeout.compareTo(Duration.ofMinutes(1)) < 0 || sessionLifetime.compareTo(idleTimeout) < 0) {
                throw new IllegalArgumentException("the portal's idle timeout must be at least a minute and not longer than the session lifetime");
            }
            if (!colour.matches("#[0-9a-fA-F]{6}")) {
                throw new IllegalArgumentException("colour " + colour + " is not #rrggbb");
            }
            if (!publicUrl.startsWith("https://")) {
                throw new IllegalArgumentException("the portal's public URL " + publicUrl + " must start with https://");
            }
            if (organisation == null || organisation.isBlank()) {
                throw new IllegalArgumentException("the organisation's name is empty");
            }
            accountInactivity.filter(d -> d.compareTo(Duration.ofDays(1)) < 0).ifPresent(d -> {
                throw new IllegalArgumentException("account inactivity expiry must be at least a day");
            });
            return new PortalConfig(this);
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Path keystore() {
        return keystore;
    }

    char[] keystorePassword() {
        return keystorePassword.clone();
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration sessionLifetime() {
        return sessionLifetime;
    }

    public Optional<Duration> accountInactivity() {
        return accountInactivity;
    }

    public String organisation() {
        return organisation;
    }

    public String colour() {
        return colour;
    }

    public Optional<Path> logo() {
        return logo;
    }

    public Duration retention() {
        return retention;
    }

    public long maxReplyBytes() {
        return maxReplyBytes;
    }

    public String publicUrl() {
        return publicUrl;
    }

    /** The compliance officers' addresses, in lower case. */
    public java.util.Set<String> officers() {
        return officers;
    }

    /** The security policy the server started with. */
    public PolicyInForce policy() {
        return policy;
    }

    /** Whether {@code address} (already in lower case) is a compliance officer's. */
    boolean isOfficer(String address) {
        return officers.contains(address);
    }
}
