package io.securemessenger.portal;

/**
 * The organisation's own users, who sign in to the portal with their address and their usual
 * (James) password to follow what they sent. The mailets module implements it with James' users
 * repository, so an LDAP-backed James works unchanged.
 */
public interface InternalDirectory {
    /** Whether {@code address} is one of the organisation's users. */
    boolean isInternal(String address) throws Exception;

    /** Whether {@code password} is {@code address}'s password. */
    boolean authenticate(String address, char[] password) throws Exception;

    /**
     * Whether the directory makes {@code address} a compliance officer (a member of its officers'
     * group); the portal's {@code officers} setting names officers too. None by default.
     */
    default boolean isOfficer(String address) throws Exception {
        return false;
    }
}
