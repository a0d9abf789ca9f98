package io.securemessenger.mailets;

import io.securemessenger.mailets.notification.Outbox;
import io.securemessenger.vault.Vault;
import io.securemessenger.vault.incident.DlpIncident;
import io.securemessenger.vault.store.VaultException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.apache.mailet.AttributeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to mail that would leave the organisation only because of an automatic forward
 * (found by the matcher {@code AutomaticForward}), as the setting {@code action} says:
 * <ul>
 *   <li>{@code refuse} (the default): it is not sent. A James forward's copy goes back to its
 *       owner's mailbox; any other is kept in {@code refusedProcessor}'s repository for the
 *       administrator. The owner (the postmaster when it cannot be told) gets a notice saying why,
 *       without the content.</li>
 *   <li>{@code seal}: it goes on to {@code sealProcessor} (sealed into the vault, the recipient notified).</li>
 * </ul>
 * Either way it is a DLP incident for the officer's console (rule {@code automatic-forward}).
 *
 * <pre>{@code
 * <mailet match="io.securemessenger.matchers.AutomaticForward" class="io.securemessenger.mailets.HandleAutomaticForward">
 *     <action>refuse</action>                          <!-- or seal -->
 *     <organisation>Example Health</organisation>
 * </mailet>
 * }</pre>
 */
public class HandleAutomaticForward extends GenericMailet {
    static final String RULE = "automatic-forward";
    static final String POLICY = "forwarding";
    private static final Logger LOGGER = LoggerFactory.getLogger(HandleAutomaticForward.class);
    private static final Session MESSAGES = Session.getInstance(new Properties());

    private final Vault vault;
    private final SecurePathSettings settings;
    private final Clock clock;
    private boolean seal;
    private String sealProcessor;
    private String ownerProcessor;
    private String refusedProcessor;
    private String organisation;

    @Inject
    public HandleAutomaticForward(Vault vault, SecurePathSettings settings) {
        this(vault, settings, Clock.systemUTC());
    }

    HandleAutomaticForward(Vault vault, SecurePathSettings settings, Clock clock) {
        this.vault = vault;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("action", "sealProcessor", "ownerProcessor", "refusedProcessor", "organisation"));
        String action = getInitParameter("action", "refuse").strip();
        if (!action.equals("refuse") && !action.equals("seal")) {
            throw new MessagingException(getMailetName() + ": action=" + action + " must be refuse or seal");
        }
        seal = action.equals("seal");
        sealProcessor = getInitParameter("sealProcessor", "secure").strip();
        ownerProcessor = getInitParameter("ownerProcessor", "local-delivery").strip();
        refusedProcessor = getInitParameter("refusedProcessor", "refused-forwards").strip();
        organisation = getInitParameter("organisation", "Secure Messenger").strip();
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return List.of(new ProcessingState(sealProcessor), new ProcessingState(ownerProcessor), new ProcessingState(refusedProcessor));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String kind = AttributeUtils.getValueAndCastFromMail(mail, MatcherVerdicts.FORWARD_KIND, String.class).orElse("automatic forward");
        Optional<MailAddress> owner = AttributeUtils.getValueAndCastFromMail(mail, MatcherVerdicts.FORWARD_OWNER, String.class)
            .flatMap(HandleAutomaticForward::address);
        List<String> targets = mail.getRecipients().stream().map(MailAddress::asString).collect(Collectors.toList());
        String who = owner.map(MailAddress::asString).orElse(mail.getMaybeSender().asOptional().map(MailAddress::asString).orElse(""));
        try {
            vault.incidents().record(List.of(new DlpIncident(SealToVault.vaultIdOf(mail), clock.instant(), who, POLICY, RULE,
                DlpIncident.Location.FORWARD, targets.size(), kind, seal ? "sealed" : "refused")));
        } catch (VaultException e) {
            // The forward is stopped or sealed all the same; the log says what the console will miss.
            LOGGER.warn("The automatic forward of mail {} ({}) was not recorded as an incident: {}", mail.getName(), kind, e.getMessage());
        }
        if (seal) {
            LOGGER.info("Mail {} leaves through an automatic forward ({}): sealed", mail.getName(), kind);
            mail.setState(sealProcessor);
            return;
        }
        boolean backToOwner = owner.isPresent() && getMailetContext().isLocalEmail(owner.get());
        MailAddress told = owner.orElseGet(() -> getMailetContext().getPostmaster());
        Outbox.send(getMailetContext(), settings, notice(told, kind, targets, backToOwner, owner.isPresent()), told, List.of());
        if (backToOwner) {
            mail.setRecipients(List.of(owner.get()));
            mail.setState(ownerProcessor);
        } else {
            mail.setState(refusedProcessor);
        }
        LOGGER.info("Mail {} would have left through an automatic forward ({}) to {} recipient(s): refused, {}", mail.getName(), kind,
            targets.size(), backToOwner ? "back in its owner's mailbox" : "kept for the administrator");
    }

    private MimeMessage notice(MailAddress to, String kind, List<String> targets, boolean backToOwner, boolean ownerKnown)
        throws MessagingException {
        MimeMessage notice = new MimeMessage(MESSAGES);
        notice.setFrom(Outbox.from(getMailetContext(), settings).toInternetAddress().orElseThrow());
        notice.setRecipient(javax.mail.Message.RecipientType.TO, to.toInternetAddress().orElseThrow());
        notice.setSubject("Automatic forwarding outside " + organisation + " is not permitted", "UTF-8");
        notice.setHeader("Auto-Submitted", "auto-generated");
        notice.setText(String.join("\n",
            ownerKnown ? "A message that reached you was to be forwarded automatically (" + kind + ") to:"
                : "A message was to be forwarded automatically (" + kind + ") by a mailbox of this server to:",
            "",
            "  " + String.join(", ", targets),
            "",
            organisation + "'s policy does not permit automatic forwarding to addresses outside the organisation, so it was not sent.",
            backToOwner ? "The message is in your mailbox instead." : "The message is kept for your administrator.",
            ownerKnown ? "Please remove the forwarding rule. If you need mail at another address, ask your IT support." : "",
            "",
            "This notice holds nothing of the message. The compliance officer sees it as an incident.",
            ""), "UTF-8");
        notice.saveChanges();
        return notice;
    }

    private static Optional<MailAddress> address(String value) {
        try {
            return Optional.of(new MailAddress(new InternetAddress(value).getAddress()));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    @Override
    public String getMailetInfo() {
        return "Secure Messenger: refuse or seal automatic forwards";
    }
}
