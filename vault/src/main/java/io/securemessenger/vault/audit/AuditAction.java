package io.securemessenger.vault.audit;

/** Everything the audit trail records. */
public enum AuditAction {
    SEAL, NOTIFY, BOUNCE, VIEW, DOWNLOAD, REPLY, RECALL, EXPIRY_WARNING, EXPIRE, DESTROY,
    SIGN_IN, SIGN_IN_FAILURE, SIGN_OUT, PASSWORD_RESET,
    KEY_ROTATE, KEY_REWRAP, KEY_RETIRE, ADMIN,
    /** An officer's second factor: enrolled, refused (a wrong or replayed code), a recovery code spent, reset by an administrator. */
    SECOND_FACTOR_ENROL, SECOND_FACTOR_FAILURE, RECOVERY_CODE_USED, SECOND_FACTOR_RESET,
    /** An officer read the audit trail (detail: the filter) or exported it. */
    AUDIT_SEARCH, AUDIT_EXPORT,
    /** An officer searched the sealed messages (detail: the filter), looked at one's record, or moved its expiry. */
    MESSAGE_SEARCH, MESSAGE_LOOKUP, EXPIRY_CHANGE,
    /** An officer read the DLP incidents (detail: the period). */
    INCIDENT_SEARCH,
    /** An officer read the policy in force, or certified it (detail: the policy's SHA-256 fingerprint). */
    POLICY_VIEW, CERTIFY,
    /** An officer read the activity report, or downloaded it as CSV (detail: the period). */
    REPORT_VIEW, REPORT_EXPORT,
    /** An officer opened a message's content in an emergency (detail: their reason); the other officers and the sender were told. */
    EMERGENCY_ACCESS
}
