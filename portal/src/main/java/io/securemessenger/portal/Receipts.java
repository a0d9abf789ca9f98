package io.securemessenger.portal;

import io.securemessenger.vault.delivery.Delivery;
import java.time.Instant;

/**
 * What the portal asks of the mail system when a recipient first opens a message: tell the
 * sender (the retrieval receipt). The mailets module implements it with James.
 */
public interface Receipts {
    void retrieved(Delivery delivery, Instant at) throws Exception;
}
