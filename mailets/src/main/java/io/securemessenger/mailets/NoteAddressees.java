package io.securemessenger.mailets;

import java.util.stream.Collectors;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Notes whom a mail was addressed to when it reaches the transport, before
 * {@code RecipientRewriteTable} turns an address with a forward into its targets: James' forwarded
 * copy keeps the note, so the matcher {@code AutomaticForward} can tell the forward's targets from the
 * addressees. A mail that has its note already (a copy, a split) keeps it.
 *
 * <pre>{@code
 * <mailet match="All" class="io.securemessenger.mailets.NoteAddressees"/>
 * <mailet match="All" class="RecipientRewriteTable"/>
 * }</pre>
 */
public class NoteAddressees extends GenericMailet {
    @Override
    public void service(Mail mail) {
        if (mail.getAttribute(MatcherVerdicts.FORWARD_ADDRESSED_TO).isEmpty()) {
            mail.setAttribute(new Attribute(MatcherVerdicts.FORWARD_ADDRESSED_TO, AttributeValue.of(mail.getRecipients().stream()
                .map(recipient -> AttributeValue.of(recipient.asString())).collect(Collectors.toList()))));
        }
    }

    @Override
    public String getMailetInfo() {
        return "Secure Messenger: note the addressees before forwards";
    }
}
