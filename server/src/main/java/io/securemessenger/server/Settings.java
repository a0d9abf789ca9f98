package io.securemessenger.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What an operator sets when starting the server: where state lives, the listening ports, the
 * domains that are ours, who may relay, and where outgoing mail goes. Validated on
 * construction, so a server never starts half-configured. Every field is documented in
 * docs/admin/settings.md with its flag and environment variable.
 */
public final class Settings {
    private final Path dataDir;
    private final Path confDir;
    private final int smtpPort;
    private final int submissionPort;
    private final int imapPort;
    private final int webAdminPort;
    private final int portalPort;
    private final List<String> localDomains;
    private final List<String> trustedDomains;
    private final List<String> departmentDomains;
    private final List<String> relayNetworks;
    private final Optional<HostPort> outboundSmarthost;
    private final Optional<HostPort> internalSmarthost;
    private final Optional<String> postmaster;
    private final Optional<String> notifierAddress;
    private final String organisation;
    private final List<String> officers;
    private final String autoForward;
    private final Optional<String> officersGroup;
    private final Optional<HostPort> auditSyslog;
    private final java.net.URI portalUrl;
    private final Optional<String> vaultDbUrl;
    private final Optional<String> vaultDbUser;
    private final Optional<Path> vaultKeyPasswordFile;
    private final Optional<Path> trustStore;
    private final Optional<LdapSettings> ldap;
    private final Optional<String> databaseUrl;
    private final Optional<String> databaseUser;
    private final int relayLimit;
    private final int smtpMaxConnections;
    private final int smtpMaxConnectionsPerAddress;
    private final java.time.Duration smtpTimeout;
    private final long maxMessageSize;

    private Settings(Builder b) {
        this.dataDir = b.dataDir.toAbsolutePath().normalize();
        this.confDir = b.confDir.toAbsolutePath().normalize();
        this.smtpPort = checkPort("SMTP port", b.smtpPort);
        this.submissionPort = checkPort("submission port", b.submissionPort);
        this.imapPort = checkPort("IMAP port", b.imapPort);
        this.webAdminPort = checkPort("WebAdmin port", b.webAdminPort);
        this.portalPort = checkPort("portal port", b.portalPort);
        if (b.localDomains.isEmpty()) {
            throw new IllegalArgumentException("at least one local domain is needed");
        }
        for (String domain : b.localDomains) {
            checkDomain("local domain", domain, false);
        }
        for (String domain : b.trustedDomains) {
            checkDomain("trusted domain", domain, true);
        }
        for (String domain : b.departmentDomains) {
            checkDomain("department domain", domain, true);
        }
        for (String network : b.relayNetworks) {
            if (!network.matches("[0-9A-Fa-f:.]+(/\\d{1,3})?|[A-Za-z0-9.*-]+")) {
                throw new IllegalArgumentException("relay network '" + network + "' is not an address, CIDR range or host name");
            }
        }
        long distinctPorts = List.of(smtpPort, submissionPort, imapPort, webAdminPort, portalPort).stream().distinct().count();
        if (distinctPorts != 5) {
            throw new IllegalArgumentException("the SMTP, submission, IMAP, WebAdmin and portal ports must differ");
        }
        this.localDomains = List.copyOf(b.localDomains);
        this.trustedDomains = List.copyOf(b.trustedDomains);
        this.departmentDomains = List.copyOf(b.departmentDomains);
        this.relayNetworks = List.copyOf(b.relayNetworks);
        this.outboundSmarthost = b.outboundSmarthost;
        this.internalSmarthost = b.internalSmarthost;
        this.postmaster = b.postmaster.filter(s -> !s.isBlank());
        // Its own address by default, not the postmaster's: replies to notifications are answered
        // automatically, which must not happen to mail for the postmaster.
        this.notifierAddress = Optional.of(b.notifierAddress.filter(s -> !s.isBlank())
            .orElse("secure-messenger@" + b.localDomains.get(0)));
        for (Optional<String> address : List.of(postmaster, notifierAddress)) {
            address.filter(a -> !a.matches("[^@\\s]+(@[^@\\s]+)?"))
                .ifPresent(a -> {
                    throw new IllegalArgumentException("'" + a + "' is not a mail address");
                });
        }
        this.organisation = b.organisation.isBlank() ? "Secure Messenger" : b.organisation.strip();
        for (String officer : b.officers) {
            if (!officer.matches("[^@\\s,]+@[^@\\s,]+")) {
                throw new IllegalArgumentException("officer '" + officer + "' is not a mail address");
            }
        }
        this.officers = List.copyOf(b.officers);
        if (!b.autoForward.equals("refuse") && !b.autoForward.equals("seal")) {
            throw new IllegalArgumentException("automatic forwarding '" + b.autoForward + "' must be refuse or seal");
        }
        this.autoForward = b.autoForward;
        this.officersGroup = b.officersGroup.map(String::strip).filter(g -> !g.isEmpty());
        this.auditSyslog = b.auditSyslog;
        if (officersGroup.isPresent() && b.ldap.isEmpty()) {
            throw new IllegalArgumentException("--ldap-officer-group needs the users in an LDAP directory: --ldap-url");
        }
        try {
            this.portalUrl = java.net.URI.create(b.portalUrl.map(String::strip).filter(u -> !u.isEmpty())
                .orElse("https://localhost:" + portalPort));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("portal URL '" + b.portalUrl.orElse("") + "' is not a URL");
        }
        if (!"https".equals(portalUrl.getScheme()) || portalUrl.getHost() == null) {
            throw new IllegalArgumentException("portal URL '" + portalUrl + "' must be an https:// URL");
        }
        this.vaultDbUrl = b.vaultDbUrl.filter(u -> !u.isBlank());
        vaultDbUrl.filter(u -> !u.startsWith("jdbc:postgresql://")).ifPresent(u -> {
            throw new IllegalArgumentException("vault database URL must start with jdbc:postgresql://");
        });
        this.vaultDbUser = b.vaultDbUser.filter(u -> !u.isBlank());
        this.vaultKeyPasswordFile = b.vaultKeyPasswordFile.map(p -> p.toAbsolutePath().normalize());
        this.trustStore = b.trustStore.map(p -> p.toAbsolutePath().normalize());
        this.ldap = b.ldap;
        this.databaseUrl = b.databaseUrl.filter(u -> !u.isBlank()).map(String::strip);
        databaseUrl.filter(u -> !u.startsWith("jdbc:postgresql://")).ifPresent(u -> {
            throw new IllegalArgumentException("database URL must start with jdbc:postgresql://");
        });
        this.databaseUser = b.databaseUser.filter(u -> !u.isBlank());
        // RFC 5321 6.3 suggests at least 100 hops before a mail counts as looping.
        if (b.relayLimit < 20 || b.relayLimit > 1000) {
            throw new IllegalArgumentException("relay limit " + b.relayLimit + " must be between 20 and 1000 Received headers");
        }
        this.relayLimit = b.relayLimit;
        if (b.smtpMaxConnections < 1 || b.smtpMaxConnectionsPerAddress < 1 || b.smtpMaxConnectionsPerAddress > b.smtpMaxConnections) {
            throw new IllegalArgumentException("SMTP connection limits " + b.smtpMaxConnections + " in all and " + b.smtpMaxConnectionsPerAddress
                + " per address must be at least 1, the second no larger than the first");
        }
        this.smtpMaxConnections = b.smtpMaxConnections;
        this.smtpMaxConnectionsPerAddress = b.smtpMaxConnectionsPerAddress;
        if (b.smtpTimeout.compareTo(java.time.Duration.ofSeconds(5)) < 0 || b.smtpTimeout.compareTo(java.time.Duration.ofMinutes(30)) > 0) {
            throw new IllegalArgumentException("SMTP timeout of " + b.smtpTimeout.toSeconds() + " seconds must be between 5 seconds and 30 minutes");
        }
        this.smtpTimeout = b.smtpTimeout;
        if (b.maxMessageSize < 64 * 1024 || b.maxMessageSize > 2L * 1024 * 1024 * 1024) {
            throw new IllegalArgumentException("maximum message size " + b.maxMessageSize + " bytes must be between 64K and 2G");
        }
        this.maxMessageSize = b.maxMessageSize;
    }

    static int checkPort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " " + port + " is not between 1 and 65535");
        }
        return port;
    }

    private static void checkDomain(String what, String domain, boolean wildcardAllowed) {
        String d = wildcardAllowed && domain.startsWith("*.") ? domain.substring(2) : domain;
        if (d.isEmpty() || d.contains("*") || d.contains(" ") || d.contains(",") || d.contains(";") || d.contains("@")) {
            throw new IllegalArgumentException(what + " '" + domain + "' is not a domain name"
                + (wildcardAllowed ? " or *.domain pattern" : ""));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path confDir() {
        return confDir;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int submissionPort() {
        return submissionPort;
    }

    public int imapPort() {
        return imapPort;
    }

    public int webAdminPort() {
        return webAdminPort;
    }

    /** Where the portal listens (HTTPS). */
    public int portalPort() {
        return portalPort;
    }

    public List<String> localDomains() {
        return localDomains;
    }

    public List<String> trustedDomains() {
        return trustedDomains;
    }

    public List<String> departmentDomains() {
        return departmentDomains;
    }

    public List<String> relayNetworks() {
        return relayNetworks;
    }

    public Optional<HostPort> outboundSmarthost() {
        return outboundSmarthost;
    }

    public Optional<HostPort> internalSmarthost() {
        return internalSmarthost;
    }

    /** A mail with this many Received headers or more is looping: it is bounced (or kept), never relayed again. */
    public int relayLimit() {
        return relayLimit;
    }

    /** SMTP connections each listener takes at once; one more is answered 421. */
    public int smtpMaxConnections() {
        return smtpMaxConnections;
    }

    /** SMTP connections each listener takes at once from one client address. */
    public int smtpMaxConnectionsPerAddress() {
        return smtpMaxConnectionsPerAddress;
    }

    /** How long an SMTP client may be silent, and how long it may take to send one line. */
    public java.time.Duration smtpTimeout() {
        return smtpTimeout;
    }

    /** The largest message SMTP accepts, in bytes; a larger one is refused with 552 5.3.4. */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    public Optional<String> postmaster() {
        return postmaster;
    }

    public Optional<String> notifierAddress() {
        return notifierAddress;
    }

    public String organisation() {
        return organisation;
    }

    /** The SIEM's syslog receiver the audit trail is forwarded to (TLS); empty: none. */
    public Optional<HostPort> auditSyslog() {
        return auditSyslog;
    }

    /** The DN of the directory group whose members are compliance officers too; empty: none. */
    public Optional<String> officersGroup() {
        return officersGroup;
    }

    /** What happens to mail leaving through an automatic forward: {@code refuse} (the default) or {@code seal}. */
    public String autoForward() {
        return autoForward;
    }

    /** The compliance officers' addresses (none by default: nobody reaches the console). */
    public List<String> officers() {
        return officers;
    }

    public java.net.URI portalUrl() {
        return portalUrl;
    }

    /** The vault's PostgreSQL: its own ({@code --vault-db-url}), else the one database ({@code --database-url}), else none (Derby). */
    public Optional<String> vaultDbUrl() {
        return vaultDbUrl.or(() -> databaseUrl);
    }

    public Optional<String> vaultDbUser() {
        return vaultDbUrl.isPresent() ? vaultDbUser : databaseUser;
    }

    /** The PostgreSQL database James' own data is kept in (and the vault, unless it has its own); empty: Derby under the data directory. */
    public Optional<String> databaseUrl() {
        return databaseUrl;
    }

    public Optional<String> databaseUser() {
        return databaseUser;
    }

    public Optional<Path> vaultKeyPasswordFile() {
        return vaultKeyPasswordFile;
    }

    /** The organisation's CAs, added to the system's for every TLS client of the server: see {@link TrustStore}. */
    public Optional<Path> trustStore() {
        return trustStore;
    }

    /** The LDAP directory users come from; empty: James' own users store. */
    public Optional<LdapSettings> ldap() {
        return ldap;
    }

    /** Collects settings; {@link #build()} validates them. Defaults are safe, unprivileged ports. */
    public static final class Builder {
        private Path dataDir = Path.of("data");
        private Path confDir = Path.of("james-conf");
        private int smtpPort = 2525;
        private int submissionPort = 2587;
        private int imapPort = 2143;
        private int webAdminPort = 8000;
        private int portalPort = 8443;
        private List<String> localDomains = List.of("localhost");
        private List<String> trustedDomains = List.of();
        private List<String> departmentDomains = List.of();
        private List<String> relayNetworks = List.of("127.0.0.0/8", "::1");
        private Optional<HostPort> outboundSmarthost = Optional.empty();
        private Optional<HostPort> internalSmarthost = Optional.empty();
        private Optional<String> postmaster = Optional.empty();
        private int relayLimit = 100;
        private int smtpMaxConnections = 500;
        private int smtpMaxConnectionsPerAddress = 50;
        private java.time.Duration smtpTimeout = java.time.Duration.ofMinutes(5);
        private long maxMessageSize = 50L * 1024 * 1024;
        private Optional<String> notifierAddress = Optional.empty();
        private String organisation = "Secure Messenger";
        private List<String> officers = List.of();
        private String autoForward = "refuse";
        private Optional<String> officersGroup = Optional.empty();
        private Optional<HostPort> auditSyslog = Optional.empty();
        private Optional<String> portalUrl = Optional.empty();
        private Optional<String> vaultDbUrl = Optional.empty();
        private Optional<String> vaultDbUser = Optional.empty();
        private Optional<Path> vaultKeyPasswordFile = Optional.empty();
        private Optional<Path> trustStore = Optional.empty();
        private Optional<LdapSettings> ldap = Optional.empty();
        private Optional<String> databaseUrl = Optional.empty();
        private Optional<String> databaseUser = Optional.empty();

        /** PostgreSQL for James' data and, unless {@link #vaultDatabase} names another, the vault. */
        public Builder database(Optional<String> url, Optional<String> user) {
            this.databaseUrl = url;
            this.databaseUser = user;
            return this;
        }

        public Builder ldap(Optional<LdapSettings> ldap) {
            this.ldap = ldap;
            return this;
        }

        /** A PEM bundle or PKCS#12 file of CAs to trust besides the system's. */
        public Builder trustStore(Optional<Path> file) {
            this.trustStore = file;
            return this;
        }

        /** The portal's public address; empty: https://localhost:&lt;portal port&gt;. */
        public Builder portalUrl(String url) {
            this.portalUrl = Optional.ofNullable(url);
            return this;
        }

        public Builder vaultDatabase(Optional<String> url, Optional<String> user) {
            this.vaultDbUrl = url;
            this.vaultDbUser = user;
            return this;
        }

        public Builder vaultKeyPasswordFile(Optional<Path> file) {
            this.vaultKeyPasswordFile = file;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder confDir(Path confDir) {
            this.confDir = confDir;
            return this;
        }

        public Builder smtpPort(int port) {
            this.smtpPort = port;
            return this;
        }

        public Builder submissionPort(int port) {
            this.submissionPort = port;
            return this;
        }

        public Builder imapPort(int port) {
            this.imapPort = port;
            return this;
        }

        public Builder portalPort(int port) {
            this.portalPort = port;
            return this;
        }

        public Builder webAdminPort(int port) {
            this.webAdminPort = port;
            return this;
        }

        public Builder localDomains(List<String> domains) {
            this.localDomains = domains;
            return this;
        }

        public Builder trustedDomains(List<String> domains) {
            this.trustedDomains = domains;
            return this;
        }

        public Builder departmentDomains(List<String> domains) {
            this.departmentDomains = domains;
            return this;
        }

        public Builder relayNetworks(List<String> networks) {
            this.relayNetworks = networks;
            return this;
        }

        public Builder outboundSmarthost(Optional<HostPort> smarthost) {
            this.outboundSmarthost = smarthost;
            return this;
        }

        public Builder internalSmarthost(Optional<HostPort> smarthost) {
            this.internalSmarthost = smarthost;
            return this;
        }

        public Builder smtpConnections(int maxConnections, int maxConnectionsPerAddress) {
            this.smtpMaxConnections = maxConnections;
            this.smtpMaxConnectionsPerAddress = maxConnectionsPerAddress;
            return this;
        }

        public Builder maxMessageSize(long bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        public Builder smtpTimeout(java.time.Duration timeout) {
            this.smtpTimeout = timeout;
            return this;
        }

        public Builder relayLimit(int relayLimit) {
            this.relayLimit = relayLimit;
            return this;
        }

        public Builder postmaster(Optional<String> postmaster) {
            this.postmaster = postmaster;
            return this;
        }

        public Builder notifierAddress(Optional<String> address) {
            this.notifierAddress = address;
            return this;
        }

        public Builder organisation(String organisation) {
            this.organisation = organisation;
            return this;
        }

        public Builder officers(List<String> officers) {
            this.officers = officers;
            return this;
        }

        public Builder auditSyslog(Optional<HostPort> auditSyslog) {
            this.auditSyslog = auditSyslog;
            return this;
        }

        public Builder officersGroup(Optional<String> officersGroup) {
            this.officersGroup = officersGroup;
            return this;
        }

        public Builder autoForward(String autoForward) {
            this.autoForward = autoForward.strip().toLowerCase(java.util.Locale.ROOT);
            return this;
        }

        public Settings build() {
            return new Settings(this);
        }
    }
}
