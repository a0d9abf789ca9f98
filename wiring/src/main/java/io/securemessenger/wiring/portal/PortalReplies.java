package io.securemessenger.wiring.portal;

import io.securemessenger.mailets.SealToVault;
import io.securemessenger.portal.Replies;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.MailetContext;

/**
 * Hands a reply written on the portal to James, into processor {@value #PROCESSOR}: recipients
 * inside the organisation get it in clear like any internal mail; any outside recipient (reply to
 * all) goes to the {@code secure} processor, where {@link SealToVault} notifies them of the reply
 * already sealed in the thread (attribute {@code securemessenger.sealed-as}) instead of sealing it
 * again, and sends no confirmation (attribute {@code securemessenger.portal-reply}).
 */
public class PortalReplies implements Replies {
    public static final String PROCESSOR = "portal-reply";

    private final MailetContext mailetContext;

    @Inject
    public PortalReplies(MailetContext mailetContext) {
        this.mailetContext = mailetContext;
    }

    @Override
    public void send(String vaultMessageId, MimeMessage reply, String from, List<String> recipients) throws Exception {
        List<MailAddress> to = new ArrayList<>();
        for (String recipient : recipients) {
            to.add(new MailAddress(recipient));
        }
        MailImpl mail = MailImpl.builder().name(MailImpl.getId()).sender(new MailAddress(from)).addRecipients(to).mimeMessage(reply)
            .addAttribute(new Attribute(SealToVault.SEALED_AS, AttributeValue.of(vaultMessageId)))
            .addAttribute(new Attribute(SealToVault.PORTAL_REPLY, AttributeValue.of(true)))
            .build();
        try {
            mailetContext.sendMail(mail, PROCESSOR);
        } finally {
            mail.dispose();
        }
    }
}
