package io.securemessenger.matchers;

import io.securemessenger.dlp.DlpPolicies;
import io.securemessenger.dlp.DlpPolicy;
import io.securemessenger.dlp.DlpReport;
import io.securemessenger.dlp.DlpScanner;
import io.securemessenger.dlp.ExtractedMessage;
import io.securemessenger.dlp.Finding;
import io.securemessenger.dlp.MessageTextExtractor;
import io.securemessenger.dlp.PolicyException;
import java.io.File;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches every recipient of a mail whose content trips a DLP policy of
 * {@code dlp-policies.xml}: subject, plain and HTML bodies, and text-bearing attachments.
 * Records the policy, the findings (rule, location, count, masked sample — never the values)
 * and whether PHI was found in the subject.
 *
 * <pre>{@code
 * <mailet match="io.securemessenger.matchers.DlpMatcher=hipaa" ...>
 * <mailet match="io.securemessenger.matchers.DlpMatcher=policy=hipaa; file=file://conf/other-policies.xml" ...>
 * }</pre>
 *
 * <p>A message that cannot be parsed at all matches (fail closed). See docs/admin/matchers.md
 * and docs/admin/dlp-policies.md.
 */
public class DlpMatcher extends GenericMatcher {
    /** The name of the policy that fired (a string). */
    public static final AttributeName POLICY = AttributeName.of("securemessenger.dlp.policy");
    /** The findings, one JSON object per rule and location (a list of strings). */
    public static final AttributeName FINDINGS = AttributeName.of("securemessenger.dlp.findings");
    /** Whether a firing rule matched in the subject (a boolean). */
    public static final AttributeName SUBJECT_FLAGGED = AttributeName.of("securemessenger.dlp.subject-flagged");

    /** Whether the policy asks for the sender to be told (a boolean). */
    public static final AttributeName NOTIFY_SENDER = AttributeName.of("securemessenger.dlp.notify-sender");
    /** The compliance address the policy asks to be told, when it does (a string). */
    public static final AttributeName NOTIFY_COMPLIANCE = AttributeName.of("securemessenger.dlp.notify-compliance");

    static final String DEFAULT_POLICY_FILE = "file://conf/dlp-policies.xml";
    private static final Logger LOGGER = LoggerFactory.getLogger(DlpMatcher.class);

    private final FileSystem fileSystem;
    private final DlpScanner scanner = new DlpScanner();
    private MessageTextExtractor extractor;
    private DlpPolicy policy;

    @Inject
    public DlpMatcher(FileSystem fileSystem) {
        this.fileSystem = fileSystem;
    }

    @Override
    public void init() throws MessagingException {
        String raw = getCondition() == null ? "" : getCondition().strip();
        Condition condition = raw.contains("=")
            ? Condition.parse(getMatcherName(), raw, Set.of("policy", "file"))
            : Condition.parse(getMatcherName(), raw.isEmpty() ? "" : "policy=" + raw, Set.of("policy", "file"));
        String name = condition.value("policy")
            .orElseThrow(() -> new MessagingException(getMatcherName() + ": name a policy, e.g. DlpMatcher=hipaa"));
        String fileUrl = condition.value("file").orElse(DEFAULT_POLICY_FILE);
        DlpPolicies policies;
        try {
            File file = fileSystem.getFile(fileUrl);
            policies = DlpPolicies.load(file.toPath());
        } catch (IOException e) {
            throw new MessagingException(getMatcherName() + ": cannot find the DLP policy file " + fileUrl, e);
        } catch (PolicyException e) {
            throw new MessagingException(getMatcherName() + ": " + e.getMessage(), e);
        }
        policy = policies.policy(name).orElseThrow(() -> new MessagingException(getMatcherName() + ": policy '" + name
            + "' is not defined in " + fileUrl + " (defined: " + String.join(", ", policies.names()) + ")"));
        extractor = new MessageTextExtractor();
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        DlpReport report;
        try {
            ExtractedMessage extracted = extractor.extract(mail.getMessage());
            report = scanner.scan(policy, extracted);
        } catch (MessagingException | RuntimeException e) {
            // What cannot be inspected is protected. Only the mail's id is logged.
            LOGGER.warn("DLP policy {} could not scan mail {}; treating it as a hit: {}", policy.name(), mail.getName(),
                e.getClass().getSimpleName());
            record(mail, List.of(Finding.unscannableMessage().toJson(policy.name(), null)), false);
            return mail.getRecipients();
        }
        if (!report.fired()) {
            return List.of();
        }
        LOGGER.info("DLP policy {} fired on mail {}: rules {}", policy.name(), mail.getName(), report.firedRules());
        record(mail, report.findings().stream().map(f -> f.toJson(policy.name(), null)).collect(Collectors.toList()),
            report.subjectFlagged());
        return mail.getRecipients();
    }

    private void record(Mail mail, List<String> findings, boolean subjectFlagged) {
        mail.setAttribute(new Attribute(POLICY, AttributeValue.of(policy.name())));
        mail.setAttribute(new Attribute(FINDINGS, AttributeValue.of(findings.stream().map(AttributeValue::of).collect(Collectors.toList()))));
        mail.setAttribute(new Attribute(SUBJECT_FLAGGED, AttributeValue.of(subjectFlagged)));
        mail.setAttribute(new Attribute(NOTIFY_SENDER, AttributeValue.of(policy.notifySender())));
        policy.complianceAddress().ifPresent(address -> mail.setAttribute(new Attribute(NOTIFY_COMPLIANCE, AttributeValue.of(address))));
    }

    @Override
    public String getMatcherInfo() {
        return "Secure Messenger: DLP policy";
    }

}
