package io.securemessenger.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./secure-messenger run}: starts the server in the foreground until interrupted. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Starts the server in the foreground. Every option can also be set with the environment "
        + "variable shown in brackets; an option given on the command line wins.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "${env:SM_DATA_DIR:-data}", description = "All state: configuration as rendered, keys, mail. [SM_DATA_DIR] Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--conf-dir", defaultValue = "${env:SM_CONF_DIR:-james-conf}", description = "The administrator's James configuration. [SM_CONF_DIR] Default: ${DEFAULT-VALUE}")
    Path confDir;

    @Option(names = "--smtp-port", defaultValue = "${env:SM_SMTP_PORT:-2525}", description = "SMTP for mail servers (relay from relay networks). [SM_SMTP_PORT] Default: ${DEFAULT-VALUE}")
    int smtpPort;

    @Option(names = "--submission-port", defaultValue = "${env:SM_SUBMISSION_PORT:-2587}", description = "SMTP submission for mail clients, AUTH after STARTTLS. [SM_SUBMISSION_PORT] Default: ${DEFAULT-VALUE}")
    int submissionPort;

    @Option(names = "--imap-port", defaultValue = "${env:SM_IMAP_PORT:-2143}", description = "IMAP with STARTTLS. [SM_IMAP_PORT] Default: ${DEFAULT-VALUE}")
    int imapPort;

    @Option(names = "--portal-port", defaultValue = "${env:SM_PORTAL_PORT:-8443}", description = "The portal, HTTPS only. [SM_PORTAL_PORT] Default: ${DEFAULT-VALUE}")
    int portalPort;

    @Option(names = "--webadmin-port", defaultValue = "${env:SM_WEBADMIN_PORT:-8000}", description = "James WebAdmin, on 127.0.0.1 only. [SM_WEBADMIN_PORT] Default: ${DEFAULT-VALUE}")
    int webAdminPort;

    @Option(names = "--local-domains", split = ",", defaultValue = "${env:SM_LOCAL_DOMAINS:-localhost}", description = "Domains whose mailboxes are here; the first is the default domain. [SM_LOCAL_DOMAINS] Default: ${DEFAULT-VALUE}")
    List<String> localDomains;

    @Option(names = "--trusted-domains", split = ",", defaultValue = "${env:SM_TRUSTED_DOMAINS:-}", description = "Our domains on other servers (e.g. Exchange): mail to them stays in clear; *.domain for subdomains. [SM_TRUSTED_DOMAINS]")
    List<String> trustedDomains;

    @Option(names = "--department-domains", split = ",", defaultValue = "${env:SM_DEPARTMENT_DOMAINS:-}", description = "Department domains: mail within the same one stays in clear. [SM_DEPARTMENT_DOMAINS]")
    List<String> departmentDomains;

    @Option(names = "--relay-networks", split = ",", defaultValue = "${env:SM_RELAY_NETWORKS:-127.0.0.0/8,::1}", description = "Addresses or CIDR ranges of internal mail servers allowed to relay on the SMTP port. [SM_RELAY_NETWORKS] Default: ${DEFAULT-VALUE}")
    List<String> relayNetworks;

    @Option(names = "--outbound-smarthost", defaultValue = "${env:SM_OUTBOUND_SMARTHOST:-}", description = "host:port that all outside mail goes through instead of MX look-up. [SM_OUTBOUND_SMARTHOST]")
    String outboundSmarthost;

    @Option(names = "--internal-smarthost", defaultValue = "${env:SM_INTERNAL_SMARTHOST:-}", description = "host:port for mail to trusted and department domains (e.g. the Exchange hub). [SM_INTERNAL_SMARTHOST]")
    String internalSmarthost;

    @Option(names = "--smtp-max-connections", defaultValue = "${env:SM_SMTP_MAX_CONNECTIONS:-500}", description = "SMTP connections each listener takes at once; one more is answered 421. [SM_SMTP_MAX_CONNECTIONS] Default: ${DEFAULT-VALUE}")
    int smtpMaxConnections;

    @Option(names = "--smtp-max-connections-per-ip", defaultValue = "${env:SM_SMTP_MAX_CONNECTIONS_PER_IP:-50}", description = "SMTP connections each listener takes at once from one address (mind Exchange hubs, which open many). [SM_SMTP_MAX_CONNECTIONS_PER_IP] Default: ${DEFAULT-VALUE}")
    int smtpMaxConnectionsPerIp;

    @Option(names = "--smtp-timeout", defaultValue = "${env:SM_SMTP_TIMEOUT:-300}", description = "Seconds an SMTP client may stay silent, and may take to send one command or line of message data; then 421 and disconnect. [SM_SMTP_TIMEOUT] Default: ${DEFAULT-VALUE}")
    int smtpTimeoutSeconds;

    @Option(names = "--max-message-size", defaultValue = "${env:SM_MAX_MESSAGE_SIZE:-50M}", description = "The largest message SMTP accepts (e.g. 50M, 1G); a larger one is refused with 552 5.3.4. [SM_MAX_MESSAGE_SIZE] Default: ${DEFAULT-VALUE}")
    String maxMessageSize;

    @Option(names = "--relay-limit", defaultValue = "${env:SM_RELAY_LIMIT:-100}", description = "A mail with this many Received headers is looping: bounced to its sender (kept for the administrator when it has none), never relayed. [SM_RELAY_LIMIT] Default: ${DEFAULT-VALUE}")
    int relayLimit;

    @Option(names = "--postmaster", defaultValue = "${env:SM_POSTMASTER:-}", description = "Postmaster address; default postmaster@<first local domain>. [SM_POSTMASTER]")
    String postmaster;

    @Option(names = "--notifier-address", defaultValue = "${env:SM_NOTIFIER_ADDRESS:-}", description = "The one stable From address of notifications; default secure-messenger@<first local domain>. [SM_NOTIFIER_ADDRESS]")
    String notifierAddress;

    @Option(names = "--officers", split = ",", defaultValue = "${env:SM_OFFICERS:-}", description = "Compliance officers' addresses (organisation users): after their password they give a TOTP code and reach the portal's compliance console. [SM_OFFICERS]")
    List<String> officers;

    @Option(names = "--ldap-officer-group", defaultValue = "${env:SM_LDAP_OFFICER_GROUP:-}", description = "DN of a directory group whose members are compliance officers too (needs --ldap-url; nested groups are not followed). [SM_LDAP_OFFICER_GROUP]")
    String ldapOfficerGroup;

    @Option(names = "--audit-syslog", defaultValue = "${env:SM_AUDIT_SYSLOG:-}", description = "host:port of a SIEM's syslog receiver: every audit record is forwarded to it, RFC 5424 over TLS (its certificate trusted and naming the host). [SM_AUDIT_SYSLOG]")
    String auditSyslog;

    @Option(names = "--auto-forward", defaultValue = "${env:SM_AUTO_FORWARD:-refuse}", description = "Mail leaving the organisation through an automatic forward (James forwards, Sieve redirect, Exchange inbox rules, Auto-Submitted: auto-forwarded): refuse (back to its owner, who is told) or seal. [SM_AUTO_FORWARD] Default: ${DEFAULT-VALUE}")
    String autoForward;

    @Option(names = "--organisation", defaultValue = "${env:SM_ORGANISATION:-Secure Messenger}", description = "Organisation name shown in notifications. [SM_ORGANISATION] Default: ${DEFAULT-VALUE}")
    String organisation;

    @Option(names = "--portal-url", defaultValue = "${env:SM_PORTAL_URL:-}", description = "The portal's public https:// address; notification links point below it. [SM_PORTAL_URL] Default: https://localhost:<portal port>")
    String portalUrl;

    @Option(names = "--database-url", defaultValue = "${env:SM_DATABASE_URL:-}", description = "jdbc:postgresql://host:port/database for James' own data (users, domains, rewrites, mail repositories, mailboxes) and the vault (unless --vault-db-url): what several nodes share. Password from SM_DATABASE_PASSWORD. Default: embedded Derby in DATA. [SM_DATABASE_URL]")
    String databaseUrl;

    @Option(names = "--database-user", defaultValue = "${env:SM_DATABASE_USER:-}", description = "PostgreSQL user for --database-url. [SM_DATABASE_USER]")
    String databaseUser;

    @Option(names = "--vault-db-url", defaultValue = "${env:SM_VAULT_DB_URL:-}", description = "jdbc:postgresql://host:port/database for the vault; default: embedded Derby in DATA/vault/db. Password from SM_VAULT_DB_PASSWORD. [SM_VAULT_DB_URL]")
    String vaultDbUrl;

    @Option(names = "--vault-db-user", defaultValue = "${env:SM_VAULT_DB_USER:-}", description = "PostgreSQL user of the vault. [SM_VAULT_DB_USER]")
    String vaultDbUser;

    @Option(names = "--vault-key-password-file", defaultValue = "${env:SM_VAULT_KEY_PASSWORD_FILE:-}", description = "File holding the master key store password (or set SM_VAULT_KEY_PASSWORD); default: generated in DATA/vault/master-keys.password. [SM_VAULT_KEY_PASSWORD_FILE]")
    String vaultKeyPasswordFile;

    @Option(names = "--trust-store", defaultValue = "${env:SM_TRUST_STORE:-}", description = "PEM bundle or PKCS#12 file of the organisation's CAs, trusted besides the system's by outbound SMTP, the internal smarthost, LDAP and PostgreSQL. A PKCS#12 password comes from SM_TRUST_STORE_PASSWORD. [SM_TRUST_STORE]")
    String trustStore;

    @Option(names = "--ldap-url", defaultValue = "${env:SM_LDAP_URL:-}", description = "ldaps://host[:port], or ldap://host[:port] with StartTLS, of the directory users come from (OpenLDAP, Active Directory) instead of James' own store; senders sign in to the portal with their directory password. [SM_LDAP_URL]")
    String ldapUrl;

    @Option(names = "--ldap-bind-dn", defaultValue = "${env:SM_LDAP_BIND_DN:-}", description = "DN the server binds as to look users up; empty: anonymous. [SM_LDAP_BIND_DN]")
    String ldapBindDn;

    @Option(names = "--ldap-bind-password-file", defaultValue = "${env:SM_LDAP_BIND_PASSWORD_FILE:-}", description = "File holding the bind DN's password (or set SM_LDAP_BIND_PASSWORD). [SM_LDAP_BIND_PASSWORD_FILE]")
    String ldapBindPasswordFile;

    @Option(names = "--ldap-users-base", defaultValue = "${env:SM_LDAP_USERS_BASE:-}", description = "DN below which users are searched (whole subtree). [SM_LDAP_USERS_BASE]")
    String ldapUsersBase;

    @Option(names = "--ldap-address-attribute", defaultValue = "${env:SM_LDAP_ADDRESS_ATTRIBUTE:-mail}", description = "Attribute holding a user's mail address (userPrincipalName for Active Directory). [SM_LDAP_ADDRESS_ATTRIBUTE] Default: ${DEFAULT-VALUE}")
    String ldapAddressAttribute;

    @Option(names = "--ldap-user-class", defaultValue = "${env:SM_LDAP_USER_CLASS:-inetOrgPerson}", description = "Object class of user entries (user for Active Directory). [SM_LDAP_USER_CLASS] Default: ${DEFAULT-VALUE}")
    String ldapUserClass;

    @Option(names = "--ldap-sender-group", defaultValue = "${env:SM_LDAP_SENDER_GROUP:-}", description = "DN of a group (member attribute) users must belong to; empty: every user found. [SM_LDAP_SENDER_GROUP]")
    String ldapSenderGroup;

    @Option(names = "--ldap-timeout", defaultValue = "${env:SM_LDAP_TIMEOUT:-10}", description = "Seconds to connect to the directory and for each answer. [SM_LDAP_TIMEOUT] Default: ${DEFAULT-VALUE}")
    int ldapTimeoutSeconds;

    Settings settings() {
        return Settings.builder()
            .dataDir(dataDir)
            .confDir(confDir)
            .smtpPort(smtpPort)
            .submissionPort(submissionPort)
            .imapPort(imapPort)
            .webAdminPort(webAdminPort)
            .localDomains(clean(localDomains))
            .trustedDomains(clean(trustedDomains))
            .departmentDomains(clean(departmentDomains))
            .relayNetworks(clean(relayNetworks))
            .outboundSmarthost(optional(outboundSmarthost).map(HostPort::parse))
            .internalSmarthost(optional(internalSmarthost).map(HostPort::parse))
            .relayLimit(relayLimit)
            .smtpConnections(smtpMaxConnections, smtpMaxConnectionsPerIp)
            .smtpTimeout(java.time.Duration.ofSeconds(smtpTimeoutSeconds))
            .maxMessageSize(size("--max-message-size", maxMessageSize))
            .postmaster(optional(postmaster))
            .notifierAddress(optional(notifierAddress))
            .organisation(organisation)
            .officers(clean(officers))
            .autoForward(autoForward)
            .officersGroup(optional(ldapOfficerGroup))
            .auditSyslog(optional(auditSyslog).map(HostPort::parse))
            .portalPort(portalPort)
            .portalUrl(portalUrl)
            .database(optional(databaseUrl), optional(databaseUser))
            .vaultDatabase(optional(vaultDbUrl), optional(vaultDbUser))
            .vaultKeyPasswordFile(optional(vaultKeyPasswordFile).map(Path::of))
            .trustStore(optional(trustStore).map(Path::of))
            .ldap(optional(ldapUrl).map(url -> LdapSettings.of(url, optional(ldapBindDn), optional(ldapBindPasswordFile).map(Path::of),
                optional(ldapUsersBase).orElse(""), ldapAddressAttribute.strip(), ldapUserClass.strip(), optional(ldapSenderGroup),
                java.time.Duration.ofSeconds(ldapTimeoutSeconds))))
            .build();
    }

    private static List<String> clean(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::strip).filter(s -> !s.isEmpty()).collect(java.util.stream.Collectors.toList());
    }

    private static long size(String option, String value) {
        try {
            return org.apache.james.util.Size.parse(value.strip()).asBytes();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " " + value + " is not a size such as 50M or 1G");
        }
    }

    private static Optional<String> optional(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(s -> !s.isEmpty());
    }

    @Override
    public Integer call() throws Exception {
        Settings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            System.err.println("secure-messenger: invalid setting: " + e.getMessage());
            return 2;
        }
        SecureMessengerServer server;
        try {
            server = SecureMessengerServer.prepare(settings);
        } catch (java.io.IOException e) {
            System.err.println("secure-messenger: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Secure Messenger...");
            server.stop();
            stopped.countDown();
        }, "secure-messenger-shutdown"));
        try {
            server.start();
        } catch (Exception e) {
            System.err.println("secure-messenger: the server could not start: " + rootMessage(e));
            System.err.println("Details are in the log above; the configuration James read is in " + settings.dataDir().resolve("conf"));
            server.stop();
            return 1;
        }
        System.out.println(banner(settings));
        stopped.await();
        return 0;
    }

    static String banner(Settings s) {
        return String.join(System.lineSeparator(),
            "Secure Messenger is running (Apache James 3.8.1).",
            "  SMTP (mail servers)       0.0.0.0:" + s.smtpPort() + "   STARTTLS; relay from " + String.join(", ", s.relayNetworks()),
            "  SMTP submission (clients) 0.0.0.0:" + s.submissionPort() + "   AUTH after STARTTLS",
            "  IMAP                      0.0.0.0:" + s.imapPort() + "   STARTTLS",
            "  WebAdmin                  http://127.0.0.1:" + s.webAdminPort() + "   (users, domains, mail repositories)",
            "  Local domains             " + String.join(", ", s.localDomains()),
            "  Trusted domains           " + (s.trustedDomains().isEmpty() ? "(none)" : String.join(", ", s.trustedDomains())),
            "  Outside mail leaves via   " + s.outboundSmarthost().map(HostPort::toString).orElse("MX look-up") + ", STARTTLS required",
            "  Portal                    https://0.0.0.0:" + s.portalPort() + "   (links in notifications: " + s.portalUrl() + ")",
            "  Compliance officers       " + (s.officers().isEmpty() ? "(none)" : String.join(", ", s.officers())) + "   (portal /officer, TOTP)",
            "  Users                     " + s.ldap().map(l -> "LDAP " + l.url() + " " + l.usersBase()).orElse("James' own store (WebAdmin)"),
            "  James' data               " + s.databaseUrl().map(u -> "PostgreSQL " + u).orElse("embedded, " + s.dataDir().resolve("var/store/james")),
            "  Vault                     " + s.vaultDbUrl().map(u -> "PostgreSQL " + u).orElse("embedded, " + s.dataDir().resolve("vault")),
            "  Data directory            " + s.dataDir(),
            "Stop with Ctrl-C (or SIGTERM).");
    }

    /**
     * The reason to show: the innermost error of Secure Messenger's own or of a bad setting (they
     * are written for the operator), else the root cause.
     */
    static String rootMessage(Throwable e) {
        Throwable reason = null;
        Throwable t = e;
        while (t != null) {
            if (t.getClass().getName().startsWith("io.securemessenger.") || t instanceof IllegalArgumentException) {
                reason = t;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        if (reason != null) {
            return reason.getMessage();
        }
        t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
