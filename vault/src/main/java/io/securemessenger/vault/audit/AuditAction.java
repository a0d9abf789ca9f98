package io.securemessenger.vault.audit;

/** Everything the audit trail records. */
public enum AuditAction {
    SEAL, NOTIFY, BOUNCE, VIEW, DOWNLOAD, REPLY, RECALL, EXPIRY_WARNING, EXPIRE, DESTROY,
    SIGN_IN, SIGN_IN_FAILURE, SIGN_OUT, PASSWORD_RESET,
    KEY_ROTATE, KEY_REWRAP, KEY_RETIRE, ADMIN
}
