package io.securemessenger.server;

import java.util.Objects;

/** A {@code host:port} setting such as a smarthost. */
public final class HostPort {
    private final String host;
    private final int port;

    private HostPort(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Parses {@code host:port} or {@code [v6]:port}; the port is required. */
    public static HostPort parse(String value) {
        Objects.requireNonNull(value);
        String v = value.strip();
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw new IllegalArgumentException("'" + value + "' is not host:port");
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' has no numeric port");
        }
        Settings.checkPort("port of " + value, port);
        if (host.isBlank() || host.contains(" ")) {
            throw new IllegalArgumentException("'" + value + "' has no host");
        }
        return new HostPort(host, port);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
