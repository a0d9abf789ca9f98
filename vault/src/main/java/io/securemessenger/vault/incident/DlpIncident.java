package io.securemessenger.vault.incident;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One DLP hit: a rule of a policy that matched in one place of a message, how often, a masked
 * sample (never the value), and what was done with the message. The place is coarse (subject,
 * body, attachment, unreadable), never a file name, which could itself hold PHI.
 */
public final class DlpIncident {
    /** Where in a message a rule matched. */
    public enum Location {
        SUBJECT, BODY, ATTACHMENT, UNREADABLE,
        /** Not the content: the way the mail was sent (an automatic forward). */
        FORWARD;

        /** The place of a finding as the DLP scanner names it ("subject", "text-body", "attachment#2(...)", "unreadable-parts"). */
        public static Location of(String scannerLocation) {
            String location = scannerLocation.toLowerCase(Locale.ROOT);
            if (location.equals("subject")) {
                return SUBJECT;
            }
            if (location.startsWith("attachment")) {
                return ATTACHMENT;
            }
            if (location.startsWith("unreadable")) {
                return UNREADABLE;
            }
            return BODY;
        }
    }

    private final String messageId;
    private final Instant at;
    private final String sender;
    private final String policy;
    private final String rule;
    private final Location location;
    private final int matches;
    private final String sample;
    private final String action;

    public DlpIncident(String messageId, Instant at, String sender, String policy, String rule, Location location, int matches, String sample,
                       String action) {
        this.messageId = Objects.requireNonNull(messageId);
        this.at = Objects.requireNonNull(at);
        this.sender = Objects.requireNonNull(sender).strip().toLowerCase(Locale.ROOT);
        this.policy = Objects.requireNonNull(policy);
        this.rule = Objects.requireNonNull(rule);
        this.location = Objects.requireNonNull(location);
        this.matches = matches;
        this.sample = sample == null ? "" : sample.length() > 200 ? sample.substring(0, 200) : sample;
        this.action = Objects.requireNonNull(action);
    }

    public String messageId() {
        return messageId;
    }

    public Instant at() {
        return at;
    }

    /** The envelope sender, in lower case; empty for the null sender. */
    public String sender() {
        return sender;
    }

    /** The sender's domain, for counts by domain; empty for the null sender. */
    public String senderDomain() {
        int at = sender.lastIndexOf('@');
        return at < 0 ? "" : sender.substring(at + 1);
    }

    public String policy() {
        return policy;
    }

    public String rule() {
        return rule;
    }

    public Location location() {
        return location;
    }

    public int matches() {
        return matches;
    }

    public String sample() {
        return sample;
    }

    /** What was done with the message: "sealed", or (for a forward) "refused". */
    public String action() {
        return action;
    }
}
