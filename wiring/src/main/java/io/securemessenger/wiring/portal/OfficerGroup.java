package io.securemessenger.wiring.portal;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;

/**
 * The compliance officers' group of the organisation's LDAP directory or Active Directory
 * ({@code officers.group}, a DN whose {@code member} values are user DNs; nested groups are not
 * followed), read over the connection {@code usersrepository.xml} describes: {@code ldaps://}, or
 * {@code ldap://} with StartTLS, the certificate and host name verified, bound as the service account.
 * A sign-in asks it once, on a connection of its own.
 */
public final class OfficerGroup {
    private final Optional<Directory> directory;

    private OfficerGroup(Optional<Directory> directory) {
        this.directory = directory;
    }

    /** No group: only the {@code officers} setting names officers. */
    public static OfficerGroup none() {
        return new OfficerGroup(Optional.empty());
    }

    /** The group {@code groupDn} of the directory of {@code usersRepository}; refused when James' users are not in LDAP. */
    public static OfficerGroup of(HierarchicalConfiguration<ImmutableNode> usersRepository, String groupDn) {
        String host = usersRepository.getString("[@ldapHost]", "");
        if (host.isBlank()) {
            throw new IllegalArgumentException("officers.group needs the users in an LDAP directory (--ldap-url): usersrepository.xml has no ldapHost");
        }
        try {
            new DN(groupDn);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("officers.group '" + groupDn + "' is not a DN");
        }
        return new OfficerGroup(Optional.of(new Directory(URI.create(host), usersRepository.getString("[@principal]", ""),
            usersRepository.getString("[@credentials]", ""), usersRepository.getString("[@userBase]"),
            usersRepository.getString("[@userIdAttribute]", "mail"), usersRepository.getString("[@userObjectClass]", "inetOrgPerson"),
            usersRepository.getInt("[@connectionTimeout]", 10_000), usersRepository.getInt("[@readTimeout]", 10_000), groupDn)));
    }

    public boolean isEnabled() {
        return directory.isPresent();
    }

    /** Whether {@code address} is a user of the directory whose DN is a {@code member} of the group. */
    public boolean contains(String address) throws LDAPException, java.security.GeneralSecurityException {
        if (directory.isEmpty()) {
            return false;
        }
        Directory d = directory.get();
        try (LDAPConnection connection = d.connect()) {
            List<SearchResultEntry> users = connection.search(d.usersBase, SearchScope.SUB, Filter.createANDFilter(
                Filter.createEqualityFilter("objectClass", d.userClass), Filter.createEqualityFilter(d.addressAttribute, address)), "1.1")
                .getSearchEntries();
            if (users.size() != 1) {
                return false;
            }
            DN user = users.get(0).getParsedDN();
            SearchResultEntry group = connection.getEntry(d.groupDn, "member");
            if (group == null || group.getAttribute("member") == null) {
                return false;
            }
            for (String member : group.getAttributeValues("member")) {
                if (new DN(member).equals(user)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Where the directory is and how to reach it. */
    private static final class Directory {
        final URI url;
        final String bindDn;
        final String bindPassword;
        final String usersBase;
        final String addressAttribute;
        final String userClass;
        final int connectTimeout;
        final int readTimeout;
        final String groupDn;

        Directory(URI url, String bindDn, String bindPassword, String usersBase, String addressAttribute, String userClass, int connectTimeout,
                  int readTimeout, String groupDn) {
            this.url = url;
            this.bindDn = bindDn;
            this.bindPassword = bindPassword;
            this.usersBase = usersBase;
            this.addressAttribute = addressAttribute;
            this.userClass = userClass;
            this.connectTimeout = connectTimeout;
            this.readTimeout = readTimeout;
            this.groupDn = groupDn;
        }

        LDAPConnection connect() throws LDAPException, java.security.GeneralSecurityException {
            LDAPConnectionOptions options = new LDAPConnectionOptions();
            options.setConnectTimeoutMillis(connectTimeout);
            options.setResponseTimeoutMillis(readTimeout);
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
            SSLContext tls = SSLContext.getDefault();
            boolean ldaps = url.getScheme().equalsIgnoreCase("ldaps");
            int port = url.getPort() > 0 ? url.getPort() : ldaps ? 636 : 389;
            LDAPConnection connection = ldaps ? new LDAPConnection(tls.getSocketFactory(), options, url.getHost(), port)
                : new LDAPConnection(options, url.getHost(), port);
            try {
                if (!ldaps) {
                    connection.processExtendedOperation(new StartTLSExtendedRequest(tls));
                }
                if (!bindDn.isEmpty()) {
                    connection.bind(bindDn, bindPassword);
                }
                return connection;
            } catch (LDAPException e) {
                connection.close();
                throw e;
            }
        }
    }
}
