package io.securemessenger.matchers;

import java.util.Optional;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;

/** Typed reads of the attributes our matchers set. */
final class AttributeValues {
    private AttributeValues() {
    }

    static Optional<String> string(Mail mail, AttributeName name) {
        return AttributeUtils.getValueAndCastFromMail(mail, name, String.class);
    }
}
