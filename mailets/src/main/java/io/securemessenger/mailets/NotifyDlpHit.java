package io.securemessenger.mailets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securemessenger.dlp.MessageTextExtractor;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the sender and/or the compliance address that a DLP policy fired on a mail, as the
 * policy asks (recorded by {@link DlpMatcher}): which rules, where, how often, with masked
 * samples ({@code ***-**-6789}), never the values. The sender is also told the mail is being
 * protected. The compliance notice names the sender and the message id but neither the subject
 * nor the recipients' addresses. The mail itself continues unchanged.
 *
 * <pre>{@code
 * <mailet match="HasMailAttribute=securemessenger.dlp.policy" class="io.securemessenger.mailets.NotifyDlpHit">
 *     <from>secure-messenger@example.org</from>      <!-- default: the postmaster -->
 *     <organisation>Example Health</organisation>     <!-- default: Secure Messenger -->
 * </mailet>
 * }</pre>
 */
public class NotifyDlpHit extends GenericMailet {
    /** One mail session for building and parsing messages: each new one reads every jar's javamail.providers. */
    private static final javax.mail.Session MESSAGES = javax.mail.Session.getInstance(new java.util.Properties());

    private static final Logger LOGGER = LoggerFactory.getLogger(NotifyDlpHit.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm z", Locale.ENGLISH);

    private final Clock clock;
    private Optional<MailAddress> configuredFrom;
    private String organisation;

    @Inject
    public NotifyDlpHit() {
        this(Clock.systemDefaultZone());
    }

    NotifyDlpHit(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("from", "organisation"));
        Optional<String> configured = getInitParameterAsOptional("from");
        try {
            configuredFrom = configured.isPresent() ? Optional.of(new MailAddress(configured.get())) : Optional.empty();
        } catch (AddressException e) {
            throw new MessagingException(getMailetName() + ": from=" + configured.get() + " is not a mail address");
        }
        organisation = getInitParameterAsOptional("organisation").orElse("Secure Messenger");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<String> policy = MatcherVerdicts.dlpPolicy(mail);
        if (policy.isEmpty()) {
            return;
        }
        List<String> findingLines = describe(MatcherVerdicts.dlpFindings(mail));
        boolean notifySender = MatcherVerdicts.dlpNotifySender(mail);
        Optional<String> compliance = MatcherVerdicts.dlpComplianceAddress(mail);
        String sentAt = WHEN.format(sentDate(mail));
        // The postmaster is only known once James has configured its context, after init().
        MailAddress from = configuredFrom.orElseGet(() -> getMailetContext().getPostmaster());

        if (notifySender && mail.getMaybeSender().asOptional().isPresent()) {
            MailAddress sender = mail.getMaybeSender().get();
            getMailetContext().sendMail(from, List.of(sender), senderNotice(mail, policy.get(), findingLines, sentAt, from, sender));
        }
        if (compliance.isPresent()) {
            MailAddress officer = new MailAddress(compliance.get());
            getMailetContext().sendMail(from, List.of(officer), complianceNotice(mail, policy.get(), findingLines, sentAt, from, officer));
        }
        LOGGER.info("Sent DLP notices for mail {} (sender: {}, compliance: {})", mail.getName(), notifySender, compliance.isPresent());
    }

    private MimeMessage senderNotice(Mail mail, String policy, List<String> findings, String sentAt, MailAddress from, MailAddress to)
        throws MessagingException {
        boolean subjectFlagged = MatcherVerdicts.dlpSubjectFlagged(mail);
        String subject = MatcherVerdicts.withoutTrigger(mail, MessageTextExtractor.subject(mail.getMessage()));
        String which = subjectFlagged || subject.isBlank()
            ? "your message sent " + sentAt
            : "your message \"" + subject + "\" sent " + sentAt;
        StringBuilder body = new StringBuilder()
            .append("Hello,\n\n")
            .append(organisation).append("'s data protection policy \"").append(policy).append("\" found sensitive information in ")
            .append(which).append(". Recipients outside the organisation will not receive it in clear: it is being sent ")
            .append("securely instead.\n\nWhat was found (samples are masked):\n");
        findings.forEach(line -> body.append("  - ").append(line).append('\n'));
        if (subjectFlagged) {
            body.append("\nThe subject line itself contained sensitive information, so recipients will see a neutral subject. ")
                .append("Please keep identifiers such as record numbers out of subject lines.\n");
        }
        body.append("\nIf you believe this is a mistake, contact your IT support.\n");
        return notice(from, to, "Your message is being sent securely", body.toString());
    }

    private MimeMessage complianceNotice(Mail mail, String policy, List<String> findings, String sentAt, MailAddress from,
                                         MailAddress to)
        throws MessagingException {
        StringBuilder body = new StringBuilder()
            .append("DLP policy \"").append(policy).append("\" fired.\n\n")
            .append("Sender: ").append(mail.getMaybeSender().asString("<>")).append('\n')
            .append("Sent: ").append(sentAt).append('\n')
            .append("Message-ID: ").append(Optional.ofNullable(mail.getMessage().getMessageID()).orElse("(none)")).append('\n')
            .append("Recipients: ").append(mail.getRecipients().size()).append('\n')
            .append("\nFindings (samples are masked):\n");
        findings.forEach(line -> body.append("  - ").append(line).append('\n'));
        body.append("\nThe message is being sent securely; no content is included in this notice.\n");
        return notice(from, to, "DLP policy " + policy + " fired on a message from " + mail.getMaybeSender().asString("<>"), body.toString());
    }

    private MimeMessage notice(MailAddress from, MailAddress to, String subject, String body) throws MessagingException {
        MimeMessage message = new MimeMessage(MESSAGES);
        try {
            message.setFrom(new InternetAddress(from.asString(), organisation));
        } catch (java.io.UnsupportedEncodingException e) {
            message.setFrom(from.toInternetAddress().orElseThrow());
        }
        message.setRecipient(javax.mail.Message.RecipientType.TO, to.toInternetAddress().orElseThrow());
        message.setSubject(subject, "UTF-8");
        message.setSentDate(java.util.Date.from(clock.instant()));
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setText(body, "UTF-8");
        message.saveChanges();
        return message;
    }

    private ZonedDateTime sentDate(Mail mail) {
        ZoneId zone = clock.getZone();
        try {
            java.util.Date sent = mail.getMessage().getSentDate();
            if (sent != null) {
                return sent.toInstant().atZone(zone);
            }
        } catch (MessagingException e) {
            // A broken Date header: the time James received the mail is as good.
        }
        return Optional.ofNullable(mail.getLastUpdated()).map(d -> d.toInstant().atZone(zone)).orElse(ZonedDateTime.now(clock));
    }

    /** "Social security number rule "ssn" in the text body: 2 occurrences (e.g. ***-**-6789)". */
    static List<String> describe(List<String> findingsJson) {
        List<String> lines = new ArrayList<>();
        for (String json : findingsJson) {
            try {
                JsonNode f = JSON.readTree(json);
                String rule = f.path("rule").asText("?");
                String location = f.path("location").asText("");
                int count = f.path("count").asInt(1);
                String sample = f.path("sample").asText("");
                lines.add("rule \"" + rule + "\"" + (location.isEmpty() ? "" : " in the " + readable(location)) + ": " + count
                    + (count == 1 ? " occurrence" : " occurrences") + (sample.isEmpty() ? "" : " (e.g. " + sample + ")"));
            } catch (IOException e) {
                lines.add("a rule (details unavailable)");
            }
        }
        return lines;
    }

    private static String readable(String location) {
        if (location.equals("subject")) {
            return "subject";
        }
        if (location.equals("unreadable-parts")) {
            return "parts that could not be read (encrypted or damaged attachments)";
        }
        if (location.startsWith("text-body") || location.startsWith("html-body")) {
            return "message body";
        }
        if (location.startsWith("attachment#")) {
            return "attachment " + location.substring("attachment#".length()).replace('(', ' ').replace(")", "").trim();
        }
        return location;
    }

    @Override
    public String getMailetInfo() {
        return "Secure Messenger: DLP notifications";
    }
}
