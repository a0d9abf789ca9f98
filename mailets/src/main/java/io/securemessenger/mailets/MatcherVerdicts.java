package io.securemessenger.mailets;

import io.securemessenger.dlp.TriggerWords;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * What our matchers recorded on a mail, as the mailets read it. {@code SubjectTriggerMatcher} and
 * {@code DlpMatcher} (module {@code matchers}) write these attributes; the names are the contract
 * between the two modules, and the matchers' tests read their own results through this class.
 * Every value is a JSON-friendly {@link AttributeValue} (string, boolean or list of strings).
 */
public final class MatcherVerdicts {
    /** The trigger word that matched, as configured (a string). */
    public static final AttributeName TRIGGER = AttributeName.of("securemessenger.trigger.word");
    /** The mode it matched in: {@code prefix} or {@code contains}. */
    public static final AttributeName TRIGGER_MODE = AttributeName.of("securemessenger.trigger.mode");
    /** The DLP policy that fired (a string). */
    public static final AttributeName DLP_POLICY = AttributeName.of("securemessenger.dlp.policy");
    /** The findings, one JSON object per rule and location (a list of strings). */
    public static final AttributeName DLP_FINDINGS = AttributeName.of("securemessenger.dlp.findings");
    /** Whether a firing rule matched in the subject (a boolean). */
    public static final AttributeName DLP_SUBJECT_FLAGGED = AttributeName.of("securemessenger.dlp.subject-flagged");
    /** Whether the policy asks for the sender to be told (a boolean). */
    public static final AttributeName DLP_NOTIFY_SENDER = AttributeName.of("securemessenger.dlp.notify-sender");
    /** The compliance address the policy asks to be told, when it does (a string). */
    public static final AttributeName DLP_NOTIFY_COMPLIANCE = AttributeName.of("securemessenger.dlp.notify-compliance");

    /** The recipients a mail had when it reached the transport, before forwards (a list of strings; AutomaticForward reads it). */
    public static final AttributeName FORWARD_ADDRESSED_TO = AttributeName.of("securemessenger.addressed-to");
    /** What made a mail an automatic forward (a string). */
    public static final AttributeName FORWARD_KIND = AttributeName.of("securemessenger.forward.kind");
    /** Whose forward it is, when that can be told (a string). */
    public static final AttributeName FORWARD_OWNER = AttributeName.of("securemessenger.forward.owner");

    private MatcherVerdicts() {
    }

    /** {@code subject} without the trigger word recorded on the mail; unchanged when none was recorded. */
    public static String withoutTrigger(Mail mail, String subject) {
        Optional<String> word = string(mail, TRIGGER);
        if (word.isEmpty()) {
            return subject;
        }
        TriggerWords.Mode mode = string(mail, TRIGGER_MODE)
            .flatMap(MatcherVerdicts::mode)
            .orElse(TriggerWords.Mode.PREFIX);
        return TriggerWords.of(List.of(word.get()), mode).strip(subject);
    }

    /** The DLP policy that fired on the mail, if one did. */
    public static Optional<String> dlpPolicy(Mail mail) {
        return string(mail, DLP_POLICY);
    }

    /** The DLP findings recorded on the mail, as JSON objects; empty when none. */
    public static List<String> dlpFindings(Mail mail) {
        return mail.getAttribute(DLP_FINDINGS)
            .map(attribute -> attribute.getValue().value())
            .filter(value -> value instanceof Collection)
            .map(value -> ((Collection<?>) value).stream()
                .map(v -> v instanceof AttributeValue ? ((AttributeValue<?>) v).value() : v)
                .map(String::valueOf)
                .collect(Collectors.toList()))
            .orElse(List.of());
    }

    /** Whether the DLP matcher found a firing rule in the subject. */
    public static boolean dlpSubjectFlagged(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, DLP_SUBJECT_FLAGGED, Boolean.class).orElse(false);
    }

    /** Whether the firing policy asks for the sender to be told. */
    public static boolean dlpNotifySender(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, DLP_NOTIFY_SENDER, Boolean.class).orElse(false);
    }

    /** The compliance address the firing policy asks to be told. */
    public static Optional<String> dlpComplianceAddress(Mail mail) {
        return string(mail, DLP_NOTIFY_COMPLIANCE);
    }

    private static Optional<TriggerWords.Mode> mode(String value) {
        try {
            return Optional.of(TriggerWords.Mode.valueOf(value.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> string(Mail mail, AttributeName name) {
        return AttributeUtils.getValueAndCastFromMail(mail, name, String.class);
    }
}
