package io.securemessenger.smtp;

import org.apache.james.core.MailAddress;

/**
 * Whether an address is the notifier's, bare or in a tagged (bounce) form: mail to it is for the
 * mailet container, not a mailbox. Bound by the wiring module to the mailets' notifier address.
 */
public interface NotifierMailbox {
    boolean accepts(MailAddress address);
}
