package io.securemessenger.mailets.notification;

import com.google.common.io.BaseEncoding;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.mail.internet.AddressException;
import org.apache.james.core.MailAddress;

/**
 * The notifier address and its tagged forms. Each notification leaves with the envelope sender
 * {@code local+b-HEX@domain}, where HEX is its delivery id in lowercase hexadecimal (VERP): a
 * bounce that arrives days later is addressed to that form and names its delivery, whatever the
 * bouncing server writes in its report. Hexadecimal survives servers that change the case of
 * addresses. Mail to the bare address is a person writing to the notifier, unless the notifier
 * is the postmaster (no {@code notifier.address} set): the postmaster's own mail stays theirs.
 */
public final class NotifierAddress {
    static final String BOUNCE_TAG = "+b-";
    private static final BaseEncoding HEX = BaseEncoding.base16().lowerCase();

    private final MailAddress address;
    private final boolean ownsBareAddress;

    /** {@code ownsBareAddress}: whether mail to the bare address is for the notifier (false for the postmaster). */
    public NotifierAddress(MailAddress address, boolean ownsBareAddress) {
        this.address = address;
        this.ownsBareAddress = ownsBareAddress;
    }

    public MailAddress address() {
        return address;
    }

    /** The envelope sender of the notification for {@code deliveryId}. */
    public MailAddress bounceAddressFor(String deliveryId) {
        byte[] id = Base64.getUrlDecoder().decode(deliveryId);
        try {
            return new MailAddress(address.getLocalPart() + BOUNCE_TAG + HEX.encode(id), address.getDomain());
        } catch (AddressException e) {
            throw new IllegalStateException("A tagged notifier address is always valid", e);
        }
    }

    /** The delivery a tagged address names; empty for the bare address and for any other address. */
    public Optional<String> deliveryOf(MailAddress recipient) {
        if (!sameDomain(recipient)) {
            return Optional.empty();
        }
        String local = recipient.getLocalPart().toLowerCase(Locale.ROOT);
        String prefix = address.getLocalPart().toLowerCase(Locale.ROOT) + BOUNCE_TAG;
        if (!local.startsWith(prefix)) {
            return Optional.empty();
        }
        String hex = local.substring(prefix.length());
        if (hex.length() != 32) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(HEX.decode(hex)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether mail to {@code recipient} is for the notifier: its bare address (when it owns it) or a tagged form. */
    public boolean matches(MailAddress recipient) {
        if (!sameDomain(recipient)) {
            return false;
        }
        String local = recipient.getLocalPart().toLowerCase(Locale.ROOT);
        String own = address.getLocalPart().toLowerCase(Locale.ROOT);
        return (ownsBareAddress && local.equals(own)) || local.startsWith(own + "+");
    }

    private boolean sameDomain(MailAddress recipient) {
        return recipient.getDomain().equals(address.getDomain());
    }
}
