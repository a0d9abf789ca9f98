package io.securemessenger.matchers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches the recipients a mail reaches only because of an automatic forward, which the UMB policy
 * does not permit towards the outside:
 * <ul>
 *   <li>a James forward (recipient rewrite): the recipients that are not among those the mail was
 *       addressed to when it reached the transport ({@link #ADDRESSED_TO}, noted by
 *       {@code NoteAddressees} before {@code RecipientRewriteTable});</li>
 *   <li>a Sieve {@code redirect} (James names the copy {@code redirect-<name>});</li>
 *   <li>mail its origin marks as forwarded: {@code Auto-Submitted: auto-forwarded}, or Exchange's
 *       inbox-rule headers ({@code X-MS-Exchange-Inbox-Rules-Loop},
 *       {@code X-MS-Exchange-Organization-AutoForwarded: true}).</li>
 * </ul>
 * Mail without an envelope sender (delivery status notifications) is never a forward. Records why
 * ({@link #KIND}) and whose forward it is when that can be told ({@link #OWNER}).
 *
 * <pre>{@code
 * <mailet match="io.securemessenger.matchers.AutomaticForward" class="io.securemessenger.mailets.HandleAutomaticForward"/>
 * }</pre>
 */
public class AutomaticForward extends GenericMatcher {
    private static final org.slf4j.Logger LOGGER = org.slf4j.LoggerFactory.getLogger(AutomaticForward.class);
    /** The recipients a mail had when it reached the transport, before forwards (a list of strings). */
    public static final AttributeName ADDRESSED_TO = AttributeName.of("securemessenger.addressed-to");
    /** What made it a forward (a string). */
    public static final AttributeName KIND = AttributeName.of("securemessenger.forward.kind");
    /** The address whose forward it is, when known (a string). */
    public static final AttributeName OWNER = AttributeName.of("securemessenger.forward.owner");

    private final org.apache.james.rrt.api.RecipientRewriteTable rewrites;

    @javax.inject.Inject
    public AutomaticForward(org.apache.james.rrt.api.RecipientRewriteTable rewrites) {
        this.rewrites = rewrites;
    }

    static final String RULES_LOOP = "X-MS-Exchange-Inbox-Rules-Loop";
    static final String EXCHANGE_FORWARDED = "X-MS-Exchange-Organization-AutoForwarded";

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        if (mail.getMaybeSender().isNullSender() || mail.getMaybeSender().asOptional().isEmpty()) {
            return List.of();
        }
        MimeMessage message = mail.getMessage();
        Optional<String> rulesLoop = header(message, RULES_LOOP);
        if (rulesLoop.isPresent() || header(message, EXCHANGE_FORWARDED).filter(v -> v.equalsIgnoreCase("true")).isPresent()) {
            return forward(mail, List.copyOf(mail.getRecipients()), "Exchange inbox rule",
                rulesLoop.or(() -> mail.getMaybeSender().asOptional().map(MailAddress::asString)));
        }
        if (header(message, "Auto-Submitted").filter(v -> v.toLowerCase(Locale.ROOT).startsWith("auto-forwarded")).isPresent()) {
            return forward(mail, List.copyOf(mail.getRecipients()), "Auto-Submitted: auto-forwarded",
                mail.getMaybeSender().asOptional().map(MailAddress::asString));
        }
        if (mail.getName() != null && mail.getName().startsWith("redirect-") && mail.getAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE.getName()).isPresent()) {
            return forward(mail, List.copyOf(mail.getRecipients()), "Sieve redirect", Optional.empty());
        }
        Optional<List<String>> addressed = addressedTo(mail);
        if (addressed.isPresent()) {
            List<MailAddress> forwarded = new ArrayList<>();
            for (MailAddress recipient : mail.getRecipients()) {
                if (!addressed.get().contains(recipient.asString().toLowerCase(Locale.ROOT))) {
                    forwarded.add(recipient);
                }
            }
            if (!forwarded.isEmpty()) {
                return forward(mail, forwarded, "James forward", owner(addressed.get(), forwarded));
            }
        }
        return List.of();
    }

    /** The addressee whose forward reaches one of {@code forwarded}, as James' recipient rewrite table resolves it. */
    private Optional<String> owner(List<String> addressees, List<MailAddress> forwarded) {
        for (String addressee : addressees) {
            try {
                MailAddress address = new MailAddress(addressee);
                org.apache.james.rrt.lib.Mappings mappings = rewrites.getResolvedMappings(address.getLocalPart(), address.getDomain());
                boolean reaches = mappings.asStream().map(org.apache.james.rrt.lib.Mapping::asMailAddress).flatMap(Optional::stream)
                    .anyMatch(forwarded::contains);
                if (reaches) {
                    return Optional.of(addressee);
                }
            } catch (Exception e) {
                LOGGER.warn("The forwards of an addressee could not be looked up: {}", e.getClass().getSimpleName());
            }
        }
        return Optional.empty();
    }

    private static Collection<MailAddress> forward(Mail mail, List<MailAddress> recipients, String kind, Optional<String> owner) {
        mail.setAttribute(new Attribute(KIND, AttributeValue.of(kind)));
        owner.ifPresent(o -> mail.setAttribute(new Attribute(OWNER, AttributeValue.of(o))));
        return recipients;
    }

    /** The addresses noted by {@code NoteAddressees}, in lower case. */
    public static Optional<List<String>> addressedTo(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, ADDRESSED_TO, List.class).map(values -> {
            List<String> addresses = new ArrayList<>();
            for (Object value : values) {
                Object raw = value instanceof AttributeValue ? ((AttributeValue<?>) value).value() : value;
                addresses.add(String.valueOf(raw).toLowerCase(Locale.ROOT));
            }
            return addresses;
        });
    }

    private static Optional<String> header(MimeMessage message, String name) throws MessagingException {
        String value = message.getHeader(name, ",");
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }

    @Override
    public String getMatcherInfo() {
        return "Secure Messenger: recipients reached by an automatic forward";
    }
}
