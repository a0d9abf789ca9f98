package io.securemessenger.server;

import io.securemessenger.server.host.delivery.SMTPTransport;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Writes the configuration James reads ({@code DATA/conf}) from the administrator's
 * {@code james-conf/} and the operator's {@link Settings}. Only the values marked SETTING in
 * those files are changed; everything else is copied as written, so {@code james-conf/} stays the
 * one place where the policy is read and edited. Runs at every start: {@code DATA/conf} is output.
 */
final class ConfRenderer {
    static final String EXTERNAL_MATCHER = "io.securemessenger.matchers.ExternalRecipientMatcher";
    static final String NOTIFY_MAILET = "io.securemessenger.mailets.NotifyDlpHit";
    static final String FORWARD_MAILET = "io.securemessenger.mailets.HandleAutomaticForward";
    /** James' RemoteDelivery, as the file may name it, and ours that extend it: next hop and transport are settings. */
    static final Set<String> REMOTE_DELIVERY_MAILETS = Set.of("RemoteDelivery",
        "org.apache.james.transport.mailets.RemoteDelivery", "io.securemessenger.mailets.InlineSuccessRemoteDelivery",
        "io.securemessenger.mailets.AtOnceRemoteDelivery");

    private final Settings settings;
    private final String keystorePassword;

    ConfRenderer(Settings settings, String keystorePassword) {
        this.settings = settings;
        this.keystorePassword = keystorePassword;
    }

    /** Renders into {@code DATA/conf} and returns that directory. */
    Path render() throws IOException {
        Path source = settings.confDir();
        if (!Files.isRegularFile(source.resolve("mailetcontainer.xml"))) {
            throw new IOException("No James configuration in " + source + " (mailetcontainer.xml is missing); "
                + "set --conf-dir or SM_CONF_DIR to the james-conf directory");
        }
        Path target = settings.dataDir().resolve("conf");
        DataDirectory.createPrivateDirectory(target);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                Path copy = target.resolve(source.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        edit(target.resolve("smtpserver.xml"), this::smtp);
        edit(target.resolve("imapserver.xml"), this::imap);
        edit(target.resolve("domainlist.xml"), this::domains);
        if (settings.ldap().isPresent()) {
            edit(target.resolve("usersrepository.xml"), this::ldapUsers);
        }
        edit(target.resolve("mailetcontainer.xml"), this::mailets);
        webAdmin(target.resolve("webadmin.properties"));
        secureMessenger(target.resolve("secure-messenger.properties"));
        database(target.resolve("james-database.properties"));
        ConfValidator.check(target);
        return target;
    }

    private void smtp(Document doc) {
        for (Element server : elements(doc.getDocumentElement(), "smtpserver")) {
            String name = childText(server, "jmxName").orElse("");
            if (name.equals("smtpserver-global")) {
                setChild(server, "bind", "0.0.0.0:" + settings.smtpPort());
                setChild(server, "authorizedAddresses", String.join(", ", settings.relayNetworks()));
            } else if (name.equals("smtpserver-submission")) {
                setChild(server, "bind", "0.0.0.0:" + settings.submissionPort());
            }
            setChild(server, "connectionLimit", String.valueOf(settings.smtpMaxConnections()));
            setChild(server, "connectionLimitPerIP", String.valueOf(settings.smtpMaxConnectionsPerAddress()));
            setChild(server, "connectiontimeout", String.valueOf(settings.smtpTimeout().toSeconds()));
            setChild(server, "maxmessagesize", String.valueOf(settings.maxMessageSize() / 1024));
            tlsSecret(server);
        }
    }

    private void imap(Document doc) {
        for (Element server : elements(doc.getDocumentElement(), "imapserver")) {
            setChild(server, "bind", "0.0.0.0:" + settings.imapPort());
            tlsSecret(server);
        }
    }

    private void tlsSecret(Element server) {
        for (Element tls : elements(server, "tls")) {
            if (childText(tls, "keystore").orElse("").equals(TlsKeystore.JAMES_URL)) {
                setChild(tls, "secret", keystorePassword);
            }
        }
    }

    /**
     * James' {@code ReadOnlyUsersLDAPRepository} (chosen by the {@code ldapHost} attribute): users
     * searched below the base by their address attribute, whole addresses as user names.
     */
    private void ldapUsers(Document doc) throws IOException {
        LdapSettings ldap = settings.ldap().orElseThrow();
        Element root = doc.getDocumentElement();
        for (Element local : elements(root, "algorithm")) {
            root.removeChild(local);
        }
        root.setAttribute("ldapHost", ldap.url().toString());
        root.setAttribute("principal", ldap.bindDn().orElse(""));
        root.setAttribute("credentials", ldap.bindDn().isPresent() ? ldapBindPassword(ldap) : "");
        root.setAttribute("userBase", ldap.usersBase());
        root.setAttribute("userIdAttribute", ldap.addressAttribute());
        root.setAttribute("userObjectClass", ldap.userClass());
        root.setAttribute("connectionTimeout", String.valueOf(ldap.timeout().toMillis()));
        root.setAttribute("readTimeout", String.valueOf(ldap.timeout().toMillis()));
        setChild(root, "enableVirtualHosting", "true");
        for (Element old : elements(root, "restriction")) {
            root.removeChild(old);
        }
        if (ldap.senderGroup().isPresent()) {
            Element restriction = doc.createElement("restriction");
            restriction.setAttribute("memberAttribute", "member");
            Element group = doc.createElement("group");
            group.setTextContent(ldap.senderGroup().get());
            restriction.appendChild(group);
            root.appendChild(restriction);
        }
    }

    private static String ldapBindPassword(LdapSettings ldap) throws IOException {
        String fromEnvironment = System.getenv("SM_LDAP_BIND_PASSWORD");
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        Path file = ldap.bindPasswordFile().orElseThrow();
        if (!Files.isReadable(file)) {
            throw new IOException("--ldap-bind-password-file " + file + " cannot be read");
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    private void domains(Document doc) {
        Element root = doc.getDocumentElement();
        for (Element old : elements(root, "domainnames")) {
            root.removeChild(old);
        }
        Element names = doc.createElement("domainnames");
        for (String domain : settings.localDomains()) {
            Element name = doc.createElement("domainname");
            name.setTextContent(domain);
            names.appendChild(name);
        }
        root.insertBefore(names, root.getFirstChild());
        setChild(root, "defaultDomain", settings.localDomains().get(0));
    }

    static final String TLS_PROBE_MATCHER = "io.securemessenger.mailets.RemoteLacksStartTls";
    static final String RELAY_LIMIT_MATCHER = "RelayLimit";
    static final String REPORTING_TRANSPORT = SMTPTransport.class.getName();

    private void mailets(Document doc) {
        Element root = doc.getDocumentElement();
        settings.postmaster().ifPresent(p -> setChild(firstElement(root, "context"), "postmaster", p));
        String condition = EXTERNAL_MATCHER + "=trusted=" + String.join(", ", settings.trustedDomains())
            + "; departments=" + String.join(", ", settings.departmentDomains());
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            for (String attribute : List.of("match", "notmatch")) {
                String value = e.getAttribute(attribute);
                if (value.equals(EXTERNAL_MATCHER) || value.startsWith(EXTERNAL_MATCHER + "=")) {
                    e.setAttribute(attribute, condition);
                }
                if (value.equals(RELAY_LIMIT_MATCHER) || value.startsWith(RELAY_LIMIT_MATCHER + "=")) {
                    e.setAttribute(attribute, RELAY_LIMIT_MATCHER + "=" + settings.relayLimit());
                }
                if (value.equals(TLS_PROBE_MATCHER) || value.startsWith(TLS_PROBE_MATCHER + "=")) {
                    // The STARTTLS probe must ask the server outside mail really goes to: the smarthost, if any.
                    e.setAttribute(attribute, settings.outboundSmarthost()
                        .map(h -> TLS_PROBE_MATCHER + "=gateway=" + h.host() + ":" + h.port()).orElse(TLS_PROBE_MATCHER));
                }
            }
        }
        for (Element processor : elements(firstElement(root, "processors"), "processor")) {
            String state = processor.getAttribute("state");
            for (Element mailet : elements(processor, "mailet")) {
                String mailetClass = mailet.getAttribute("class");
                boolean remoteDelivery = REMOTE_DELIVERY_MAILETS.contains(mailetClass);
                if (remoteDelivery) {
                    // Each failed attempt: one WARN line naming the queue, the next hop and the reason.
                    setChild(mailet, "mail.smtp.class", REPORTING_TRANSPORT);
                    setChild(mailet, SMTPTransport.QUEUE_PROPERTY, childText(mailet, "outgoing").orElse("outgoing"));
                }
                if (remoteDelivery && (state.equals("outbound") || state.equals("outbound-failed"))) {
                    gateway(mailet, settings.outboundSmarthost());
                } else if (remoteDelivery && state.equals("notification-delivery")) {
                    gateway(mailet, settings.outboundSmarthost());
                } else if (remoteDelivery && state.equals("internal-relay")) {
                    gateway(mailet, settings.internalSmarthost());
                } else if (mailetClass.equals(FORWARD_MAILET)) {
                    setChild(mailet, "action", settings.autoForward());
                    setChild(mailet, "organisation", settings.organisation());
                } else if (mailetClass.equals(NOTIFY_MAILET)) {
                    settings.notifierAddress().ifPresent(a -> setChild(mailet, "from", a));
                    setChild(mailet, "organisation", settings.organisation());
                }
            }
        }
    }

    private static void gateway(Element remoteDelivery, Optional<HostPort> smarthost) {
        if (smarthost.isPresent()) {
            setChild(remoteDelivery, "gateway", smarthost.get().host());
            setChild(remoteDelivery, "gatewayPort", String.valueOf(smarthost.get().port()));
        } else {
            elements(remoteDelivery, "gateway").forEach(remoteDelivery::removeChild);
            elements(remoteDelivery, "gatewayPort").forEach(remoteDelivery::removeChild);
        }
    }

    private void webAdmin(Path file) throws IOException {
        setProperties(file, Map.of("port", String.valueOf(settings.webAdminPort())));
    }

    private void secureMessenger(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("portal.url", settings.portalUrl().toString());
        values.put("portal.port", String.valueOf(settings.portalPort()));
        values.put("portal.keystore", settings.dataDir().resolve("tls/keystore.p12").toString());
        values.put("portal.keystore.password.file", settings.dataDir().resolve("tls/keystore.password").toString());
        values.put("vault.directory", settings.dataDir().resolve("vault").toString());
        values.put("vault.db.url", settings.vaultDbUrl().map(this::postgresql).orElse(""));
        values.put("vault.db.user", settings.vaultDbUser().orElse(""));
        values.put("vault.key.password.file", settings.vaultKeyPasswordFile().map(Path::toString).orElse(""));
        values.put("organisation", settings.organisation());
        values.put("notifier.address", settings.notifierAddress().orElse(""));
        values.put("officers", String.join(", ", settings.officers()));
        values.put("officers.group", settings.officersGroup().orElse(""));
        values.put("audit.syslog", settings.auditSyslog().map(HostPort::toString).orElse(""));
        setProperties(file, values);
    }

    /** A PostgreSQL URL as the server uses it: verified with {@code --trust-store}'s CAs when one is given. */
    private String postgresql(String url) {
        return settings.trustStore().isPresent() ? TrustStore.postgresqlUrl(url) : url;
    }

    /**
     * James' database: {@code --database-url}'s PostgreSQL, or else the file's; a relative embedded
     * Derby path in it lies under the data directory.
     */
    private void database(Path file) throws IOException {
        if (settings.databaseUrl().isPresent()) {
            // The password stays out of the file: JpaDatabaseModule reads SM_DATABASE_PASSWORD.
            String url = settings.databaseUrl().get();
            setProperties(file, Map.of("database.driverClassName", "org.postgresql.Driver",
                "database.url", postgresql(url),
                "database.username", settings.databaseUser().orElse("")));
            return;
        }
        Properties current = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            current.load(reader);
        }
        String url = current.getProperty("database.url", "");
        String derby = "jdbc:derby:";
        if (url.startsWith(derby)) {
            int options = url.indexOf(';');
            String path = options < 0 ? url.substring(derby.length()) : url.substring(derby.length(), options);
            if (!path.isEmpty() && !path.contains(":") && !Path.of(path).isAbsolute()) {
                String absolute = settings.dataDir().toAbsolutePath().resolve(path).normalize().toString();
                setProperties(file, Map.of("database.url", derby + absolute + (options < 0 ? "" : url.substring(options))));
            }
        }
    }

    /** Sets the given keys (replacing their lines, or appending); other lines stay as written. */
    private static void setProperties(Path file, Map<String, String> settingValues) throws IOException {
        Map<String, String> values = new LinkedHashMap<>(settingValues);
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            String key = eq > 0 && !line.strip().startsWith("#") ? line.substring(0, eq).strip() : null;
            if (key != null && values.containsKey(key)) {
                lines.add(key + "=" + escapeProperty(values.remove(key)));
            } else {
                lines.add(line);
            }
        }
        values.forEach((key, value) -> lines.add(key + "=" + escapeProperty(value)));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static String escapeProperty(String value) {
        return value.replace("\\", "\\\\");
    }

    private interface Edit {
        void apply(Document document) throws IOException;
    }

    private static void edit(Path file, Edit edit) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(file.toFile());
            edit.apply(doc);
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(doc), new StreamResult(file.toFile()));
        } catch (Exception e) {
            throw new IOException("Cannot render " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static List<Element> elements(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals(tag)) {
                out.add((Element) n);
            }
        }
        return out;
    }

    private static Element firstElement(Element parent, String tag) {
        return elements(parent, tag).stream().findFirst()
            .orElseThrow(() -> new IllegalStateException("<" + parent.getTagName() + "> has no <" + tag + ">"));
    }

    private static Optional<String> childText(Element parent, String tag) {
        return elements(parent, tag).stream().findFirst().map(e -> e.getTextContent().strip());
    }

    private static void setChild(Element parent, String tag, String value) {
        List<Element> existing = elements(parent, tag);
        Element child;
        if (existing.isEmpty()) {
            child = parent.getOwnerDocument().createElement(tag);
            parent.appendChild(child);
        } else {
            child = existing.get(0);
        }
        child.setTextContent(value);
    }
}
