package io.securemessenger.wiring;

import io.securemessenger.dlp.DlpPolicies;
import io.securemessenger.dlp.DlpPolicy;
import io.securemessenger.dlp.DlpRule;
import io.securemessenger.portal.PolicyInForce;
import io.securemessenger.portal.PolicyInForce.Section;
import io.securemessenger.portal.PolicyInForce.Setting;
import io.securemessenger.portal.account.PasswordPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads the security policy in force from the configuration the server started with: the routing
 * of {@code mailetcontainer.xml} (trigger words and mode, the DLP policy that routes to the vault,
 * trusted and department domains, TLS and its fallback), the relay networks of
 * {@code smtpserver.xml}, James' local domains, the DLP policies of {@code dlp-policies.xml} as the matcher loads them,
 * retention, and the portal's session, password and officer settings.
 */
public final class PolicyReader {
    private static final String MAILETS = "mailetcontainer.xml";
    private static final String TRIGGER = "io.securemessenger.matchers.SubjectTriggerMatcher=";
    private static final String DLP = "io.securemessenger.matchers.DlpMatcher=";
    private static final String EXTERNAL = "io.securemessenger.matchers.ExternalRecipientMatcher=";
    private static final String NO_STARTTLS = "io.securemessenger.mailets.RemoteLacksStartTls";

    private PolicyReader() {
    }

    /** The policy of the configuration in {@code conf}, with the settings of {@code config} (secure-messenger.properties). */
    public static PolicyInForce read(Path conf, SecureMessengerConfig config) throws IOException {
        return read(conf, config, config.portal());
    }

    /** The same, with the portal's settings as given. */
    static PolicyInForce read(Path conf, SecureMessengerConfig config, io.securemessenger.portal.PortalConfig portal) throws IOException {
        Document mailets = xml(conf.resolve(MAILETS));
        List<Section> sections = new ArrayList<>();
        sections.add(routing(mailets, conf));
        sections.add(tls(mailets));
        sections.addAll(dlp(conf));
        sections.add(new Section("Retention", List.of(
            new Setting("Sealed messages can be read for", human(config.retention()), "secure-messenger.properties: retention.period"),
            new Setting("Senders are warned of unread messages before expiry by", human(config.expiryWarning()),
                "secure-messenger.properties: retention.warning"),
            new Setting("Expired messages are destroyed (key and content) every", human(config.sweepInterval()),
                "secure-messenger.properties: retention.sweep"))));
        sections.add(portal(portal, config.officersGroup()));
        sections.add(new Section("Audit trail", List.of(
            new Setting("Records", "append-only, each chained to the one before and authenticated (HMAC-SHA256, key outside the database)",
                "built in"),
            new Setting("Forwarded live to a SIEM (syslog, RFC 5424 over TLS)", config.auditSyslog().orElse("(not forwarded)"),
                "secure-messenger.properties: audit.syslog"))));
        return PolicyInForce.of(sections);
    }

    private static Section routing(Document mailets, Path conf) throws IOException {
        List<Setting> settings = new ArrayList<>();
        Path domainList = conf.resolve("domainlist.xml");
        if (Files.exists(domainList)) {
            NodeList names = xml(domainList).getElementsByTagName("domainname");
            List<String> domains = new ArrayList<>();
            for (int i = 0; i < names.getLength(); i++) {
                domains.add(names.item(i).getTextContent().strip());
            }
            settings.add(new Setting("Local domains (mailboxes here, internal)", domains.isEmpty() ? "(none)" : String.join(", ", domains),
                "domainlist.xml (--local-domains; WebAdmin /domains adds more while running)"));
        }
        Map<String, String> trigger = condition(mailets, TRIGGER);
        settings.add(new Setting("Trigger words (subject)", trigger.getOrDefault("words", "(none: no trigger word seals mail)"),
            MAILETS + ": SubjectTriggerMatcher"));
        settings.add(new Setting("Trigger word mode", trigger.getOrDefault("mode", "prefix"), MAILETS + ": SubjectTriggerMatcher"));
        Optional<String> dlp = firstMatch(mailets, DLP).map(match -> match.substring(DLP.length()).strip());
        settings.add(new Setting("DLP policy whose hits are sealed", dlp.orElse("(none: content is not scanned)"), MAILETS + ": DlpMatcher"));
        Map<String, String> external = condition(mailets, EXTERNAL);
        settings.add(new Setting("Trusted domains (internal, in clear)", orNone(external.get("trusted")), MAILETS + ": ExternalRecipientMatcher"));
        settings.add(new Setting("Department domains (in clear within one)", orNone(external.get("departments")),
            MAILETS + ": ExternalRecipientMatcher"));
        Path smtp = conf.resolve("smtpserver.xml");
        if (Files.exists(smtp)) {
            NodeList addresses = xml(smtp).getElementsByTagName("authorizedAddresses");
            List<String> networks = new ArrayList<>();
            for (int i = 0; i < addresses.getLength(); i++) {
                String text = addresses.item(i).getTextContent().strip();
                if (!text.isEmpty() && !networks.contains(text)) {
                    networks.add(text);
                }
            }
            settings.add(new Setting("Networks allowed to relay (internal mail servers)", networks.isEmpty() ? "(none)" : String.join("; ", networks),
                "smtpserver.xml: authorizedAddresses"));
        }
        return new Section("Routing", settings);
    }

    private static Section tls(Document mailets) {
        List<Setting> settings = new ArrayList<>();
        Optional<Element> outbound = remoteDelivery(mailets, "outbound");
        settings.add(new Setting("Outside mail: STARTTLS", outbound.map(PolicyReader::tlsRule).orElse("(no delivery configured)"),
            MAILETS + ": processor outbound, RemoteDelivery"));
        settings.add(new Setting("Outside mail: next hop", outbound.flatMap(d -> child(d, "gateway"))
            .map(g -> "smarthost " + g + outbound.flatMap(d -> child(d, "gatewayPort")).map(p -> ":" + p).orElse("")).orElse("MX look-up"),
            MAILETS + ": RemoteDelivery gateway"));
        boolean fallback = firstMatch(mailets, NO_STARTTLS).isPresent();
        settings.add(new Setting("A server without STARTTLS", fallback ? "the mail is sealed and the recipient notified (never sent in clear)"
            : "the mail bounces to its sender (never sent in clear)", MAILETS + ": processor outbound-failed"));
        settings.add(new Setting("Notifications (a link, no content): STARTTLS",
            remoteDelivery(mailets, "notification-delivery").map(PolicyReader::tlsRule).orElse("(no delivery configured)"),
            MAILETS + ": processor notification-delivery"));
        return new Section("TLS", settings);
    }

    private static String tlsRule(Element delivery) {
        boolean startTls = child(delivery, "startTLS").map(Boolean::parseBoolean).orElse(false);
        boolean required = child(delivery, "mail.smtp.starttls.required").map(Boolean::parseBoolean).orElse(false);
        boolean verified = child(delivery, "verifyServerIdentity").map(Boolean::parseBoolean).orElse(false);
        if (!startTls) {
            return "not used";
        }
        return (required ? "required" : "used when offered") + (verified ? ", the server's certificate must match its name" : "");
    }

    private static List<Section> dlp(Path conf) {
        Path file = conf.resolve("dlp-policies.xml");
        if (!Files.exists(file)) {
            return List.of(new Section("DLP policies", List.of(new Setting("Policies", "(none)", "dlp-policies.xml"))));
        }
        DlpPolicies policies = DlpPolicies.load(file);
        List<Section> sections = new ArrayList<>();
        for (String name : policies.names()) {
            DlpPolicy policy = policies.policy(name).orElseThrow();
            List<Setting> settings = new ArrayList<>();
            String notify = (policy.notifySender() ? "the sender" : "") + policy.complianceAddress()
                .map(a -> (policy.notifySender() ? " and " : "") + "compliance (" + a + ")").orElse("");
            settings.add(new Setting("Told of a hit", notify.isEmpty() ? "nobody" : notify, "dlp-policies.xml: policy " + name));
            settings.add(new Setting("A message that cannot be read", policy.protectUnscannable() ? "counts as a hit (protected)" : "passes",
                "dlp-policies.xml: policy " + name));
            for (DlpRule rule : policy.rules()) {
                settings.add(new Setting("Rule " + rule.id(), "detector " + rule.detector().id()
                    + rule.near().map(near -> ", near " + near.id() + " within " + rule.window() + " characters").orElse("")
                    + (rule.minCount() > 1 ? ", at least " + rule.minCount() + " matches" : ""), "dlp-policies.xml: policy " + name));
            }
            sections.add(new Section("DLP policy " + name, settings));
        }
        return sections;
    }

    private static Section portal(io.securemessenger.portal.PortalConfig portal, Optional<String> officersGroup) {
        return new Section("Portal", List.of(
            new Setting("Address", portal.publicUrl(), "secure-messenger.properties: portal.url"),
            new Setting("Signed-in sessions end after inactivity of", human(portal.idleTimeout()), "secure-messenger.properties: portal.idle"),
            new Setting("Signed-in sessions end in any case after", human(portal.sessionLifetime()),
                "secure-messenger.properties: portal.session.lifetime"),
            new Setting("Unused recipient accounts are removed after", portal.accountInactivity().map(PolicyReader::human).orElse("never"),
                "secure-messenger.properties: portal.account.inactivity"),
            new Setting("Recipients' passwords", "at least " + PasswordPolicy.MIN_LENGTH + " characters, common passwords refused, Argon2id",
                "built in"),
            new Setting("Compliance officers (password and TOTP)", portal.officers().isEmpty() ? "(none)" : String.join(", ", portal.officers()),
                "secure-messenger.properties: officers"),
            new Setting("Compliance officers' directory group", officersGroup.orElse("(none)"), "secure-messenger.properties: officers.group")));
    }

    /** The {@code key=value; ...} condition of the first mailet whose match starts with {@code prefix}. */
    private static Map<String, String> condition(Document mailets, String prefix) {
        Map<String, String> values = new LinkedHashMap<>();
        firstMatch(mailets, prefix).ifPresent(match -> {
            for (String pair : match.substring(prefix.length()).split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                }
            }
        });
        return values;
    }

    private static Optional<String> firstMatch(Document mailets, String prefix) {
        for (String tag : List.of("mailet", "matcher")) {
            NodeList elements = mailets.getElementsByTagName(tag);
            for (int i = 0; i < elements.getLength(); i++) {
                String match = ((Element) elements.item(i)).getAttribute("match");
                if (match.startsWith(prefix) || match.equals(prefix)) {
                    return Optional.of(match);
                }
            }
        }
        return Optional.empty();
    }

    /** The first RemoteDelivery (or our subclass of it) of processor {@code state}. */
    private static Optional<Element> remoteDelivery(Document mailets, String state) {
        NodeList processors = mailets.getElementsByTagName("processor");
        for (int i = 0; i < processors.getLength(); i++) {
            Element processor = (Element) processors.item(i);
            if (!processor.getAttribute("state").equals(state)) {
                continue;
            }
            NodeList children = processor.getElementsByTagName("mailet");
            for (int j = 0; j < children.getLength(); j++) {
                Element mailet = (Element) children.item(j);
                if (mailet.getAttribute("class").endsWith("RemoteDelivery")) {
                    return Optional.of(mailet);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> child(Element element, String name) {
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element && ((Element) node).getTagName().equals(name)) {
                return Optional.of(node.getTextContent().strip()).filter(text -> !text.isEmpty());
            }
        }
        return Optional.empty();
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? "(none)" : value;
    }

    /** "30 days", "12 hours", "15 minutes", "90 seconds". */
    static String human(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds % 86400 == 0) {
            return plural(seconds / 86400, "day");
        }
        if (seconds % 3600 == 0) {
            return plural(seconds / 3600, "hour");
        }
        if (seconds % 60 == 0) {
            return plural(seconds / 60, "minute");
        }
        return plural(seconds, "second");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }

    private static Document xml(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // The configuration is the operator's, but no file of it may pull in another.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(file.getFileName() + " cannot be read as XML: " + e.getMessage(), e);
        }
    }
}
