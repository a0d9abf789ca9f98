package io.securemessenger.mailets;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the mailets of the secure path need to know of the configuration: how long a sealed message
 * stays readable, when its sender is warned before it expires, where the portal is, and the
 * notifier address. Read and validated once by the wiring module from
 * {@code secure-messenger.properties}; immutable.
 */
public final class SecurePathSettings {
    private final URI portalUrl;
    private final Duration retention;
    private final Duration expiryWarning;
    private final Optional<String> notifierAddress;

    private SecurePathSettings(URI portalUrl, Duration retention, Duration expiryWarning, Optional<String> notifierAddress) {
        this.portalUrl = Objects.requireNonNull(portalUrl);
        this.retention = Objects.requireNonNull(retention);
        this.expiryWarning = Objects.requireNonNull(expiryWarning);
        this.notifierAddress = Objects.requireNonNull(notifierAddress);
    }

    /**
     * {@code portalUrl}: the portal's public https URL, without a trailing slash; {@code notifierAddress}:
     * empty for the postmaster.
     */
    public static SecurePathSettings of(URI portalUrl, Duration retention, Duration expiryWarning, Optional<String> notifierAddress) {
        return new SecurePathSettings(portalUrl, retention, expiryWarning, notifierAddress);
    }

    /** The VIEW MESSAGE link of a delivery. */
    public String messageLink(String token) {
        return portalUrl + "/m/" + token;
    }

    public String sentItemsLink() {
        return portalUrl + "/sent";
    }

    /** How long a sealed message can be read. */
    public Duration retention() {
        return retention;
    }

    /** How long before an unread message expires its sender is warned; zero: never. */
    public Duration expiryWarning() {
        return expiryWarning;
    }

    /** {@code notifier.address}; empty: the postmaster. */
    public Optional<String> notifierAddress() {
        return notifierAddress;
    }
}
