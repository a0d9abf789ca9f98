package io.securemessenger.portal;

import java.time.Instant;

/**
 * What the portal asks of the mail system when a recipient forgot their password: mail them the
 * single-use reset link and their hint phrase (the only place the hint is ever shown). The
 * mailets module implements it with James.
 */
public interface ResetMail {
    void send(String address, String hint, String link, Instant expires) throws Exception;
}
