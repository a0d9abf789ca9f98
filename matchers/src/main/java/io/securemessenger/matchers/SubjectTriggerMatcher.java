package io.securemessenger.matchers;

import io.securemessenger.dlp.MessageTextExtractor;
import io.securemessenger.dlp.TriggerWords;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.mail.MessagingException;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.james.core.MailAddress;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches every recipient of a mail whose subject carries a trigger word, and records which
 * word matched so that later mailets can strip it from every subject they produce (the mailets read
 * it with {@code MatcherVerdicts}, whose names these are).
 *
 * <pre>{@code
 * <mailet match="io.securemessenger.matchers.SubjectTriggerMatcher" ...>          ePHI:, PHI:, Secure: at the start
 * <mailet match="io.securemessenger.matchers.SubjectTriggerMatcher=words=secure, [secure]; mode=contains" ...>
 * }</pre>
 *
 * <p>The subject is decoded (RFC 2047) and unfolded first. Condition keys: {@code words}
 * (comma-separated; default {@code ePHI:, PHI:, Secure:}) and {@code mode} ({@code prefix},
 * the default, or {@code contains}). See docs/admin/matchers.md.
 */
public class SubjectTriggerMatcher extends GenericMatcher {
    /** The trigger word that matched, as configured (a string). */
    public static final AttributeName TRIGGER = AttributeName.of("securemessenger.trigger.word");
    /** The mode it matched in: {@code prefix} or {@code contains}. */
    public static final AttributeName TRIGGER_MODE = AttributeName.of("securemessenger.trigger.mode");

    private TriggerWords triggers;

    @Override
    public void init() throws MessagingException {
        Condition condition = Condition.parse(getMatcherName(), getCondition(), Set.of("words", "mode"));
        List<String> words = condition.list("words");
        String modeValue = condition.value("mode").orElse("prefix");
        TriggerWords.Mode mode;
        try {
            mode = TriggerWords.Mode.valueOf(modeValue.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw condition.invalid("mode", modeValue, "is not one of: prefix, contains");
        }
        try {
            triggers = TriggerWords.of(words.isEmpty() ? TriggerWords.DEFAULT_WORDS : words, mode);
        } catch (IllegalArgumentException e) {
            throw condition.invalid("words", String.join(", ", words), "is invalid: " + e.getMessage());
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        Optional<String> word = triggers.find(MessageTextExtractor.subject(mail.getMessage()));
        if (word.isEmpty()) {
            return List.of();
        }
        mail.setAttribute(new Attribute(TRIGGER, AttributeValue.of(word.get())));
        mail.setAttribute(new Attribute(TRIGGER_MODE, AttributeValue.of(triggers.mode().name().toLowerCase(Locale.ROOT))));
        return mail.getRecipients();
    }

    @Override
    public String getMatcherInfo() {
        return "Secure Messenger: subject trigger words";
    }
}
