package io.securemessenger.server;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the organisation's users are when they come from an LDAP directory (OpenLDAP, Active
 * Directory) instead of James' own store: read by James' {@code ReadOnlyUsersLDAPRepository}, so
 * every address the directory knows can sign in to the portal as a sender with its directory
 * password. Validated when built; {@code --ldap-*} flags and {@code SM_LDAP_*} variables.
 */
public final class LdapSettings {
    private final URI url;
    private final Optional<String> bindDn;
    private final Optional<Path> bindPasswordFile;
    private final String usersBase;
    private final String addressAttribute;
    private final String userClass;
    private final Optional<String> senderGroup;
    private final Duration timeout;

    private LdapSettings(URI url, Optional<String> bindDn, Optional<Path> bindPasswordFile, String usersBase, String addressAttribute,
                         String userClass, Optional<String> senderGroup, Duration timeout) {
        this.url = url;
        this.bindDn = bindDn;
        this.bindPasswordFile = bindPasswordFile;
        this.usersBase = usersBase;
        this.addressAttribute = addressAttribute;
        this.userClass = userClass;
        this.senderGroup = senderGroup;
        this.timeout = timeout;
    }

    /**
     * @param url {@code ldaps://host[:port]} (TLS from the start, port 636 by default) or
     *            {@code ldap://host[:port]} (StartTLS before anything else, port 389 by default): the
     *            directory's certificate is verified either way, and nothing, passwords least of all,
     *            crosses the network in clear.
     */
    public static LdapSettings of(String url, Optional<String> bindDn, Optional<Path> bindPasswordFile, String usersBase,
                                  String addressAttribute, String userClass, Optional<String> senderGroup, Duration timeout) {
        URI parsed;
        try {
            parsed = new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("LDAP URL '" + url + "' is not a URL");
        }
        String scheme = String.valueOf(parsed.getScheme()).toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("ldaps") || scheme.equals("ldap")) || parsed.getHost() == null) {
            throw new IllegalArgumentException("LDAP URL '" + url + "' must be ldaps://host[:port] or ldap://host[:port] (StartTLS)");
        }
        URI withPort = URI.create(scheme + "://" + parsed.getHost() + ":" + (parsed.getPort() > 0 ? parsed.getPort() : scheme.equals("ldaps") ? 636 : 389));
        if (usersBase == null || usersBase.isBlank()) {
            throw new IllegalArgumentException("--ldap-users-base is needed with --ldap-url: the DN below which users are found");
        }
        for (String attribute : new String[] {addressAttribute, userClass}) {
            if (attribute == null || !attribute.matches("[A-Za-z][A-Za-z0-9-]*")) {
                throw new IllegalArgumentException("'" + attribute + "' is not an LDAP attribute or object class name");
            }
        }
        if (bindDn.isPresent() && bindPasswordFile.isEmpty() && System.getenv("SM_LDAP_BIND_PASSWORD") == null) {
            throw new IllegalArgumentException("--ldap-bind-dn needs its password: --ldap-bind-password-file or SM_LDAP_BIND_PASSWORD");
        }
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("LDAP timeout of " + timeout.toSeconds() + " seconds must be between 1 second and 5 minutes");
        }
        return new LdapSettings(withPort, bindDn, bindPasswordFile.map(p -> p.toAbsolutePath().normalize()), usersBase.strip(),
            addressAttribute, userClass, senderGroup.map(String::strip).filter(g -> !g.isEmpty()), timeout);
    }

    /** {@code ldaps://host:port}, or {@code ldap://host:port} for StartTLS. */
    public URI url() {
        return url;
    }

    public Optional<String> bindDn() {
        return bindDn;
    }

    public Optional<Path> bindPasswordFile() {
        return bindPasswordFile;
    }

    public String usersBase() {
        return usersBase;
    }

    /** The attribute holding a user's mail address: {@code mail}, or {@code userPrincipalName} for AD. */
    public String addressAttribute() {
        return addressAttribute;
    }

    public String userClass() {
        return userClass;
    }

    /** The DN of a group (its {@code member} values) that senders must belong to; empty: every user. */
    public Optional<String> senderGroup() {
        return senderGroup;
    }

    /** Connect and response timeout of each directory operation. */
    public Duration timeout() {
        return timeout;
    }
}
